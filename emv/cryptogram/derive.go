package cryptogram

import (
	"crypto/sha1"
	"crypto/subtle"
	"fmt"
)

// MasterKeyOption selects the ICC master key derivation of Book 2 A1.4.
type MasterKeyOption uint8

// ICC master key derivation options.
const (
	// OptionA derives from the rightmost 16 digits of PAN || PSN (A1.4.1).
	OptionA MasterKeyOption = iota + 1
	// OptionB hashes PAN || PSN with SHA-1 when the PAN is longer than 16
	// digits and is Option A otherwise (A1.4.2).
	OptionB
)

// DeriveMasterKey derives an ICC master key (MK-AC, MK-SMI or MK-SMC) from
// the issuer master key imk for a PAN and its PAN sequence number, given as
// the byte of tag 5F34 (BCD, 00 when absent). A TDES imk uses opt; an AES
// imk always uses the AES derivation (A1.4.3), for which opt is ignored.
func DeriveMasterKey(imk Key, opt MasterKeyOption, pan string, psn byte) (Key, error) {
	switch imk.alg {
	case AES:
		return DeriveMasterKeyAES(imk, pan, psn)
	case TDES:
		if opt == OptionB {
			return DeriveMasterKeyOptionB(imk, pan, psn)
		}
		return DeriveMasterKeyOptionA(imk, pan, psn)
	}
	return Key{}, ErrKeyType
}

// DeriveMasterKeyOptionA is Book 2 A1.4.1 (Option A) with a 16-byte TDES
// issuer master key: Y is the rightmost 16 digits of PAN || PSN (left
// padded with zeros), and MK = TDES(Y) || TDES(Y xor FF..FF) with odd parity.
func DeriveMasterKeyOptionA(imk Key, pan string, psn byte) (Key, error) {
	var x [22]byte // up to 19 PAN digits, 2 PSN digits
	n, err := panPSNDigits(x[:], pan, psn)
	if err != nil {
		return Key{}, err
	}
	var y [8]byte
	// Rightmost 16 digits, left padded with zero digits.
	start := max(n-16, 0)
	packDigitsRight(y[:], x[start:n])
	return tdesDiversify(imk, y)
}

// DeriveMasterKeyOptionB is Book 2 A1.4.2 (Option B): for a PAN longer than
// 16 digits, Y is 16 decimal digits taken from SHA-1(PAN || PSN); for a
// shorter PAN it is Option A.
func DeriveMasterKeyOptionB(imk Key, pan string, psn byte) (Key, error) {
	if len(pan) <= 16 {
		return DeriveMasterKeyOptionA(imk, pan, psn)
	}
	var x [22]byte
	n, err := panPSNDigits(x[:], pan, psn)
	if err != nil {
		return Key{}, err
	}
	// PAN || PSN as packed BCD, a leading zero digit making it whole bytes.
	var packed [11]byte
	m := (n + 1) / 2
	packDigitsRight(packed[:m], x[:n])
	h := sha1.Sum(packed[:m])
	var digits [16]byte
	d := 0
	for _, c := range h { // decimal nibbles first, left to right
		for _, nib := range [2]byte{c >> 4, c & 0xF} {
			if nib < 10 && d < 16 {
				digits[d] = nib
				d++
			}
		}
	}
	for _, c := range h { // then A-F as 0-5, if still short
		for _, nib := range [2]byte{c >> 4, c & 0xF} {
			if nib >= 10 && d < 16 {
				digits[d] = nib - 10
				d++
			}
		}
	}
	var y [8]byte
	packDigitsRight(y[:], digits[:])
	return tdesDiversify(imk, y)
}

// DeriveMasterKeyAES is the AES ICC master key derivation of Book 2 A1.4.3:
// Y is PAN || PSN left padded with zero digits to 16 bytes and
// MK = leftmost k bits of AES(Y) || AES(Y xor FF..FF), k the length of imk.
func DeriveMasterKeyAES(imk Key, pan string, psn byte) (Key, error) {
	if imk.alg != AES {
		return Key{}, ErrKeyType
	}
	b, err := imk.block()
	if err != nil {
		return Key{}, err
	}
	z, err := aesDiversify(&b, pan, psn)
	if err != nil {
		return Key{}, err
	}
	mk := Key{alg: AES, n: imk.n}
	copy(mk.b[:], z[:imk.n])
	return mk.withSchedules(), nil
}

// aesDiversify returns AES(Y) || AES(Y xor FF..FF) for Y = PAN || PSN left
// padded with zero digits to 16 bytes.
func aesDiversify(b *blockCipher, pan string, psn byte) ([32]byte, error) {
	var z [32]byte
	var x [22]byte
	n, err := panPSNDigits(x[:], pan, psn)
	if err != nil {
		return z, err
	}
	sc := getScratch()
	defer putScratch(sc)
	y := sc.a[:16]
	packDigitsRight(y, x[:n])
	b.Encrypt(sc.b[:16], y)
	for i := range y {
		y[i] ^= 0xFF
	}
	b.Encrypt(sc.b[16:], y)
	copy(z[:], sc.b[:])
	return z, nil
}

// tdesDiversify returns TDES(Y) || TDES(Y xor FF..FF) under a 16-byte key,
// with odd parity: the shape of Option A and B.
func tdesDiversify(imk Key, y [8]byte) (Key, error) {
	if imk.alg != TDES {
		return Key{}, ErrKeyType
	}
	if imk.n != 16 {
		return Key{}, fmt.Errorf("%w: master key derivation needs a 16-byte TDES key", ErrKeyLength)
	}
	b, err := imk.block()
	if err != nil {
		return Key{}, err
	}
	mk := Key{alg: TDES, n: 16}
	b.Encrypt(mk.b[:8], y[:])
	for i := range y {
		y[i] ^= 0xFF
	}
	b.Encrypt(mk.b[8:16], y[:])
	SetOddParity(mk.b[:16])
	return mk.withSchedules(), nil
}

// SessionKeyCommon is the EMV common session key derivation of Book 2
// A1.3.1 for a k-bit master key and a diversification value R of one
// n-bit cipher block. When k = n (AES-128) one block is enough and SK is
// ALG(MK)[R], as the AES-128 vectors of Mastercard's Ecos implementation
// guide (Appendix B) apply it. When k > n (double-length TDES, AES-192 and AES-256), F1 is R
// with its third byte set to F0 and F2 with it set to 0F, and SK is the
// leftmost k bits of ALG(MK)[F1] || ALG(MK)[F2]. A DES result gets odd
// parity.
func SessionKeyCommon(mk Key, r []byte) (Key, error) {
	bs := mk.blockSize()
	if len(r) != bs {
		return Key{}, fmt.Errorf("%w: diversification value R of %d bytes, want %d", ErrDataLength, len(r), bs)
	}
	if mk.alg == TDES && mk.n != 16 {
		return Key{}, fmt.Errorf("%w: session key derivation needs a 16-byte TDES key", ErrKeyLength)
	}
	b, err := mk.block()
	if err != nil {
		return Key{}, err
	}
	sc := getScratch()
	defer putScratch(sc)
	f, z := sc.a[:bs], sc.b[:]
	copy(f, r)
	if int(mk.n) == bs {
		b.Encrypt(z[:bs], f)
	} else {
		f[2] = 0xF0
		b.Encrypt(z[:bs], f)
		f[2] = 0x0F
		b.Encrypt(z[bs:2*bs], f)
	}
	sk := Key{alg: mk.alg, n: mk.n}
	copy(sk.b[:], z[:mk.n])
	if sk.alg == TDES {
		SetOddParity(sk.b[:sk.n])
	}
	return sk, nil
}

// SessionKeyATC is the common session key for application cryptograms,
// R = ATC || 00 .. 00 (Book 2 A1.3.1).
func SessionKeyATC(mk Key, atc [2]byte) (Key, error) {
	var r [16]byte
	copy(r[:], atc[:])
	return SessionKeyCommon(mk, r[:mk.blockSize()])
}

// SessionKeyMastercard is the common derivation with the Mastercard
// diversification R = ATC || 00 00 || UN (M/Chip session key derivation).
func SessionKeyMastercard(mk Key, atc [2]byte, un [4]byte) (Key, error) {
	var r [16]byte
	copy(r[:], atc[:])
	copy(r[4:], un[:])
	return SessionKeyCommon(mk, r[:mk.blockSize()])
}

// SessionKeyVisaSM is the Visa secure-messaging session key: the ATC is
// XORed into the last two bytes of the left half of the ICC master key and
// its complement into those of the right half; odd parity is then set.
func SessionKeyVisaSM(mk Key, atc [2]byte) (Key, error) {
	if mk.alg != TDES || mk.n != 16 {
		return Key{}, fmt.Errorf("%w: Visa session keys need a 16-byte TDES key", ErrKeyLength)
	}
	sk := Key{alg: TDES, n: 16, b: mk.raw()}
	subtle.XORBytes(sk.b[6:8], sk.b[6:8], atc[:])
	sk.b[14] ^= ^atc[0]
	sk.b[15] ^= ^atc[1]
	SetOddParity(sk.b[:16])
	return sk, nil
}

// panPSNDigits writes the digits (values 0-9) of PAN || PSN into x and
// returns their count.
func panPSNDigits(x []byte, pan string, psn byte) (int, error) {
	if err := checkPAN(pan); err != nil {
		return 0, err
	}
	if psn>>4 > 9 || psn&0xF > 9 {
		return 0, ErrPSN
	}
	n := 0
	for i := 0; i < len(pan); i++ {
		x[n] = pan[i] - '0'
		n++
	}
	x[n], x[n+1] = psn>>4, psn&0xF
	return n + 2, nil
}

// checkPAN accepts 12 to 19 decimal digits.
func checkPAN(pan string) error {
	if len(pan) < 12 || len(pan) > 19 || !isDigits(pan) {
		return ErrPAN
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// packDigitsRight packs digit values right-aligned into dst, zero digits on
// the left; digits beyond the capacity of dst are dropped from the left.
func packDigitsRight(dst, digits []byte) {
	clear(dst)
	pos := 2*len(dst) - 1
	for i := len(digits) - 1; i >= 0 && pos >= 0; i-- {
		if pos%2 == 1 {
			dst[pos/2] |= digits[i]
		} else {
			dst[pos/2] |= digits[i] << 4
		}
		pos--
	}
}
