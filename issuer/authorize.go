package issuer

import (
	"fmt"
	"strings"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// authorisation is an authorisation the issuer answered, kept for the
// completion that refers to it.
type authorisation struct {
	acct     *account
	amount   int64
	approved bool
	reversed bool
	answered bool // the response is decided; until then advices are refused
	done     bool // a completion or reversal arrived
	atc      int
	scripts  []sentScript
}

// sentScript is an issuer script that went out in a response.
type sentScript struct {
	id   [4]byte
	kind scriptKind
}

type scriptKind int

const (
	scriptPIN     scriptKind = iota + 1 // PIN CHANGE/UNBLOCK P2 02: write the registered PIN
	scriptUnblock                       // PIN CHANGE/UNBLOCK P2 00: reset the try counter
)

// decision is the outcome of one authorisation request.
type decision struct {
	code   emv.ResponseCode
	detail string // why, for the log; never secret
	chip   *chipData
	keys   cryptogram.ICCKeys
	// session is the transaction's cryptogram key: it verified the ARQC and
	// computes the ARPC.
	session cryptogram.Session
	// arpc says the cryptogram verified, so issuer authentication data can
	// be returned.
	arpc bool
}

// Authorize answers an authorisation request the way an issuer host does.
// It satisfies the terminal's Host interface together with Advise. Every
// request gets a response: a malformed one is answered with
// emv.ResponseFormatError, so the error is always nil (it exists for
// hosts that can be unreachable).
//
// For a chip request it rebuilds the cryptogram input from DE55 and
// verifies the ARQC with the card's keys derived from the issuer master
// keys, refuses a replayed or implausibly advanced ATC, checks the account,
// the amount and the card's expiry; it returns issuer authentication data
// (91) with the ARPC and, for contact chip requests only, the issuer
// scripts the card needs (template 72): the registered PIN, or a PIN
// unblock the cardholder asked for. For a stripe read it checks the CVV and
// refuses chip data replayed as a stripe and a chip card swiped without
// fallback.
func (iss *Issuer) Authorize(req emv.AuthorizationRequest) (emv.AuthorizationResponse, error) {
	resp := emv.AuthorizationResponse{RequestID: req.ID}
	a, err := iss.lookup(req.PAN)
	if err != nil {
		resp.Code = emv.ResponseInvalidCard
		return resp, nil
	}
	// Register the request ID for the advice that will follow. A reused ID
	// (a terminal restarted with the same terminal ID and counter) takes
	// over the name; the earlier authorisation stays booked as it was.
	var auth *authorisation
	reused := false
	if req.ID != "" {
		auth = &authorisation{acct: a, atc: -1}
		iss.mu.Lock()
		_, reused = iss.auths[req.ID]
		iss.auths[req.ID] = auth
		iss.mu.Unlock()
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	now := iss.cfg.Now()
	var d decision
	switch {
	case req.EntryMode.IsChip():
		d = iss.decideChip(a, &req, now)
	case req.EntryMode == emv.EntryModeMagstripe || req.EntryMode == emv.EntryModeFallback ||
		req.EntryMode == emv.EntryModeContactlessMagstripe:
		d = iss.decideStripe(a, &req, now)
	case req.EntryMode == emv.EntryModeManual || req.EntryMode == emv.EntryModeCredentialOnFile:
		d = iss.decideAccount(a, req.Amount, now)
	default:
		d = decision{code: emv.ResponseFormatError, detail: "unknown POS entry mode"}
	}

	if reused {
		d.detail = joinDetail(d.detail, "request ID reused")
	}
	resp.Code = d.code
	atc := -1
	if d.chip != nil {
		atc = d.chip.atcValue()
	}
	if d.code.Approved() {
		resp.AuthorisationCode = iss.approvalCode()
		a.balance += req.Amount
		a.append(now, LogEntry{Event: EventAuthorised, RequestID: req.ID, Amount: req.Amount, Code: d.code, ATC: atc, Detail: d.detail})
	} else {
		a.append(now, LogEntry{Event: EventDeclined, RequestID: req.ID, Amount: req.Amount, Code: d.code, ATC: atc, Detail: d.detail})
	}
	if auth != nil {
		auth.amount, auth.approved, auth.atc, auth.answered = req.Amount, d.code.Approved(), atc, true
	}
	if d.arpc {
		resp.ICCData, err = iss.respondChip(a, &req, &d, auth, now)
		if err != nil { // key or version trouble: the card cannot be answered
			resp.Code, resp.AuthorisationCode, resp.ICCData = emv.ResponseCryptographicError, "", nil
			if d.code.Approved() {
				a.balance -= req.Amount
				if auth != nil {
					auth.approved = false
				}
			}
			a.append(now, LogEntry{Event: EventDeclined, RequestID: req.ID, Code: resp.Code, ATC: atc, Detail: "issuer authentication data: " + err.Error()})
		}
	}
	return resp, nil
}

// decideChip handles EMV chip requests, contact and contactless.
func (iss *Issuer) decideChip(a *account, req *emv.AuthorizationRequest, now time.Time) decision {
	cd, err := parseChipData(req.ICCData)
	if err != nil {
		return decision{code: emv.ResponseFormatError, detail: err.Error()}
	}
	if !cd.isARQC() {
		return decision{code: emv.ResponseInvalidTransaction, detail: "cryptogram is not an ARQC"}
	}
	if req.Amount < 0 || uint64(req.Amount) != cd.amount {
		return decision{code: emv.ResponseInvalidAmount, detail: "amount differs from the amount the card signed"}
	}
	if req.PANSequenceNumber >= 0 && req.PANSequenceNumber != int(bcdValue(a.psn)) {
		return decision{code: emv.ResponseInvalidCard, detail: "PAN sequence number differs"}
	}
	v := a.version
	mkAC, err := cryptogram.DeriveMasterKey(iss.cfg.IMKAC, v.MasterKey, a.pan, a.psn)
	if err != nil {
		return decision{code: emv.ResponseCryptographicError, detail: "key derivation: " + err.Error()}
	}
	if _, err := v.ParseIAD(cd.iad); err != nil {
		return decision{code: emv.ResponseCryptographicError, detail: "issuer application data: " + err.Error()}
	}
	session, err := v.NewSession(mkAC, cd.atc, cd.un)
	if err != nil {
		return decision{code: emv.ResponseCryptographicError, detail: "session key: " + err.Error()}
	}
	if err := session.VerifyApplicationCryptogram(cd.acParams(), cd.arqc); err != nil {
		return decision{code: emv.ResponseCryptographicError, detail: "ARQC does not verify"}
	}
	atc := cd.atcValue()
	switch {
	case a.lastATC >= 0 && atc <= a.lastATC:
		return decision{code: emv.ResponseSecurityViolation, detail: fmt.Sprintf("ATC %04X replayed (last %04X)", atc, a.lastATC)}
	case atc > max(a.lastATC, 0)+iss.cfg.MaxATCGap:
		return decision{code: emv.ResponseSecurityViolation, detail: fmt.Sprintf("ATC %04X too far ahead of %04X", atc, a.lastATC)}
	}
	a.lastATC = atc
	d := decision{chip: &cd, arpc: true}
	d.keys.AC = mkAC
	d.session = session
	if code, why := iss.checkChipTrack2(a, cd.track2, req.Track2); code != "" {
		d.code, d.detail = code, why
		return d
	}
	acc := iss.decideAccount(a, req.Amount, now)
	d.code, d.detail = acc.code, joinDetail(acc.detail, describeFacts(v, &cd))
	return d
}

// describeFacts summarises for the log what the card (CVR) and the terminal
// (TVR) reported.
func describeFacts(v cryptogram.Version, cd *chipData) string {
	var parts []string
	f := readCardFacts(v, cd.iad)
	if f.pinTryLimitExceeded {
		parts = append(parts, "card: PIN try limit exceeded")
	}
	if f.scriptsProcessed > 0 {
		parts = append(parts, fmt.Sprintf("card: %d script commands run last time", f.scriptsProcessed))
	}
	if f.scriptFailed {
		parts = append(parts, "card: script failed last time")
	}
	if cd.tvr != (emv.TVR{}) {
		parts = append(parts, "TVR: "+cd.tvr.String())
	}
	return strings.Join(parts, "; ")
}

// joinDetail joins two log details.
func joinDetail(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}

// decideAccount checks what every request needs: status, expiry, amount
// and limit.
func (iss *Issuer) decideAccount(a *account, amount int64, now time.Time) decision {
	switch {
	case a.status == AccountLost:
		return decision{code: emv.ResponseLostCard, detail: "card reported lost"}
	case a.status != AccountActive:
		return decision{code: emv.ResponseDoNotHonour, detail: "account " + a.status.String()}
	case expired(a.expiry, now):
		return decision{code: emv.ResponseExpiredCard, detail: "card expired"}
	case amount <= 0:
		return decision{code: emv.ResponseInvalidAmount, detail: "amount must be positive"}
	case amount > a.limit-a.balance:
		return decision{code: emv.ResponseInsufficientFunds, detail: "over the credit limit"}
	}
	return decision{code: emv.ResponseApproved}
}

// respondChip builds the response's DE55: issuer authentication data, then
// the scripts this transaction should carry.
func (iss *Issuer) respondChip(a *account, req *emv.AuthorizationRequest, d *decision, auth *authorisation, now time.Time) ([]byte, error) {
	cd := d.chip
	p := cryptogram.ARPCParams{ARQC: cd.arqc, ATC: cd.atc, UN: cd.un}
	copy(p.ARC[:], d.code)
	if d.code.Approved() {
		p.CSU = csuApproved
	}
	iad, err := d.session.AppendIssuerAuthenticationData(nil, p)
	if err != nil {
		return nil, err
	}
	out := emv.AppendTLV(nil, emv.TagIssuerAuthenticationData, iad)
	if req.EntryMode != emv.EntryModeChip {
		return out, nil // contactless: no scripts (the story: a tap never writes the PIN)
	}
	iss.noteCardEvidence(a, cd, now)
	scripts, err := iss.scriptsFor(a, d, now, req.ID)
	if err != nil {
		return nil, err
	}
	for _, s := range scripts {
		out = append(out, s.template...)
		if auth != nil {
			auth.scripts = append(auth.scripts, s.sentScript)
		}
	}
	return out, nil
}

// csuApproved is the Card Status Update of ARPC method 2 for an approval:
// byte 2 b8 "issuer approves online transaction" and b2-b1 "add the
// transaction to the offline counters" (the value jPOS's CVN 18 builder
// returns for an approval); a decline sends zeros.
var csuApproved = [4]byte{0x00, 0x83, 0x00, 0x00}

// approvalCode is the next 6-digit authorisation code (tag 89).
func (iss *Issuer) approvalCode() string {
	n := iss.approvals.Add(1)
	return fmt.Sprintf("%06d", n%1000000)
}

// expired reports an expiry date YYMMDD before now's date.
func expired(yymmdd string, now time.Time) bool {
	t, err := time.Parse("060102", yymmdd)
	if err != nil {
		return true
	}
	return now.UTC().After(t.Add(24*time.Hour - time.Nanosecond))
}

// bcdValue reads a one-byte BCD number.
func bcdValue(b byte) int { return int(b>>4)*10 + int(b&0x0F) }
