package issuer

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"time"
)

// Identity checks and PIN registration shared by the online and phone
// channels. Every function here is called with the account's mutex held.

// sameCode compares two codes in constant time.
func sameCode(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// lockedOut reports a lock-out still in force.
func (a *account) lockedOut(now time.Time) bool { return now.Before(a.lockedUntil) }

// checkIdentity counts a failed identity step and locks the card's
// registration at the limit. ok true changes nothing.
func (iss *Issuer) checkIdentity(a *account, step string, ok bool, failure error) error {
	now := iss.cfg.Now()
	if a.lockedOut(now) {
		return &RegistrationError{Step: step, Err: ErrLockedOut}
	}
	if ok {
		return nil
	}
	a.failures++
	a.append(now, LogEntry{Event: EventIdentityFailed, ATC: -1, Detail: step})
	if a.failures >= iss.cfg.MaxAttempts {
		a.failures = 0
		a.otp = nil
		a.lockedUntil = now.Add(iss.cfg.LockOut)
		a.append(now, LogEntry{Event: EventLockedOut, ATC: -1, Detail: "until " + a.lockedUntil.UTC().Format(time.RFC3339)})
		return &RegistrationError{Step: step, Err: ErrLockedOut}
	}
	return &RegistrationError{Step: step, AttemptsLeft: iss.cfg.MaxAttempts - a.failures, Err: failure}
}

// openFor refuses a locked or inactive account.
func (iss *Issuer) openFor(a *account, step string) error {
	if a.lockedOut(iss.cfg.Now()) {
		return &RegistrationError{Step: step, Err: ErrLockedOut}
	}
	if a.status != AccountActive {
		return &RegistrationError{Step: step, AttemptsLeft: -1, Err: ErrAccountNotActive}
	}
	return nil
}

// sendCode makes a new one-time code and hands it to the notifier.
func (iss *Issuer) sendCode(a *account, ch Channel) error {
	const step = "one-time code"
	var to string
	switch ch {
	case ChannelSMS:
		to = a.phone
	case ChannelEmail:
		to = a.email
	}
	if to == "" {
		return &RegistrationError{Step: step, AttemptsLeft: -1, Err: ErrNoContact}
	}
	code, err := iss.randomDigits(6)
	if err != nil {
		return err
	}
	now := iss.cfg.Now()
	exp := now.Add(iss.cfg.OneTimeCodeValidity)
	a.otp = nil
	if err := iss.cfg.Notifier.Notify(OneTimeCode{Channel: ch, To: to, PAN: a.masked(), Code: code, Expires: exp}); err != nil {
		return &RegistrationError{Step: step, AttemptsLeft: -1, Err: fmt.Errorf("%w: %w", ErrNotification, err)}
	}
	a.otp = &pendingCode{code: code, expires: exp}
	a.append(now, LogEntry{Event: EventOneTimeCodeSent, ATC: -1, Detail: ch.String()})
	return nil
}

// checkCode checks a one-time code; a code is good once.
func (iss *Issuer) checkCode(a *account, code string) error {
	const step = "one-time code"
	if err := iss.openFor(a, step); err != nil {
		return err
	}
	if a.otp == nil {
		return &RegistrationError{Step: step, AttemptsLeft: -1, Err: ErrNoOneTimeCode}
	}
	if !iss.cfg.Now().Before(a.otp.expires) {
		a.otp = nil
		return &RegistrationError{Step: step, AttemptsLeft: -1, Err: ErrOneTimeCodeExpired}
	}
	if err := iss.checkIdentity(a, step, sameCode(code, a.otp.code), ErrWrongOneTimeCode); err != nil {
		return err
	}
	a.otp = nil
	return nil
}

// identified ends a successful identity check.
func (a *account) identified() { a.failures = 0 }

// canRegister refuses a second registration.
func (a *account) canRegister() error {
	if a.pin.State != PINNotRegistered {
		return &RegistrationError{Step: "PIN", AttemptsLeft: -1, Err: ErrAlreadyRegistered}
	}
	return nil
}

// register records the PIN, once, and tells the card object the PIN is
// registered with the issuer.
func (iss *Issuer) register(a *account, pin, channel string) error {
	if err := a.canRegister(); err != nil {
		return err
	}
	if err := iss.cfg.PIN.Check(pin); err != nil {
		return &RegistrationError{Step: "PIN", AttemptsLeft: -1, Err: err}
	}
	a.pinDigits = pin
	a.pin.State = PINRegistered
	if a.card != nil {
		a.card.SetPINRegistered() // the card object's bookkeeping; the chip is unchanged
	}
	a.append(iss.cfg.Now(), LogEntry{Event: EventPINRegistered, ATC: -1, Detail: channel})
	return nil
}

// lookUp returns the registered PIN.
func (iss *Issuer) lookUp(a *account, channel string) (string, error) {
	if a.pin.State == PINNotRegistered {
		return "", &RegistrationError{Step: "lookup", AttemptsLeft: -1, Err: ErrNotRegistered}
	}
	a.append(iss.cfg.Now(), LogEntry{Event: EventPINLookedUp, ATC: -1, Detail: channel})
	return a.pinDigits, nil
}

// isLockOut reports a lock-out error.
func isLockOut(err error) bool { return errors.Is(err, ErrLockedOut) }
