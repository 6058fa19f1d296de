package oda

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStaticData(t *testing.T) {
	rec1 := mustHex("70 0A 5A 08 374245001751006F")
	rec2 := mustHex("70 81 03 9F 07 01") // long-form length kept out: value only
	prop := mustHex("70 03 DF 01 00")    // SFI 11-30: tag and length included
	tests := []struct {
		name    string
		records []Record
		tagList []byte
		aip     []byte
		want    []byte
		err     error
	}{
		{"empty SFI 1-10 record", []Record{{1, rec1}, {2, nil}}, nil, nil, nil, ErrRecordTemplate},
		{"two records", []Record{{1, rec1}, {10, mustHex("7003DF0100")}}, nil, nil, mustHex("5A08374245001751006F DF0100"), nil},
		{"SFI 11 keeps the template", []Record{{1, rec1}, {11, prop}}, nil, nil, mustHex("5A08374245001751006F 7003DF0100"), nil},
		{"SDA tag list adds the AIP", []Record{{1, rec1}}, []byte{0x82}, []byte{0x39, 0x00}, mustHex("5A08374245001751006F 3900"), nil},
		{"SDA tag list names something else", []Record{{1, rec1}}, []byte{0x9F, 0x02}, []byte{0x39, 0x00}, nil, ErrSDATagList},
		{"SDA tag list with AIP twice", []Record{{1, rec1}}, []byte{0x82, 0x82}, []byte{0x39, 0x00}, nil, ErrSDATagList},
		{"AIP missing", []Record{{1, rec1}}, []byte{0x82}, nil, nil, ErrMissingAIP},
		{"SFI 1-10 record not in template 70", []Record{{3, mustHex("7702DF00")}}, nil, nil, nil, ErrRecordTemplate},
		{"SFI 1-10 record with trailing bytes", []Record{{3, mustHex("7002DF00 00")}}, nil, nil, nil, ErrRecordTemplate},
		{"SFI 1-10 record with two objects", []Record{{3, mustHex("7000 7000")}}, nil, nil, nil, ErrRecordTemplate},
		{"SFI 31", []Record{{31, prop}}, nil, nil, nil, ErrRecordTemplate},
		{"SFI 0", []Record{{0, prop}}, nil, nil, nil, ErrRecordTemplate},
		{"truncated", []Record{{1, mustHex("700A5A08")}}, nil, nil, nil, ErrMalformedTLV},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := StaticData(tc.records, tc.tagList, tc.aip)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	// The long-form length 81 03 is not part of the value either.
	got, err := StaticData([]Record{{2, rec2}}, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, mustHex("9F0701"), got)
}

func TestIdentifiers(t *testing.T) {
	id, err := IssuerIdentifier("541333")
	require.NoError(t, err)
	assert.Equal(t, [4]byte{0x54, 0x13, 0x33, 0xFF}, id)
	for _, bad := range []string{"12", "123456789", "12a4"} {
		_, err := IssuerIdentifier(bad)
		assert.ErrorIs(t, err, ErrIdentifierFormat, bad)
	}
	f, err := PANField(mustHex("5413330089020011"))
	require.NoError(t, err)
	assert.Equal(t, mustHex("5413330089020011FFFF"), f[:])
	_, err = PANField(mustHex("54F3"))
	assert.ErrorIs(t, err, ErrIdentifierFormat)

	assert.NoError(t, matchIssuer(mustHex("541333FF"), mustHex("5413330089020011")))
	assert.ErrorIs(t, matchIssuer(mustHex("541334FF"), mustHex("5413330089020011")), ErrPANMismatch)
	assert.ErrorIs(t, matchIssuer(mustHex("54FFFFFF"), mustHex("5413330089020011")), ErrPANMismatch, "fewer than 3 digits")
	assert.ErrorIs(t, matchIssuer(mustHex("54F333FF"), mustHex("5413330089020011")), ErrPANMismatch, "digit after padding")
	assert.NoError(t, matchPAN(mustHex("374245001751006FFFFF"), mustHex("374245001751006F")))
	assert.ErrorIs(t, matchPAN(mustHex("374245001751006FFFFF"), mustHex("3742450017510060")), ErrPANMismatch)

	assert.Equal(t, "541333******0011", maskPAN(mustHex("5413330089020011")))
	assert.Equal(t, "374245*****1006", maskPAN(mustHex("374245001751006F")))
	assert.Equal(t, "invalid PAN", maskPAN(mustHex("5A")))
}

func TestExpiry(t *testing.T) {
	tests := []struct {
		expiry Expiry
		today  time.Time
		want   error
	}{
		{Expiry{0x12, 0x27}, date(2027, time.December, 31), nil},
		{Expiry{0x12, 0x27}, date(2028, time.January, 1), ErrExpired},
		{Expiry{0x02, 0x49}, date(2049, time.February, 28), nil},
		{Expiry{0x12, 0x99}, date(2000, time.January, 1), ErrExpired}, // 1999
		{Expiry{0x00, 0x30}, date(2020, time.January, 1), ErrBadDate},
		{Expiry{0x13, 0x30}, date(2020, time.January, 1), ErrBadDate},
		{Expiry{0x1A, 0x30}, date(2020, time.January, 1), ErrBadDate},
	}
	for _, tc := range tests {
		assert.ErrorIs(t, tc.expiry.check(tc.today), tc.want, tc.expiry.String())
	}
	assert.Equal(t, Expiry{0x11, 0x26}, ExpiryOf(testToday))
	assert.Equal(t, "11/26", ExpiryOf(testToday).String())
}

func TestCertificateStrings(t *testing.T) {
	c := newChain(t, 1024, 1024, 1024, 3)
	ik, err := RecoverIssuerKey(c.ca.PublicKey(), c.issuerCert, c.issuerRem, []byte{3}, testPAN, testToday, nil)
	require.NoError(t, err)
	icc, err := RecoverICCKey(ik.Key, c.iccCert, c.iccRem, []byte{3}, c.static, testPAN, testToday)
	require.NoError(t, err)
	assert.Equal(t, "issuer certificate 374245FF serial 123456 expires 12/30 key 1024 bits", ik.String())
	assert.Equal(t, "ICC certificate 374245*****1006 serial 000007 expires 12/29 key 1024 bits", icc.String())
	assert.Equal(t, "simulated CA key A000000025 index C9 (1024 bits)", c.ca.String())
}
