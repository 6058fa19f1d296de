package cryptogram

import (
	"crypto/subtle"
	"fmt"
)

// MACAlgorithm1 is ISO/IEC 9797-1 MAC algorithm 1: CBC-MAC with the full
// block cipher of k on every block, after padding p. The result is one
// cipher block (8 bytes for TDES, 16 for AES).
func MACAlgorithm1(k Key, data []byte, p Padding) ([]byte, error) {
	b, err := k.block()
	if err != nil {
		return nil, err
	}
	sc := getScratch()
	defer putScratch(sc)
	s := sc.a[:b.BlockSize()]
	cbcMAC(&b, s, data, p)
	return append([]byte(nil), s...), nil
}

// RetailMAC is ISO/IEC 9797-1 MAC algorithm 3 with DES (the "retail MAC"):
// CBC-MAC with the left half KL of the double-length key k, then the last
// block deciphered with KR and enciphered again with KL. EMV Book 2 A1.2.1
// uses it, with padding method 2, for cryptograms and secure messaging.
func RetailMAC(k Key, data []byte, p Padding) ([8]byte, error) {
	var out [8]byte
	if k.alg != TDES {
		return out, ErrKeyType
	}
	if k.n != 16 {
		return out, fmt.Errorf("%w: retail MAC needs a 16-byte key", ErrKeyLength)
	}
	left, right, err := k.desHalves()
	if err != nil {
		return out, err
	}
	sc := getScratch()
	defer putScratch(sc)
	s := sc.a[:8]
	l := blockCipher{b: left}
	cbcMAC(&l, s, data, p)
	right.Decrypt(s, s)
	left.Encrypt(s, s)
	copy(out[:], s)
	return out, nil
}

// cbcMAC runs CBC over data padded with p, starting from the value in s and
// leaving the last cipher block in s. It pads without copying data.
func cbcMAC(b *blockCipher, s, data []byte, p Padding) {
	n := len(s)
	full := len(data) - len(data)%n
	for i := 0; i < full; i += n {
		subtle.XORBytes(s, s, data[i:i+n])
		b.Encrypt(s, s)
	}
	if p.tailLen(len(data), n) == 0 {
		return
	}
	var lastBuf [32]byte
	last := p.appendTail(append(lastBuf[:0], data[full:]...), len(data), n)
	for i := 0; i < len(last); i += n {
		subtle.XORBytes(s, s, last[i:i+n])
		b.Encrypt(s, s)
	}
}

// CMAC is AES-CMAC (NIST SP 800-38B, RFC 4493; ISO/IEC 9797-1 MAC
// algorithm 5), the MAC EMV Book 2 A1.2.2 uses with AES keys.
func CMAC(k Key, data []byte) ([16]byte, error) {
	var out [16]byte
	if k.alg != AES {
		return out, ErrKeyType
	}
	b, err := k.block()
	if err != nil {
		return out, err
	}
	sc := getScratch()
	defer putScratch(sc)
	cmac(&b, sc.a[:16], sc.b[:16], data)
	copy(out[:], sc.a[:16])
	return out, nil
}

// cmac leaves the MAC in out, using s as work space; both are 16 bytes.
func cmac(b *blockCipher, out, s, data []byte) {
	clear(s)
	b.Encrypt(s, s)
	k1 := dbl([16]byte(s))
	k2 := dbl(k1)
	clear(s)
	n := len(data)
	// All blocks but the last go through plain CBC.
	last := 0
	if n > 0 {
		last = (n - 1) / 16 * 16
	}
	for i := 0; i < last; i += 16 {
		subtle.XORBytes(s, s, data[i:i+16])
		b.Encrypt(s, s)
	}
	var m [16]byte
	r := copy(m[:], data[last:])
	if n > 0 && r == 16 {
		subtle.XORBytes(m[:], m[:], k1[:])
	} else {
		m[r] = 0x80
		subtle.XORBytes(m[:], m[:], k2[:])
	}
	subtle.XORBytes(s, s, m[:])
	b.Encrypt(out, s)
}

// dbl doubles a block in GF(2^128) (RFC 4493 §2.3).
func dbl(in [16]byte) [16]byte {
	var out [16]byte
	carry := in[0] >> 7
	for i := 0; i < 15; i++ {
		out[i] = in[i]<<1 | in[i+1]>>7
	}
	out[15] = in[15]<<1 ^ (0x87 * carry)
	return out
}

// mac8 is the 8-byte EMV MAC of data under k: the retail MAC for a TDES key,
// the leftmost 8 bytes of AES-CMAC for an AES key (Book 2 A1.2). Padding p
// applies to TDES only; CMAC pads itself.
func mac8(k Key, data []byte, p Padding) ([8]byte, error) {
	if k.alg == AES {
		var out [8]byte
		m, err := CMAC(k, data)
		copy(out[:], m[:8])
		return out, err
	}
	return RetailMAC(k, data, p)
}

// equal compares two MACs in constant time.
func equal(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }
