package cryptogram

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeyNeverPrintsBytes(t *testing.T) {
	k := tdes(t, "0123456789ABCDEFFEDCBA9876543210")
	ks := ICCKeys{AC: k, SMI: k, SMC: k}
	for _, s := range []string{
		k.String(), fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %x %X %s %q", k, k, k, k, k, k, k),
		fmt.Sprintf("%v %+v %#v %x", ks, ks, ks, ks),
	} {
		low := strings.ToLower(s)
		assert.NotContains(t, low, "0123456789abcdef")
		assert.NotContains(t, low, "fedcba")
		assert.NotContains(t, s, "[1 35 69")
	}
	// A struct keeping keys in unexported fields is printed by reflection,
	// without Format: long-lived keys then show only an address.
	type holder struct {
		k  Key
		ks ICCKeys
	}
	s := fmt.Sprintf("%+v %#v", holder{k, ks}, holder{k, ks})
	assert.NotContains(t, s, "1 35 69 103")
	assert.NotContains(t, s, "0x1, 0x23, 0x45")
	assert.Equal(t, "cryptogram.Key(TDES, 16 bytes)", k.String())
	assert.Equal(t, "cryptogram.Key(none)", Key{}.String())
}

func TestNewKeyLengths(t *testing.T) {
	for _, n := range []int{0, 8, 15, 17, 32} {
		_, err := NewTDESKey(make([]byte, n))
		assert.ErrorIs(t, err, ErrKeyLength, "TDES %d", n)
	}
	for _, n := range []int{0, 8, 15, 17, 33} {
		_, err := NewAESKey(make([]byte, n))
		assert.ErrorIs(t, err, ErrKeyLength, "AES %d", n)
	}
	for _, n := range []int{16, 24} {
		k, err := NewTDESKey(make([]byte, n))
		require.NoError(t, err)
		assert.Equal(t, n, k.Len())
		assert.Equal(t, TDES, k.Algorithm())
	}
	for _, n := range []int{16, 24, 32} {
		k, err := NewAESKey(make([]byte, n))
		require.NoError(t, err)
		assert.Equal(t, n, k.Len())
		assert.Equal(t, AES, k.Algorithm())
	}
	b := []byte("0123456789abcdef")
	k, err := NewTDESKey(b)
	require.NoError(t, err)
	b[0] = 'X'
	assert.Equal(t, byte('0'), k.Bytes()[0], "NewTDESKey copies")
	kb := k.Bytes()
	kb[1] = 'Y'
	assert.Equal(t, byte('1'), k.Bytes()[1], "Bytes copies")
}

func TestSetOddParity(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0000000000000000", "0101010101010101"},
		{"FFFFFFFFFFFFFFFF", "FEFEFEFEFEFEFEFE"},
		{"0123456789ABCDEF", "0123456789ABCDEF"},
		{"0022446688AACCEE", "0123456789ABCDEF"},
	}
	for _, tc := range tests {
		b := unhex(t, tc.in)
		SetOddParity(b)
		assert.Equal(t, tc.want, upper(b))
	}
}

func TestKCVAES(t *testing.T) {
	// The AES KCV is the first three bytes of AES-CMAC over a zero block; the
	// CMAC itself is checked against RFC 4493.
	k := aesKey(t, "2B7E151628AED2A6ABF7158809CF4F3C")
	m, err := CMAC(k, make([]byte, 16))
	require.NoError(t, err)
	c, err := k.KCV()
	require.NoError(t, err)
	assert.Equal(t, m[:3], c[:])
	_, err = Key{}.KCV()
	assert.ErrorIs(t, err, ErrKeyType)
}

func TestPadding(t *testing.T) {
	tests := []struct {
		p          Padding
		data, want string
		bs         int
	}{
		{PaddingMethod1, "", "0000000000000000", 8},
		{PaddingMethod1, "1234", "1234000000000000", 8},
		{PaddingMethod1, "1234567890123456", "1234567890123456", 8},
		{PaddingMethod2, "", "8000000000000000", 8},
		{PaddingMethod2, "12345678901234", "1234567890123480", 8},
		{PaddingMethod2, "1234567890123456", "12345678901234568000000000000000", 8},
		{PaddingMethod2, "1234", "12348000000000000000000000000000", 16},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, upper(tc.p.Append(nil, unhex(t, tc.data), tc.bs)))
	}
	for _, bad := range []string{"", "00", "1234", "8001", "80FF00"} {
		_, err := unpadMethod2(unhex(t, bad))
		assert.ErrorIs(t, err, ErrPadding, bad)
	}
	got, err := unpadMethod2(unhex(t, "12800000"))
	require.NoError(t, err)
	assert.Equal(t, "12", upper(got))
}

func TestMACKeyErrors(t *testing.T) {
	a := aesKey(t, "2B7E151628AED2A6ABF7158809CF4F3C")
	t3 := tdes(t, "0123456789ABCDEFFEDCBA98765432100123456789ABCDEF")
	_, err := RetailMAC(a, nil, PaddingMethod2)
	assert.ErrorIs(t, err, ErrKeyType)
	_, err = RetailMAC(t3, nil, PaddingMethod2)
	assert.ErrorIs(t, err, ErrKeyLength)
	_, err = CMAC(tdes(t, "0123456789ABCDEFFEDCBA9876543210"), nil)
	assert.ErrorIs(t, err, ErrKeyType)
	_, err = MACAlgorithm1(Key{}, nil, PaddingMethod1)
	assert.ErrorIs(t, err, ErrKeyType)
}

func TestRetailMACIsAlgorithm1WithEqualHalves(t *testing.T) {
	// With KL = KR the retail MAC collapses to single-DES CBC-MAC, which is
	// MAC algorithm 1 under the TDES key KL KL KL.
	k := tdes(t, "0123456789ABCDEF0123456789ABCDEF")
	data := []byte("EMV Book 2 Annex A1.2, any length of data at all")
	r, err := RetailMAC(k, data, PaddingMethod2)
	require.NoError(t, err)
	m, err := MACAlgorithm1(k, data, PaddingMethod2)
	require.NoError(t, err)
	assert.Equal(t, m, r[:])
}
