package card

import (
	"io"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
)

// TTQ byte 1, b4: the reader is offline only (Visa qVSDC terminal
// transaction qualifiers, 9F66).
const ttqOfflineOnly = 0x08

// terminalDataTags are the Book 2 §8.1.1 cryptogram inputs, in order, that a
// one-tap card takes from its PDOL data instead of a CDOL.
var terminalDataTags = []emv.DOLEntry{
	{Tag: emv.TagAmountAuthorised, Len: 6},
	{Tag: emv.TagAmountOther, Len: 6},
	{Tag: emv.TagTerminalCountryCode, Len: 2},
	{Tag: emv.TagTerminalVerificationResults, Len: 5},
	{Tag: emv.TagTransactionCurrencyCode, Len: 2},
	{Tag: emv.TagTransactionDate, Len: 3},
	{Tag: emv.TagTransactionType, Len: 1},
	{Tag: emv.TagUnpredictableNumber, Len: 4},
}

// oneTap finishes a contactless GET PROCESSING OPTIONS that carries the
// cryptogram (qVSDC / ExpressPay style): card risk management on the PDOL
// data, then format 2 with the AIP, AFL, track 2 equivalent, IAD,
// cryptogram, CID, ATC, CTQ and, for an offline approval, the fDDA
// signature. Such a tap never goes to a second GENERATE AC, writes no PIN
// and takes no script.
func (c *Card) oneTap(i int, pdol emv.DOL, data []byte) emv.SW {
	ak := &c.apps[i]
	a := &c.profile.Applications[i]
	var tdBuf [32]byte
	td := emv.DOL(terminalDataTags).Append(tdBuf[:0], func(t emv.Tag) ([]byte, bool) { return pdol.Value(data, t) })
	if un, ok := pdol.Value(data, emv.TagUnpredictableNumber); ok && len(un) == 4 {
		copy(c.s.un[:], un)
	}
	amount := amountOf(pdol, data)
	ttq, _ := pdol.Value(data, emv.TagTerminalTransactionQualifiers)

	st := &c.work.Apps[i]
	cid := cidARQC
	switch {
	case st.Blocked:
		cid = cidAAC
	case len(ttq) > 0 && ttq[0]&ttqOfflineOnly != 0:
		cid = cidAAC
		if ak.icc != nil && c.offlineAllowed(i, amount) && !c.wantsOnline(i, amount) {
			cid = cidTC
		}
	}
	f := c.firstACFacts(i, cid, amount)
	v := ak.version
	var iadBuf [32]byte
	iad, err := appendIAD(iadBuf[:0], v, f)
	if err != nil {
		return emv.SWUnknown
	}
	atc := c.work.Apps[i].ATC
	atcB := [2]byte{byte(atc >> 8), byte(atc)}
	ac, err := v.ApplicationCryptogram(ak.keys.AC, cryptogram.ACParams{
		TerminalData: td, AIP: ak.cAIP, ATC: atcB, UN: c.s.un, IAD: iad,
	})
	if err != nil {
		return emv.SWUnknown
	}
	c.s.ac = ac
	c.s.phase = phaseDone

	var body []byte
	body = emv.AppendTLV(body, emv.TagApplicationInterchangeProfile, ak.cAIP[:])
	body = emv.AppendTLV(body, emv.TagApplicationFileLocator, ak.cAFL)
	if len(a.Track2Equivalent) > 0 {
		body = emv.AppendTLV(body, emv.TagTrack2EquivalentData, a.Track2Equivalent)
	}
	body = emv.AppendTLV(body, emv.TagApplicationPANSequenceNumber, []byte{a.PANSequenceNumber})
	body = emv.AppendTLV(body, emv.TagIssuerApplicationData, iad)
	body = emv.AppendTLV(body, emv.TagApplicationCryptogram, ac[:])
	body = emv.AppendTLV(body, emv.TagCryptogramInformationData, []byte{cid})
	body = emv.AppendTLV(body, emv.TagApplicationTransactionCounter, atcB[:])
	var ctq [2]byte
	if len(a.Contactless.CTQ) == 2 {
		copy(ctq[:], a.Contactless.CTQ)
		body = emv.AppendTLV(body, emv.TagCardTransactionQualifiers, ctq[:])
	}
	if len(a.Contactless.FFI) > 0 {
		body = emv.AppendTLV(body, emv.TagFormFactorIndicator, a.Contactless.FFI)
	}
	if cid == cidTC {
		// fDDA version 01 (oda): the card's own unpredictable number, the
		// terminal's, the amount and currency, signed with the ATC as the
		// ICC dynamic number.
		var cardUN [4]byte
		if _, err := io.ReadFull(c.rand, cardUN[:]); err != nil {
			return emv.SWUnknown
		}
		var amt [6]byte
		var cur [2]byte
		if v, ok := pdol.Value(data, emv.TagAmountAuthorised); ok {
			copy(amt[:], v)
		}
		if v, ok := pdol.Value(data, emv.TagTransactionCurrencyCode); ok {
			copy(cur[:], v)
		}
		card := oda.CardAuthenticationRelatedData(cardUN, ctq)
		sdad, err := oda.SignFDDA(ak.icc, atcB[:], oda.FDDATerminalData(c.s.un, amt, cur, card))
		if err != nil {
			return emv.SWUnknown
		}
		body = emv.AppendTLV(body, emv.TagSignedDynamicApplicationData, sdad)
		body = emv.AppendTLV(body, emv.TagCardAuthenticationRelatedData, card)
	}
	c.out = emv.AppendTLV(c.out, emv.TagResponseMessageTemplateFormat2, body)
	return emv.SWSuccess
}
