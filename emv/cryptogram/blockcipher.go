package cryptogram

import (
	"crypto/cipher"
	"crypto/des"
)

// ede2 is double-length triple DES (ANSI X9.52 TDEA keying option 2: K1 K2
// K1) built from the two single-DES ciphers of the key's halves. It costs
// two crypto/des key schedules where des.NewTripleDESCipher costs three, and
// the retail MAC uses the same two halves, so one pair of schedules serves
// both. The key schedule, not the block, is the dear part of a session key.
type ede2 struct {
	left, right cipher.Block
}

// newEDE2 expands the two halves of a 16-byte key.
func newEDE2(key []byte) (ede2, error) {
	left, err := des.NewCipher(key[:8])
	if err != nil {
		return ede2{}, err
	}
	right, err := des.NewCipher(key[8:16])
	if err != nil {
		return ede2{}, err
	}
	return ede2{left: left, right: right}, nil
}

// BlockSize is the DES block size.
func (e *ede2) BlockSize() int { return des.BlockSize }

// Encrypt is E(K1) D(K2) E(K1).
func (e *ede2) Encrypt(dst, src []byte) {
	e.left.Encrypt(dst, src)
	e.right.Decrypt(dst, dst)
	e.left.Encrypt(dst, dst)
}

// Decrypt is D(K1) E(K2) D(K1).
func (e *ede2) Decrypt(dst, src []byte) {
	e.left.Decrypt(dst, src)
	e.right.Encrypt(dst, dst)
	e.left.Decrypt(dst, dst)
}

// blockCipher is a key's block cipher held by value: a per-transaction
// double-length key then costs its two DES key schedules and nothing more,
// where a cipher.Block interface would put the pair on the heap.
type blockCipher struct {
	ede ede2         // a double-length TDES key
	b   cipher.Block // any other key; nil for a double-length TDES key
}

// BlockSize is 8 for TDES and 16 for AES.
func (c *blockCipher) BlockSize() int {
	if c.b != nil {
		return c.b.BlockSize()
	}
	return des.BlockSize
}

// Encrypt enciphers one block.
func (c *blockCipher) Encrypt(dst, src []byte) {
	if c.b != nil {
		c.b.Encrypt(dst, src)
		return
	}
	c.ede.Encrypt(dst, src)
}

// Decrypt deciphers one block.
func (c *blockCipher) Decrypt(dst, src []byte) {
	if c.b != nil {
		c.b.Decrypt(dst, src)
		return
	}
	c.ede.Decrypt(dst, src)
}
