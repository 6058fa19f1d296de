package oda

import (
	"bufio"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadVector reads a testdata file of "name = HEX" lines.
func loadVector(t testing.TB, name string) map[string][]byte {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	v := make(map[string][]byte)
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, val, ok := strings.Cut(line, "=")
		require.True(t, ok, line)
		b, err := hex.DecodeString(strings.TrimSpace(val))
		require.NoError(t, err, line)
		v[strings.TrimSpace(k)] = b
	}
	require.NoError(t, s.Err())
	return v
}

// vectorCA finds the vector's CA key among the published ones.
func vectorCA(t testing.TB, v map[string][]byte) CAPublicKey {
	t.Helper()
	store, err := NewPublishedTestCAStore()
	require.NoError(t, err)
	var rid RID
	copy(rid[:], v["rid"])
	k, err := store.Lookup(rid, v["ca_index"][0])
	require.NoError(t, err)
	return k
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func mustHex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func TestVectorSDA(t *testing.T) {
	v := loadVector(t, "proxmark3_sda.txt")
	ca := vectorCA(t, v)
	today := date(2009, time.June, 1)

	ik, err := RecoverIssuerKey(ca, v["issuer_cert"], v["issuer_remainder"], v["issuer_exponent"], v["pan"], today, nil)
	require.NoError(t, err)
	assert.Equal(t, [4]byte{0x42, 0x76, 0x55, 0xFF}, ik.IssuerIdentifier)
	assert.Equal(t, Expiry{0x12, 0x09}, ik.Expiry)
	assert.Equal(t, [3]byte{0x00, 0x42, 0xB3}, ik.Serial)
	assert.Equal(t, 128, ik.Key.Size())
	assert.Equal(t, v["issuer_remainder"], ik.Key.Modulus[128-36:])

	dac, err := VerifySDA(ik.Key, v["ssad"], v["static_data"])
	require.NoError(t, err)
	// Recompute the DAC straight from the recovered block: byte 3-4.
	x, err := ik.Key.publicOp(v["ssad"])
	require.NoError(t, err)
	assert.Equal(t, x[3:5], dac[:])
	assert.Equal(t, []byte{0x6A, 0x03, 0x01}, x[:3])

	// One byte of static data changed: the hash no longer matches.
	bad := clone(v["static_data"])
	bad[len(bad)-1] ^= 1
	_, err = VerifySDA(ik.Key, v["ssad"], bad)
	assert.ErrorIs(t, err, ErrHashMismatch)

	_, err = RecoverIssuerKey(ca, v["issuer_cert"], v["issuer_remainder"], v["issuer_exponent"], v["pan"], date(2010, time.January, 1), nil)
	assert.ErrorIs(t, err, ErrExpired)
}

// proxmarkChain recovers the Mastercard issuer and ICC keys shared by the DDA
// and CDA vectors.
func proxmarkChain(t *testing.T, v map[string][]byte, today time.Time) (IssuerCertificate, ICCCertificate) {
	t.Helper()
	ca := vectorCA(t, v)
	ik, err := RecoverIssuerKey(ca, v["issuer_cert"], v["issuer_remainder"], v["issuer_exponent"], v["pan"], today, nil)
	require.NoError(t, err)
	assert.Equal(t, [4]byte{0x52, 0x85, 0x88, 0xFF}, ik.IssuerIdentifier)
	assert.Equal(t, Expiry{0x12, 0x21}, ik.Expiry)
	assert.Equal(t, [3]byte{0x00, 0x6E, 0xE2}, ik.Serial)
	assert.Equal(t, 176, ik.Key.Size())

	icc, err := RecoverICCKey(ik.Key, v["icc_cert"], nil, v["icc_exponent"], v["static_data"], v["pan"], today)
	require.NoError(t, err)
	assert.Equal(t, mustHex("5285881254345653FFFF"), icc.PAN[:])
	assert.Equal(t, Expiry{0x06, 0x15}, icc.Expiry)
	assert.Equal(t, 112, icc.Key.Size())
	assert.Equal(t, []byte{3}, icc.Key.Exponent)
	return ik, icc
}

func TestVectorDDA(t *testing.T) {
	v := loadVector(t, "proxmark3_dda.txt")
	_, icc := proxmarkChain(t, v, date(2014, time.September, 25))

	idn, err := VerifyDDA(icc.Key, v["sdad"], v["ddol_data"])
	require.NoError(t, err)
	x, err := icc.Key.publicOp(v["sdad"])
	require.NoError(t, err)
	require.Equal(t, []byte{0x6A, 0x05, 0x01}, x[:3])
	assert.Equal(t, x[5:5+int(x[4])], idn)

	_, err = VerifyDDA(icc.Key, v["sdad"], []byte{0, 0, 0, 1})
	assert.ErrorIs(t, err, ErrHashMismatch)
}

func TestVectorCDA(t *testing.T) {
	v := loadVector(t, "proxmark3_cda.txt")
	_, icc := proxmarkChain(t, v, date(2014, time.September, 25))

	// The response as the card returned it: 9F4B among the other objects.
	response := append(clone(v["response_without_sdad"]), 0x9F, 0x4B, byte(len(v["sdad"])))
	response = append(response, v["sdad"]...)

	got, err := VerifyCDA(icc.Key, response, v["unpredictable_number"], nil, v["cdol1_data"], nil)
	require.NoError(t, err)
	assert.Equal(t, byte(0x40), got.CID)
	tdh, err := TransactionDataHash(nil, v["cdol1_data"], nil, response)
	require.NoError(t, err)
	assert.Equal(t, tdh, got.TransactionDataHash)
	assert.Len(t, got.IDN, 8)

	tests := []struct {
		name  string
		un    []byte
		cdol1 []byte
		cdol2 []byte
		want  error
	}{
		{"wrong unpredictable number", []byte{1, 2, 3, 4}, v["cdol1_data"], nil, ErrHashMismatch},
		{"CDOL1 data changed", v["unpredictable_number"], append(clone(v["cdol1_data"][:42]), 1), nil, ErrHashMismatch},
		{"taken as second GENERATE AC", v["unpredictable_number"], v["cdol1_data"], []byte{0x00}, ErrHashMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := VerifyCDA(icc.Key, response, tc.un, nil, tc.cdol1, tc.cdol2)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestVectorEMVUtilsCDA(t *testing.T) {
	v := loadVector(t, "emv-utils_cda.txt")
	ca := vectorCA(t, v)
	today := date(2025, time.May, 6)

	ik, err := RecoverIssuerKey(ca, v["issuer_cert"], nil, v["issuer_exponent"], v["pan"], today, nil)
	require.NoError(t, err)
	assert.Equal(t, v["issuer_modulus"], ik.Key.Modulus)
	assert.Equal(t, [4]byte{0x54, 0x13, 0x33, 0xFF}, ik.IssuerIdentifier)
	assert.Equal(t, Expiry{0x12, 0x27}, ik.Expiry)
	assert.Equal(t, [3]byte{0, 0, 1}, ik.Serial)

	// Without the card's static data the ICC certificate's hash cannot
	// match; its layout can still be checked against the source's fields.
	_, err = RecoverICCKey(ik.Key, v["icc_cert"], v["icc_remainder"], v["icc_exponent"], nil, v["pan"], today)
	assert.ErrorIs(t, err, ErrHashMismatch)
	x, err := recoverSigned(ik.Key, v["icc_cert"])
	require.NoError(t, err)
	assert.Equal(t, v["icc_cert_hash"], hashField(x))
	field := body(x)[1+10+certFixed-1:]
	assert.Equal(t, v["icc_modulus"], append(clone(field), v["icc_remainder"]...))

	icc := PublicKey{Modulus: v["icc_modulus"], Exponent: v["icc_exponent"]}
	dd, err := RecoverDynamicData(icc, v["sdad"], v["unpredictable_number"])
	require.NoError(t, err)
	want := append([]byte{8}, v["idn"]...)
	want = append(want, v["cid"]...)
	want = append(want, v["ac"]...)
	want = append(want, v["transaction_data_hash"]...)
	assert.Equal(t, want, dd)

	// The source's own negative case: last byte of the SDAD changed.
	bad := clone(v["sdad"])
	bad[len(bad)-1] ^= 0x01
	_, err = RecoverDynamicData(icc, bad, v["unpredictable_number"])
	assert.Error(t, err)
}
