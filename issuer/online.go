package issuer

import "sync"

// OnlineSession is a cardholder logged in to the issuer's online service,
// registering or looking up a card's PIN: the front code, the back code, a
// one-time code sent by SMS or e-mail, then the PIN. Steps must come in that
// order; a wrong code keeps the session at its step. Safe for concurrent
// use, though one cardholder drives it.
type OnlineSession struct {
	iss *Issuer
	a   *account

	mu   sync.Mutex
	step onlineStep
}

type onlineStep int

const (
	onlineFront onlineStep = iota
	onlineBack
	onlineSendCode
	onlineCode
	onlineVerified
	onlineEnded
)

// Login opens an online session for the card with this PAN.
func (iss *Issuer) Login(pan string) (*OnlineSession, error) {
	a, err := iss.lookup(pan)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := iss.openFor(a, "login"); err != nil {
		return nil, err
	}
	return &OnlineSession{iss: iss, a: a}, nil
}

// at checks the session is at one of the steps; the caller holds s.mu.
func (s *OnlineSession) at(step string, want ...onlineStep) error {
	if s.step == onlineEnded {
		return &RegistrationError{Step: step, AttemptsLeft: -1, Err: ErrSessionEnded}
	}
	for _, w := range want {
		if s.step == w {
			return nil
		}
	}
	return &RegistrationError{Step: step, AttemptsLeft: -1, Err: ErrStep}
}

// fail ends the session on a lock-out and passes err on.
func (s *OnlineSession) fail(err error) error {
	if isLockOut(err) {
		s.step = onlineEnded
	}
	return err
}

// EnterFrontCode checks the 4-digit security code printed on the front.
func (s *OnlineSession) EnterFrontCode(code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.at("front code", onlineFront); err != nil {
		return err
	}
	s.a.mu.Lock()
	defer s.a.mu.Unlock()
	if err := s.iss.checkIdentity(s.a, "front code", sameCode(code, s.a.frontCode), ErrWrongFrontCode); err != nil {
		return s.fail(err)
	}
	s.step = onlineBack
	return nil
}

// EnterBackCode checks the 3-digit security code printed on the back.
func (s *OnlineSession) EnterBackCode(code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.at("back code", onlineBack); err != nil {
		return err
	}
	s.a.mu.Lock()
	defer s.a.mu.Unlock()
	if err := s.iss.checkIdentity(s.a, "back code", sameCode(code, s.a.backCode), ErrWrongBackCode); err != nil {
		return s.fail(err)
	}
	s.step = onlineSendCode
	return nil
}

// SendOneTimeCode sends a one-time code by SMS or e-mail through the
// issuer's Notifier. Sending again replaces the previous code.
func (s *OnlineSession) SendOneTimeCode(ch Channel) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.at("one-time code", onlineSendCode, onlineCode); err != nil {
		return err
	}
	s.a.mu.Lock()
	defer s.a.mu.Unlock()
	if err := s.iss.openFor(s.a, "one-time code"); err != nil {
		return s.fail(err)
	}
	if err := s.iss.sendCode(s.a, ch); err != nil {
		return err
	}
	s.step = onlineCode
	return nil
}

// EnterOneTimeCode checks the code the cardholder received. It completes
// the identity check.
func (s *OnlineSession) EnterOneTimeCode(code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.at("one-time code", onlineCode); err != nil {
		return err
	}
	s.a.mu.Lock()
	defer s.a.mu.Unlock()
	if err := s.iss.checkCode(s.a, code); err != nil {
		return s.fail(err)
	}
	s.a.identified()
	s.step = onlineVerified
	return nil
}

// RegisterPIN registers the card's PIN, once; the issuer's policy decides
// which PINs are acceptable.
func (s *OnlineSession) RegisterPIN(pin string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.at("PIN", onlineVerified); err != nil {
		return err
	}
	s.a.mu.Lock()
	defer s.a.mu.Unlock()
	return s.iss.register(s.a, pin, "online")
}

// LookUpPIN returns the registered PIN to the verified cardholder.
func (s *OnlineSession) LookUpPIN() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.at("lookup", onlineVerified); err != nil {
		return "", err
	}
	s.a.mu.Lock()
	defer s.a.mu.Unlock()
	return s.iss.lookUp(s.a, "online")
}

// Logout ends the session.
func (s *OnlineSession) Logout() {
	s.mu.Lock()
	s.step = onlineEnded
	s.mu.Unlock()
}

// String names the session's card, masked.
func (s *OnlineSession) String() string { return "issuer.OnlineSession(card " + s.a.masked() + ")" }

// GoString is String, so %#v does not reach the account.
func (s *OnlineSession) GoString() string { return s.String() }
