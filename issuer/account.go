package issuer

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// AccountStatus is the state of a card account.
type AccountStatus int

// Account states.
const (
	AccountActive AccountStatus = iota + 1
	AccountBlocked
	AccountLost
)

// String names the status.
func (s AccountStatus) String() string {
	switch s {
	case AccountActive:
		return "active"
	case AccountBlocked:
		return "blocked"
	case AccountLost:
		return "lost"
	}
	return "unknown status"
}

// PINState is where the cardholder's PIN is, as the issuer knows it.
type PINState int

// PIN record states, in the order of the story.
const (
	// PINNotRegistered: the cardholder has not registered a PIN yet.
	PINNotRegistered PINState = iota + 1
	// PINRegistered: the issuer holds the PIN; the chip does not.
	PINRegistered
	// PINSentInScript: a PIN CHANGE/UNBLOCK script went out in an
	// authorisation response; no evidence yet that the card ran it.
	PINSentInScript
	// PINOnChip: script results or later card data showed the PIN reached
	// the chip (or it was written at issuance).
	PINOnChip
)

// String names the state.
func (s PINState) String() string {
	switch s {
	case PINNotRegistered:
		return "not registered"
	case PINRegistered:
		return "registered"
	case PINSentInScript:
		return "sent in a script"
	case PINOnChip:
		return "on the chip"
	}
	return "unknown PIN state"
}

// PINRecord is the issuer's record of a card's PIN, without the PIN.
type PINRecord struct {
	State PINState
	// ScriptATC and ScriptID identify the last PIN script sent: the ATC of
	// the transaction it was bound to and its script identifier (9F18).
	ScriptATC uint16
	ScriptID  [4]byte
	// Sends counts the PIN scripts sent so far.
	Sends int
	// UnblockRequested is set while the cardholder's request to unblock
	// the chip PIN waits for the next online contact transaction.
	UnblockRequested bool
}

// Event is what a log entry records.
type Event int

// Account log events.
const (
	EventIssued Event = iota + 1
	EventOneTimeCodeSent
	EventIdentityFailed
	EventLockedOut
	EventPINRegistered
	EventPINRefused
	EventPINLookedUp
	EventAuthorised
	EventDeclined
	EventPINScriptSent
	EventPINOnChip
	EventScriptFailed
	EventUnblockRequested
	EventUnblockScriptSent
	EventCompletion
	EventReversal
	EventOfflineAdvice
	EventStatusChanged
)

var eventNames = [...]string{
	EventIssued:            "issued",
	EventOneTimeCodeSent:   "one-time code sent",
	EventIdentityFailed:    "identity check failed",
	EventLockedOut:         "registration locked",
	EventPINRegistered:     "PIN registered",
	EventPINRefused:        "PIN refused",
	EventPINLookedUp:       "PIN looked up",
	EventAuthorised:        "authorised",
	EventDeclined:          "declined",
	EventPINScriptSent:     "PIN script sent",
	EventPINOnChip:         "PIN on chip",
	EventScriptFailed:      "script failed or not run",
	EventUnblockRequested:  "PIN unblock requested",
	EventUnblockScriptSent: "PIN unblock script sent",
	EventCompletion:        "completion",
	EventReversal:          "reversal",
	EventOfflineAdvice:     "offline advice",
	EventStatusChanged:     "status changed",
}

// String names the event.
func (e Event) String() string {
	if e > 0 && int(e) < len(eventNames) {
		return eventNames[e]
	}
	return "unknown event"
}

// LogEntry is one line of an account's append-only log. It never holds a
// PIN, a code or a key.
type LogEntry struct {
	Seq       int // 1, 2, 3… per account, without gaps
	Time      time.Time
	Event     Event
	RequestID string
	Amount    int64
	Code      emv.ResponseCode
	ATC       int // -1 when not about a transaction
	Detail    string
}

// String is one readable log line.
func (e LogEntry) String() string {
	s := strconv.Itoa(e.Seq) + " " + e.Time.UTC().Format(time.RFC3339) + " " + e.Event.String()
	if e.RequestID != "" {
		s += " request " + strconv.Quote(e.RequestID)
	}
	if e.ATC >= 0 {
		s += fmt.Sprintf(" ATC %04X", e.ATC)
	}
	if e.Amount != 0 {
		s += " amount " + strconv.FormatInt(e.Amount, 10)
	}
	if e.Code != "" {
		s += " code " + string(e.Code)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Account is a snapshot of a card account. String masks the PAN.
type Account struct {
	PAN               string
	PANSequenceNumber byte
	Status            AccountStatus
	// CreditLimit and Balance are in minor units; Balance is what is
	// owed, including approved authorisations not yet reversed.
	CreditLimit, Balance int64
	PIN                  PINRecord
	// LastATC is the highest ATC the issuer has seen from the card, in an
	// authorisation or an advice; -1 before the first. A request at or
	// below it is a replay.
	LastATC int
	// Log is a copy of the account's log.
	Log []LogEntry
}

// String summarises the account with the PAN masked.
func (a Account) String() string {
	return fmt.Sprintf("issuer.Account{%s %s, balance %d of %d, PIN %s, %d log entries}",
		emv.MaskPAN(a.PAN), a.Status, a.Balance, a.CreditLimit, a.PIN.State, len(a.Log))
}

// GoString is String.
func (a Account) GoString() string { return a.String() }

// account is the issuer's record of one card. Every field is guarded by mu;
// the log only grows.
type account struct {
	mu sync.Mutex

	pan         string
	psn         byte
	expiry      string // YYMMDD
	serviceCode string
	version     cryptogram.Version
	card        *card.Card

	status  AccountStatus
	limit   int64
	balance int64
	lastATC int

	// Registration material: the printed codes, the contact addresses, a
	// telephone PIN (none for a new cardholder) and the failure count.
	frontCode, backCode string
	phone, email        string
	telephonePIN        string
	failures            int
	lockedUntil         time.Time
	otp                 *pendingCode

	pin       PINRecord
	pinDigits string

	// offlineATCs are the ATCs of offline advices already booked.
	offlineATCs map[int]bool

	log []LogEntry
}

// pendingCode is a one-time code the cardholder was sent.
type pendingCode struct {
	code    string
	expires time.Time
}

// append adds a log entry; the caller holds a.mu.
func (a *account) append(now time.Time, e LogEntry) {
	e.Seq = len(a.log) + 1
	e.Time = now
	a.log = append(a.log, e)
}

// snapshot copies the account; the caller holds a.mu.
func (a *account) snapshot() Account {
	return Account{
		PAN: a.pan, PANSequenceNumber: a.psn, Status: a.status,
		CreditLimit: a.limit, Balance: a.balance, PIN: a.pin,
		LastATC: a.lastATC,
		Log:     append([]LogEntry(nil), a.log...),
	}
}

// masked is the masked PAN for errors.
func (a *account) masked() string { return emv.MaskPAN(a.pan) }
