package oda

import (
	"crypto/rand"
	"crypto/subtle"
	"io"
)

// Offline enciphered PIN (Book 2 §7.2): the terminal enciphers the PIN
// block for the card with the ICC PIN Encipherment public key (9F2D-9F2F)
// or, if the card has none, the ICC public key. The ICC PIN Encipherment
// key certificate has the ICC certificate's format 04 without the static
// data in its hash: sign and recover it with SignICCCertificate and
// RecoverICCKey, passing nil static data.

const (
	pinHeader  = 0x7F
	pinDataLen = 1 + 8 + 8 // header, PIN block, ICC unpredictable number
	objPIN     = "enciphered PIN"
)

// EncipherPIN is the terminal side: 7F ‖ PIN block (format 2, 8 bytes) ‖
// the ICC Unpredictable Number from GET CHALLENGE ‖ random padding, raised
// to the public exponent. The padding comes from r (crypto/rand if nil).
func EncipherPIN(key PublicKey, pinBlock, iccUN [8]byte, r io.Reader) ([]byte, error) {
	if len(key.Modulus) < pinDataLen+1 {
		return nil, fail(objPIN, ErrModulusTooShort)
	}
	if r == nil {
		r = rand.Reader
	}
	m := make([]byte, len(key.Modulus))
	m[0] = pinHeader
	copy(m[1:], pinBlock[:])
	copy(m[9:], iccUN[:])
	if _, err := io.ReadFull(r, m[pinDataLen:]); err != nil {
		return nil, fail(objPIN, err)
	}
	out, err := key.publicOp(m)
	if err != nil {
		return nil, fail(objPIN, err)
	}
	return out, nil
}

// DecipherPIN is the card side of VERIFY with an enciphered PIN: it
// deciphers, checks the header and that the unpredictable number is the
// one the card issued, and returns the PIN block.
func DecipherPIN(key *PrivateKey, enciphered []byte, iccUN [8]byte) ([8]byte, error) {
	var pin [8]byte
	if key == nil || key.n == nil {
		return pin, fail(objPIN, ErrInvalidPrivate)
	}
	if len(enciphered) != key.Size() {
		return pin, fail(objPIN, ErrWrongLength)
	}
	m, err := key.privateOp(enciphered)
	if err != nil {
		return pin, fail(objPIN, err)
	}
	if m[0] != pinHeader {
		return pin, fail(objPIN, ErrHeader)
	}
	if subtle.ConstantTimeCompare(m[9:17], iccUN[:]) != 1 {
		return pin, fail(objPIN, ErrChallenge)
	}
	copy(pin[:], m[1:9])
	return pin, nil
}
