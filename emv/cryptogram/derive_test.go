package cryptogram

import (
	"crypto/aes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeriveMasterKeyErrors(t *testing.T) {
	imk := tdes(t, "0123456789ABCDEFFEDCBA9876543210")
	imk24 := tdes(t, "0123456789ABCDEFFEDCBA98765432100123456789ABCDEF")
	tests := []struct {
		name string
		imk  Key
		pan  string
		psn  byte
		want error
	}{
		{"PAN 11 digits", imk, "12345678901", 0, ErrPAN},
		{"PAN 20 digits", imk, "12345678901234567890", 0, ErrPAN},
		{"PAN with space", imk, "1234 5678 9012 3456", 0, ErrPAN},
		{"PAN empty", imk, "", 0, ErrPAN},
		{"PSN not BCD", imk, "1234567890123456", 0x1A, ErrPSN},
		{"IMK 24 bytes", imk24, "1234567890123456", 0, ErrKeyLength},
		{"zero key", Key{}, "1234567890123456", 0, ErrKeyType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, opt := range []MasterKeyOption{OptionA, OptionB} {
				_, err := DeriveMasterKey(tc.imk, opt, tc.pan, tc.psn)
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
	_, err := DeriveMasterKeyAES(imk, "1234567890123456", 0)
	assert.ErrorIs(t, err, ErrKeyType)
}

func TestOptionBIsOptionAUpTo16Digits(t *testing.T) {
	imk := tdes(t, "0123456789ABCDEFFEDCBA9876543210")
	for _, pan := range []string{"123456789012", "1234567890123456"} {
		a, err := DeriveMasterKeyOptionA(imk, pan, 0x01)
		require.NoError(t, err)
		b, err := DeriveMasterKeyOptionB(imk, pan, 0x01)
		require.NoError(t, err)
		assert.Equal(t, a, b)
	}
	a, err := DeriveMasterKeyOptionA(imk, "12345678901234567", 0x01)
	require.NoError(t, err)
	b, err := DeriveMasterKeyOptionB(imk, "12345678901234567", 0x01)
	require.NoError(t, err)
	assert.NotEqual(t, a, b)
}

func TestDeriveMasterKeyAESShape(t *testing.T) {
	// Book 2 A1.4.3: Y = PAN || PSN left padded to 16 bytes; the key is the
	// leftmost k bits of AES(Y) || AES(Y xor FF..FF). Checked here against
	// the standard library's AES directly.
	for _, n := range []int{16, 24, 32} {
		raw := make([]byte, n)
		for i := range raw {
			raw[i] = byte(i * 7)
		}
		imk := aesKey(t, upper(raw))
		mk, err := DeriveMasterKeyAES(imk, "5413330089020011", 0x01)
		require.NoError(t, err)
		c, err := aes.NewCipher(raw)
		require.NoError(t, err)
		y := unhex(t, "00000000000000005413330089020011"[2:]+"01")
		var want [32]byte
		c.Encrypt(want[:16], y)
		for i := range y {
			y[i] ^= 0xFF
		}
		c.Encrypt(want[16:], y)
		assert.Equal(t, upper(want[:n]), upper(mk.Bytes()), "AES-%d", 8*n)
		assert.Equal(t, AES, mk.Algorithm())
	}
}

func TestSessionKeyErrorsAndAES(t *testing.T) {
	mk := tdes(t, "0123456789ABCDEFFEDCBA9876543210")
	_, err := SessionKeyCommon(mk, make([]byte, 7))
	assert.ErrorIs(t, err, ErrDataLength)
	_, err = SessionKeyCommon(mk, make([]byte, 16))
	assert.ErrorIs(t, err, ErrDataLength)
	_, err = SessionKeyVisaSM(aesKey(t, "2B7E151628AED2A6ABF7158809CF4F3C"), [2]byte{})
	assert.ErrorIs(t, err, ErrKeyLength)

	// AES-128 (k = n): SK = AES(MK)[R], R unchanged (A1.3.1); AES-256
	// (k > n): AES(MK)[F1] || AES(MK)[F2]. Published vectors are in
	// testdata; this pins the shape against the bare cipher.
	raw := unhex(t, "2B7E151628AED2A6ABF7158809CF4F3C")
	sk, err := SessionKeyATC(aesKey(t, upper(raw)), [2]byte{0x00, 0x1C})
	require.NoError(t, err)
	c, err := aes.NewCipher(raw)
	require.NoError(t, err)
	r := unhex(t, "001C0000000000000000000000000000")
	c.Encrypt(r, r)
	assert.Equal(t, upper(r), upper(sk.Bytes()))
	raw256 := append(append([]byte(nil), raw...), raw...)
	sk, err = SessionKeyATC(aesKey(t, upper(raw256)), [2]byte{0x00, 0x1C})
	require.NoError(t, err)
	c, err = aes.NewCipher(raw256)
	require.NoError(t, err)
	f1, f2 := unhex(t, "001CF000000000000000000000000000"), unhex(t, "001C0F00000000000000000000000000")
	c.Encrypt(f1, f1)
	c.Encrypt(f2, f2)
	assert.Equal(t, upper(f1)+upper(f2), upper(sk.Bytes()))

	mc, err := SessionKeyMastercard(mk, [2]byte{0x00, 0x1C}, [4]byte{0xAB, 0xCD, 0xEF, 0x12})
	require.NoError(t, err)
	common, err := SessionKeyCommon(mk, unhex(t, "001C0000ABCDEF12"))
	require.NoError(t, err)
	assert.Equal(t, common, mc)
}

func TestPackDigitsRight(t *testing.T) {
	dst := make([]byte, 4)
	packDigitsRight(dst, []byte{1, 2, 3})
	assert.Equal(t, "00000123", upper(dst))
	packDigitsRight(dst, []byte{9, 8, 7, 6, 5, 4, 3, 2, 1, 0})
	assert.Equal(t, "76543210", upper(dst))
}
