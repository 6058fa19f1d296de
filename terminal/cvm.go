package terminal

import (
	"errors"
	"fmt"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// cardholderVerification works through the card's CVM list (Book 3 §10.5
// and Annex C3) and records the outcome in CVM Results 9F34, the TVR byte 3
// and the TSI.
//
// Signature waiver. Book 3 lets the terminal's CVM capability (9F33 byte 2)
// describe what this terminal does for this transaction; the contactless
// books instantiate it per amount the same way. A merchant that does not
// collect signatures below Config.SignatureWaiverLimit therefore does not
// offer "signature" for such amounts: 9F33 sent to the card and to the
// issuer lacks the signature bit, a rule "signature, if terminal supports
// the CVM" is skipped and a later "No CVM required" rule applies, so the
// CVM Results truthfully say no CVM rather than a signature nobody
// collected. A card whose list has no such rule is not affected: an
// unconditional signature rule still fails over to the next rule as an
// unsupported CVM, as the book says.
func (k *transaction) cardholderVerification() error {
	k.trace.decision(StepCVM, "cardholder verification")
	if !k.aip.Has(emv.AIPCardholderVerificationSupported) {
		k.trace.decisionf("AIP: cardholder verification not supported: skipped, CVM Results 3F0000")
		return nil
	}
	raw, ok := k.data[emv.TagCVMList]
	list, err := emv.ParseCVMList(raw)
	if !ok || err != nil || len(list.Rules) == 0 {
		k.setTVR(emv.TVRICCDataMissing)
		k.trace.decisionf("CVM list absent or empty: TVR 'ICC data missing', CVM Results 3F0000")
		return nil
	}
	k.setTSI(emv.TSICardholderVerificationPerformed)
	var last *emv.CVMRule
	for i := range list.Rules {
		r := list.Rules[i]
		n := i + 1
		if !k.conditionSatisfied(r, list) {
			k.trace.decisionf("CVM rule %d %s: condition %s not satisfied → next rule", n, r.Method.Code(), r.Condition)
			continue
		}
		last = &list.Rules[i]
		code := r.Method.Code()
		res, why := k.performCVM(code, r.Condition == emv.CVMConditionTerminalSupportsCVM)
		if k.halted != nil {
			return k.halted
		}
		if res != emv.CVMResultFailed {
			k.cvm = code
			k.signature = code.NeedsSignature() && !k.signatureWaived()
			k.setCVMResults(emv.NewCVMResults(r.Method, r.Condition, res))
			k.trace.decisionf("CVM rule %d %s: %s → CVM Results %X", n, code, why, k.cvmResults[:])
			return nil
		}
		if !r.Method.ApplySucceeding() || i == len(list.Rules)-1 {
			k.trace.decisionf("CVM rule %d %s: %s → cardholder verification failed", n, code, why)
			break
		}
		k.trace.decisionf("CVM rule %d %s: %s → next rule", n, code, why)
	}
	k.setTVR(emv.TVRCardholderVerificationNotSuccessful)
	if last == nil {
		k.setCVMResults(emv.NewCVMResults(emv.CVMNoCVMPerformed, 0, emv.CVMResultFailed))
		k.trace.decisionf("no CVM rule applies: TVR 'cardholder verification was not successful', CVM Results %X", k.cvmResults[:])
		return nil
	}
	k.cvm = last.Method.Code()
	k.setCVMResults(emv.NewCVMResults(last.Method, last.Condition, emv.CVMResultFailed))
	k.trace.decisionf("TVR 'cardholder verification was not successful', CVM Results %X", k.cvmResults[:])
	return nil
}

func (k *transaction) setCVMResults(r emv.CVMResults) { k.cvmResults = r; k.syncStatus() }

// conditionSatisfied evaluates a CVM condition code (Annex C3 Table 44).
func (k *transaction) conditionSatisfied(r emv.CVMRule, l emv.CVMList) bool {
	cash := k.tx.Type == Cash
	unattendedCash := cash && k.cfg.Type.Unattended()
	manualCash := cash && k.cfg.Type.Attended()
	cashback := k.tx.Type == PurchaseWithCashback
	switch r.Condition {
	case emv.CVMConditionAlways:
		return true
	case emv.CVMConditionUnattendedCash:
		return unattendedCash
	case emv.CVMConditionNotCashOrCashback:
		return !unattendedCash && !manualCash && !cashback
	case emv.CVMConditionTerminalSupportsCVM:
		return k.supports(r.Method.Code())
	case emv.CVMConditionManualCash:
		return manualCash
	case emv.CVMConditionPurchaseWithCashback:
		return cashback
	case emv.CVMConditionUnderX, emv.CVMConditionOverX, emv.CVMConditionUnderY, emv.CVMConditionOverY:
		// Only in the application currency (9F42 = 5F2A); X and Y are in its
		// minor units, as is the amount then.
		appCur, ok := k.data[emv.TagApplicationCurrencyCode]
		if !ok || string(appCur) != string(k.data[emv.TagTransactionCurrencyCode]) {
			return false
		}
		amount := k.tx.Amount
		switch r.Condition {
		case emv.CVMConditionUnderX:
			return amount < int64(l.X)
		case emv.CVMConditionOverX:
			return amount > int64(l.X)
		case emv.CVMConditionUnderY:
			return amount < int64(l.Y)
		default:
			return amount > int64(l.Y)
		}
	}
	return false // RFU condition codes are never satisfied
}

// supports reports whether the terminal offers a CVM in this transaction:
// its 9F33 byte 2 (as instantiated for this amount) and the means to do it.
func (k *transaction) supports(c emv.CVMCode) bool {
	caps, _ := emv.ParseTerminalCapabilities(k.data[emv.TagTerminalCapabilities])
	switch c {
	case emv.CVMFailProcessing:
		return true
	case emv.CVMPlaintextPIN:
		return caps.Has(emv.TermCapPlaintextPINForICC)
	case emv.CVMPlaintextPINAndSignature:
		return caps.Has(emv.TermCapPlaintextPINForICC) && caps.Has(emv.TermCapSignature)
	case emv.CVMEncipheredPIN:
		return caps.Has(emv.TermCapEncipheredPINOffline)
	case emv.CVMEncipheredPINAndSignature:
		return caps.Has(emv.TermCapEncipheredPINOffline) && caps.Has(emv.TermCapSignature)
	case emv.CVMOnlinePIN:
		return caps.Has(emv.TermCapEncipheredPINOnline) && k.cfg.Type.OnlineCapable()
	case emv.CVMSignature:
		return caps.Has(emv.TermCapSignature)
	case emv.CVMNoCVMRequired:
		return caps.Has(emv.TermCapNoCVMRequired)
	}
	return false
}

// performCVM carries out one CVM whose condition is satisfied and returns
// its CVM Results result byte and what happened in words.
func (k *transaction) performCVM(c emv.CVMCode, conditional bool) (emv.CVMResult, string) {
	if !c.Recognised() {
		k.setTVR(emv.TVRUnrecognisedCVM)
		return emv.CVMResultFailed, "unrecognised CVM, TVR 'unrecognised CVM'"
	}
	if !k.supports(c) {
		if c.OfflinePIN() {
			// §10.5.1: the terminal does not support offline PIN.
			k.setTVR(emv.TVRPINEntryRequiredPINPadNotPresent)
			return emv.CVMResultFailed, "not supported by the terminal, TVR 'PIN entry required and PIN pad not present or not working'"
		}
		return emv.CVMResultFailed, "not supported by the terminal"
	}
	switch {
	case c == emv.CVMFailProcessing:
		return emv.CVMResultFailed, "fail CVM processing"
	case c.OfflinePIN():
		ok, why := k.offlinePIN(c.EncipheredOfflinePIN())
		if !ok {
			return emv.CVMResultFailed, why
		}
		if c.NeedsSignature() {
			return emv.CVMResultUnknown, why + ", signature to be collected"
		}
		return emv.CVMResultSuccessful, why
	case c == emv.CVMOnlinePIN:
		ok, why := k.onlinePIN()
		if !ok {
			return emv.CVMResultFailed, why
		}
		return emv.CVMResultUnknown, why
	case c == emv.CVMSignature:
		return emv.CVMResultUnknown, "signature to be collected"
	case c == emv.CVMNoCVMRequired:
		return emv.CVMResultSuccessful, "no CVM required"
	}
	return emv.CVMResultFailed, "not supported by the terminal"
}

// maxPINTries bounds the VERIFY loop whatever the card answers.
const maxPINTries = 16

// offlinePIN runs offline PIN verification (§10.5.1): GET DATA PIN try
// counter, PIN entry, VERIFY (plaintext, or enciphered under the card's
// key after GET CHALLENGE) until success, the try limit or a bypass.
func (k *transaction) offlinePIN(enciphered bool) (bool, string) {
	kind := PINOfflinePlaintext
	if enciphered {
		kind = PINOfflineEnciphered
	}
	tries := k.pinTryCounter()
	if tries == 0 {
		k.setTVR(emv.TVRPINTryLimitExceeded)
		return false, "PIN try counter is 0, TVR 'PIN try limit exceeded'"
	}
	if why := k.noPINEntry(); why != "" {
		return false, why
	}
	var pinKey oda.PublicKey
	if enciphered {
		var err error
		if pinKey, err = k.iccPINKey(); err != nil {
			// The key cannot be recovered: Book 3 §10.5.1 treats it like an
			// unusable PIN pad.
			k.setTVR(emv.TVRPINEntryRequiredPINPadNotPresent)
			return false, "ICC PIN encipherment key not recoverable (" + err.Error() + "), TVR 'PIN entry required and PIN pad not present or not working'"
		}
	}
	for attempt := 0; attempt < maxPINTries; attempt++ {
		pin, err := k.cfg.PINPad.EnterPIN(k.ctx, PINRequest{Kind: kind, TriesLeft: tries, LastTry: tries == 1,
			Amount: k.tx.Amount, CurrencyCode: k.cfg.CurrencyCode})
		if err != nil {
			return false, k.pinNotEntered(err)
		}
		block, err := plaintextPINBlock(pin)
		clear(pin)
		if err != nil {
			k.setTVR(emv.TVRPINEntryRequiredPINNotEntered)
			return false, "PIN pad gave no valid PIN, TVR 'PIN entry required, PIN pad present, but PIN was not entered'"
		}
		cmd := emv.VerifyCommand(emv.P2PlaintextPIN, block[:])
		if enciphered {
			data, why := k.encipherPIN(pinKey, block)
			if data == nil {
				clear(block[:])
				return false, why
			}
			cmd.P2, cmd.Data = emv.P2EncipheredPIN, data
		}
		resp, err := k.exchange("VERIFY", cmd)
		clear(block[:])
		clear(cmd.Data)
		if err != nil {
			k.halted = err
			return false, "card did not answer VERIFY"
		}
		if resp.SW.OK() {
			return true, kind.String() + " verified by the card"
		}
		if n, ok := resp.SW.TriesLeft(); ok {
			if n == 0 {
				k.setTVR(emv.TVRPINTryLimitExceeded)
				return false, "wrong PIN, no tries left (63C0), TVR 'PIN try limit exceeded'"
			}
			k.trace.decisionf("wrong PIN, %d tries left: asking again", n)
			tries = n
			continue
		}
		switch resp.SW {
		case emv.SWAuthMethodBlocked, emv.SWReferenceDataNotUsable:
			k.setTVR(emv.TVRPINTryLimitExceeded)
			return false, fmt.Sprintf("VERIFY answered %s: PIN try limit exceeded, TVR 'PIN try limit exceeded'", resp.SW)
		}
		return false, fmt.Sprintf("VERIFY answered %s", resp.SW)
	}
	return false, "too many PIN attempts"
}

// pinTryCounter reads 9F17 with GET DATA (§10.5.1); -1 when the card does
// not give it.
func (k *transaction) pinTryCounter() int {
	v, ok := k.getData(emv.TagPINTryCounter)
	if !ok || len(v) != 1 {
		return -1
	}
	return int(v[0])
}

// getData sends GET DATA for a primitive tag and returns its value when
// the card answers 9000 with that tag.
func (k *transaction) getData(t emv.Tag) ([]byte, bool) {
	resp, err := k.exchange("GET DATA", emv.GetDataCommand(t))
	if err != nil {
		k.halted = err
		return nil, false
	}
	if !resp.SW.OK() {
		return nil, false
	}
	objs, err := emv.ParseObjects(resp.Data)
	if err != nil || len(objs) != 1 || objs[0].Tag != t {
		return nil, false
	}
	return objs[0].Value, true
}

var errPINDigits = errors.New("PIN must be 4 to 12 digits")

// plaintextPINBlock builds the plaintext offline PIN block (Book 3 §6.5.12
// Table 24): control 2, PIN length, PIN digits, F filler.
func plaintextPINBlock(pin []byte) ([8]byte, error) {
	var b [8]byte
	if len(pin) < 4 || len(pin) > 12 {
		return b, errPINDigits
	}
	for i := range b {
		b[i] = 0xFF
	}
	b[0] = 0x20 | byte(len(pin))
	for i, c := range pin {
		if c < '0' || c > '9' {
			clear(b[:])
			return b, errPINDigits
		}
		pos := 2 + i // nibble position
		if pos%2 == 0 {
			b[pos/2] = (c-'0')<<4 | 0x0F
		} else {
			b[pos/2] = b[pos/2]&0xF0 | (c - '0')
		}
	}
	return b, nil
}

// encipherPIN asks the card for a challenge and enciphers the PIN block
// for it (Book 2 §7.1): 7F, PIN block, ICC unpredictable number, random
// padding, under the ICC PIN encipherment (or ICC) public key.
func (k *transaction) encipherPIN(key oda.PublicKey, block [8]byte) ([]byte, string) {
	resp, err := k.exchange("GET CHALLENGE", emv.GetChallengeCommand())
	if err != nil {
		k.halted = err
		return nil, "card did not answer GET CHALLENGE"
	}
	if !resp.SW.OK() || len(resp.Data) != 8 {
		k.setTVR(emv.TVRPINEntryRequiredPINPadNotPresent)
		return nil, fmt.Sprintf("GET CHALLENGE answered %s: TVR 'PIN entry required and PIN pad not present or not working'", resp.SW)
	}
	out, err := oda.EncipherPIN(key, block, [8]byte(resp.Data), k.cfg.Rand)
	if err != nil {
		return nil, "PIN encipherment failed: " + err.Error()
	}
	return out, ""
}
