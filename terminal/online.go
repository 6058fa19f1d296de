package terminal

import (
	"bytes"
	"errors"

	"github.com/emvsim/emvsim/emv"
)

// requestICCData are the data objects the authorisation request carries
// in DE55 (the contract between terminal and issuer), in this order.
var requestICCData = []emv.Tag{
	emv.TagApplicationCryptogram, emv.TagCryptogramInformationData, emv.TagIssuerApplicationData,
	emv.TagUnpredictableNumber, emv.TagApplicationTransactionCounter, emv.TagTerminalVerificationResults,
	emv.TagTransactionDate, emv.TagTransactionType, emv.TagAmountAuthorised, emv.TagAmountOther,
	emv.TagTransactionCurrencyCode, emv.TagApplicationInterchangeProfile, emv.TagTerminalCountryCode,
	emv.TagCVMResults, emv.TagTerminalCapabilities, emv.TagTerminalType, emv.TagDedicatedFileName,
	emv.TagApplicationPANSequenceNumber, emv.TagApplicationVersionNumberTerminal,
	emv.TagInterfaceDeviceSerialNumber, emv.TagTransactionSequenceCounter, emv.TagIssuerScriptResults,
}

// iccData encodes the listed data objects that are present.
func (k *transaction) iccData(tags []emv.Tag) []byte {
	n := 0
	for _, t := range tags {
		if v, ok := k.data[t]; ok {
			n += 3 + 3 + len(v) // at most a 3-byte tag and a 3-byte length
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]byte, 0, n)
	for _, t := range tags {
		if v, ok := k.data[t]; ok {
			out = emv.AppendTLV(out, t, v)
		}
	}
	return out
}

// onlineProcessing sends the authorisation request and performs issuer
// authentication (Book 3 §10.9). When the host cannot be reached the
// terminal decides with the default action codes (§10.7) and the card gets
// Y3 or Z3.
func (k *transaction) onlineProcessing() {
	k.trace.decision(StepOnline, "online processing")
	resp, err := k.t.host.Authorize(k.chipRequest(k.iccData(requestICCData)))
	clear(k.pinBlock)
	if err != nil {
		k.trace.decisionf("unable to go online: %v", err)
		if k.defaultAnalysis("unable to go online") == TC {
			k.arc = []byte("Y3")
		} else {
			k.arc = []byte("Z3")
		}
		k.data[emv.TagAuthorisationResponseCode] = k.arc
		return
	}
	k.answered(resp)
	if resp.AuthorisationCode != "" && len(resp.AuthorisationCode) <= 6 {
		k.data[emv.TagAuthorisationCode] = []byte(resp.AuthorisationCode)
	}
	k.issuerData = resp.ICCData
	k.issuerAuthentication()
}

// authorizationRequest is what every path's request carries: the
// acceptor, how the card was read, whether the terminal reads chips (a
// contact reader), the amounts and the online PIN block.
func (k *transaction) authorizationRequest(pan string, psn int) emv.AuthorizationRequest {
	chip := emv.NotChipCapable
	if k.readers.Contact {
		chip = emv.ChipCapable
	}
	return emv.AuthorizationRequest{
		ID:                  k.requestID,
		TerminalID:          k.cfg.TerminalID,
		MerchantID:          k.cfg.MerchantID,
		EntryMode:           k.entryMode,
		TerminalChipCapable: chip,
		PAN:                 pan,
		PANSequenceNumber:   psn,
		Amount:              k.tx.Amount,
		AmountOther:         k.tx.AmountOther,
		CurrencyCode:        k.cfg.CurrencyCode,
		TransactionType:     byte(k.tx.Type),
		Time:                k.now,
		PINBlock:            bytes.Clone(k.pinBlock),
	}
}

// chipRequest is the request of a chip read, contact or contactless: PAN
// and sequence number from the card's data, the ICC data for DE55 and the
// track 2 equivalent data.
func (k *transaction) chipRequest(icc []byte) emv.AuthorizationRequest {
	pan, _ := emv.ParseCN(k.data[emv.TagApplicationPAN])
	psn := -1
	if v := k.data[emv.TagApplicationPANSequenceNumber]; len(v) == 1 {
		if n, err := emv.ParseN(v); err == nil {
			psn = int(n)
		}
	}
	req := k.authorizationRequest(pan, psn)
	req.ICCData = icc
	if t2, ok := k.data[emv.TagTrack2EquivalentData]; ok {
		req.Track2 = track2String(t2)
	}
	return req
}

// answered takes the issuer's response code (a format error when it is
// not two characters) as the authorisation response code 8A.
func (k *transaction) answered(resp emv.AuthorizationResponse) string {
	k.online = true
	code := string(resp.Code)
	if len(code) != 2 {
		code = string(emv.ResponseFormatError)
	}
	k.arc = []byte(code)
	k.data[emv.TagAuthorisationResponseCode] = k.arc
	k.trace.decisionf("issuer answered %s", code)
	return code
}

// issuerDecides ends a path whose card has nothing more to say: the
// issuer's code approves or declines.
func (k *transaction) issuerDecides(code string) {
	if emv.ResponseCode(code).Approved() {
		k.result, k.reason = Approved, "approved online by the issuer ("+code+")"
	} else {
		k.result, k.reason = Declined, "declined by the issuer ("+code+")"
	}
	k.trace.decisionf("%s", k.reason)
}

// issuerAuthentication passes the issuer authentication data 91 to the
// card: with EXTERNAL AUTHENTICATE when the AIP says the card supports
// issuer authentication, otherwise in the CDOL2 data (Book 3 §10.9).
func (k *transaction) issuerAuthentication() {
	o, ok := findTop(k.issuerData, emv.TagIssuerAuthenticationData)
	if !ok {
		return
	}
	if len(o.Value) < 8 || len(o.Value) > 16 {
		k.setTVR(emv.TVRIssuerAuthenticationFailed)
		k.trace.decisionf("issuer authentication data of %d bytes: TVR 'issuer authentication failed'", len(o.Value))
		return
	}
	k.data[emv.TagIssuerAuthenticationData] = bytes.Clone(o.Value)
	if !k.aip.Has(emv.AIPIssuerAuthenticationSupported) {
		k.trace.decisionf("AIP: issuer authentication in the second GENERATE AC")
		return
	}
	resp, err := k.exchange("EXTERNAL AUTHENTICATE", emv.ExternalAuthenticateCommand(o.Value))
	if err != nil {
		k.halted = err
		return
	}
	k.setTSI(emv.TSIIssuerAuthenticationPerformed)
	if !resp.SW.OK() {
		k.setTVR(emv.TVRIssuerAuthenticationFailed)
		k.trace.decisionf("EXTERNAL AUTHENTICATE answered %s: TVR 'issuer authentication failed'", resp.SW)
		return
	}
	k.trace.decisionf("issuer authenticated")
}

// findTop returns the first top-level object with tag t, so that a 91
// nested in a script template is never taken for the issuer's.
func findTop(b []byte, t emv.Tag) (emv.Object, bool) {
	s := emv.NewScanner(b)
	for s.Next() {
		if s.Object().Tag == t {
			return s.Object(), true
		}
	}
	return emv.Object{}, false
}

// track2String renders track 2 equivalent data as the ASCII track 2
// without sentinels: digits, D as '=', trailing F dropped.
func track2String(b []byte) string {
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		for _, n := range [2]byte{c >> 4, c & 0x0F} {
			switch {
			case n <= 9:
				out = append(out, '0'+n)
			case n == 0x0D:
				out = append(out, '=')
			}
		}
	}
	return string(out)
}

var errAdvice = errors.New("advice not delivered")

// adviseHost reports the final cryptogram after an online authorisation:
// a completion, or a reversal when the card declined what the issuer
// approved.
func (k *transaction) adviseHost() {
	if !k.online {
		return
	}
	kind := emv.AdviceCompletion
	if emv.ResponseCode(k.arc).Approved() && k.cid&0xC0 != byte(TC) {
		kind = emv.AdviceReversal
	}
	pan, _ := emv.ParseCN(k.data[emv.TagApplicationPAN])
	adv := emv.Advice{
		Kind:         kind,
		RequestID:    k.requestID,
		PAN:          pan,
		Amount:       k.tx.Amount,
		CurrencyCode: k.cfg.CurrencyCode,
		ICCData: k.iccData([]emv.Tag{emv.TagApplicationCryptogram, emv.TagCryptogramInformationData,
			emv.TagTerminalVerificationResults, emv.TagIssuerScriptResults, emv.TagApplicationTransactionCounter}),
	}
	if v := k.data[emv.TagApplicationPANSequenceNumber]; len(v) == 1 {
		n, _ := emv.ParseN(v)
		adv.PANSequenceNumber = int(n)
	} else {
		adv.PANSequenceNumber = -1
	}
	if err := k.t.host.Advise(adv); err != nil {
		k.trace.decisionf("%v: %v", errAdvice, err)
		return
	}
	if kind == emv.AdviceReversal {
		k.trace.decisionf("reversal sent: the card declined what the issuer approved")
	} else {
		k.trace.decisionf("completion advice sent")
	}
}
