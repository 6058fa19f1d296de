package issuer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
)

func TestIssue(t *testing.T) {
	f := newFixture(t)
	c, codes := f.card, f.codes
	assert.Len(t, codes.PAN, 15)
	assert.True(t, LuhnValid(codes.PAN))
	bin := codes.PAN[:6]
	assert.True(t, bin >= "374245" && bin <= "374249", bin)
	assert.Len(t, codes.FrontCode, 4)
	assert.Len(t, codes.BackCode, 3)
	assert.Equal(t, "04/31", codes.Expiry, "five years, to the end of the month")
	assert.Equal(t, "YAMADA/TARO", codes.CardholderName)
	assert.NotContains(t, codes.String(), codes.PAN)
	assert.NotContains(t, codes.String(), codes.BackCode+" ")

	cvk := tdes(t, testCVK)
	back, err := cryptogram.CVV2(cvk, codes.PAN, "3104")
	require.NoError(t, err)
	assert.Equal(t, back, codes.BackCode, "the back code is the CVV2")

	p := c.Profile()
	a := p.Applications[0]
	assert.Equal(t, codes.PAN, a.PAN)
	assert.Equal(t, "310430", a.ExpiryDate)
	assert.Equal(t, "201", a.ServiceCode)
	assert.Empty(t, p.PIN.Digits, "no PIN on the chip at issuance")
	assert.Equal(t, cryptogram.AmexCVN01.Name, a.CryptogramVersion)

	keys, err := cryptogram.AmexCVN01.DeriveICCKeys(tdes(t, card.TestIMKAC), tdes(t, card.TestIMKSMI), tdes(t, card.TestIMKSMC), codes.PAN, 0)
	require.NoError(t, err)
	assert.Equal(t, keys.AC.Bytes(), []byte(a.Keys.AC))
	assert.Equal(t, keys.SMI.Bytes(), []byte(a.Keys.SMI))
	assert.Equal(t, keys.SMC.Bytes(), []byte(a.Keys.SMC))

	stripe, err := emv.ParseTrack2(c.Stripe().Track2)
	require.NoError(t, err)
	cvv, err := cryptogram.CVV(cvk, codes.PAN, "3104", "201")
	require.NoError(t, err)
	assert.Equal(t, "201", stripe.ServiceCode.Digits())
	assert.Equal(t, cvv, stripe.Discretionary[cvvOffset:cvvOffset+3])

	chip, err := emv.ParseTrack2Equivalent(a.Track2Equivalent)
	require.NoError(t, err)
	icvv, err := cryptogram.ICVV(cvk, codes.PAN, "3104")
	require.NoError(t, err)
	assert.Equal(t, "201", chip.ServiceCode.Digits())
	assert.Equal(t, icvv, chip.Discretionary[cvvOffset:cvvOffset+3])
	assert.NotEqual(t, cvv, icvv)

	acct := f.account(t, codes.PAN)
	assert.Equal(t, AccountActive, acct.Status)
	assert.Equal(t, PINNotRegistered, acct.PIN.State)
	assert.Equal(t, -1, acct.LastATC)
	require.Len(t, acct.Log, 1)
	assert.Equal(t, EventIssued, acct.Log[0].Event)
	assert.NotContains(t, acct.String(), codes.PAN)
}

// TestIssueWithCA: with a CA the card carries the issuer and ICC
// certificates, and a terminal recovers both keys from the records.
func TestIssueWithCA(t *testing.T) {
	if testing.Short() {
		t.Skip("RSA key generation")
	}
	rid := oda.RID{0xA0, 0x00, 0x00, 0x00, 0x25}
	ca, err := oda.NewCertificationAuthority(seeded(7), rid, 0x99, 1152, 3)
	require.NoError(t, err)
	f := newFixture(t, func(c *Config) { c.CA = ca; c.SDA = true })
	a := f.card.Profile().Applications[0]
	k := a.Keys
	require.NotEmpty(t, k.IssuerCertificate)
	require.NotEmpty(t, k.ICCCertificate)
	assert.Equal(t, byte(0x99), k.CAPublicKeyIndex)
	assert.NotZero(t, a.AIP[0]&0x20, "DDA in the AIP")

	pan := packedPAN(f.codes.PAN)
	today := f.clk.Now()
	ik, err := oda.RecoverIssuerKey(ca.PublicKey(), k.IssuerCertificate, k.IssuerRemainder, k.IssuerExponent, pan, today, nil)
	require.NoError(t, err)
	var recs []oda.Record
	for _, r := range a.ODARecords() {
		recs = append(recs, oda.Record{SFI: r.SFI, Raw: appendTemplate70(nil, r.Data)})
	}
	static, err := oda.StaticData(recs, []byte{0x82}, a.AIP)
	require.NoError(t, err)
	ick, err := oda.RecoverICCKey(ik.Key, k.ICCCertificate, k.ICCRemainder, k.ICCExponent, static, pan, today)
	require.NoError(t, err)
	assert.Equal(t, k.ICCPrivateKey.Public.Modulus, ick.Key.Modulus)

	assert.NotZero(t, a.AIP[0]&aipSDA, "SDA in the AIP")
	dac, err := oda.VerifySDA(ik.Key, k.SignedStaticData, static)
	require.NoError(t, err)
	assert.Equal(t, []byte(k.DataAuthCode), dac[:])
}

func TestIssueManyUniquePANs(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.BIN = BINRange{Low: "37424500", High: "37424500"}; c.PANLength = 12 })
	seen := map[string]bool{f.codes.PAN: true}
	for range 40 {
		_, codes := f.issue(t, CardRequest{CardholderName: "A/B"})
		require.False(t, seen[codes.PAN])
		require.True(t, strings.HasPrefix(codes.PAN, "37424500"))
		require.True(t, LuhnValid(codes.PAN))
		seen[codes.PAN] = true
	}
	// 1000 PANs in a 12-digit range under one BIN: soon exhausted.
	var err error
	for range 3000 {
		if _, _, err = f.iss.Issue(CardRequest{CardholderName: "A/B"}); err != nil {
			break
		}
	}
	require.ErrorIs(t, err, ErrPANsExhausted)
}

func TestLuhn(t *testing.T) {
	tests := []struct {
		pan  string
		want bool
	}{
		{"378282246310005", true}, // published Amex test number
		{"371449635398431", true},
		{"4111111111111111", true},
		{"4111111111111112", false},
		{"", false},
		{"37828224631000a", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, LuhnValid(tt.pan), tt.pan)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"no IMK", func(c *Config) { c.IMKAC = cryptogram.Key{} }},
		{"no CVK", func(c *Config) { c.CVK = cryptogram.Key{} }},
		{"BIN letters", func(c *Config) { c.BIN = BINRange{"37424A", "374249"} }},
		{"BIN reversed", func(c *Config) { c.BIN = BINRange{"374249", "374245"} }},
		{"BIN lengths", func(c *Config) { c.BIN = BINRange{"374245", "3742490"} }},
		{"PAN too long", func(c *Config) { c.PANLength = 20 }},
		{"PAN too short", func(c *Config) { c.PANLength = 11 }},
		{"PIN length", func(c *Config) { c.PIN.Length = 3 }},
		{"try limit", func(c *Config) { c.PIN.TryLimit = 16 }},
		{"negative limit", func(c *Config) { c.CreditLimit = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, newClock(), nil)
			tt.edit(&cfg)
			_, err := New(cfg)
			require.ErrorIs(t, err, ErrConfig)
		})
	}
}

func TestIssueUnknownVersion(t *testing.T) {
	cfg := testConfig(t, newClock(), nil)
	cfg.Version = cryptogram.MastercardCVN17
	iss, err := New(cfg)
	require.NoError(t, err)
	_, _, err = iss.Issue(CardRequest{CardholderName: "A/B"})
	require.ErrorIs(t, err, ErrConfig)
	assert.Equal(t, "issuer \"test issuer\" (BIN 374245-374249, 0 cards)", iss.String(), "the PAN was released")
}

func TestIssueRequestErrors(t *testing.T) {
	f := newFixture(t)
	for _, req := range []CardRequest{
		{CardholderName: "yamada/taro"},
		{CardholderName: "A"},
		{CardholderName: strings.Repeat("A", 27)},
		{CardholderName: "YAMADA^TARO"},
		{CardholderName: "YAMADA/TARO", CreditLimit: -1},
	} {
		_, _, err := f.iss.Issue(req)
		require.ErrorIs(t, err, ErrCardRequest, req.CardholderName)
	}
	assert.Equal(t, 1, len(f.iss.accounts), "nothing issued")
}
