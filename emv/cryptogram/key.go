package cryptogram

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"fmt"
)

// Algorithm is the block cipher a Key is used with.
type Algorithm uint8

// Key algorithms.
const (
	TDES Algorithm = iota + 1 // triple DES, double (16-byte) or triple (24-byte) length
	AES                       // AES-128, AES-192 or AES-256
)

// String names the algorithm.
func (a Algorithm) String() string {
	switch a {
	case TDES:
		return "TDES"
	case AES:
		return "AES"
	}
	return "unknown"
}

// Key is a secret key of a known algorithm. It is a value type that holds its
// bytes inline, so deriving and passing keys does not allocate. Its String,
// GoString and Format methods never reveal the key bytes.
type Key struct {
	alg Algorithm
	n   uint8
	b   [32]byte
}

// NewTDESKey returns a triple-DES key of 16 or 24 bytes. The bytes are copied;
// their parity is left as given.
func NewTDESKey(b []byte) (Key, error) {
	if len(b) != 16 && len(b) != 24 {
		return Key{}, fmt.Errorf("%w: TDES key of %d bytes", ErrKeyLength, len(b))
	}
	k := Key{alg: TDES, n: uint8(len(b))}
	copy(k.b[:], b)
	return k, nil
}

// NewAESKey returns an AES key of 16, 24 or 32 bytes. The bytes are copied.
func NewAESKey(b []byte) (Key, error) {
	if len(b) != 16 && len(b) != 24 && len(b) != 32 {
		return Key{}, fmt.Errorf("%w: AES key of %d bytes", ErrKeyLength, len(b))
	}
	k := Key{alg: AES, n: uint8(len(b))}
	copy(k.b[:], b)
	return k, nil
}

// Algorithm reports the key's algorithm; it is zero for the zero Key.
func (k Key) Algorithm() Algorithm { return k.alg }

// Len is the key length in bytes.
func (k Key) Len() int { return int(k.n) }

// Bytes returns a copy of the key bytes, for personalisation and tests.
func (k Key) Bytes() []byte { return append([]byte(nil), k.b[:k.n]...) }

// Equal reports whether two keys have the same algorithm and bytes.
func (k Key) Equal(o Key) bool { return k == o }

// String describes the key without its bytes.
func (k Key) String() string {
	if k.alg == 0 {
		return "cryptogram.Key(none)"
	}
	return fmt.Sprintf("cryptogram.Key(%s, %d bytes)", k.alg, k.n)
}

// GoString is String, so %#v does not print the key bytes either.
func (k Key) GoString() string { return k.String() }

// Format prints String for every verb, so %x or %v of a Key, or of a struct
// holding one, never shows key bytes.
func (k Key) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }

// KCV returns the key check value: the first three bytes of the key
// enciphering a zero block (TDES), or of the AES-CMAC of a zero block (AES,
// ANSI X9.24-1:2017).
func (k Key) KCV() ([3]byte, error) {
	var out [3]byte
	switch k.alg {
	case TDES:
		b, err := k.block()
		if err != nil {
			return out, err
		}
		var z [8]byte
		b.Encrypt(z[:], z[:])
		copy(out[:], z[:3])
	case AES:
		var z [16]byte
		m, err := CMAC(k, z[:])
		if err != nil {
			return out, err
		}
		copy(out[:], m[:3])
	default:
		return out, ErrKeyType
	}
	return out, nil
}

// block returns the block cipher of the key: TDES-EDE (K1 K2 K1 for a double
// length key) or AES.
func (k Key) block() (cipher.Block, error) {
	switch k.alg {
	case TDES:
		var kk [24]byte
		copy(kk[:], k.b[:k.n])
		if k.n == 16 {
			copy(kk[16:], k.b[:8])
		}
		return des.NewTripleDESCipher(kk[:])
	case AES:
		return aes.NewCipher(k.b[:k.n])
	}
	return nil, ErrKeyType
}

// blockSize is 8 for TDES and 16 for AES.
func (k Key) blockSize() int {
	if k.alg == AES {
		return aes.BlockSize
	}
	return des.BlockSize
}

// SetOddParity sets the least significant bit of each byte of b so every
// byte has an odd number of one bits, as DES keys require.
func SetOddParity(b []byte) {
	for i, c := range b {
		c &^= 1
		if onesEven(c) {
			c |= 1
		}
		b[i] = c
	}
}

func onesEven(c byte) bool {
	c ^= c >> 4
	c ^= c >> 2
	c ^= c >> 1
	return c&1 == 0
}
