package card

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPresetsValidate: every preset makes a card, and its application
// answers SELECT with its AID.
func TestPresets(t *testing.T) {
	tests := []struct {
		p   Profile
		aid string
	}{
		{amexProfile(t), "A000000025010801"},
		{visaProfile(t), "A0000000031010"},
		{mcProfile(t), "A0000000041010"},
		{JCBProfile(jcbPAN, 0x00, mustKeys(t, cryptogram.VisaCVN18.Name, jcbPAN), "1234"), "A0000000651010"},
	}
	for _, tt := range tests {
		t.Run(tt.p.Name, func(t *testing.T) {
			c := newCard(t, tt.p)
			tr := startContact(t, c)
			r := send(t, tr, genAC(0x80, cdol1))
			assert.Equal(t, "9000", sw(r))
			assert.Equal(t, tt.aid, c.profile.Applications[0].AID.String())
			assert.Equal(t, "201", c.profile.Applications[0].ServiceCode)
		})
	}
}

// TestProfileJSON: a profile written to JSON reads back equal, and bad
// fields are reported by name.
func TestProfileJSON(t *testing.T) {
	p := amexProfile(t)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"AID":"A000000025010801"`)
	assert.Contains(t, string(b), `"Protocol":"T=1"`)
	back, err := ParseProfile(b)
	require.NoError(t, err)
	assert.Equal(t, p, back)

	tests := []struct {
		json, field string
	}{
		{`{"Applications":[{"AID":"A0000000zz"}]}`, "Applications.AID"},
		{`{"Protocol":"T=2"}`, "Protocol"},
		{`{"Applications":[{"Keys":{"AC":"0123"}}]}`, ""},
		{`{"Aplications":[]}`, "(file)"},
		{`{"Applications":[`, "(file)"},
		{`{"PIN":{"TryLimit":"three"}}`, "PIN.TryLimit"},
	}
	for _, tt := range tests {
		_, err := ParseProfile([]byte(tt.json))
		if tt.field == "" {
			assert.NoError(t, err, tt.json)
			continue
		}
		var pe *ProfileError
		require.ErrorAs(t, err, &pe, tt.json)
		assert.Equal(t, tt.field, pe.Field)
		assert.ErrorIs(t, err, ErrProfile)
	}
}

// TestValidate: New refuses a bad profile with a typed error naming the
// field.
func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *Profile)
		field string
		err   error
	}{
		{"no application", func(p *Profile) { p.Applications = nil }, "Applications", ErrNoApplication},
		{"short AID", func(p *Profile) { p.Applications[0].AID = Hex{0xA0} }, "Applications[0].AID", ErrAID},
		{"duplicate AID", func(p *Profile) { p.Applications = append(p.Applications, p.Applications[0]) }, "Applications[1].AID", ErrDuplicateAID},
		{"AFL names a missing record", func(p *Profile) { p.Applications[0].AFL = mustHex("18010100") }, "Applications[0].AFL", ErrAFL},
		{"AFL not 4-byte entries", func(p *Profile) { p.Applications[0].AFL = mustHex("080101") }, "Applications[0].AFL", ErrAFL},
		{"AFL ODA count too big", func(p *Profile) { p.Applications[0].AFL = mustHex("08010102") }, "Applications[0].AFL", ErrAFL},
		{"record not TLV", func(p *Profile) { p.Applications[0].Records[0].Data = Hex{0x5A, 0x09, 0x01} }, "Applications[0].Records[0].Data", ErrRecord},
		{"AIP length", func(p *Profile) { p.Applications[0].AIP = Hex{0x1C} }, "Applications[0].AIP", ErrDataLength},
		{"PAN letters", func(p *Profile) { p.Applications[0].PAN = "37424545540012X" }, "Applications[0].PAN", ErrDigits},
		{"expiry month 13", func(p *Profile) { p.Applications[0].ExpiryDate = "301331" }, "Applications[0].ExpiryDate", ErrDigits},
		{"CDOL1 too short for the cryptogram", func(p *Profile) { p.Applications[0].CDOL1 = mustHex("9F0206") }, "Applications[0].CDOL1", ErrDOL},
		{"CDOL1 malformed", func(p *Profile) { p.Applications[0].CDOL1 = mustHex("9F") }, "Applications[0].CDOL1", ErrDOL},
		{"unknown cryptogram version", func(p *Profile) { p.Applications[0].CryptogramVersion = "CVN 99" }, "Applications[0].CryptogramVersion", ErrCryptogramVersion},
		{"key length", func(p *Profile) { p.Applications[0].Keys.AC = Hex{1, 2, 3} }, "Applications[0].Keys.AC", ErrKey},
		{"DDA without a key", func(p *Profile) { p.Applications[0].AIP = Hex{0x3C, 0x00} }, "Applications[0].Keys.ICCPrivateKey", ErrKey},
		{"PIN letters", func(p *Profile) { p.PIN.Digits = "12a4" }, "PIN", ErrPIN},
		{"PIN try limit", func(p *Profile) { p.PIN.TryLimit = 16 }, "PIN", ErrPIN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := amexProfile(t)
			p.Applications = append([]Application(nil), p.Applications...)
			tt.edit(&p)
			_, err := New(p)
			var pe *ProfileError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.field, pe.Field)
			assert.ErrorIs(t, err, tt.err)
		})
	}
}

// TestNoSecretsInStrings: no verb prints keys or the PIN; the PAN is
// masked.
func TestNoSecretsInStrings(t *testing.T) {
	p := visaProfile(t)
	keyHex := strings.ToLower(p.Applications[0].Keys.AC.String())
	for _, s := range []string{
		p.String(), fmt.Sprintf("%v", p), fmt.Sprintf("%+v", p), fmt.Sprintf("%#v", p), fmt.Sprintf("%x", p),
		fmt.Sprintf("%v", p.Applications[0]), fmt.Sprintf("%x", p.Applications[0].Keys), fmt.Sprintf("%+v", p.PIN),
	} {
		low := strings.ToLower(s)
		assert.NotContains(t, low, keyHex)
		assert.NotContains(t, s, "1234")
		assert.NotContains(t, s, visaPAN)
	}
	assert.Equal(t, "card.Profile{\"Visa test card\" T=0 [A0000000031010 \"VISA CREDIT\" PAN 476173******0010] PIN on chip}", p.String())
	_, err := New(Profile{PIN: PIN{Digits: "12345678901234"}, Applications: p.Applications})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "12345678901234")
}

// TestStripe: tracks with sentinels, service code 201, the stripe CVV
// field; the chip's track 2 equivalent differs from the stripe.
func TestStripe(t *testing.T) {
	c := newCard(t, amexProfile(t))
	tracks := c.Stripe()
	assert.Equal(t, "%B374245455400126^TEST/CARDHOLDER^301220100000000000000?", tracks.Track1)
	assert.Equal(t, ";374245455400126=301220100000000000000?", tracks.Track2)
	assert.Equal(t, "374245455400126D30122010000000000F", c.profile.Applications[0].Track2Equivalent.String())
}

// TestPINStatusStrings names every status.
func TestPINStatusStrings(t *testing.T) {
	assert.Equal(t, "PIN not registered", PINNotRegistered.String())
	assert.Equal(t, "PIN registered with the issuer, not on the chip", PINRegistered.String())
	assert.Equal(t, "PIN on chip", PINOnChip.String())
	assert.Equal(t, "PIN blocked", PINBlocked.String())
}

// TestT0 checks the T=0 conventions byte for byte: 61xx and GET RESPONSE
// for case 4, 6Cxx for a case 2 command with the wrong Le.
func TestT0(t *testing.T) {
	c := newCard(t, visaProfile(t))
	tr := c.Contact()
	atr, err := tr.PowerOn()
	require.NoError(t, err)
	assert.Equal(t, []byte{0x3B, 0x60, 0x00, 0x00}, atr)
	assert.Equal(t, "6125", sendRaw(t, tr, "00A4040007A000000003101000"))
	assert.Equal(t, "6C25", sendRaw(t, tr, "00C0000000"))
	assert.Equal(t, "6F23846122", sendRaw(t, tr, "00C0000003"), "part of the data, 61xx for the rest")
	rest := sendRaw(t, tr, "00C0000022")
	assert.Equal(t, "9000", sw(rest))
	assert.Equal(t, "610C", sendRaw(t, tr, gpoEmpty))
	assert.Equal(t, "800A1C0008010100100101019000", sendRaw(t, tr, "00C000000C"))
	assert.Equal(t, "6985", sendRaw(t, tr, "00C000000C"), "nothing left")
	assert.Equal(t, "6C27", sendRaw(t, tr, "00B2010C00"))
	assert.Equal(t, "7025", sendRaw(t, tr, "00B2010C27")[:4])
	assert.Equal(t, "6C05", sendRaw(t, tr, "80CA9F3600"))
	assert.Equal(t, "9F360200019000", sendRaw(t, tr, "80CA9F3605"))
	assert.Equal(t, "9000", sendRaw(t, tr, "0020008008241234FFFFFFFFFF"), "case 3: no GET RESPONSE")
	assert.Equal(t, "6125", sendRaw(t, tr, "00A4040007A000000003101000"))
	assert.Equal(t, "6A86", sendRaw(t, tr, "00B2000C00"))
	assert.Equal(t, "6985", sendRaw(t, tr, "00C0000025"), "another command, even refused, drops the waiting data")
}

// TestConcurrentUse: one card from several goroutines is serialised (run
// with -race); distinct cards are independent.
func TestConcurrentUse(t *testing.T) {
	c := newCard(t, amexProfile(t))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := c.Contactless()
			for i := 0; i < 50; i++ {
				_, _ = cl.Transmit(unhex(t, selAmex))
				_, _ = cl.Transmit(unhex(t, "80CA9F3600"))
				_ = c.PINStatus()
				_, _ = c.SaveState()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, uint16(0), c.ATC(0))
}

// TestRestore: a saved card carries its counters and PIN to the next day;
// a state of another profile, or a changed one, is refused.
func TestRestore(t *testing.T) {
	p := amexProfile(t)
	c := newCard(t, p)
	tr, a := arqc(t, c)
	require.Equal(t, "9000", send(t, tr, pinScript(t, p, a, "2468")))
	saved, err := c.SaveState()
	require.NoError(t, err)

	next, err := Restore(p, saved, testOpts()...)
	require.NoError(t, err)
	assert.Equal(t, PINOnChip, next.PINStatus())
	assert.Equal(t, uint16(1), next.ATC(0))
	tr = startContact(t, next)
	assert.Equal(t, "9000", send(t, tr, "0020008008242468FFFFFFFFFF"))

	_, err = Restore(visaProfile(t), saved)
	assert.ErrorIs(t, err, ErrState)
	bad := append([]byte(nil), saved...)
	bad[30] ^= 1
	_, err = Restore(p, bad)
	assert.ErrorIs(t, err, ErrState)
	_, err = Restore(p, saved[:20])
	assert.True(t, errors.Is(err, ErrState))
}

// TestCardString: printing a card shows neither its PIN nor its keys.
func TestCardString(t *testing.T) {
	c := newCard(t, visaProfile(t))
	for _, s := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), c.String()} {
		assert.NotContains(t, s, "1234")
		assert.NotContains(t, s, visaPAN)
		assert.Contains(t, s, "476173******0010")
	}
}

// TestStateLayout: every field of the persistent state survives the binary
// layout, and a flag byte other than 00/01 is refused.
func TestStateLayout(t *testing.T) {
	var s nvm
	s.PIN = [12]byte{1, 2, 3, 4}
	s.PINLen, s.PINTries, s.CardBlocked = 4, 2, true
	for i := range s.Apps {
		a := &s.Apps[i]
		a.ATC, a.LastOnlineATC = uint16(0x1234+i), uint16(0x1200+i)
		a.Blocked, a.LCOL, a.UCOL, a.OfflineCount, a.OfflineAmount = true, 3, 5, 2, 123456789
		a.IssuerAuthFailed, a.IssuerAuthNotPerformed, a.OnlineNotCompleted, a.ODAFailed = true, true, true, true
		a.ScriptCount, a.LogNext, a.LogCount = 7, 4, 9
		a.Log[3][31] = 0xAB
	}
	b := s.appendBinary(nil)
	require.Len(t, b, nvmSize)
	var back nvm
	require.True(t, back.parseBinary(b))
	assert.Equal(t, s, back)
	b[14] = 2 // CardBlocked
	assert.False(t, back.parseBinary(b))
}
