package terminal

import (
	"crypto/cipher"
	"crypto/des"
	"errors"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// iccPINKey recovers the key for enciphered offline PIN: the ICC PIN
// encipherment public key certificate (9F2D, 9F2E, 9F2F) when the card has
// one, otherwise the ICC public key (Book 2 §7.1).
func (k *transaction) iccPINKey() (oda.PublicKey, error) {
	if cert, ok := k.data[emv.TagICCPINEnciphermentPublicKeyCert]; ok {
		issuer, err := k.recoverIssuerKey()
		if err != nil {
			return oda.PublicKey{}, err
		}
		exp, ok := k.data[emv.TagICCPINEnciphermentPublicKeyExponent]
		if !ok {
			return oda.PublicKey{}, errODAData
		}
		c, err := oda.RecoverICCKey(issuer, cert, k.data[emv.TagICCPINEnciphermentPublicKeyRemainder], exp, nil, k.data[emv.TagApplicationPAN], k.now)
		if err != nil {
			return oda.PublicKey{}, err
		}
		return c.Key, nil
	}
	if k.iccKey == nil {
		if err := k.recoverICCKey(); err != nil {
			return oda.PublicKey{}, err
		}
	}
	return *k.iccKey, nil
}

// onlinePIN asks for the PIN and enciphers it for the issuer (Book 3
// §10.5.2) as an ISO 9564-1 format 0 PIN block under the terminal's PIN
// encryption key.
func (k *transaction) onlinePIN() (bool, string) {
	if why := k.noPINEntry(); why != "" {
		return false, why
	}
	pin, err := k.cfg.PINPad.EnterPIN(k.ctx, PINRequest{Kind: PINOnline, TriesLeft: -1, Amount: k.tx.Amount, CurrencyCode: k.cfg.CurrencyCode})
	if err != nil {
		return false, k.pinNotEntered(err)
	}
	pan, _ := emv.ParseCN(k.data[emv.TagApplicationPAN])
	block, err := format0PINBlock(k.cfg.OnlinePINKey, pin, pan)
	clear(pin)
	if err != nil {
		k.setTVR(emv.TVRPINEntryRequiredPINNotEntered)
		return false, "no valid PIN entered, TVR 'PIN entry required, PIN pad present, but PIN was not entered'"
	}
	k.pinBlock = block
	k.setTVR(emv.TVROnlinePINEntered)
	return true, "online PIN entered, TVR 'online PIN entered'"
}

// noPINEntry reports, with its TVR bit, why no PIN can be asked for: no
// PIN pad, or the cardholder bypassed PIN entry earlier in this
// transaction (Book 3 §10.5.1). It returns "" when a PIN can be entered.
func (k *transaction) noPINEntry() string {
	switch {
	case k.cfg.PINPad == nil:
		k.setTVR(emv.TVRPINEntryRequiredPINPadNotPresent)
		return "no PIN pad, TVR 'PIN entry required and PIN pad not present or not working'"
	case k.pinBypassed:
		k.setTVR(emv.TVRPINEntryRequiredPINNotEntered)
		return "PIN entry bypassed earlier, TVR 'PIN entry required, PIN pad present, but PIN was not entered'"
	}
	return ""
}

// pinNotEntered sets the TVR bit for a PIN pad that gave no PIN (Book 3
// §10.5.1): bypassed by the cardholder, or not working. It returns the
// reason.
func (k *transaction) pinNotEntered(err error) string {
	if errors.Is(err, ErrPINBypassed) {
		k.pinBypassed = true
		k.setTVR(emv.TVRPINEntryRequiredPINNotEntered)
		return "PIN entry bypassed, TVR 'PIN entry required, PIN pad present, but PIN was not entered'"
	}
	k.setTVR(emv.TVRPINEntryRequiredPINPadNotPresent)
	return "PIN pad not working, TVR 'PIN entry required and PIN pad not present or not working'"
}

// format0PINBlock builds an ISO 9564-1 format 0 PIN block (PIN field XOR
// the 12 rightmost PAN digits without the check digit) and enciphers it
// with TDES under key.
func format0PINBlock(key, pin []byte, pan string) ([]byte, error) {
	if len(pin) < 4 || len(pin) > 12 || len(pan) < 13 {
		return nil, errPINDigits
	}
	var field [8]byte
	for i := range field {
		field[i] = 0xFF
	}
	field[0] = byte(len(pin))
	for i, c := range pin {
		if c < '0' || c > '9' {
			return nil, errPINDigits
		}
		pos := 2 + i
		if pos%2 == 0 {
			field[pos/2] = (c-'0')<<4 | field[pos/2]&0x0F
		} else {
			field[pos/2] = field[pos/2]&0xF0 | (c - '0')
		}
	}
	digits := pan[len(pan)-13 : len(pan)-1]
	var panField [8]byte
	for i := 0; i < 12; i++ {
		pos := 4 + i
		d := digits[i] - '0'
		if pos%2 == 0 {
			panField[pos/2] |= d << 4
		} else {
			panField[pos/2] |= d
		}
	}
	for i := range field {
		field[i] ^= panField[i]
	}
	var k24 []byte
	switch len(key) {
	case 16:
		k24 = append(append(k24, key...), key[:8]...)
	case 24:
		k24 = append(k24, key...)
	default:
		return nil, errPINDigits
	}
	var b cipher.Block
	b, err := des.NewTripleDESCipher(k24)
	clear(k24)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 8)
	b.Encrypt(out, field[:])
	clear(field[:])
	return out, nil
}
