package oda

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEncipheredPIN(t *testing.T) {
	pe := testKey(t, "pin", 1024, 65537)
	pinBlock := [8]byte{0x24, 0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}
	un := [8]byte{0xFA, 0x64, 0xB7, 0x7C, 0xFC, 0x70, 0x65, 0xDD}

	enc, err := EncipherPIN(pe.Public, pinBlock, un, newSeeded("pad"))
	require.NoError(t, err)
	require.Len(t, enc, 128)
	// The block under the encryption: 7F, PIN block, ICC UN, padding.
	m, err := pe.privateOp(enc)
	require.NoError(t, err)
	assert.Equal(t, mustHex("7F 241234FFFFFFFFFF FA64B77CFC7065DD"), m[:17])

	got, err := DecipherPIN(pe, enc, un)
	require.NoError(t, err)
	assert.Equal(t, pinBlock, got)

	again, err := EncipherPIN(pe.Public, pinBlock, un, newSeeded("pad"))
	require.NoError(t, err)
	assert.Equal(t, enc, again, "same reader, same bytes")

	_, err = DecipherPIN(pe, enc, [8]byte{1})
	assert.ErrorIs(t, err, ErrChallenge, "replayed against a new GET CHALLENGE")
	_, err = DecipherPIN(pe, enc[1:], un)
	assert.ErrorIs(t, err, ErrWrongLength)
	other := testKey(t, "icc", 1024, 65537)
	_, err = DecipherPIN(other, enc, un)
	assert.Error(t, err, "enciphered for another key")
	wrongHeader, err := pe.Public.publicOp(append([]byte{0x7E}, m[1:]...))
	require.NoError(t, err)
	_, err = DecipherPIN(pe, wrongHeader, un)
	assert.ErrorIs(t, err, ErrHeader)
}

// The ICC PIN Encipherment key certificate is an ICC certificate whose
// hash leaves out the static data.
func TestPINEnciphermentCertificate(t *testing.T) {
	issuer := testKey(t, "issuer", 1152, 3)
	pe := testKey(t, "pin", 1024, 65537)
	pan, err := PANField(testPAN)
	require.NoError(t, err)
	cert, rem, err := SignICCCertificate(issuer, ICCCertificate{PAN: pan, Expiry: Expiry{0x12, 0x29}, Key: pe.Public}, nil)
	require.NoError(t, err)
	assert.Len(t, rem, 128-(144-42), "9F2E remainder")
	got, err := RecoverICCKey(issuer.Public, cert, rem, pe.Public.Exponent, nil, testPAN, date(2029, time.December, 31))
	require.NoError(t, err)
	assert.Equal(t, pe.Public, got.Key)
}
