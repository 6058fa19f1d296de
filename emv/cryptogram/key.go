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

// Key is a secret key of a known algorithm. Its String, GoString and Format
// methods never reveal the key bytes.
//
// Long-lived keys (those made by NewTDESKey, NewAESKey and the master key
// derivations) keep their bytes and expanded key schedules behind a pointer,
// built once: the per-transaction work does not redo the schedules, and a
// struct printed by reflection shows only an address. Per-transaction
// session keys hold their bytes inline and do not allocate.
type Key struct {
	alg Algorithm
	n   uint8
	b   [32]byte   // the key bytes when c is nil
	c   *schedules // nil for per-transaction session keys
}

// schedules are the bytes and ready block ciphers of a long-lived key; never
// modified once built.
type schedules struct {
	key   [32]byte
	block cipher.Block // AES or triple-length TDES; nil for a double-length TDES key
	ede   ede2         // the two single-DES halves of a double-length TDES key
}

// raw returns the key bytes, wherever they are held.
func (k Key) raw() [32]byte {
	if k.c != nil {
		return k.c.key
	}
	return k.b
}

// withSchedules returns k carrying its expanded key schedules.
func (k Key) withSchedules() Key {
	k.b, k.c = k.raw(), nil
	c := &schedules{key: k.b}
	var err error
	if k.alg == TDES && k.n == 16 {
		c.ede, err = newEDE2(k.b[:16])
	} else {
		c.block, err = k.newBlock()
	}
	if err != nil {
		return k
	}
	k.c = c
	k.b = [32]byte{}
	return k
}

// NewTDESKey returns a triple-DES key of 16 or 24 bytes. The bytes are copied;
// their parity is left as given.
func NewTDESKey(b []byte) (Key, error) {
	if len(b) != 16 && len(b) != 24 {
		return Key{}, fmt.Errorf("%w: TDES key of %d bytes", ErrKeyLength, len(b))
	}
	k := Key{alg: TDES, n: uint8(len(b))}
	copy(k.b[:], b)
	return k.withSchedules(), nil
}

// NewAESKey returns an AES key of 16, 24 or 32 bytes. The bytes are copied.
func NewAESKey(b []byte) (Key, error) {
	if len(b) != 16 && len(b) != 24 && len(b) != 32 {
		return Key{}, fmt.Errorf("%w: AES key of %d bytes", ErrKeyLength, len(b))
	}
	k := Key{alg: AES, n: uint8(len(b))}
	copy(k.b[:], b)
	return k.withSchedules(), nil
}

// Algorithm reports the key's algorithm; it is zero for the zero Key.
func (k Key) Algorithm() Algorithm { return k.alg }

// Len is the key length in bytes.
func (k Key) Len() int { return int(k.n) }

// Bytes returns a copy of the key bytes, for personalisation and tests.
func (k Key) Bytes() []byte {
	r := k.raw()
	return append([]byte(nil), r[:k.n]...)
}

// Equal reports whether two keys have the same algorithm and bytes.
func (k Key) Equal(o Key) bool { return k.alg == o.alg && k.n == o.n && k.raw() == o.raw() }

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
func (k Key) block() (blockCipher, error) {
	if k.c != nil {
		return blockCipher{ede: k.c.ede, b: k.c.block}, nil
	}
	if k.alg == TDES && k.n == 16 {
		e, err := newEDE2(k.b[:16])
		return blockCipher{ede: e}, err
	}
	b, err := k.newBlock()
	return blockCipher{b: b}, err
}

// desHalves returns single-DES ciphers of the two halves of a 16-byte key.
func (k Key) desHalves() (left, right cipher.Block, err error) {
	if k.c != nil && k.c.ede.left != nil {
		return k.c.ede.left, k.c.ede.right, nil
	}
	e, err := newEDE2(k.b[:16])
	return e.left, e.right, err
}

// newBlock expands an AES or triple-length TDES key.
func (k Key) newBlock() (cipher.Block, error) {
	switch k.alg {
	case TDES:
		return des.NewTripleDESCipher(k.b[:k.n])
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
