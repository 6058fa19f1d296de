package issuer

import (
	"errors"
	"strconv"
)

// Errors of package issuer. Returned errors wrap one of these (errors.Is);
// none carries a PIN, a code or key material, and PANs in them are masked.
var (
	ErrConfig        = errors.New("issuer: invalid configuration")
	ErrCardRequest   = errors.New("issuer: invalid card request")
	ErrPANsExhausted = errors.New("issuer: no free PAN left in the BIN range")
	ErrUnknownCard   = errors.New("issuer: unknown card")
	ErrRandom        = errors.New("issuer: random source failed")

	// Identity checks of the registration channels.
	ErrWrongFrontCode     = errors.New("issuer: wrong security code (front of card)")
	ErrWrongBackCode      = errors.New("issuer: wrong security code (back of card)")
	ErrWrongOneTimeCode   = errors.New("issuer: wrong one-time code")
	ErrOneTimeCodeExpired = errors.New("issuer: one-time code expired")
	ErrNoOneTimeCode      = errors.New("issuer: no one-time code was sent")
	ErrWrongTelephonePIN  = errors.New("issuer: wrong telephone PIN")
	ErrLockedOut          = errors.New("issuer: too many failed attempts, registration locked")
	ErrNoContact          = errors.New("issuer: no contact address for this channel")
	ErrNotification       = errors.New("issuer: one-time code could not be delivered")
	ErrStep               = errors.New("issuer: step not expected now")
	ErrSessionEnded       = errors.New("issuer: session or call has ended")
	ErrAccountNotActive   = errors.New("issuer: account is not active")

	// PIN registration.
	ErrAlreadyRegistered = errors.New("issuer: PIN already registered for this card")
	ErrNotRegistered     = errors.New("issuer: no PIN registered for this card")
	ErrPINLength         = errors.New("issuer: PIN has the wrong length")
	ErrPINDigits         = errors.New("issuer: PIN must be decimal digits")
	ErrPINTrivial        = errors.New("issuer: PIN is a trivial sequence")
	ErrPINMismatch       = errors.New("issuer: the two PIN entries differ")

	// Authorisation and completion.
	ErrRequest        = errors.New("issuer: malformed authorisation request")
	ErrUnknownRequest = errors.New("issuer: advice refers to no authorisation")
	ErrAdvice         = errors.New("issuer: malformed advice")
	ErrNoUnblock      = errors.New("issuer: PIN unblock not possible")
)

// RegistrationError is a failed step of a PIN registration or lookup. It
// unwraps to the sentinel saying why (ErrWrongFrontCode, ErrPINTrivial, …).
// A failed step changes nothing but the failed-attempt count of the card.
type RegistrationError struct {
	// Step names the step: "front code", "back code", "one-time code",
	// "telephone PIN", "PIN", "card number", "lookup".
	Step string
	// AttemptsLeft is how many identity failures remain before the card's
	// registration locks; -1 when the step does not count attempts.
	AttemptsLeft int
	Err          error
}

// Error says what failed, at which step and how many attempts remain.
func (e *RegistrationError) Error() string {
	s := e.Err.Error() + " (" + e.Step
	if e.AttemptsLeft >= 0 {
		s += ", " + strconv.Itoa(e.AttemptsLeft) + " attempts left"
	}
	return s + ")"
}

// Unwrap returns the sentinel.
func (e *RegistrationError) Unwrap() error { return e.Err }

// CardError is an error about one card; the PAN is masked.
type CardError struct {
	PAN string // masked
	Err error
}

// Error names the problem and the masked PAN.
func (e *CardError) Error() string { return e.Err.Error() + " (card " + e.PAN + ")" }

// Unwrap returns the sentinel.
func (e *CardError) Unwrap() error { return e.Err }
