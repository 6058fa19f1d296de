package issuer

// PINPolicy is the issuer's rule for cardholder PINs.
type PINPolicy struct {
	// AtIssuance writes the PIN chosen on the application form into the chip
	// before the card is mailed, as most issuers do. When false (this
	// story's issuer) the card leaves with no PIN on the chip; the
	// cardholder registers one online or by phone and the first online
	// contact-chip transaction writes it with an issuer script.
	AtIssuance bool
	// Length is the number of digits a PIN must have; 0 means 4.
	Length int
	// RefuseTrivial refuses PINs of one repeated digit (0000) and runs of
	// consecutive digits up or down (1234, 9876).
	RefuseTrivial bool
	// TryLimit is the chip's PIN try limit; 0 means 3.
	TryLimit int
}

func (p PINPolicy) length() int {
	if p.Length == 0 {
		return 4
	}
	return p.Length
}

func (p PINPolicy) tryLimit() int {
	if p.TryLimit == 0 {
		return 3
	}
	return p.TryLimit
}

// Check reports whether pin meets the policy: ErrPINDigits, ErrPINLength or
// ErrPINTrivial otherwise.
func (p PINPolicy) Check(pin string) error {
	if !isDigits(pin) {
		return ErrPINDigits
	}
	if len(pin) != p.length() {
		return ErrPINLength
	}
	if p.RefuseTrivial && trivialPIN(pin) {
		return ErrPINTrivial
	}
	return nil
}

// trivialPIN is true for one repeated digit or a run of consecutive digits
// going up or down by one.
func trivialPIN(pin string) bool {
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		d := int(pin[i]) - int(pin[i-1])
		same = same && d == 0
		up = up && d == 1
		down = down && d == -1
	}
	return same || up || down
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
