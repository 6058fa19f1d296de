package oda

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/internal/seeded"
)

// newSeeded is the deterministic stream of seed, so a seed names one key.
func newSeeded(seed string) *seeded.Reader { return seeded.New([]byte(seed)) }

// testKeys caches generated keys: generation dominates test time.
var testKeys = map[string]*PrivateKey{}

func testKey(t testing.TB, seed string, bits, e int) *PrivateKey {
	t.Helper()
	name := fmt.Sprintf("%s/%d/%d", seed, bits, e)
	if k, ok := testKeys[name]; ok {
		return k
	}
	k, err := GenerateKey(newSeeded(name), bits, e)
	require.NoError(t, err)
	testKeys[name] = k
	return k
}

func TestGenerateKey(t *testing.T) {
	for _, bits := range []int{1024, 1152, 1408, 1984} {
		for _, e := range []int{3, 65537} {
			t.Run(fmt.Sprintf("%d-e%d", bits, e), func(t *testing.T) {
				k := testKey(t, "gen", bits, e)
				assert.Equal(t, bits/8, k.Size())
				assert.Equal(t, bits, k.n.BitLen())
				assert.Equal(t, big.NewInt(int64(e)).Bytes(), k.Public.Exponent)
				one := big.NewInt(1)
				for _, p := range []*big.Int{k.p, k.q} {
					g := new(big.Int).GCD(nil, nil, big.NewInt(int64(e)), new(big.Int).Sub(p, one))
					assert.Equal(t, int64(1), g.Int64(), "gcd(e, p-1)")
				}
				// CRT signing agrees with the plain private exponent.
				m := new(big.Int).SetBytes([]byte("an EMV signature block stand-in"))
				s, err := k.privateOp(m.Bytes())
				require.NoError(t, err)
				assert.Equal(t, new(big.Int).Exp(m, k.d, k.n).Bytes(), new(big.Int).SetBytes(s).Bytes())
				back, err := k.Public.publicOp(s)
				require.NoError(t, err)
				assert.Equal(t, m.FillBytes(make([]byte, k.Size())), back)
			})
		}
	}
}

func TestGenerateKeyDeterministic(t *testing.T) {
	a, err := GenerateKey(newSeeded("same"), 1024, 3)
	require.NoError(t, err)
	b, err := GenerateKey(newSeeded("same"), 1024, 3)
	require.NoError(t, err)
	c, err := GenerateKey(newSeeded("other"), 1024, 3)
	require.NoError(t, err)
	assert.Equal(t, a.Public.Modulus, b.Public.Modulus)
	assert.NotEqual(t, a.Public.Modulus, c.Public.Modulus)
}

func TestGenerateKeyRejects(t *testing.T) {
	for _, tc := range []struct{ bits, e int }{{1024, 5}, {2048, 3}, {1000 + 4, 3}, {256, 3}, {1024, 17}} {
		_, err := GenerateKey(newSeeded("x"), tc.bits, tc.e)
		assert.ErrorIs(t, err, ErrUnsupportedKey, "%+v", tc)
	}
}

// zeros is a reader that never runs out and never varies.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestGenerateKeyBadReader(t *testing.T) {
	_, err := GenerateKey(zeros{}, 1024, 3)
	assert.ErrorIs(t, err, ErrRandomSource)
	_, err = GenerateKey(bytes.NewReader(make([]byte, 100)), 1024, 3)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestPrivateKeyNeverPrinted(t *testing.T) {
	k := testKey(t, "print", 1024, 65537)
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s", k, k, k, k)} {
		assert.NotContains(t, s, k.d.String())
		assert.NotContains(t, s, k.p.String())
		assert.NotContains(t, s, fmt.Sprintf("%x", k.p))
	}
	assert.Equal(t, "oda.PrivateKey(1024 bits, e=65537)", k.String())
}

func TestPublicOpErrors(t *testing.T) {
	k := testKey(t, "pub", 1024, 3).Public
	tests := []struct {
		name string
		key  PublicKey
		sig  []byte
		want error
	}{
		{"short signature", k, make([]byte, 127), ErrWrongLength},
		{"long signature", k, make([]byte, 129), ErrWrongLength},
		{"signature equals modulus", k, k.Modulus, ErrNotInRange},
		{"exponent 5", PublicKey{Modulus: k.Modulus, Exponent: []byte{5}}, make([]byte, 128), ErrExponent},
		{"empty modulus", PublicKey{Exponent: []byte{3}}, nil, ErrKeyLength},
		{"modulus with leading zero", PublicKey{Modulus: append([]byte{0}, k.Modulus...), Exponent: []byte{3}}, make([]byte, 129), ErrKeyLength},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.key.publicOp(tc.sig)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}
