package issuer

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// builtScript is an issuer script template ready for the response.
type builtScript struct {
	sentScript
	template []byte // 72 { 9F18 id, 86 command }
}

// scriptsFor builds the scripts a contact-chip transaction with a verified
// ARQC should carry (Book 3 §10.10, Book 2 §9), and records that they were
// sent. The caller holds a.mu.
func (iss *Issuer) scriptsFor(a *account, d *decision, now time.Time, requestID string) ([]builtScript, error) {
	cd, v := d.chip, a.version
	facts := readCardFacts(v, cd.iad)
	if a.status != AccountActive {
		return nil, nil // no PIN for a lost or blocked card
	}
	needPIN := a.pin.State == PINRegistered || a.pin.State == PINSentInScript
	needUnblock := a.pin.State == PINOnChip && a.pin.UnblockRequested &&
		(facts.pinTryLimitExceeded || cd.tvr.Has(emv.TVRPINTryLimitExceeded))
	if !needPIN && !needUnblock {
		return nil, nil
	}
	var err error
	keys := d.keys
	if keys.SMI, err = cryptogram.DeriveMasterKey(iss.cfg.IMKSMI, v.MasterKey, a.pan, a.psn); err != nil {
		return nil, err
	}
	if keys.SMC, err = cryptogram.DeriveMasterKey(iss.cfg.IMKSMC, v.MasterKey, a.pan, a.psn); err != nil {
		return nil, err
	}
	ctx := cryptogram.ScriptContext{ATC: cd.atc, ARQC: cd.arqc}
	atc := cd.atcValue()
	var out []builtScript
	if needPIN {
		cmd, err := v.PINChangeCommand(keys, a.pinDigits, "", ctx) // P2 02: new PIN, no current PIN
		if err != nil {
			return nil, fmt.Errorf("PIN script: %w", err)
		}
		s, err := iss.template(scriptPIN, cmd)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		a.pin.State = PINSentInScript
		a.pin.ScriptATC = uint16(atc)
		a.pin.ScriptID = s.id
		a.pin.Sends++
		a.append(now, LogEntry{Event: EventPINScriptSent, RequestID: requestID, ATC: atc,
			Detail: fmt.Sprintf("script %X, send %d", s.id, a.pin.Sends)})
	}
	if needUnblock {
		cmd, err := v.PINChangeCommand(keys, "", "", ctx) // P2 00: PIN UNBLOCK
		if err != nil {
			return nil, fmt.Errorf("PIN unblock script: %w", err)
		}
		s, err := iss.template(scriptUnblock, cmd)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		a.pin.UnblockRequested = false
		a.append(now, LogEntry{Event: EventUnblockScriptSent, RequestID: requestID, ATC: atc, Detail: fmt.Sprintf("script %X", s.id)})
	}
	return out, nil
}

// template wraps one command in an issuer script template 72 with a fresh
// script identifier (9F18).
func (iss *Issuer) template(kind scriptKind, cmd emv.Command) (builtScript, error) {
	raw, err := cmd.Bytes()
	if err != nil {
		return builtScript{}, err
	}
	var id [4]byte
	binary.BigEndian.PutUint32(id[:], iss.scripts.Add(1))
	var body []byte
	body = emv.AppendTLV(body, emv.TagIssuerScriptIdentifier, id[:])
	body = emv.AppendTLV(body, emv.TagIssuerScriptCommand, raw)
	return builtScript{
		sentScript: sentScript{id: id, kind: kind},
		template:   emv.AppendTLV(nil, emv.TagIssuerScriptTemplate2, body),
	}, nil
}

// noteCardEvidence moves a PIN sent in a script to "on the chip" when this
// transaction's card data prove it arrived: an offline PIN verified by the
// chip (9F34), script results of the earlier transaction (9F5B), or the
// card's CVR counting script commands processed on the last online
// transaction without failure. The caller holds a.mu.
func (iss *Issuer) noteCardEvidence(a *account, cd *chipData, now time.Time) {
	if a.pin.State != PINSentInScript {
		return
	}
	atc := cd.atcValue()
	facts := readCardFacts(a.version, cd.iad)
	var why string
	switch {
	case cd.offlinePINSucceeded():
		why = "offline PIN verified by the chip"
	case scriptSucceeded(cd.scripts, a.pin.ScriptID):
		why = "script results in the request"
	case facts.scriptsProcessed > 0 && !facts.scriptFailed && int(a.pin.ScriptATC) < atc:
		why = fmt.Sprintf("card reports %d script commands processed", facts.scriptsProcessed)
	default:
		if facts.scriptFailed {
			a.append(now, LogEntry{Event: EventScriptFailed, ATC: atc, Detail: "card reports issuer script processing failed"})
		}
		return
	}
	a.pin.State = PINOnChip
	a.append(now, LogEntry{Event: EventPINOnChip, ATC: atc, Detail: why})
}

// scriptResult is one entry of Issuer Script Results (9F5B): a result
// nibble (0 not performed, 1 failed, 2 performed), the sequence number of
// the failing command and the script identifier (Book 3 Annex A, §10.10).
type scriptResult struct {
	result byte
	seq    byte
	id     [4]byte
}

// Script result values of 9F5B byte 1 b8-b5.
const (
	scriptNotPerformed byte = 0
	scriptFailed       byte = 1
	scriptPerformed    byte = 2
)

// parseScriptResults splits 9F5B into its 5-byte entries.
func parseScriptResults(b []byte) ([]scriptResult, error) {
	if len(b)%5 != 0 {
		return nil, fmt.Errorf("%w: script results of %d bytes", ErrAdvice, len(b))
	}
	out := make([]scriptResult, 0, len(b)/5)
	for i := 0; i < len(b); i += 5 {
		r := scriptResult{result: b[i] >> 4, seq: b[i] & 0x0F}
		copy(r.id[:], b[i+1:i+5])
		out = append(out, r)
	}
	return out, nil
}

// scriptSucceeded reports 9F5B data saying script id was performed.
func scriptSucceeded(b []byte, id [4]byte) bool {
	rs, err := parseScriptResults(b)
	if err != nil {
		return false
	}
	for _, r := range rs {
		if r.id == id && r.result == scriptPerformed {
			return true
		}
	}
	return false
}
