package oda

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	testRID   = RID{0xA0, 0x00, 0x00, 0x00, 0x25}
	testPAN   = mustHex("374245001751006F") // 15 digits, F-padded as in tag 5A
	testToday = date(2026, time.November, 25)
)

// chain is a complete simulated key hierarchy with its signed card data.
type chain struct {
	ca         *CertificationAuthority
	issuer     *PrivateKey
	icc        *PrivateKey
	static     []byte
	issuerCert []byte
	issuerRem  []byte
	iccCert    []byte
	iccRem     []byte
}

func newChain(t testing.TB, caBits, issuerBits, iccBits, e int) chain {
	t.Helper()
	ca, err := NewCertificationAuthority(newSeeded(fmt.Sprintf("ca/%d/%d", caBits, e)), testRID, 0xC9, caBits, e)
	require.NoError(t, err)
	c := chain{
		ca:     ca,
		issuer: testKey(t, "issuer", issuerBits, e),
		icc:    testKey(t, "icc", iccBits, e),
		static: mustHex("5F25032601015F24033012315A08374245001751006F9F0702FF00"),
	}
	id, err := IssuerIdentifier("374245")
	require.NoError(t, err)
	c.issuerCert, c.issuerRem, err = ca.SignIssuerCertificate(IssuerCertificate{
		IssuerIdentifier: id, Expiry: Expiry{0x12, 0x30}, Serial: [3]byte{0x12, 0x34, 0x56}, Key: c.issuer.Public})
	require.NoError(t, err)
	pan, err := PANField(testPAN)
	require.NoError(t, err)
	c.iccCert, c.iccRem, err = SignICCCertificate(c.issuer, ICCCertificate{
		PAN: pan, Expiry: Expiry{0x12, 0x29}, Serial: [3]byte{0, 0, 7}, Key: c.icc.Public}, c.static)
	require.NoError(t, err)
	return c
}

func TestRoundTrip(t *testing.T) {
	for _, bits := range []int{1024, 1152, 1408, 1984} {
		for _, e := range []int{3, 65537} {
			t.Run(fmt.Sprintf("%d-e%d", bits, e), func(t *testing.T) {
				c := newChain(t, bits, bits, bits, e)
				require.Len(t, c.issuerCert, bits/8)
				assert.Len(t, c.issuerRem, 36, "equal sizes: the certificate holds N-36 key bytes")
				assert.Len(t, c.iccRem, 42, "equal sizes: the certificate holds N-42 key bytes")

				ik, err := RecoverIssuerKey(c.ca.PublicKey(), c.issuerCert, c.issuerRem, c.issuer.Public.Exponent, testPAN, testToday, nil)
				require.NoError(t, err)
				assert.Equal(t, c.issuer.Public, ik.Key)
				assert.Equal(t, testRID, ik.RID)
				assert.Equal(t, byte(0xC9), ik.CAIndex)
				assert.Equal(t, [3]byte{0x12, 0x34, 0x56}, ik.Serial)

				icc, err := RecoverICCKey(ik.Key, c.iccCert, c.iccRem, c.icc.Public.Exponent, c.static, testPAN, testToday)
				require.NoError(t, err)
				assert.Equal(t, c.icc.Public, icc.Key)
				assert.Equal(t, mustHex("374245001751006FFFFF"), icc.PAN[:])

				ssad, err := SignStaticData(c.issuer, [2]byte{0xDA, 0xC1}, c.static)
				require.NoError(t, err)
				dac, err := VerifySDA(ik.Key, ssad, c.static)
				require.NoError(t, err)
				assert.Equal(t, [2]byte{0xDA, 0xC1}, dac)

				ddol := mustHex("01020304")
				sdad, err := SignDDA(c.icc, mustHex("0001"), ddol)
				require.NoError(t, err)
				idn, err := VerifyDDA(icc.Key, sdad, ddol)
				require.NoError(t, err)
				assert.Equal(t, mustHex("0001"), idn)

				carData := CardAuthenticationRelatedData([4]byte{9, 8, 7, 6}, [2]byte{0x80, 0x00})
				td := FDDATerminalData([4]byte{1, 2, 3, 4}, [6]byte{0, 0, 0, 0, 0x10, 0}, [2]byte{0x03, 0x92}, carData)
				assert.Equal(t, mustHex("01020304 000000001000 0392 01 09080706 8000"), td)
				sdad, err = SignFDDA(c.icc, mustHex("0042"), td)
				require.NoError(t, err)
				idn, err = VerifyFDDA(icc.Key, sdad, td)
				require.NoError(t, err)
				assert.Equal(t, mustHex("0042"), idn)
			})
		}
	}
}

// genACResponse builds a GENERATE AC format 2 response value with CDA, as
// the card would: CID, ATC, IAD, then 9F4B over all of them.
func genACResponse(t testing.TB, icc *PrivateKey, cid byte, un, pdol, cdol1, cdol2 []byte) ([]byte, CDASignedData) {
	t.Helper()
	resp := []byte{0x9F, 0x27, 0x01, cid, 0x9F, 0x36, 0x02, 0x00, 0x2A, 0x9F, 0x10, 0x07, 0x06, 0x01, 0x0A, 0x03, 0xA0, 0x00, 0x00}
	tdh, err := TransactionDataHash(pdol, cdol1, cdol2, resp)
	require.NoError(t, err)
	d := CDASignedData{IDN: mustHex("002A"), CID: cid, AC: [8]byte{1, 2, 3, 4, 5, 6, 7, 8}, TransactionDataHash: tdh}
	sdad, err := SignCDA(icc, d, un)
	require.NoError(t, err)
	resp = append(resp, 0x9F, 0x4B, 0x81, byte(len(sdad)))
	return append(resp, sdad...), d
}

func TestCDARoundTrip(t *testing.T) {
	for _, bits := range []int{1024, 1152, 1408, 1984} {
		for _, e := range []int{3, 65537} {
			t.Run(fmt.Sprintf("%d-e%d", bits, e), func(t *testing.T) {
				icc := testKey(t, "icc", bits, e)
				un, pdol, cdol1, cdol2 := mustHex("CAFEBABE"), mustHex("0392"), mustHex("000000001000CAFEBABE"), mustHex("3030CAFEBABE")

				first, want := genACResponse(t, icc, 0x80, un, pdol, cdol1, nil)
				got, err := VerifyCDA(icc.Public, first, un, pdol, cdol1, nil)
				require.NoError(t, err)
				assert.Equal(t, want, got)

				second, want := genACResponse(t, icc, 0x40, un, pdol, cdol1, cdol2)
				got, err = VerifyCDA(icc.Public, second, un, pdol, cdol1, cdol2)
				require.NoError(t, err)
				assert.Equal(t, want, got)
				_, err = VerifyCDA(icc.Public, second, un, pdol, cdol1, nil)
				assert.ErrorIs(t, err, ErrHashMismatch, "second GENERATE AC hash must cover CDOL2 data")
			})
		}
	}
}

// Smaller keys below larger ones, the usual arrangement on real cards.
func TestRoundTripMixedSizes(t *testing.T) {
	c := newChain(t, 1984, 1408, 1024, 3)
	assert.Nil(t, c.issuerRem, "1408-bit issuer key fits a 1984-bit certificate")
	assert.Nil(t, c.iccRem, "1024-bit ICC key fits a 1408-bit certificate")
	ik, err := RecoverIssuerKey(c.ca.PublicKey(), c.issuerCert, nil, []byte{3}, testPAN, testToday, nil)
	require.NoError(t, err)
	icc, err := RecoverICCKey(ik.Key, c.iccCert, nil, []byte{3}, c.static, testPAN, testToday)
	require.NoError(t, err)
	assert.Equal(t, c.icc.Public, icc.Key)
}
