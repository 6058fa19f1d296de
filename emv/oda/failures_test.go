package oda

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// craftIssuerCert signs an issuer certificate with every field chosen by
// the test, so that each check can be made to fail on its own.
type craft struct {
	format, hashAlg, keyAlg byte
	keyLen, expLen          int
	mutate                  func(block []byte) // applied to the signed block before the RSA operation
}

func (cr craft) sign(t *testing.T, ca *PrivateKey, key PublicKey, rem []byte) []byte {
	t.Helper()
	data := []byte{cr.format, 0x37, 0x42, 0x45, 0xFF, 0x12, 0x30, 0, 0, 1, cr.hashAlg, cr.keyAlg, byte(cr.keyLen), byte(cr.expLen)}
	field := keyFieldLen(ca.Size(), 4)
	data = append(data, key.Modulus[:min(field, len(key.Modulus))]...)
	data = padTo(data, ca.Size()-overhead)
	if cr.mutate == nil {
		sig, err := signBlock(ca, data, rem, key.Exponent)
		require.NoError(t, err)
		return sig
	}
	// Build the block by hand so header or trailer can be broken.
	x, err := signBlock(ca, data, rem, key.Exponent)
	require.NoError(t, err)
	block, err := ca.Public.publicOp(x)
	require.NoError(t, err)
	cr.mutate(block)
	sig, err := ca.privateOp(block)
	require.NoError(t, err)
	return sig
}

func goodCraft(keyLen int) craft {
	return craft{format: 0x02, hashAlg: 0x01, keyAlg: 0x01, keyLen: keyLen, expLen: 1}
}

func TestIssuerCertificateFailures(t *testing.T) {
	c := newChain(t, 1024, 1024, 1024, 3)
	caKey := c.ca.key
	caPub := c.ca.PublicKey()
	ik := c.issuer.Public
	rem := ik.Modulus[128-36:]

	crafted := func(mod func(*craft)) []byte {
		cr := goodCraft(128)
		mod(&cr)
		return cr.sign(t, caKey, ik, rem)
	}
	revoked := new(RevocationList)
	revoked.Add(testRID, 0xC9, [3]byte{0x12, 0x34, 0x56})
	otherPAN := mustHex("411111111111111F")

	tests := []struct {
		name    string
		cert    []byte
		rem     []byte
		exp     []byte
		pan     []byte
		today   time.Time
		revoked *RevocationList
		want    error
	}{
		{"control: crafted certificate is good", crafted(func(*craft) {}), rem, []byte{3}, testPAN, testToday, nil, nil},
		{"wrong length", c.issuerCert[1:], rem, []byte{3}, testPAN, testToday, nil, ErrWrongLength},
		{"not below modulus", caPub.Key.Modulus, rem, []byte{3}, testPAN, testToday, nil, ErrNotInRange},
		{"wrong trailer", crafted(func(c *craft) { c.mutate = func(b []byte) { b[len(b)-1] = 0xBD } }), rem, []byte{3}, testPAN, testToday, nil, ErrTrailer},
		{"wrong header", crafted(func(c *craft) { c.mutate = func(b []byte) { b[0] = 0x6B } }), rem, []byte{3}, testPAN, testToday, nil, ErrHeader},
		{"wrong format", crafted(func(c *craft) { c.format = 0x04 }), rem, []byte{3}, testPAN, testToday, nil, ErrFormat},
		{"unknown hash algorithm", crafted(func(c *craft) { c.hashAlg = 0x02 }), rem, []byte{3}, testPAN, testToday, nil, ErrHashAlgorithm},
		{"unknown key algorithm", crafted(func(c *craft) { c.keyAlg = 0x02 }), rem, []byte{3}, testPAN, testToday, nil, ErrKeyAlgorithm},
		{"hash mismatch", c.issuerCert, append(clone(rem[:35]), rem[35]^1), []byte{3}, testPAN, testToday, nil, ErrHashMismatch},
		{"remainder too short", c.issuerCert, rem[1:], []byte{3}, testPAN, testToday, nil, ErrRemainder},
		{"remainder missing", c.issuerCert, nil, []byte{3}, testPAN, testToday, nil, ErrRemainder},
		{"exponent differs from its length", c.issuerCert, rem, []byte{1, 0, 1}, testPAN, testToday, nil, ErrExponent},
		{"key longer than the CA modulus", crafted(func(c *craft) { c.keyLen = 129 }), append(clone(rem), 0), []byte{3}, testPAN, testToday, nil, ErrModulusTooShort},
		{"key length zero", crafted(func(c *craft) { c.keyLen = 0 }), nil, []byte{3}, testPAN, testToday, nil, ErrKeyLength},
		{"PAN mismatch", c.issuerCert, rem, []byte{3}, otherPAN, testToday, nil, ErrPANMismatch},
		{"expired", c.issuerCert, rem, []byte{3}, testPAN, date(2031, time.January, 1), nil, ErrExpired},
		{"last day of expiry month still valid", c.issuerCert, rem, []byte{3}, testPAN, date(2030, time.December, 31), nil, nil},
		{"revoked", c.issuerCert, rem, []byte{3}, testPAN, testToday, revoked, ErrRevoked},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := RecoverIssuerKey(caPub, tc.cert, tc.rem, tc.exp, tc.pan, tc.today, tc.revoked)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
			var e *Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, "issuer certificate", e.Object)
		})
	}
}

func TestICCCertificateFailures(t *testing.T) {
	c := newChain(t, 1024, 1024, 1024, 65537)
	ik := c.issuer.Public
	exp := c.icc.Public.Exponent
	badDate, _, err := SignICCCertificate(c.issuer, ICCCertificate{PAN: [10]byte{0x37, 0x42, 0x45, 0x00, 0x17, 0x51, 0x00, 0x6F, 0xFF, 0xFF},
		Expiry: Expiry{0x13, 0x30}, Key: c.icc.Public}, c.static)
	require.NoError(t, err)
	ssad, err := SignStaticData(c.issuer, [2]byte{}, c.static)
	require.NoError(t, err)
	tests := []struct {
		name   string
		cert   []byte
		rem    []byte
		static []byte
		pan    []byte
		today  time.Time
		want   error
	}{
		{"static data changed", c.iccCert, c.iccRem, append(clone(c.static), 0x00), testPAN, testToday, ErrHashMismatch},
		{"other card's PAN", c.iccCert, c.iccRem, c.static, mustHex("374245001751007F"), testToday, ErrPANMismatch},
		{"expired", c.iccCert, c.iccRem, c.static, testPAN, date(2030, time.January, 1), ErrExpired},
		{"month 13", badDate, c.iccRem, c.static, testPAN, testToday, ErrBadDate},
		{"an SSAD instead of a certificate", ssad, nil, c.static, testPAN, testToday, ErrFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := RecoverICCKey(ik, tc.cert, tc.rem, exp, tc.static, tc.pan, tc.today)
			assert.ErrorIs(t, err, tc.want)
		})
	}
	// An issuer certificate where an ICC certificate is expected was signed
	// by another key, so it does not even recover to a valid block.
	_, err = RecoverICCKey(ik, c.issuerCert, c.iccRem, exp, c.static, testPAN, testToday)
	assert.ErrorIs(t, err, ErrTrailer)
}

func TestSigningRefusesKeysTooLarge(t *testing.T) {
	small := testKey(t, "small", 1024, 3)
	big := testKey(t, "issuer", 1152, 3)
	ca := &CertificationAuthority{rid: testRID, index: 1, key: small}
	_, _, err := ca.SignIssuerCertificate(IssuerCertificate{Key: big.Public})
	assert.ErrorIs(t, err, ErrModulusTooShort)
	_, _, err = SignICCCertificate(small, ICCCertificate{Key: big.Public}, nil)
	assert.ErrorIs(t, err, ErrModulusTooShort)
	_, err = SignDynamicData(small, make([]byte, 128-25+1), nil)
	assert.ErrorIs(t, err, ErrModulusTooShort)
	_, err = SignDynamicData(small, make([]byte, 128-25), nil)
	assert.NoError(t, err, "the largest ICC dynamic data that fits")
	_, _, err = ca.SignIssuerCertificate(IssuerCertificate{Key: PublicKey{Modulus: big.Public.Modulus[:100], Exponent: []byte{5}}})
	assert.ErrorIs(t, err, ErrExponent)
	_, err = SignStaticData(nil, [2]byte{}, nil)
	assert.ErrorIs(t, err, ErrInvalidPrivate)
}

func TestDynamicSignatureFailures(t *testing.T) {
	icc := testKey(t, "icc", 1024, 3)
	issuer := testKey(t, "issuer", 1024, 3)
	ssad, err := SignStaticData(issuer, [2]byte{1, 2}, []byte("static"))
	require.NoError(t, err)
	sdad, err := SignDDA(icc, mustHex("1234"), mustHex("CAFEBABE"))
	require.NoError(t, err)
	oneByteIDN, err := SignDynamicData(icc, mustHex("0112"), nil)
	require.NoError(t, err)

	_, err = VerifySDA(issuer.Public, ssad, []byte("statiC"))
	assert.ErrorIs(t, err, ErrHashMismatch)
	_, err = VerifySDA(icc.Public, sdad, nil)
	assert.ErrorIs(t, err, ErrFormat, "an SDAD is not an SSAD")
	_, err = VerifyDDA(icc.Public, ssad, nil)
	assert.Error(t, err, "signed by the issuer key")
	_, err = VerifyDDA(issuer.Public, ssad, []byte("static"))
	assert.ErrorIs(t, err, ErrFormat, "an SSAD is not an SDAD")
	_, err = VerifyDDA(icc.Public, sdad, mustHex("CAFEBABF"))
	assert.ErrorIs(t, err, ErrHashMismatch)
	_, err = VerifyDDA(icc.Public, oneByteIDN, nil)
	assert.ErrorIs(t, err, ErrDynamicData)
	_, err = SignDDA(icc, mustHex("01"), nil)
	assert.ErrorIs(t, err, ErrDynamicData)
}

func TestCDAFailures(t *testing.T) {
	icc := testKey(t, "icc", 1024, 3)
	un := mustHex("01020304")
	resp, _ := genACResponse(t, icc, 0x80, un, nil, mustHex("AABB"), nil)

	// Same signature, CID in the response changed from ARQC to TC.
	tampered := clone(resp)
	tampered[3] = 0x40
	// Response without 9F4B.
	noSDAD := resp[:19]
	// Response without 9F27.
	noCID := resp[4:]
	// IAD changed: covered only by the transaction data hash.
	iad := clone(resp)
	iad[18] ^= 0xFF

	tests := []struct {
		name string
		resp []byte
		want error
	}{
		{"CID changed", tampered, ErrCIDMismatch},
		{"no 9F4B", noSDAD, ErrMissingObject},
		{"no 9F27", noCID, ErrMissingObject},
		{"response data changed", iad, ErrHashMismatch},
		{"malformed TLV", append(clone(resp), 0x9F), ErrMalformedTLV},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := VerifyCDA(icc.Public, tc.resp, un, nil, mustHex("AABB"), nil)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestCAStore(t *testing.T) {
	keys, err := PublishedTestCAKeys()
	require.NoError(t, err)
	var s CAStore
	bad := keys[0]
	bad.Checksum[0] ^= 1
	assert.ErrorIs(t, s.Add(bad), ErrCAChecksum)
	bad = keys[0]
	bad.Key.Exponent = []byte{5}
	assert.ErrorIs(t, s.Add(bad), ErrExponent)
	assert.Equal(t, 0, s.Len())

	require.NoError(t, s.Add(keys[0]))
	got, err := s.Lookup(keys[0].RID, keys[0].Index)
	require.NoError(t, err)
	assert.Equal(t, keys[0], got)
	_, err = s.Lookup(keys[0].RID, 0x42)
	assert.ErrorIs(t, err, ErrUnknownCA)
	assert.Equal(t, "CA key A000000003 index 92 (1408 bits)", keys[0].String())

	sim, err := NewCertificationAuthority(newSeeded("store"), testRID, 0x01, 1024, 3)
	require.NoError(t, err)
	require.NoError(t, s.Add(sim.PublicKey()))
	assert.Equal(t, 2, s.Len())
}

// Visa cards sign fDDA in format 95 (a real card's tap in the terminal
// package's testdata recovers to 6A 95 01 …): fDDA accepts it, DDA does not.
func TestFDDAVisaFormat(t *testing.T) {
	icc := testKey(t, "icc", 1024, 3)
	terminalData := FDDATerminalData([4]byte{1, 2, 3, 4}, [6]byte{0, 0, 0, 0, 0x10, 0}, [2]byte{0x03, 0x92}, CardAuthenticationRelatedData([4]byte{5, 6, 7, 8}, [2]byte{0x80, 0}))
	sdad := signedBlock(icc, mustHex("9501 03 020012"), terminalData)

	idn, err := VerifyFDDA(icc.Public, sdad, terminalData)
	require.NoError(t, err)
	assert.Equal(t, mustHex("0012"), idn)
	_, err = VerifyDDA(icc.Public, sdad, terminalData)
	assert.ErrorIs(t, err, ErrFormat, "format 95 is fDDA's alone")
	_, err = VerifyFDDA(icc.Public, signedBlock(icc, mustHex("9401 03 020012"), terminalData), terminalData)
	assert.ErrorIs(t, err, ErrFormat)
}
