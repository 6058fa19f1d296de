package card

import (
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// getProcessingOptions is GET PROCESSING OPTIONS (Book 3 §6.5.8): it starts
// the transaction, counts it in the ATC and returns the AIP and AFL. On the
// contactless face of a one-tap profile it also runs card risk management
// and returns the cryptogram (format 2, qVSDC / ExpressPay style).
func (c *Card) getProcessingOptions(cmd emv.Command) emv.SW {
	if cmd.P1 != 0 || cmd.P2 != 0 {
		return emv.SWIncorrectP1P2
	}
	if c.s.df != dfApp || c.s.phase != phaseSelected {
		return emv.SWConditionsNotSatisfied
	}
	i := c.s.app
	ak := &c.apps[i]
	pdol := ak.pdol
	if c.s.face == faceContactless {
		pdol = ak.cPDOL
	}
	// Command template 83 holding the PDOL data (Book 3 §6.5.8.3).
	if len(cmd.Data) < 2 || cmd.Data[0] != byte(emv.TagCommandTemplate) {
		return emv.SWWrongData
	}
	o, n, err := parseOne(cmd.Data)
	if err != nil || n != len(cmd.Data) {
		return emv.SWWrongLength
	}
	if len(o.Value) != pdol.DataLen() {
		return emv.SWWrongLength
	}
	if c.work.Apps[i].ATC == 0xFFFF {
		// The ATC cannot count another transaction: the application is
		// spent.
		return emv.SWConditionsNotSatisfied
	}
	st := &c.work.Apps[i]
	c.s.start = startFacts{
		lastNotComplete: st.OnlineNotCompleted, newCard: st.LastOnlineATC == 0,
		iaFailedLast: st.IssuerAuthFailed, iaNotPerformed: st.IssuerAuthNotPerformed,
		odaFailedLast: st.ODAFailed, scripts: st.ScriptCount,
	}
	c.w().Apps[i].ATC++
	c.s.pdolN = copy(c.s.pdol[:], o.Value)
	c.s.phase = phaseInitiated

	if c.s.face == faceContactless && c.profile.Applications[i].Contactless.OneTap {
		return c.oneTap(i, pdol, o.Value)
	}
	aip, afl := ak.aip, ak.afl
	if c.s.face == faceContactless {
		aip, afl = ak.cAIP, ak.cAFL
	}
	if ak.version.IAD == cryptogram.IADMChip {
		var body []byte
		body = emv.AppendTLV(body, emv.TagApplicationInterchangeProfile, aip[:])
		body = emv.AppendTLV(body, emv.TagApplicationFileLocator, afl)
		c.out = emv.AppendTLV(c.out, emv.TagResponseMessageTemplateFormat2, body)
		return emv.SWSuccess
	}
	v := append(aip[:], afl...)
	c.out = emv.AppendTLV(c.out, emv.TagResponseMessageTemplateFormat1, v)
	return emv.SWSuccess
}

// parseOne reads the single data object at the start of b.
func parseOne(b []byte) (emv.Object, int, error) {
	s := emv.NewScanner(b)
	if !s.Next() {
		if s.Err() != nil {
			return emv.Object{}, 0, s.Err()
		}
		return emv.Object{}, 0, emv.ErrValueTruncated
	}
	o := s.Object()
	return o, len(o.Raw), nil
}
