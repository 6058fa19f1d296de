package oda

import (
	"bytes"
	"crypto/rand"
	"io"
	"math/big"
	"strconv"
)

// EMV keys are at most 1984 bits (Book 2 Annex A2.1, Table 33): the modulus
// must fit a short-length APDU with its certificate overhead.
const (
	MinKeyBits = 512
	MaxKeyBits = 1984
)

// PublicKey is an RSA public key as EMV carries it: a big-endian modulus and
// an exponent of 3 or 2^16+1.
type PublicKey struct {
	Modulus  []byte // N, big-endian, no leading zero byte
	Exponent []byte // e, big-endian: 03 or 01 00 01
}

// Size is the modulus length in bytes (N_CA, N_I or N_IC in Book 2).
func (k PublicKey) Size() int { return len(k.Modulus) }

// publicOp computes sig^e mod N — the recovery function of Annex A2.1.
func (k PublicKey) publicOp(sig []byte) ([]byte, error) {
	if len(k.Modulus) == 0 || k.Modulus[0] == 0 {
		return nil, ErrKeyLength
	}
	if len(sig) != len(k.Modulus) {
		return nil, ErrWrongLength
	}
	if err := checkExponent(k.Exponent); err != nil {
		return nil, err
	}
	n := new(big.Int).SetBytes(k.Modulus)
	s := new(big.Int).SetBytes(sig)
	if s.Cmp(n) >= 0 {
		return nil, ErrNotInRange
	}
	e := new(big.Int).SetBytes(k.Exponent)
	return s.Exp(s, e, n).FillBytes(make([]byte, len(k.Modulus))), nil
}

// checkExponent allows the two exponents Book 2 Annex B2.1 permits.
func checkExponent(e []byte) error {
	switch {
	case len(e) == 1 && e[0] == 3:
		return nil
	case len(e) == 3 && e[0] == 1 && e[1] == 0 && e[2] == 1:
		return nil
	}
	return ErrExponent
}

// PrivateKey is an RSA private key kept in CRT form. It is never printed:
// String and GoString show only its size and public exponent. A key is
// never modified after generation and is safe for concurrent use.
type PrivateKey struct {
	Public PublicKey
	n, d   *big.Int
	p, q   *big.Int
	dp, dq *big.Int
	qinv   *big.Int
}

// String describes the key without revealing it.
func (k *PrivateKey) String() string {
	if k == nil {
		return "oda.PrivateKey(nil)"
	}
	return "oda.PrivateKey(" + strconv.Itoa(len(k.Public.Modulus)*8) + " bits, e=" +
		new(big.Int).SetBytes(k.Public.Exponent).String() + ")"
}

// GoString is String, so %#v does not reveal the key either.
func (k *PrivateKey) GoString() string { return k.String() }

// Size is the modulus length in bytes.
func (k *PrivateKey) Size() int { return len(k.Public.Modulus) }

// privateOp computes m^d mod N with the Chinese remainder theorem (Annex A2.1
// signature function applied to an already formatted block). crypto/rsa does
// not offer raw RSA, so this is done with math/big. The result is checked
// with the public exponent so that an arithmetic fault never yields a
// signature that leaks a factor.
func (k *PrivateKey) privateOp(m []byte) ([]byte, error) {
	if k == nil || k.n == nil {
		return nil, ErrInvalidPrivate
	}
	c := new(big.Int).SetBytes(m)
	if c.Cmp(k.n) >= 0 {
		return nil, ErrNotInRange
	}
	m1 := new(big.Int).Exp(c, k.dp, k.p)
	m2 := new(big.Int).Exp(c, k.dq, k.q)
	h := m1.Sub(m1, m2)
	h.Mul(h, k.qinv).Mod(h, k.p)
	s := h.Mul(h, k.q).Add(h, m2)
	e := new(big.Int).SetBytes(k.Public.Exponent)
	if new(big.Int).Exp(s, e, k.n).Cmp(c) != 0 {
		return nil, ErrInvalidPrivate
	}
	return s.FillBytes(make([]byte, k.Size())), nil
}

// GenerateKey makes an RSA key of exactly bits bits with public exponent 3
// or 65537, drawing every candidate prime from rand (crypto/rand.Reader if
// nil). Unlike crypto/rsa.GenerateKey and, since Go 1.26, crypto/rand.Prime,
// it honours the reader byte for byte: the same seeded reader gives the same
// key, which reproducible transcripts need. Keys for a simulator; the
// arithmetic is not constant-time.
func GenerateKey(r io.Reader, bits int, exponent int) (*PrivateKey, error) {
	if bits < MinKeyBits || bits > MaxKeyBits || bits%8 != 0 || (exponent != 3 && exponent != 65537) {
		return nil, ErrUnsupportedKey
	}
	if r == nil {
		r = rand.Reader
	}
	e := big.NewInt(int64(exponent))
	for range 8 {
		p, err := generatePrime(r, bits-bits/2, e)
		if err != nil {
			return nil, err
		}
		q, err := generatePrime(r, bits/2, e)
		if err != nil {
			return nil, err
		}
		if p.Cmp(q) == 0 {
			continue
		}
		k, err := newPrivateKey(p, q, e)
		if err != nil {
			return nil, err
		}
		if k.n.BitLen() == bits {
			return k, nil
		}
	}
	return nil, ErrRandomSource
}

// generatePrime reads candidates of the given size from r, with the top two
// bits set (so p·q has the full length) and the low bit set, and returns the
// first probable prime p with gcd(e, p-1) = 1.
func generatePrime(r io.Reader, bits int, e *big.Int) (*big.Int, error) {
	buf := make([]byte, (bits+7)/8)
	prev := make([]byte, len(buf))
	top := uint(bits % 8)
	if top == 0 {
		top = 8
	}
	one := big.NewInt(1)
	pm1, g := new(big.Int), new(big.Int)
	// About bits·ln2/2 candidates are needed on average; a reader that
	// keeps repeating itself must not hang the caller.
	for range 20 * bits {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		buf[0] &= byte(1<<top - 1)
		if top >= 2 {
			buf[0] |= 3 << (top - 2)
		} else {
			buf[0] |= 1
			buf[1] |= 0x80
		}
		buf[len(buf)-1] |= 1
		if bytes.Equal(buf, prev) {
			return nil, ErrRandomSource // a stuck reader
		}
		copy(prev, buf)
		p := new(big.Int).SetBytes(buf)
		if !p.ProbablyPrime(20) {
			continue
		}
		if g.GCD(nil, nil, e, pm1.Sub(p, one)).Cmp(one) != 0 {
			continue
		}
		return p, nil
	}
	return nil, ErrRandomSource
}

// newPrivateKey derives the CRT key from its primes.
func newPrivateKey(p, q, e *big.Int) (*PrivateKey, error) {
	if p.Cmp(q) < 0 {
		p, q = q, p // qinv is taken modulo the larger prime by convention
	}
	one := big.NewInt(1)
	pm1 := new(big.Int).Sub(p, one)
	qm1 := new(big.Int).Sub(q, one)
	phi := new(big.Int).Mul(pm1, qm1)
	d := new(big.Int).ModInverse(e, phi)
	if d == nil {
		return nil, ErrInvalidPrivate
	}
	qinv := new(big.Int).ModInverse(q, p)
	if qinv == nil {
		return nil, ErrInvalidPrivate
	}
	n := new(big.Int).Mul(p, q)
	k := &PrivateKey{
		n: n, d: d, p: p, q: q,
		dp:   new(big.Int).Mod(d, pm1),
		dq:   new(big.Int).Mod(d, qm1),
		qinv: qinv,
	}
	k.Public = PublicKey{Modulus: n.Bytes(), Exponent: e.Bytes()}
	return k, nil
}
