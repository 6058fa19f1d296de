package cryptogram

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type cvvVector struct {
	CVK         string `json:"cvk"`
	PAN         string `json:"pan"`
	Expiry      string `json:"expiry"`
	ServiceCode string `json:"service_code"`
	CVV         string `json:"cvv"`
	Source      string `json:"source"`
}

// dcvvVector gives the card's dCVV key directly (key) or the issuer master
// key it is derived from (imk, option, psn).
type dcvvVector struct {
	Key         string `json:"key"`
	IMK         string `json:"imk"`
	Option      string `json:"option"`
	PSN         string `json:"psn"`
	PAN         string `json:"pan"`
	Expiry      string `json:"expiry"`
	ServiceCode string `json:"service_code"`
	ATC         string `json:"atc"`
	DCVV        string `json:"dcvv"`
	Source      string `json:"source"`
}

type cvvVectors struct {
	CVV  []cvvVector  `json:"cvv"`
	DCVV []dcvvVector `json:"dcvv"`
}

func TestCVVPublishedVectors(t *testing.T) {
	var vs cvvVectors
	loadJSON(t, "cvv.json", &vs)
	require.NotEmpty(t, vs.CVV)
	for _, v := range vs.CVV {
		got, err := CVV(tdes(t, v.CVK), v.PAN, v.Expiry, v.ServiceCode)
		require.NoError(t, err)
		assert.Equal(t, v.CVV, got, v.Source)
	}
}

func TestDCVVPublishedVectors(t *testing.T) {
	var vs cvvVectors
	loadJSON(t, "cvv.json", &vs)
	require.NotEmpty(t, vs.DCVV)
	for _, v := range vs.DCVV {
		k := v.Key
		var key Key
		if k != "" {
			key = tdes(t, k)
		} else {
			opt := masterKeyOption(v.Option)
			var err error
			key, err = DeriveMasterKey(tdes(t, v.IMK), opt, v.PAN, psnByte(t, v.PSN))
			require.NoError(t, err)
		}
		got, err := DCVV(key, v.PAN, v.Expiry, v.ServiceCode, [2]byte(unhex(t, v.ATC)))
		require.NoError(t, err)
		assert.Equal(t, v.DCVV, got, v.Source)
	}
}

func TestCVVVariants(t *testing.T) {
	k := tdes(t, "0123456789ABCDEFFEDCBA9876543210")
	pan, exp := "4123456789012345", "8701"
	cvv2, err := CVV2(k, pan, exp)
	require.NoError(t, err)
	c000, err := CVV(k, pan, exp, "000")
	require.NoError(t, err)
	assert.Equal(t, c000, cvv2)
	icvv, err := ICVV(k, pan, exp)
	require.NoError(t, err)
	c999, err := CVV(k, pan, exp, "999")
	require.NoError(t, err)
	assert.Equal(t, c999, icvv)
	stripe, err := CVV(k, pan, exp, "101")
	require.NoError(t, err)
	assert.Equal(t, "561", stripe)
	// The iCVV is not the stripe CVV: chip data cannot be replayed as a stripe.
	assert.NotEqual(t, stripe, icvv)

	d1, err := DCVV(k, pan, exp, "101", [2]byte{0x00, 0x01})
	require.NoError(t, err)
	d2, err := DCVV(k, pan, exp, "101", [2]byte{0x00, 0x02})
	require.NoError(t, err)
	assert.Regexp(t, "^[0-9]{3}$", d1)
	// The ATC enters the computation: these two ATCs give different values.
	assert.NotEqual(t, d1, d2)
}

func TestCVVErrors(t *testing.T) {
	k := tdes(t, "0123456789ABCDEFFEDCBA9876543210")
	a, err := NewAESKey(make([]byte, 16))
	require.NoError(t, err)
	tests := []struct {
		name                 string
		key                  Key
		pan, expiry, service string
		want                 error
	}{
		{"short PAN", k, "41234567890", "8701", "101", ErrPAN},
		{"PAN with letter", k, "412345678901234X", "8701", "101", ErrPAN},
		{"expiry 3 digits", k, "4123456789012345", "870", "101", ErrDigits},
		{"expiry letters", k, "4123456789012345", "87A1", "101", ErrDigits},
		{"service code 2 digits", k, "4123456789012345", "8701", "10", ErrDigits},
		{"AES key", a, "4123456789012345", "8701", "101", ErrKeyType},
		{"zero key", Key{}, "4123456789012345", "8701", "101", ErrKeyType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CVV(tc.key, tc.pan, tc.expiry, tc.service)
			require.ErrorIs(t, err, tc.want)
		})
	}
}
