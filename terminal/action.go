package terminal

import (
	"bytes"
	"crypto/sha1"
	"fmt"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// allOnes stands for an absent IAC-online or IAC-default (Book 3 §10.7).
var allOnes = emv.TVR{0xFF, 0xFF, 0xFF, 0xFF, 0xFF}

// iac returns an issuer action code, or def when the card has none.
func (k *transaction) iac(t emv.Tag, def emv.TVR) emv.TVR {
	v, ok := k.data[t]
	if !ok {
		return def
	}
	c, err := emv.ParseTVR(v)
	if err != nil {
		return def
	}
	return c
}

// matches returns the TVR bits set in both tvr and either action code.
func matches(tvr, tac, iac emv.TVR) emv.TVR {
	var m emv.TVR
	for i := range m {
		m[i] = tvr[i] & (tac[i] | iac[i])
	}
	return m
}

// terminalActionAnalysis compares the TVR with the action codes and chooses
// the cryptogram to request first (Book 3 §10.7). An absent IAC-denial is
// all zeros, an absent IAC-online or IAC-default all ones.
func (k *transaction) terminalActionAnalysis() CryptogramType {
	k.trace.stepf(StepActionAnalysis, "terminal action analysis, TVR %X", k.tvr[:])
	a := k.app
	denial := matches(k.tvr, a.TACDenial, k.iac(emv.TagIssuerActionCodeDenial, emv.TVR{}))
	if denial != (emv.TVR{}) {
		k.actionReason = "TVR matches the denial action codes: " + denial.String()
		k.trace.decisionf("%s: request AAC", k.actionReason)
		return AAC
	}
	t := k.cfg.Type
	if t.OfflineOnly() {
		return k.defaultAnalysis("offline-only terminal")
	}
	if t.OnlineOnly() {
		k.trace.decisionf("online-only terminal: request ARQC")
		return ARQC
	}
	online := matches(k.tvr, a.TACOnline, k.iac(emv.TagIssuerActionCodeOnline, allOnes))
	if online != (emv.TVR{}) {
		k.trace.decisionf("TVR matches TAC/IAC-online (%s): request ARQC", online)
		return ARQC
	}
	k.trace.decisionf("no TAC/IAC-denial or -online bit set: request TC")
	return TC
}

// defaultAnalysis applies TAC/IAC-default: for an offline-only terminal,
// and when an online-capable one cannot go online (§10.7).
func (k *transaction) defaultAnalysis(why string) CryptogramType {
	def := matches(k.tvr, k.app.TACDefault, k.iac(emv.TagIssuerActionCodeDefault, allOnes))
	if def != (emv.TVR{}) {
		k.actionReason = "TVR matches the default action codes: " + def.String()
		k.trace.decisionf("%s: %s: AAC", why, k.actionReason)
		return AAC
	}
	k.trace.decisionf("%s: no TAC/IAC-default bit set: TC", why)
	return TC
}

// cardActionAnalysis sends the first GENERATE AC with the CDOL1 data
// (Book 3 §10.8, §6.5.5), with a CDA signature requested when CDA was
// selected and its keys recovered; the card may answer with a lower
// cryptogram, never a higher one.
func (k *transaction) cardActionAnalysis(request CryptogramType) error {
	k.trace.decision(StepCardActionAnalysis, "card action analysis: first GENERATE AC requesting "+request.String())
	data, err := k.cdolData(emv.TagCardRiskManagementDOL1)
	if err != nil {
		return err
	}
	k.cdol1Data = data
	resp, cda, err := k.generateAC(request, data)
	if err != nil {
		return err
	}
	k.setTSI(emv.TSICardRiskManagementPerformed)
	if cda && k.cid&0xC0 != byte(AAC) {
		if err := k.verifyCDA(resp, nil); err != nil {
			k.setTVR(emv.TVRCDAFailed)
			k.trace.decisionf("CDA signature of the first GENERATE AC does not verify (%v): TVR 'CDA failed', transaction declined", err)
			return k.declineAfterCDAFailure()
		}
		k.trace.decisionf("CDA signature verified")
	}
	return nil
}

// declineAfterCDAFailure ends a transaction whose first cryptogram came
// with a bad CDA signature: an ARQC is completed with a request for an
// AAC, a TC is treated as an AAC (Book 2 §6.6.2, Book 3 §10.8).
func (k *transaction) declineAfterCDAFailure() error {
	if k.cid&0xC0 == byte(ARQC) {
		k.arc = []byte("Z1")
		k.data[emv.TagAuthorisationResponseCode] = k.arc
		data, err := k.cdolData(emv.TagCardRiskManagementDOL2)
		if err != nil {
			return err
		}
		if _, _, err := k.generateAC(AAC, data); err != nil {
			return err
		}
	}
	k.cid = byte(AAC)
	return &halt{result: Declined, reason: "CDA failed"}
}

// cdolData builds CDOL1 or CDOL2 data, with the TC hash value (98) when
// the CDOL asks for it (Book 3 §10.8, §9.2.2).
func (k *transaction) cdolData(t emv.Tag) ([]byte, error) {
	list := k.data[t]
	d, err := emv.ParseDOL(list)
	if err != nil {
		return nil, terminate("%s malformed: %v", t, err)
	}
	if dolHas(d, emv.TagTransactionCertificateHash) {
		k.tcHash()
	}
	data, err := k.buildDOL(list)
	if err != nil {
		return nil, terminate("%s: %v", t, err)
	}
	return data, nil
}

// tcHash computes the TC hash value 98 over the TDOL data; a default TDOL
// sets "default TDOL used" (Book 3 §9.2.2).
func (k *transaction) tcHash() {
	tdol, ok := k.data[emv.TagTransactionCertificateDOL]
	if !ok {
		tdol = k.app.TDOL
		if tdol == nil {
			tdol = k.cfg.DefaultTDOL
		}
		if tdol != nil {
			k.setTVR(emv.TVRDefaultTDOLUsed)
			k.trace.decisionf("card has no TDOL: default TDOL used, TVR 'default TDOL used'")
		}
	}
	var data []byte
	if tdol != nil {
		if d, err := emv.ParseDOL(tdol); err == nil {
			data = d.Append(nil, k.value)
		}
	}
	h := sha1.Sum(data)
	k.data[emv.TagTransactionCertificateHash] = h[:]
}

// generateAC sends GENERATE AC, checks the answer and stores its data
// objects. It returns the response's data objects (the value of its
// template) and whether a CDA signature was requested.
func (k *transaction) generateAC(request CryptogramType, data []byte) ([]byte, bool, error) {
	p1 := byte(request)
	cda := k.odaMethod == odaCDA && k.iccKey != nil && !k.tvr.Has(emv.TVRCDAFailed) && request != AAC
	if cda {
		p1 |= emv.P1CDA
	}
	delete(k.data, emv.TagSignedDynamicApplicationData)
	delete(k.data, emv.TagApplicationCryptogram)
	resp, err := k.exchange("GENERATE AC", emv.GenerateACCommand(p1, data))
	if err != nil {
		return nil, cda, err
	}
	if !resp.SW.OK() {
		return nil, cda, terminate("GENERATE AC answered %s", resp.SW)
	}
	objs, err := emv.ParseObjects(resp.Data)
	if err != nil || len(objs) != 1 {
		return nil, cda, terminate("GENERATE AC response is not one data object")
	}
	o := objs[0]
	switch o.Tag {
	case emv.TagResponseMessageTemplateFormat1:
		v := o.Value
		if len(v) < 11 || len(v) > 11+32 {
			return nil, cda, terminate("GENERATE AC format 1 response of %d bytes", len(v))
		}
		k.data[emv.TagCryptogramInformationData] = v[0:1]
		k.data[emv.TagApplicationTransactionCounter] = v[1:3]
		k.data[emv.TagApplicationCryptogram] = v[3:11]
		if len(v) > 11 {
			k.data[emv.TagIssuerApplicationData] = v[11:]
		} else {
			delete(k.data, emv.TagIssuerApplicationData)
		}
	case emv.TagResponseMessageTemplateFormat2:
		s := o.Children()
		for s.Next() {
			c := s.Object()
			if !c.Tag.Constructed() {
				k.storeCard(c.Tag, c.Value)
			}
		}
		if s.Err() != nil {
			return nil, cda, terminate("GENERATE AC response malformed: %v", s.Err())
		}
		cid, ok := k.data[emv.TagCryptogramInformationData]
		if !ok || len(cid) != 1 {
			return nil, cda, terminate("GENERATE AC response lacks the CID (9F27)")
		}
		if atc := k.data[emv.TagApplicationTransactionCounter]; len(atc) != 2 {
			return nil, cda, terminate("GENERATE AC response lacks the ATC (9F36)")
		}
		if _, hasAC := k.data[emv.TagApplicationCryptogram]; !hasAC && !cda {
			return nil, cda, terminate("GENERATE AC response lacks the cryptogram (9F26)")
		}
	default:
		return nil, cda, terminate("GENERATE AC response template %s is neither 80 nor 77", o.Tag)
	}
	cid := k.data[emv.TagCryptogramInformationData][0]
	got := CryptogramType(cid & 0xC0)
	if got == 0xC0 || rank(got) > rank(request) {
		return nil, cda, terminate("card answered %s to a request for %s", cryptogramName(cid), request)
	}
	if got == ARQC && k.acCount > 0 {
		// Book 3 §6.5.5.4: the second GENERATE AC gets a TC or an AAC.
		return nil, cda, terminate("card answered ARQC to the second GENERATE AC")
	}
	k.acCount++
	k.cid = cid
	k.trace.decisionf("card returned %s (CID %02X)", got, cid)
	return o.Value, cda, nil
}

// rank orders the cryptogram types as Book 3 §9.3 does: asked for a TC the
// card may answer TC, ARQC or AAC; asked for an ARQC, ARQC or AAC; asked
// for an AAC, only AAC. It may go down the order, never up.
func rank(c CryptogramType) int {
	switch c {
	case AAC:
		return 0
	case ARQC:
		return 1
	}
	return 2
}

func cryptogramName(cid byte) string {
	if cid&0xC0 == 0xC0 {
		return "an RFU cryptogram type"
	}
	return CryptogramType(cid & 0xC0).String()
}

// verifyCDA checks the CDA signature in a GENERATE AC response and takes
// the application cryptogram from it (Book 2 §6.6.2).
func (k *transaction) verifyCDA(response, cdol2Data []byte) error {
	if len(k.data[emv.TagSignedDynamicApplicationData]) == 0 {
		return fmt.Errorf("%w: 9F4B", errODAData)
	}
	signed, err := oda.VerifyCDA(*k.iccKey, response, k.data[emv.TagUnpredictableNumber], k.pdolData, k.cdol1Data, cdol2Data)
	if err != nil {
		return err
	}
	k.data[emv.TagApplicationCryptogram] = bytes.Clone(signed.AC[:])
	k.data[emv.TagICCDynamicNumber] = bytes.Clone(signed.IDN)
	return nil
}
