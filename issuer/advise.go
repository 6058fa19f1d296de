package issuer

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/emvsim/emvsim/emv"
)

// adviceData is the chip data of an advice.
type adviceData struct {
	cid     byte
	hasCID  bool
	atc     int // -1 when absent
	scripts []scriptResult
}

// parseAdviceData reads an advice's DE55 with the bounded scanner.
func parseAdviceData(b []byte) (adviceData, error) {
	d := adviceData{atc: -1}
	s := emv.NewScanner(b)
	for s.Next() {
		o := s.Object()
		switch o.Tag {
		case emv.TagCryptogramInformationData:
			if len(o.Value) != 1 {
				return adviceData{}, fmt.Errorf("%w: 9F27 of %d bytes", ErrAdvice, len(o.Value))
			}
			d.cid, d.hasCID = o.Value[0], true
		case emv.TagApplicationTransactionCounter:
			if len(o.Value) != 2 {
				return adviceData{}, fmt.Errorf("%w: 9F36 of %d bytes", ErrAdvice, len(o.Value))
			}
			d.atc = int(binary.BigEndian.Uint16(o.Value))
		case emv.TagIssuerScriptResults:
			rs, err := parseScriptResults(o.Value)
			if err != nil {
				return adviceData{}, err
			}
			d.scripts = append(d.scripts, rs...)
		}
	}
	if err := s.Err(); err != nil {
		return adviceData{}, fmt.Errorf("%w: DE55: %w", ErrAdvice, err)
	}
	return d, nil
}

// Advise takes a completion message: the completion of an online
// authorisation (the card's TC and the issuer script results), a reversal
// (the card declined after the issuer approved: the amount is released) or
// the advice of a transaction the card approved offline. Script results
// (9F5B) settle the delivery of a PIN script: performed moves the PIN to
// "on the chip", failed or not performed has it sent again at the next
// online contact transaction. A repeated completion or reversal changes
// nothing. A malformed advice returns an error wrapping ErrAdvice and
// changes nothing.
func (iss *Issuer) Advise(adv emv.Advice) error {
	d, err := parseAdviceData(adv.ICCData)
	if err != nil {
		return err
	}
	switch adv.Kind {
	case emv.AdviceCompletion, emv.AdviceReversal:
		return iss.complete(adv, d)
	case emv.AdviceOffline:
		return iss.offline(adv, d)
	}
	return fmt.Errorf("%w: advice kind %d", ErrAdvice, adv.Kind)
}

// complete handles completions and reversals of an earlier authorisation.
func (iss *Issuer) complete(adv emv.Advice, d adviceData) error {
	iss.mu.RLock()
	auth := iss.auths[adv.RequestID]
	iss.mu.RUnlock()
	if auth == nil || adv.RequestID == "" {
		return fmt.Errorf("%w: request %q", ErrUnknownRequest, adv.RequestID)
	}
	a := auth.acct
	a.mu.Lock()
	defer a.mu.Unlock()
	now := iss.cfg.Now()
	if !auth.answered {
		return fmt.Errorf("%w: request %q not answered yet", ErrUnknownRequest, adv.RequestID)
	}
	if auth.done {
		return nil
	}
	auth.done = true
	if d.atc > a.lastATC {
		a.lastATC = d.atc
	}
	iss.settleScripts(a, auth, d, now, adv.RequestID)
	// A completion whose cryptogram is an AAC is the card declining after
	// the issuer approved: a reversal in substance.
	declined := adv.Kind == emv.AdviceReversal || (d.hasCID && d.cid&0xC0 == 0x00)
	if declined && auth.approved && !auth.reversed {
		auth.reversed = true
		a.balance -= auth.amount
		a.append(now, LogEntry{Event: EventReversal, RequestID: adv.RequestID, Amount: auth.amount, ATC: auth.atc, Detail: "card declined after online approval"})
		return nil
	}
	a.append(now, LogEntry{Event: EventCompletion, RequestID: adv.RequestID, Amount: auth.amount, ATC: auth.atc, Detail: cidWord(d)})
	return nil
}

// settleScripts applies the script results of a completion to the scripts
// the authorisation carried.
func (iss *Issuer) settleScripts(a *account, auth *authorisation, d adviceData, now time.Time, requestID string) {
	for _, s := range auth.scripts {
		result, found := scriptNotPerformed, false
		for _, r := range d.scripts {
			if r.id == s.id {
				result, found = r.result, true
			}
		}
		switch {
		case found && result == scriptPerformed && s.kind == scriptPIN:
			if a.pin.State == PINSentInScript && a.pin.ScriptID == s.id {
				a.pin.State = PINOnChip
				a.append(now, LogEntry{Event: EventPINOnChip, RequestID: requestID, ATC: auth.atc, Detail: fmt.Sprintf("script %X performed", s.id)})
			}
		case found && result == scriptPerformed:
			a.append(now, LogEntry{Event: EventCompletion, RequestID: requestID, ATC: auth.atc, Detail: fmt.Sprintf("PIN unblock script %X performed", s.id)})
		case !found:
			// No result: the terminal may not report; the PIN stays "sent"
			// and goes again with the next online contact transaction.
		default:
			a.append(now, LogEntry{Event: EventScriptFailed, RequestID: requestID, ATC: auth.atc, Detail: fmt.Sprintf("script %X result %d", s.id, result)})
			switch s.kind {
			case scriptPIN:
				if a.pin.State == PINSentInScript && a.pin.ScriptID == s.id {
					a.pin.State = PINRegistered
				}
			case scriptUnblock:
				a.pin.UnblockRequested = true
			}
		}
	}
}

// offline records a transaction the card approved offline.
func (iss *Issuer) offline(adv emv.Advice, d adviceData) error {
	a, err := iss.lookup(adv.PAN)
	if err != nil {
		return err
	}
	if !d.hasCID || d.cid&0xC0 != 0x40 || d.atc < 0 || adv.Amount <= 0 {
		return fmt.Errorf("%w: an offline advice needs a TC, its ATC and a positive amount", ErrAdvice)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	now := iss.cfg.Now()
	if a.offlineATCs[d.atc] {
		return nil // the same advice again
	}
	if a.offlineATCs == nil {
		a.offlineATCs = map[int]bool{}
	}
	a.offlineATCs[d.atc] = true
	if d.atc > a.lastATC {
		a.lastATC = d.atc
	}
	a.balance += adv.Amount
	a.append(now, LogEntry{Event: EventOfflineAdvice, Amount: adv.Amount, ATC: d.atc, Detail: "TC"})
	return nil
}

// cidWord names the cryptogram type of an advice.
func cidWord(d adviceData) string {
	if !d.hasCID {
		return "no cryptogram"
	}
	switch d.cid & 0xC0 {
	case 0x40:
		return "TC"
	case 0x80:
		return "ARQC"
	}
	return "AAC"
}
