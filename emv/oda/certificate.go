package oda

// Issuer (format 02, Book 2 Table 6) and ICC (format 04, Table 14) public
// key certificates share one layout and differ only in the identifier:
//
//	6A | format | identifier | expiry(2) | serial(3) | hash alg | key alg |
//	key length | exponent length | key or its leftmost bytes, BB-padded |
//	SHA-1 | BC
//
// The hash covers format … key field, then the key remainder, the exponent
// and, for an ICC certificate, the static data to be authenticated.

// certFields is a certificate's content.
type certFields struct {
	id     []byte
	expiry Expiry
	serial [3]byte
	key    PublicKey
}

// certFixed is the length of format … exponent length without the identifier.
const certFixed = 1 + 2 + 3 + 1 + 1 + 1 + 1

// keyFieldLen is the room for the certified key in a certificate signed by
// a key of signerSize bytes: N_CA − 36 for issuer, N_I − 42 for ICC.
func keyFieldLen(signerSize, idLen int) int { return signerSize - overhead - certFixed - idLen }

// signCert builds and signs a certificate, returning it and the remainder
// of the certified modulus that did not fit.
func signCert(signer *PrivateKey, format byte, c certFields, extra []byte) (cert, remainder []byte, err error) {
	if signer == nil || signer.n == nil {
		return nil, nil, ErrInvalidPrivate
	}
	if err := checkExponent(c.key.Exponent); err != nil {
		return nil, nil, err
	}
	n := len(c.key.Modulus)
	if n == 0 || c.key.Modulus[0] == 0 || n > 255 {
		return nil, nil, ErrKeyLength
	}
	field := keyFieldLen(signer.Size(), len(c.id))
	if field < 1 || n > signer.Size() {
		return nil, nil, ErrModulusTooShort
	}
	data := make([]byte, 0, signer.Size())
	data = append(data, format)
	data = append(data, c.id...)
	data = append(data, c.expiry[:]...)
	data = append(data, c.serial[:]...)
	data = append(data, hashSHA1, keyRSA, byte(n), byte(len(c.key.Exponent)))
	if n <= field {
		data = padTo(append(data, c.key.Modulus...), len(data)+field)
	} else {
		data = append(data, c.key.Modulus[:field]...)
		remainder = clone(c.key.Modulus[field:])
	}
	cert, err = signBlock(signer, data, remainder, c.key.Exponent, extra)
	return cert, remainder, err
}

// recoverCert recovers a certificate and runs the checks common to both
// kinds: header, trailer, format, remainder and exponent lengths, hash
// algorithm, hash, key algorithm (Book 2 §5.3 steps 1-7 and 11, §6.4 steps
// 1-8 and 13). The identifier and date checks are the caller's.
func recoverCert(signer PublicKey, cert, remainder, exponent []byte, format byte, idLen int, extra []byte) (certFields, error) {
	var c certFields
	if keyFieldLen(len(signer.Modulus), idLen) < 1 {
		return c, ErrModulusTooShort
	}
	x, err := recoverSigned(signer, cert)
	if err != nil {
		return c, err
	}
	b := body(x)
	if b[0] != format {
		return c, ErrFormat
	}
	c.id = clone(b[1 : 1+idLen])
	f := b[1+idLen:]
	copy(c.expiry[:], f[0:2])
	copy(c.serial[:], f[2:5])
	hashAlg, keyAlg, keyLen, expLen := f[5], f[6], int(f[7]), int(f[8])
	field := f[9:]
	if hashAlg != hashSHA1 {
		return c, ErrHashAlgorithm
	}
	if keyLen == 0 {
		return c, ErrKeyLength
	}
	if keyLen > len(signer.Modulus) {
		return c, ErrModulusTooShort
	}
	var modulus []byte
	if keyLen <= len(field) {
		if len(remainder) != 0 {
			return c, ErrRemainder
		}
		if !allPad(field[keyLen:]) {
			return c, ErrPadding
		}
		modulus = clone(field[:keyLen])
	} else {
		if len(remainder) != keyLen-len(field) {
			return c, ErrRemainder
		}
		modulus = append(clone(field), remainder...)
	}
	if expLen != len(exponent) || checkExponent(exponent) != nil {
		return c, ErrExponent
	}
	if err := checkHash(x, remainder, exponent, extra); err != nil {
		return c, err
	}
	if keyAlg != keyRSA {
		return c, ErrKeyAlgorithm
	}
	if modulus[0] == 0 {
		return c, ErrKeyLength
	}
	c.key = PublicKey{Modulus: modulus, Exponent: clone(exponent)}
	return c, nil
}
