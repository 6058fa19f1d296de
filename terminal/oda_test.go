package terminal

import (
	"bytes"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
	"github.com/emvsim/emvsim/issuer"
)

// testCVK is the card verification key of the tests' issuer.
var testCVK = mustHex("0123456789ABCDEFFEDCBA9876543210")

func seeded(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

func tdesKey(t testing.TB, b []byte) cryptogram.Key {
	k, err := cryptogram.NewTDESKey(b)
	require.NoError(t, err)
	return k
}

var (
	caOnce sync.Once
	testCA *oda.CertificationAuthority
	caErr  error
)

// simulatedCA is the payment system CA of the tests (RID of American
// Express, index 0F), made once: key generation is slow.
func simulatedCA(t testing.TB) *oda.CertificationAuthority {
	caOnce.Do(func() {
		testCA, caErr = oda.NewCertificationAuthority(seeded(7), oda.RID{0xA0, 0, 0, 0, 0x25}, 0x0F, 1152, 3)
	})
	require.NoError(t, caErr)
	return testCA
}

// newIssuer is the story's issuer with a CA, so its cards do DDA and CDA.
func newIssuer(t testing.TB, withCA bool) *issuer.Issuer {
	t.Helper()
	cfg := issuer.Config{
		Name:  "test issuer",
		IMKAC: tdesKey(t, card.TestIMKAC), IMKSMI: tdesKey(t, card.TestIMKSMI), IMKSMC: tdesKey(t, card.TestIMKSMC),
		CVK:       tdesKey(t, testCVK),
		BIN:       issuer.BINRange{Low: "374245", High: "374245"},
		PANLength: 15,
		Version:   cryptogram.AmexCVN01,
		Rand:      seeded(3),
		// Benchmarks run thousands of transactions on one account.
		CreditLimit: 1 << 40,
		Now:         func() time.Time { return fixedNow.Add(-24 * time.Hour) },
	}
	if withCA {
		cfg.CA = simulatedCA(t)
	}
	iss, err := issuer.New(cfg)
	require.NoError(t, err)
	return iss
}

func caStore(t testing.TB) *oda.CAStore {
	s := &oda.CAStore{}
	require.NoError(t, s.Add(simulatedCA(t).PublicKey()))
	return s
}

func issueCard(t testing.TB, iss *issuer.Issuer) *card.Card {
	c, _, err := iss.Issue(issuer.CardRequest{CardholderName: "TEST/ODA", CardOptions: []card.Option{card.WithRand(seeded(9)), card.WithClock(fixedClock)}})
	require.NoError(t, err)
	return c
}

func TestODA(t *testing.T) {
	iss := newIssuer(t, true)
	flip := func(insCode byte, tag emv.Tag) func(cmd, resp []byte) ([]byte, error) {
		return func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) != insCode || len(resp) < 40 {
				return resp, nil
			}
			out := bytes.Clone(resp)
			o, ok, _ := emv.Find(out[:len(out)-2], tag)
			if ok {
				o.Value[len(o.Value)/2] ^= 0x01
			}
			return out, nil
		}
	}
	tests := []struct {
		name    string
		caps3   byte // 9F33 byte 3
		noCA    bool
		edit    func(cmd, resp []byte) ([]byte, error)
		tvr1    byte
		tsiODA  bool
		result  Result
		p1CDA   bool
		decided string
	}{
		{name: "CDA", caps3: 0xC8, tsiODA: true, result: Approved, p1CDA: true, decided: "CDA signature verified"},
		{name: "DDA", caps3: 0xC0, tsiODA: true, result: Approved, decided: "DDA successful"},
		{name: "no common method", caps3: 0x80, tvr1: 0x80, result: Approved},
		{name: "CDA fails before GENERATE AC: CA key unknown", caps3: 0xC8, noCA: true, tvr1: 0x04, tsiODA: true, result: Approved},
		{name: "CDA fails after GENERATE AC", caps3: 0xC8, edit: flip(emv.INSGenerateAC, emv.TagSignedDynamicApplicationData),
			tvr1: 0x04, tsiODA: true, result: Declined, p1CDA: true},
		{name: "DDA signature wrong", caps3: 0xC0, edit: flip(emv.INSInternalAuthenticate, emv.TagResponseMessageTemplateFormat1),
			tvr1: 0x08, tsiODA: true, result: Approved},
		{name: "DDA, ICC certificate corrupted", caps3: 0xC0, edit: flip(emv.INSReadRecord, emv.TagICCPublicKeyCertificate),
			tvr1: 0x08, tsiODA: true, result: Approved},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := issueCard(t, iss)
			cfg := ConvenienceStore()
			cfg.Capabilities[2] = tc.caps3
			if !tc.noCA {
				cfg.CAKeys = caStore(t)
			}
			var tr emv.PoweredTransport = c.Contact()
			if tc.edit != nil {
				tr = tamper{c.Contact(), tc.edit}
			}
			o := run(t, newTerminal(t, cfg, iss), tr, Transaction{Amount: 15000})
			assert.Equal(t, tc.result, o.Result, o.Reason)
			assert.Equal(t, tc.tvr1, o.TVR[0], o.TVR.String())
			assert.Equal(t, tc.tsiODA, o.TSI.Has(emv.TSIOfflineDataAuthenticationPerformed))
			var p1 byte
			for _, e := range o.Trace {
				if e.Name == "GENERATE AC" {
					p1 = mustHex(e.Command[4:6])[0]
					break
				}
			}
			assert.Equal(t, tc.p1CDA, p1&emv.P1CDA != 0, "P1 %02X", p1)
			if tc.decided != "" {
				assert.Contains(t, o.Trace.Decisions(), tc.decided)
			}
		})
	}
}

// sdaCard is a scripted card with SDA only: its record 1 takes part in
// ODA, with the AIP through the SDA tag list, and record 2 holds the
// issuer certificate and the signed static application data.
func sdaCard(t *testing.T, corrupt bool) *scriptCard {
	t.Helper()
	ca := simulatedCA(t)
	issKey, err := oda.GenerateKey(seeded(21), 1024, 3)
	require.NoError(t, err)
	id, err := oda.IssuerIdentifier("374245")
	require.NoError(t, err)
	exp := oda.ExpiryOf(time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC))
	issCert, issRem, err := ca.SignIssuerCertificate(oda.IssuerCertificate{IssuerIdentifier: id, Expiry: exp, Serial: [3]byte{0, 0, 1}, Key: issKey.Public})
	require.NoError(t, err)
	aip := mustHex("5000") // SDA, cardholder verification
	var r1, r2 []byte
	r1 = emv.AppendTLV(r1, emv.TagApplicationPAN, mustHex("374245001751006F"))
	r1 = emv.AppendTLV(r1, emv.TagApplicationExpirationDate, mustHex("301231"))
	r1 = emv.AppendTLV(r1, emv.TagCardRiskManagementDOL1, mustHex("9F02069F3704"))
	r1 = emv.AppendTLV(r1, emv.TagCardRiskManagementDOL2, mustHex("8A02"))
	r1 = emv.AppendTLV(r1, emv.TagCVMList, mustHex("00000000000000001F00"))
	r1 = emv.AppendTLV(r1, emv.TagStaticDataAuthenticationTagList, []byte{0x82})
	static := append(bytes.Clone(r1), aip...)
	ssad, err := oda.SignStaticData(issKey, [2]byte{0xDA, 0xC1}, static)
	require.NoError(t, err)
	if corrupt {
		ssad[len(ssad)/2] ^= 1
	}
	r2 = emv.AppendTLV(r2, emv.TagCAPublicKeyIndexCard, []byte{0x0F})
	r2 = emv.AppendTLV(r2, emv.TagIssuerPublicKeyExponent, []byte{0x03})
	if len(issRem) > 0 {
		r2 = emv.AppendTLV(r2, emv.TagIssuerPublicKeyRemainder, issRem)
	}
	r2 = emv.AppendTLV(r2, emv.TagIssuerPublicKeyCertificate, issCert)
	r2 = emv.AppendTLV(r2, emv.TagSignedStaticApplicationData, ssad)
	records := map[byte][]byte{1: emv.AppendTLV(nil, emv.TagReadRecordResponseTemplate, r1), 2: emv.AppendTLV(nil, emv.TagReadRecordResponseTemplate, r2)}
	aid := mustHex("A000000025010801")
	ok := func(b []byte) []byte { return append(bytes.Clone(b), 0x90, 0x00) }
	return &scriptCard{handle: func(c emv.Command) []byte {
		switch c.INS {
		case emv.INSSelect:
			if bytes.HasPrefix(aid, c.Data) && c.P2 == 0 {
				return fciOf(aid, "AMERICAN EXPRESS", 1)
			}
			return mustHex("6A82")
		case emv.INSGetProcessingOptions:
			return ok(append(append([]byte{0x80, 0x06}, aip...), 0x08, 0x01, 0x02, 0x01))
		case emv.INSReadRecord:
			if r, found := records[c.P1]; found && c.P2 == 0x0C {
				return ok(r)
			}
			return mustHex("6A83")
		case emv.INSGenerateAC:
			return ok(mustHex("800B0000011122334455667788"))
		}
		return nil
	}}
}

func TestSDA(t *testing.T) {
	for _, tc := range []struct {
		name    string
		corrupt bool
		tvr1    byte
	}{
		{name: "verified", tvr1: 0x02},              // SDA selected
		{name: "failed", corrupt: true, tvr1: 0x42}, // SDA failed, SDA selected
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ConvenienceStore()
			cfg.CAKeys = caStore(t)
			o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), sdaCard(t, tc.corrupt), Transaction{Amount: 100})
			assert.Equal(t, tc.tvr1, o.TVR[0], o.TVR.String())
			assert.True(t, o.TSI.Has(emv.TSIOfflineDataAuthenticationPerformed))
			if !tc.corrupt {
				assert.Contains(t, o.Trace.Decisions(), "SDA successful")
			}
		})
	}
}

func TestCDAFailsOnSecondGenerateAC(t *testing.T) {
	iss := newIssuer(t, true)
	c := issueCard(t, iss)
	edit := func(cmd, resp []byte) ([]byte, error) {
		if ins(cmd) != emv.INSGenerateAC || cmd[2]&0xC0 != byte(TC) || len(resp) < 40 {
			return resp, nil
		}
		out := bytes.Clone(resp)
		if o, ok, _ := emv.Find(out[:len(out)-2], emv.TagSignedDynamicApplicationData); ok {
			o.Value[10] ^= 0x01
		}
		return out, nil
	}
	cfg := ConvenienceStore()
	cfg.CAKeys = caStore(t)
	o := run(t, newTerminal(t, cfg, iss), tamper{c.Contact(), edit}, Transaction{Amount: 15000})
	assert.Equal(t, Declined, o.Result)
	assert.Equal(t, "CDA failed on the second GENERATE AC", o.Reason)
	assert.True(t, o.TVR.Has(emv.TVRCDAFailed))
	assert.Equal(t, AAC, o.Cryptogram)
	assert.Contains(t, o.Trace.Decisions(), "reversal sent: the card declined what the issuer approved")
}
