package card

import (
	"io"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
)

// Authorisation response codes the terminal passes in the second GENERATE
// AC when it could not go online (Book 4 §12.2.1, Annex A6).
var (
	arcUnableApprove = [2]byte{'Y', '3'}
	arcUnableDecline = [2]byte{'Z', '3'}
)

// ddkIndex is the derivation key index the IAD carries.
const ddkIndex = 0x01

// generateAC is GENERATE AC (Book 3 §6.5.5, card action analysis §10.8):
// the first after GET PROCESSING OPTIONS, the second after an ARQC. The
// card answers the type asked for or a lower one (AAC < ARQC < TC), never a
// higher one.
func (c *Card) generateAC(cmd emv.Command) emv.SW {
	req := cmd.P1 & 0xC0
	if cmd.P2 != 0 || cmd.P1&^(0xC0|emv.P1CDA) != 0 || req == 0xC0 {
		return emv.SWIncorrectP1P2
	}
	if c.s.df != dfApp {
		return emv.SWConditionsNotSatisfied
	}
	switch c.s.phase {
	case phaseInitiated:
		return c.firstAC(cmd, req)
	case phaseOnline:
		if c.s.face != faceContact {
			return emv.SWConditionsNotSatisfied
		}
		if req == emv.P1ARQC {
			return emv.SWIncorrectP1P2
		}
		return c.secondAC(cmd, req)
	}
	return emv.SWConditionsNotSatisfied
}

// facts gathers what the CVR reports from the state and the session; the
// cryptogram version's layout decides which of them the CVR carries.
func (c *Card) facts(i int) cryptogram.CardVerificationResults {
	st := &c.work.Apps[i]
	return cryptogram.CardVerificationResults{
		FirstAC: c.s.firstCID, SecondAC: cidARQC, // 10: no second GENERATE AC yet
		PINPerformed: c.s.cvmPIN, PINFailed: c.s.pinFailed, PINOK: c.s.pinOK,
		IssuerAuthPerformed: c.s.iaDone, IssuerAuthFailed: c.s.iaFailed,
		DDA:                       c.s.ddaDone,
		LastOnlineNotCompleted:    c.s.start.lastNotComplete,
		PINTryLimitExceeded:       c.work.PINTries == 0,
		LowerOfflineLimitExceeded: st.OfflineCount >= st.LCOL,
		UpperOfflineLimitExceeded: st.OfflineCount >= st.UCOL,
		NewCard:                   c.s.start.newCard,
		IssuerAuthFailedLast:      c.s.start.iaFailedLast,
		IssuerAuthNotPerformed:    c.s.start.iaNotPerformed,
		ODAFailedLast:             c.s.start.odaFailedLast,
		Scripts:                   c.s.start.scripts,
		ScriptFailed:              c.s.scriptBad,
		PINTries:                  c.work.PINTries,
	}
}

// firstACFacts records the first cryptogram's type and gathers the CVR facts
// for it; the "last transaction" facts are reported once, then forgotten,
// and an offline approval counts against the offline limits.
func (c *Card) firstACFacts(i int, cid byte, amount int64) cryptogram.CardVerificationResults {
	c.s.firstCID = cid
	f := c.facts(i)
	st := &c.work.Apps[i]
	if st.ScriptCount != 0 || st.ODAFailed {
		w := &c.w().Apps[i]
		w.ScriptCount, w.ODAFailed = 0, false
	}
	if cid == cidTC {
		w := &c.w().Apps[i]
		w.OfflineCount++
		w.OfflineAmount += amount
	}
	return f
}

// wantsOnline is card risk management (Book 3 §10.8 and the schemes' card
// specifications in outline): the reasons the card asks to go online
// rather than approve offline.
func (c *Card) wantsOnline(i int, amount int64) bool {
	st := &c.work.Apps[i]
	a := &c.profile.Applications[i]
	switch {
	case st.LastOnlineATC == 0, // new card: never online since issuance
		st.OnlineNotCompleted,
		st.IssuerAuthFailed,
		st.IssuerAuthNotPerformed,
		c.work.PINTries == 0, // PIN try limit exceeded, or no PIN on the chip
		st.OfflineCount >= st.LCOL,
		a.OfflineAmountLimit > 0 && st.OfflineAmount+amount > a.OfflineAmountLimit:
		return true
	}
	return false
}

// offlineAllowed is whether the card approves offline when the terminal
// could not go online: not a new card, PIN not blocked, upper consecutive
// offline limit not reached, cumulative amount within the limit.
func (c *Card) offlineAllowed(i int, amount int64) bool {
	st := &c.work.Apps[i]
	a := &c.profile.Applications[i]
	return st.LastOnlineATC != 0 && c.work.PINTries != 0 && st.OfflineCount < st.UCOL &&
		(a.OfflineAmountLimit == 0 || st.OfflineAmount+amount <= a.OfflineAmountLimit)
}

// firstAC answers the first GENERATE AC.
func (c *Card) firstAC(cmd emv.Command, req byte) emv.SW {
	i := c.s.app
	ak := &c.apps[i]
	if len(cmd.Data) != ak.cdol1.DataLen() {
		return emv.SWWrongLength
	}
	data := cmd.Data
	c.s.cdolN = copy(c.s.cdol1[:], data)
	if un, ok := ak.cdol1.Value(data, emv.TagUnpredictableNumber); ok && len(un) == 4 {
		copy(c.s.un[:], un)
	}
	amount := amountOf(ak.cdol1, data)

	st := &c.work.Apps[i]
	cid := req
	switch {
	case st.Blocked && req != emv.P1ARQC:
		cid = cidAAC
	case req == emv.P1TC && c.wantsOnline(i, amount):
		cid = cidARQC
	}
	f := c.firstACFacts(i, cid, amount)
	switch cid {
	case cidARQC:
		c.w().Apps[i].OnlineNotCompleted = true
	case cidAAC:
		if tvr, ok := ak.cdol1.Value(data, emv.TagTerminalVerificationResults); ok && len(tvr) == 5 && tvr[0]&0x4C != 0 {
			// Declined offline after SDA, DDA or CDA failed (TVR byte 1).
			c.w().Apps[i].ODAFailed = true
		}
	}
	sw := c.answerAC(i, cid, cmd.P1&emv.P1CDA != 0, data, nil, f)
	if sw != emv.SWSuccess {
		return sw
	}
	if cid == cidARQC {
		c.s.phase = phaseOnline
	} else {
		c.s.phase = phaseDone
		c.appendLog(i, ak.cdol1, data, cid)
	}
	return emv.SWSuccess
}

// secondAC answers the second GENERATE AC with the issuer's decision (8A)
// and, for a CDOL2 asking for it, the issuer authentication data (91).
func (c *Card) secondAC(cmd emv.Command, req byte) emv.SW {
	i := c.s.app
	ak := &c.apps[i]
	if len(cmd.Data) != ak.cdol2.DataLen() {
		return emv.SWWrongLength
	}
	data := cmd.Data
	var arc [2]byte
	if v, ok := ak.cdol2.Value(data, emv.TagAuthorisationResponseCode); ok && len(v) == 2 {
		copy(arc[:], v)
	}
	if ak.cdol2HasARPC && !c.s.iaDone {
		if v, ok := ak.cdol2.Value(data, emv.TagIssuerAuthenticationData); ok && !allZero(v) {
			c.issuerAuthenticate(i, trimZeros(v))
		}
	}
	if un, ok := ak.cdol2.Value(data, emv.TagUnpredictableNumber); ok && len(un) == 4 {
		copy(c.s.un[:], un)
	}
	amount := amountOf(ak.cdol1, c.s.cdol1[:c.s.cdolN])
	st := &c.work.Apps[i]
	unable := arc == arcUnableApprove || arc == arcUnableDecline
	cid := cidAAC
	switch {
	case st.Blocked:
	case unable:
		if req == emv.P1TC && arc == arcUnableApprove && c.offlineAllowed(i, amount) {
			cid = cidTC
		}
	case c.s.iaFailed:
		// Issuer authentication failed: the card declines.
	case req == emv.P1TC && arcApproved(arc):
		cid = cidTC
	}

	f := c.facts(i)
	f.UnableOnline = unable
	f.SecondAC = cid

	w := &c.w().Apps[i]
	w.OnlineNotCompleted = false
	switch {
	case unable:
		if cid == cidTC {
			w.OfflineCount++
			w.OfflineAmount += amount
		}
	case c.s.iaDone && !c.s.iaFailed, c.apps[i].aip[0]&aipIssuerAuth == 0:
		// A completed online transaction with the issuer authenticated:
		// the offline counters start again.
		w.LastOnlineATC = w.ATC
		w.OfflineCount, w.OfflineAmount = 0, 0
		w.IssuerAuthFailed, w.IssuerAuthNotPerformed = false, false
	case !c.s.iaDone:
		w.IssuerAuthNotPerformed = true
	}
	sw := c.answerAC(i, cid, cmd.P1&emv.P1CDA != 0, c.s.cdol1[:c.s.cdolN], data, f)
	if sw != emv.SWSuccess {
		return sw
	}
	c.s.phase = phaseDone
	c.appendLog(i, ak.cdol2, data, cid)
	return emv.SWSuccess
}

// answerAC computes the cryptogram and writes the response: format 1
// (80: CID, ATC, AC, IAD) for Visa-layout versions, format 2 (77) for
// M/Chip and whenever CDA signs the response (Book 2 §6.6.1).
func (c *Card) answerAC(i int, cid byte, wantCDA bool, cdol1, cdol2 []byte, f cryptogram.CardVerificationResults) emv.SW {
	ak := &c.apps[i]
	v := ak.version
	atc := c.work.Apps[i].ATC
	atcB := [2]byte{byte(atc >> 8), byte(atc)}
	cda := wantCDA && cid != cidAAC && ak.aip[0]&aipCDA != 0 && ak.icc != nil
	if cda {
		if cdol2 == nil {
			f.CDAFirst = true
		} else {
			f.CDASecond = true
		}
	}
	var iadBuf [32]byte
	iad, err := appendIAD(iadBuf[:0], v, f)
	if err != nil {
		return emv.SWUnknown
	}
	terminalData := cdol1
	if cdol2 != nil {
		terminalData = cdol2
	}
	s, err := ak.acSession(atcB, c.s.un)
	if err != nil {
		return emv.SWUnknown
	}
	ac, err := s.ApplicationCryptogram(cryptogram.ACParams{
		TerminalData: terminalData, AIP: c.aip(i), ATC: atcB, UN: c.s.un, IAD: iad,
	})
	if err != nil {
		return emv.SWUnknown
	}
	if cdol2 == nil {
		c.s.ac = ac
	}
	if !cda && v.IAD != cryptogram.IADMChip {
		var body [64]byte
		b := append(body[:0], cid, atcB[0], atcB[1])
		b = append(b, ac[:]...)
		b = append(b, iad...)
		c.out = emv.AppendTLV(c.out, emv.TagResponseMessageTemplateFormat1, b)
		return emv.SWSuccess
	}
	var body []byte
	body = emv.AppendTLV(body, emv.TagCryptogramInformationData, []byte{cid})
	body = emv.AppendTLV(body, emv.TagApplicationTransactionCounter, atcB[:])
	if !cda {
		body = emv.AppendTLV(body, emv.TagApplicationCryptogram, ac[:])
		body = emv.AppendTLV(body, emv.TagIssuerApplicationData, iad)
		c.out = emv.AppendTLV(c.out, emv.TagResponseMessageTemplateFormat2, body)
		return emv.SWSuccess
	}
	// CDA: the AC travels inside the signature; the hash covers the DOL
	// data and the response objects other than 9F4B.
	tail := emv.AppendTLV(nil, emv.TagIssuerApplicationData, iad)
	tdh, err := oda.TransactionDataHash(c.s.pdol[:c.s.pdolN], cdol1, cdol2, append(append([]byte(nil), body...), tail...))
	if err != nil {
		return emv.SWUnknown
	}
	var idn [8]byte
	if _, err := io.ReadFull(c.rand, idn[:]); err != nil {
		return emv.SWUnknown
	}
	sdad, err := oda.SignCDA(ak.icc, oda.CDASignedData{IDN: idn[:], CID: cid, AC: ac, TransactionDataHash: tdh}, c.s.un[:])
	if err != nil {
		return emv.SWUnknown
	}
	body = emv.AppendTLV(body, emv.TagSignedDynamicApplicationData, sdad)
	body = append(body, tail...)
	c.out = emv.AppendTLV(c.out, emv.TagResponseMessageTemplateFormat2, body)
	return emv.SWSuccess
}

// aip is the AIP the current face returned in GPO.
func (c *Card) aip(i int) [2]byte {
	if c.s.face == faceContactless {
		return c.apps[i].cAIP
	}
	return c.apps[i].aip
}

// amountOf reads Amount, Authorised (9F02) from DOL data; 0 if absent.
func amountOf(d emv.DOL, data []byte) int64 {
	v, ok := d.Value(data, emv.TagAmountAuthorised)
	if !ok {
		return 0
	}
	n, err := emv.AmountN(v)
	if err != nil {
		return 0
	}
	return n
}

// arcApproved reports the response codes that approve (ISO 8583: 00, 10
// partial, 11 VIP).
func arcApproved(arc [2]byte) bool {
	switch string(arc[:]) {
	case "00", "10", "11":
		return true
	}
	return false
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// trimZeros drops the zero padding a terminal fills an unused CDOL2 91
// field with.
func trimZeros(b []byte) []byte {
	n := len(b)
	for n > 8 && b[n-1] == 0 {
		n--
	}
	return b[:n]
}

// appendLog writes a transaction log entry in the log format (Book 3
// Annex D4): terminal data from the DOL data, the card's ATC and CID.
func (c *Card) appendLog(i int, d emv.DOL, data []byte, cid byte) {
	ak := &c.apps[i]
	if c.profile.Applications[i].LogEntries == 0 || ak.logEntryLen == 0 {
		return
	}
	atc := c.work.Apps[i].ATC
	var buf [logEntryMax]byte
	entry := ak.logFormat.Append(buf[:0], func(t emv.Tag) ([]byte, bool) {
		switch t {
		case emv.TagApplicationTransactionCounter:
			return []byte{byte(atc >> 8), byte(atc)}, true
		case emv.TagCryptogramInformationData:
			return []byte{cid}, true
		case emv.TagTransactionTime:
			if v, ok := d.Value(data, t); ok {
				return v, true
			}
			return emv.AppendTime(nil, c.now()), true
		}
		return d.Value(data, t)
	})
	st := c.w()
	a := &st.Apps[i]
	copy(a.Log[a.LogNext][:], entry)
	a.LogNext = uint8((int(a.LogNext) + 1) % c.profile.Applications[i].LogEntries)
	if int(a.LogCount) < c.profile.Applications[i].LogEntries {
		a.LogCount++
	}
}

// appendIAD appends the issuer application data the version lays out,
// carrying the CVR of f.
func appendIAD(dst []byte, v cryptogram.Version, f cryptogram.CardVerificationResults) ([]byte, error) {
	cvr, err := v.IAD.EncodeCVR(f)
	if err != nil {
		return dst, err
	}
	return v.AppendIAD(dst, cryptogram.IAD{DKI: ddkIndex, CVR: cvr})
}
