package card

import (
	"crypto/subtle"

	"github.com/emvsim/emvsim/emv"
)

// verify is VERIFY (Book 3 §6.5.13) of the offline PIN: P2 80 plaintext,
// P2 88 enciphered (Book 2 §7). Only the contact face has it.
//
// A card whose PIN reference data were never initialised answers 6984, and
// its PIN try counter reads 0: the terminal concludes "PIN try limit
// exceeded". A blocked PIN answers 6983; a wrong PIN 63Cx with the tries
// left.
func (c *Card) verify(cmd emv.Command) emv.SW {
	if c.s.face != faceContact {
		return emv.SWINSNotSupported
	}
	if cmd.P1 != 0 || (cmd.P2 != emv.P2PlaintextPIN && cmd.P2 != emv.P2EncipheredPIN) {
		return emv.SWIncorrectP1P2
	}
	if c.s.df != dfApp || c.s.phase != phaseInitiated {
		return emv.SWConditionsNotSatisfied
	}
	if c.work.PINLen == 0 {
		return emv.SWReferenceDataNotUsable
	}
	if c.work.PINTries == 0 {
		return emv.SWAuthMethodBlocked
	}
	var block []byte
	switch cmd.P2 {
	case emv.P2PlaintextPIN:
		if len(cmd.Data) != 8 {
			return emv.SWWrongLength
		}
		block = cmd.Data
	case emv.P2EncipheredPIN:
		b, sw := c.decipherPIN(cmd.Data)
		if sw != emv.SWSuccess {
			return sw
		}
		block = b
	}
	digits, ok := parsePINBlock(block)
	if !ok {
		return emv.SWWrongData
	}
	c.s.cvmPIN = true
	if !c.pinMatches(digits) {
		st := c.w()
		st.PINTries--
		c.s.pinFailed = true
		return emv.SWCounter | emv.SW(st.PINTries)
	}
	if lim := uint8(tryLimit(&c.profile)); c.work.PINTries != lim {
		c.w().PINTries = lim
	}
	c.s.pinOK, c.s.pinFailed = true, false
	return emv.SWSuccess
}

// parsePINBlock reads the plaintext offline PIN block of Book 3 §6.5.13:
// control 2, PIN length 4 to 12, the digits, F filler. It returns the
// digits as values 0-9.
func parsePINBlock(b []byte) ([]byte, bool) {
	if len(b) != 8 || b[0]>>4 != 2 {
		return nil, false
	}
	n := int(b[0] & 0x0F)
	if n < 4 || n > 12 {
		return nil, false
	}
	digits := make([]byte, 0, 12)
	for i := 0; i < 14; i++ {
		nib := b[1+i/2] >> 4
		if i%2 == 1 {
			nib = b[1+i/2] & 0x0F
		}
		switch {
		case i < n && nib <= 9:
			digits = append(digits, nib)
		case i >= n && nib == 0xF:
		default:
			return nil, false
		}
	}
	return digits, true
}

// pinMatches compares in constant time.
func (c *Card) pinMatches(digits []byte) bool {
	n := int(c.work.PINLen)
	if len(digits) != n {
		return false
	}
	return subtle.ConstantTimeCompare(digits, c.work.PIN[:n]) == 1
}
