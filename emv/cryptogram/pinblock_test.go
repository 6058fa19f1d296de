package cryptogram

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type pinVector struct {
	PIN      string `json:"pin"`
	PAN      string `json:"pan"`
	Block    string `json:"block"`
	PINField string `json:"pin_field"`
	PANField string `json:"pan_field"`
	Key      string `json:"key"`
	Random   string `json:"random"`
	// Enciphered is the block under the TDES key Key, as an HSM test
	// publishes it.
	Enciphered string `json:"enciphered"`
	Source     string `json:"source"`
}

func loadPINVectors(t testing.TB) map[string][]pinVector {
	var f map[string][]pinVector
	loadJSON(t, "pinblocks.json", &f)
	for _, k := range []string{"format0", "format1", "format2", "format4_fields", "format4", "format0_enciphered", "format1_enciphered"} {
		require.NotEmpty(t, f[k], k)
	}
	return f
}

// decipherTDESBlock deciphers one block under a TDES key given in hex.
func decipherTDESBlock(t *testing.T, key, block string) [8]byte {
	t.Helper()
	b, err := tdes(t, key).block()
	require.NoError(t, err)
	var out [8]byte
	b.Decrypt(out[:], unhex(t, block))
	return out
}

func TestPINBlockPublishedVectors(t *testing.T) {
	f := loadPINVectors(t)
	for _, v := range f["format0"] {
		b, err := PINBlockFormat0(v.PIN, v.PAN)
		require.NoError(t, err)
		assert.Equal(t, v.Block, upper(b[:]), v.Source)
		pin, err := PINFromFormat0([8]byte(unhex(t, v.Block)), v.PAN)
		require.NoError(t, err)
		assert.Equal(t, v.PIN, pin, v.Source)
	}
	for _, v := range f["format0_enciphered"] {
		b := decipherTDESBlock(t, v.Key, v.Enciphered)
		want, err := PINBlockFormat0(v.PIN, v.PAN)
		require.NoError(t, err)
		assert.Equal(t, upper(want[:]), upper(b[:]), v.Source)
		pin, err := PINFromFormat0(b, v.PAN)
		require.NoError(t, err)
		assert.Equal(t, v.PIN, pin, v.Source)
	}
	for _, v := range f["format1_enciphered"] {
		pin, err := PINFromFormat1(decipherTDESBlock(t, v.Key, v.Enciphered))
		require.NoError(t, err)
		assert.Equal(t, v.PIN, pin, v.Source)
	}
	for _, v := range f["format1"] {
		pin, err := PINFromFormat1([8]byte(unhex(t, v.Block)))
		require.NoError(t, err)
		assert.Equal(t, v.PIN, pin, v.Source)
	}
	for _, v := range f["format2"] {
		b, err := PINBlockFormat2(v.PIN)
		require.NoError(t, err)
		assert.Equal(t, v.Block, upper(b[:]), v.Source)
		pin, err := PINFromFormat2(b)
		require.NoError(t, err)
		assert.Equal(t, v.PIN, pin)
	}
	for _, v := range f["format4_fields"] {
		if v.PIN != "" {
			pf := pinField(4, v.PIN)
			for i := 2 + len(v.PIN); i < 16; i++ {
				if i%2 == 0 {
					pf[i/2] = pf[i/2]&0x0F | 0xA0
				} else {
					pf[i/2] = pf[i/2]&0xF0 | 0x0A
				}
			}
			assert.Equal(t, v.PINField, upper(pf[:]), v.Source)
		}
		pan, err := panField4(v.PAN)
		require.NoError(t, err)
		assert.Equal(t, v.PANField, upper(pan[:]), v.Source)
	}
	for _, v := range f["format4"] {
		k := aesKey(t, v.Key)
		if v.Random != "" {
			b, err := EncipherPINBlockFormat4(k, v.PIN, v.PAN, bytes.NewReader(unhex(t, v.Random)))
			require.NoError(t, err)
			assert.Equal(t, v.Block, upper(b[:]), v.Source)
		}
		pin, err := DecipherPINBlockFormat4(k, [16]byte(unhex(t, v.Block)), v.PAN)
		require.NoError(t, err)
		assert.Equal(t, v.PIN, pin, v.Source)
	}
}

func TestPINBlockErrors(t *testing.T) {
	aes128 := aesKey(t, "00112233445566778899AABBCCDDEEFF")
	tests := []struct {
		name string
		fn   func() error
		want error
	}{
		{"format 0 PIN too short", func() error { _, err := PINBlockFormat0("123", "5555555551234567"); return err }, ErrPIN},
		{"format 0 PIN not numeric", func() error { _, err := PINBlockFormat0("12A4", "5555555551234567"); return err }, ErrPIN},
		{"format 0 PAN short", func() error { _, err := PINBlockFormat0("1234", "55555555512"); return err }, ErrPAN},
		{"format 0 PAN not numeric", func() error { _, err := PINBlockFormat0("1234", "555555555123456X"); return err }, ErrPAN},
		{"format 2 PIN long", func() error { _, err := PINBlockFormat2("1234567890123"); return err }, ErrPIN},
		{"format 2 wrong control", func() error { _, err := PINFromFormat2([8]byte(unhex(t, "041234FFFFFFFFFF"))); return err }, ErrPINBlock},
		{"format 2 bad fill", func() error { _, err := PINFromFormat2([8]byte(unhex(t, "2C123456789012CF"))); return err }, ErrPINBlock},
		{"format 2 length 15", func() error { _, err := PINFromFormat2([8]byte(unhex(t, "2F123456789012FF"))); return err }, ErrPINBlock},
		{"format 2 digit F", func() error { _, err := PINFromFormat2([8]byte(unhex(t, "2C12345678901FFF"))); return err }, ErrPINBlock},
		{"format 0 wrong PAN", func() error {
			_, err := PINFromFormat0([8]byte(unhex(t, "041261AAAAEDCBA9")), "4111111111111111")
			return err
		}, ErrPINBlock},
		{"format 1 random fails", func() error { _, err := PINBlockFormat1("1234", bytes.NewReader(nil)); return err }, ErrRandom},
		{"format 4 with TDES key", func() error {
			_, err := EncipherPINBlockFormat4(tdes(t, "0123456789ABCDEFFEDCBA9876543210"), "1234", "4111111111111111", nil)
			return err
		}, ErrKeyType},
		{"format 4 PAN too long", func() error {
			_, err := EncipherPINBlockFormat4(aes128, "1234", "41111111111111111111", nil)
			return err
		}, ErrPAN},
		{"format 4 wrong PAN", func() error {
			_, err := DecipherPINBlockFormat4(aes128, [16]byte(unhex(t, "28B41FDDD29B743E93124BD8E32D921E")), "4111111111111111")
			return err
		}, ErrPINBlock},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.fn()
			require.ErrorIs(t, err, tc.want)
			assert.NotContains(t, err.Error(), "1234")
		})
	}
}

func TestPINBlockFormat1RoundTrip(t *testing.T) {
	b, err := PINBlockFormat1("12345", bytes.NewReader(bytes.Repeat([]byte{0x5A}, 8)))
	require.NoError(t, err)
	assert.Equal(t, "1512345AAAAAAAAA", upper(b[:]))
	pin, err := PINFromFormat1(b)
	require.NoError(t, err)
	assert.Equal(t, "12345", pin)
}

func TestPINBlockFormat4RandomRoundTrip(t *testing.T) {
	k := aesKey(t, "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
	a, err := EncipherPINBlockFormat4(k, "987654321", "4761739001010010", nil)
	require.NoError(t, err)
	b, err := EncipherPINBlockFormat4(k, "987654321", "4761739001010010", nil)
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "format 4 blocks carry fresh random fill")
	pin, err := DecipherPINBlockFormat4(k, a, "4761739001010010")
	require.NoError(t, err)
	assert.Equal(t, "987654321", pin)
}
