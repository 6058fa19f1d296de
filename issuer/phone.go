package issuer

import (
	"sync"
)

// PhonePrompt is what the automated voice asks for next.
type PhonePrompt int

// Prompts of the issuer's automated phone line, in call order.
const (
	PromptCardNumber   PhonePrompt = iota + 1 // "key in your card number"
	PromptFrontCode                           // "the 4-digit code on the front"
	PromptBackCode                            // "the 3-digit code on the back"
	PromptTelephonePIN                        // "your telephone PIN, or stay on the line"
	PromptMenu                                // "1 to register your PIN"; lookup is LookUpPIN
	PromptNewPIN                              // "key in your new 4-digit PIN"
	PromptConfirmPIN                          // "key it in again"
	PromptGoodbye                             // the call is over
)

var promptNames = [...]string{
	PromptCardNumber:   "card number",
	PromptFrontCode:    "front code",
	PromptBackCode:     "back code",
	PromptTelephonePIN: "telephone PIN",
	PromptMenu:         "menu",
	PromptNewPIN:       "new PIN",
	PromptConfirmPIN:   "confirm PIN",
	PromptGoodbye:      "goodbye",
}

// String names the prompt.
func (p PhonePrompt) String() string {
	if p > 0 && int(p) < len(promptNames) {
		return promptNames[p]
	}
	return "unknown prompt"
}

// PhoneCall is one call to the issuer's automated PIN line: the card number
// and the two printed codes identify the cardholder; the line then asks for
// a telephone PIN, which a new cardholder does not have (Skip goes on
// without it); then the PIN is keyed twice. Safe for concurrent use.
type PhoneCall struct {
	iss *Issuer

	mu       sync.Mutex
	prompt   PhonePrompt
	a        *account
	misses   int    // unknown card numbers keyed on this call
	firstPIN string // the first of the two PIN entries
}

// Call dials the automated PIN line.
func (iss *Issuer) Call() *PhoneCall { return &PhoneCall{iss: iss, prompt: PromptCardNumber} }

// Prompt is what the voice asks for now.
func (c *PhoneCall) Prompt() PhonePrompt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.prompt
}

// Key sends the digits keyed in answer to the current prompt and returns
// the next prompt. A wrong answer keeps the prompt (or, for the second PIN
// entry, goes back to the first) and says why in the error; a lock-out ends
// the call.
func (c *PhoneCall) Key(digits string) (PhonePrompt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.prompt == PromptGoodbye {
		return c.prompt, &RegistrationError{Step: "call", AttemptsLeft: -1, Err: ErrSessionEnded}
	}
	if c.prompt == PromptCardNumber {
		return c.prompt, c.cardNumber(digits)
	}
	c.a.mu.Lock()
	defer c.a.mu.Unlock()
	err := c.answer(digits)
	if isLockOut(err) {
		c.prompt = PromptGoodbye
	}
	return c.prompt, err
}

// cardNumber identifies the card; too many unknown numbers end the call.
func (c *PhoneCall) cardNumber(pan string) error {
	a, err := c.iss.lookup(pan)
	if err != nil {
		c.misses++
		left := c.iss.cfg.MaxAttempts - c.misses
		if left <= 0 {
			c.prompt = PromptGoodbye
			return &RegistrationError{Step: "card number", Err: ErrLockedOut}
		}
		return &RegistrationError{Step: "card number", AttemptsLeft: left, Err: ErrUnknownCard}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := c.iss.openFor(a, "card number"); err != nil {
		c.prompt = PromptGoodbye
		return err
	}
	c.a = a
	c.prompt = PromptFrontCode
	return nil
}

// answer handles every prompt after the card number; the caller holds
// c.a.mu.
func (c *PhoneCall) answer(digits string) error {
	iss, a := c.iss, c.a
	switch c.prompt {
	case PromptFrontCode:
		if err := iss.checkIdentity(a, "front code", sameCode(digits, a.frontCode), ErrWrongFrontCode); err != nil {
			return err
		}
		c.prompt = PromptBackCode
	case PromptBackCode:
		if err := iss.checkIdentity(a, "back code", sameCode(digits, a.backCode), ErrWrongBackCode); err != nil {
			return err
		}
		c.prompt = PromptTelephonePIN
	case PromptTelephonePIN:
		ok := a.telephonePIN != "" && sameCode(digits, a.telephonePIN)
		if err := iss.checkIdentity(a, "telephone PIN", ok, ErrWrongTelephonePIN); err != nil {
			return err
		}
		a.identified()
		c.prompt = PromptMenu
	case PromptMenu:
		if digits != "1" {
			return &RegistrationError{Step: "menu", AttemptsLeft: -1, Err: ErrStep}
		}
		if err := a.canRegister(); err != nil {
			return err
		}
		c.prompt = PromptNewPIN
	case PromptNewPIN:
		if err := a.canRegister(); err != nil {
			return err
		}
		if err := iss.cfg.PIN.Check(digits); err != nil {
			return &RegistrationError{Step: "PIN", AttemptsLeft: -1, Err: err}
		}
		c.firstPIN = digits
		c.prompt = PromptConfirmPIN
	case PromptConfirmPIN:
		first := c.firstPIN
		c.firstPIN = ""
		if !sameCode(digits, first) {
			c.prompt = PromptNewPIN
			return &RegistrationError{Step: "PIN", AttemptsLeft: -1, Err: ErrPINMismatch}
		}
		if err := iss.register(a, digits, "phone"); err != nil {
			c.prompt = PromptMenu
			return err
		}
		c.prompt = PromptGoodbye
	}
	return nil
}

// Skip lets the telephone PIN prompt run to its end without keying
// anything: the line goes on to the menu, the cardholder having been
// identified by the card number and the printed codes.
func (c *PhoneCall) Skip() (PhonePrompt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.prompt != PromptTelephonePIN {
		return c.prompt, &RegistrationError{Step: c.prompt.String(), AttemptsLeft: -1, Err: ErrStep}
	}
	c.a.mu.Lock()
	defer c.a.mu.Unlock()
	if err := c.iss.openFor(c.a, "telephone PIN"); err != nil {
		c.prompt = PromptGoodbye
		return c.prompt, err
	}
	c.a.identified()
	c.prompt = PromptMenu
	return c.prompt, nil
}

// LookUpPIN has the voice read out the registered PIN: at the menu, after
// the identity check.
func (c *PhoneCall) LookUpPIN() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.prompt != PromptMenu {
		return "", &RegistrationError{Step: "lookup", AttemptsLeft: -1, Err: ErrStep}
	}
	c.a.mu.Lock()
	defer c.a.mu.Unlock()
	return c.iss.lookUp(c.a, "phone")
}

// HangUp ends the call.
func (c *PhoneCall) HangUp() {
	c.mu.Lock()
	c.prompt = PromptGoodbye
	c.firstPIN = ""
	c.mu.Unlock()
}

// String is the call's current prompt; it never shows what was keyed.
func (c *PhoneCall) String() string { return "issuer.PhoneCall(" + c.Prompt().String() + ")" }

// GoString is String, so %#v does not reach the account.
func (c *PhoneCall) GoString() string { return c.String() }
