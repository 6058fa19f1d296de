package cryptogram

import (
	"fmt"

	"github.com/emvsim/emvsim/emv"
)

// P2 values of PIN CHANGE/UNBLOCK (Book 3 §6.5.10 and Book 2 §9.3).
const (
	P2PINUnblock          byte = 0x00 // reset the PIN try counter only
	P2PINChangeWithPIN    byte = 0x01 // new PIN enciphered with the current PIN
	P2PINChangeWithoutPIN byte = 0x02 // new PIN, current PIN not used
)

// checkPIN accepts 4 to 12 decimal digits.
func checkPIN(pin string) error {
	if len(pin) < 4 || len(pin) > 12 || !isDigits(pin) {
		return ErrPIN
	}
	return nil
}

// pinField is L || PIN digits || F fill, 8 bytes, with control nibble c in
// the high nibble of the first byte.
func pinField(c byte, pin string) [8]byte {
	var f [8]byte
	f[0] = c<<4 | byte(len(pin))
	for i := 2; i < 16; i++ {
		d := byte(0xF)
		if i-2 < len(pin) {
			d = pin[i-2] - '0'
		}
		if i%2 == 0 {
			f[i/2] = d << 4
		} else {
			f[i/2] |= d
		}
	}
	return f
}

// parsePINField reads a PIN from a field built by pinField.
func parsePINField(f [8]byte, c byte, fill byte) (string, error) {
	if f[0]>>4 != c {
		return "", ErrPINBlock
	}
	n := int(f[0] & 0xF)
	if n < 4 || n > 12 {
		return "", ErrPINBlock
	}
	var pin [12]byte
	for i := 2; i < 16; i++ {
		d := f[i/2] >> 4
		if i%2 == 1 {
			d = f[i/2] & 0xF
		}
		switch {
		case i-2 < n && d <= 9:
			pin[i-2] = '0' + d
		case i-2 >= n && (fill == 0xFF || d == fill):
		default:
			return "", ErrPINBlock
		}
	}
	return string(pin[:n]), nil
}

// visMask is the VIS PIN block mask: 00 00 00 00 || bytes 5 to 8 of MK-AC,
// XORed with the current PIN right-padded with zero digits when one is set.
func visMask(mkAC Key, currentPIN string) ([8]byte, error) {
	var m [8]byte
	if mkAC.alg != TDES || mkAC.n != 16 {
		return m, fmt.Errorf("%w: the VIS PIN block needs the 16-byte TDES MK-AC", ErrKeyLength)
	}
	raw := mkAC.raw()
	copy(m[4:], raw[4:8])
	if currentPIN != "" {
		if err := checkPIN(currentPIN); err != nil {
			return m, err
		}
		for i := 0; i < len(currentPIN); i++ {
			d := currentPIN[i] - '0'
			if i%2 == 0 {
				m[i/2] ^= d << 4
			} else {
				m[i/2] ^= d
			}
		}
	}
	return m, nil
}

// ScriptPINBlock builds the plaintext PIN block of PIN CHANGE/UNBLOCK for the
// version: the VIS/Amex block (with currentPIN folded in when it is not
// empty) or the ISO 9564-1 format 2 block (which takes no current PIN).
func (v Version) ScriptPINBlock(mkAC Key, newPIN, currentPIN string) ([8]byte, error) {
	if err := checkPIN(newPIN); err != nil {
		return [8]byte{}, err
	}
	switch v.PINBlock {
	case PINBlockVIS:
		m, err := visMask(mkAC, currentPIN)
		if err != nil {
			return [8]byte{}, err
		}
		f := pinField(0, newPIN)
		for i := range f {
			f[i] ^= m[i]
		}
		return f, nil
	case PINBlockISO2:
		if currentPIN != "" {
			return [8]byte{}, fmt.Errorf("%w: the format 2 script PIN block carries no current PIN", ErrVersion)
		}
		return pinField(2, newPIN), nil
	}
	return [8]byte{}, ErrVersion
}

// ParseScriptPINBlock is the card's side of ScriptPINBlock: it recovers the
// new PIN from the plaintext block, given the card's current PIN when the
// command was P2 01.
func (v Version) ParseScriptPINBlock(mkAC Key, block []byte, currentPIN string) (string, error) {
	if len(block) != 8 {
		return "", fmt.Errorf("%w: %d bytes", ErrPINBlock, len(block))
	}
	var f [8]byte
	copy(f[:], block)
	switch v.PINBlock {
	case PINBlockVIS:
		m, err := visMask(mkAC, currentPIN)
		if err != nil {
			return "", err
		}
		for i := range f {
			f[i] ^= m[i]
		}
		return parsePINField(f, 0, 0xF)
	case PINBlockISO2:
		return parsePINField(f, 2, 0xF)
	}
	return "", ErrVersion
}

// PINChangeCommand builds the complete PIN CHANGE/UNBLOCK script command
// (CLA 84, INS 24) for a card and a transaction: newPIN empty gives PIN
// UNBLOCK (P2 00, MAC only); otherwise the PIN block is enciphered under
// MK-SMC and P2 is 01 when currentPIN is given, 02 when it is not.
func (v Version) PINChangeCommand(keys ICCKeys, newPIN, currentPIN string, ctx ScriptContext) (emv.Command, error) {
	c := emv.Command{CLA: emv.CLASecure, INS: emv.INSPINChangeUnblock}
	if newPIN == "" {
		if currentPIN != "" {
			return emv.Command{}, fmt.Errorf("%w: PIN UNBLOCK takes no current PIN", ErrPIN)
		}
		return v.ScriptCommand(keys, c, false, ctx)
	}
	c.P2 = P2PINChangeWithoutPIN
	if currentPIN != "" {
		c.P2 = P2PINChangeWithPIN
	}
	block, err := v.ScriptPINBlock(keys.AC, newPIN, currentPIN)
	if err != nil {
		return emv.Command{}, err
	}
	c.Data = block[:]
	return v.ScriptCommand(keys, c, true, ctx)
}

// RecoverScriptPIN is the card's handling of PIN CHANGE/UNBLOCK: it checks
// the MAC, deciphers the PIN block and returns the new PIN ("" for PIN
// UNBLOCK). currentPIN is the card's PIN, used when P2 is 01.
func (v Version) RecoverScriptPIN(keys ICCKeys, c emv.Command, currentPIN string, ctx ScriptContext) (string, error) {
	if c.INS != emv.INSPINChangeUnblock || c.P1 != 0 || c.P2 > P2PINChangeWithoutPIN {
		return "", fmt.Errorf("%w: not a PIN CHANGE/UNBLOCK command", ErrScript)
	}
	enc, err := v.VerifyScriptCommand(keys.SMI, c, ctx)
	if err != nil {
		return "", err
	}
	switch c.P2 {
	case P2PINUnblock:
		if len(enc) != 0 {
			return "", fmt.Errorf("%w: PIN UNBLOCK with data", ErrScript)
		}
		return "", nil
	case P2PINChangeWithoutPIN:
		currentPIN = ""
	case P2PINChangeWithPIN:
		if currentPIN == "" {
			return "", fmt.Errorf("%w: change with current PIN but the card has none", ErrPIN)
		}
	}
	var buf [32]byte
	plain, err := v.AppendDeciphered(buf[:0], keys.SMC, enc, ctx)
	if err != nil {
		return "", err
	}
	if len(plain) < 8 {
		return "", ErrPINBlock
	}
	return v.ParseScriptPINBlock(keys.AC, plain[:8], currentPIN)
}
