package issuer

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
)

// stripeRequest is a swipe of track 2 data.
func stripeRequest(id, pan, track2 string, mode emv.EntryMode, amount int64) emv.AuthorizationRequest {
	return emv.AuthorizationRequest{ID: id, EntryMode: mode, PAN: pan, PANSequenceNumber: -1,
		Amount: amount, CurrencyCode: 392, Track2: track2}
}

// chipTrack2 is the card's track 2 equivalent data (57) as track 2 text.
func chipTrack2(t *testing.T, c *card.Card) string {
	t.Helper()
	a := c.Profile().Applications[0]
	tr, err := emv.ParseTrack2Equivalent(a.Track2Equivalent)
	require.NoError(t, err)
	return tr.Data()
}

func TestStripeAndClones(t *testing.T) {
	f := newFixture(t)
	stripe := f.card.Stripe().Track2
	chip := chipTrack2(t, f.card)
	require.NotEqual(t, stripe[strings.Index(stripe, "=")+1:], chip[strings.Index(chip, "=")+1:], "stripe CVV and chip iCVV differ")

	// A skimmer's copy of the stripe with a made-up CVV.
	forged := []byte(strings.Trim(stripe, ";?"))
	cvvAt := strings.Index(string(forged), "=") + 1 + 4 + 3 + cvvOffset
	forged[cvvAt] = '0' + (forged[cvvAt]-'0'+1)%10

	tests := []struct {
		name   string
		mode   emv.EntryMode
		chip   emv.ChipCapability
		track2 string
		want   emv.ResponseCode
	}{
		{"chip card swiped at a chip terminal", emv.EntryModeMagstripe, emv.ChipCapable, stripe, emv.ResponseChipCardUseChip},
		{"chip card swiped, terminal capability unknown", emv.EntryModeMagstripe, emv.ChipCapabilityUnknown, stripe, emv.ResponseChipCardUseChip},
		{"chip card swiped at a stripe-only terminal", emv.EntryModeMagstripe, emv.NotChipCapable, stripe, emv.ResponseApproved},
		{"forged CVV at a stripe-only terminal", emv.EntryModeMagstripe, emv.NotChipCapable, string(forged), emv.ResponseSecurityViolation},
		{"chip track 2 replayed at a stripe-only terminal", emv.EntryModeMagstripe, emv.NotChipCapable, chip, emv.ResponseSecurityViolation},
		{"fallback swipe after chip failure", emv.EntryModeFallback, emv.ChipCapable, stripe, emv.ResponseApproved},
		{"chip track 2 replayed as a stripe", emv.EntryModeFallback, emv.ChipCapable, chip, emv.ResponseSecurityViolation},
		{"forged CVV", emv.EntryModeFallback, emv.ChipCapable, string(forged), emv.ResponseSecurityViolation},
		{"garbage track", emv.EntryModeFallback, emv.ChipCapable, "not a track", emv.ResponseFormatError},
		{"contactless stripe mode", emv.EntryModeContactlessMagstripe, emv.ChipCapable, stripe, emv.ResponseInvalidTransaction},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := stripeRequest("s"+string(rune('a'+i)), f.codes.PAN, tt.track2, tt.mode, 100)
			req.TerminalChipCapable = tt.chip
			resp, err := f.iss.Authorize(req)
			require.NoError(t, err)
			assert.Equal(t, tt.want, resp.Code)
			assert.Empty(t, resp.ICCData, "no chip data, no scripts on stripe requests")
		})
	}
}

// TestStripeDataPresentedAsChip: chip data whose track 2 equivalent holds
// the stripe CVV (a clone) is refused even with a good cryptogram, and the
// genuine 57 passes.
func TestStripeDataPresentedAsChip(t *testing.T) {
	f := newFixture(t)
	d := newDriver(t, f.card)
	d.start()
	d.tx = txData{amount: 100, date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	d.firstAC()

	req := d.request("c1", emv.EntryModeChip)
	req.Track2 = strings.Trim(f.card.Stripe().Track2, ";?")
	resp, err := f.iss.Authorize(req)
	require.NoError(t, err)
	assert.Equal(t, emv.ResponseSecurityViolation, resp.Code)

	d.start()
	d.firstAC()
	req = d.request("c2", emv.EntryModeChip)
	req.ICCData = emv.AppendTLV(req.ICCData, emv.TagTrack2EquivalentData, f.card.Profile().Applications[0].Track2Equivalent)
	resp, err = f.iss.Authorize(req)
	require.NoError(t, err)
	assert.Equal(t, emv.ResponseApproved, resp.Code)
}

func TestChipDecisions(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, f *fixture, req *emv.AuthorizationRequest)
		want  emv.ResponseCode
		arpc  bool
	}{
		{"approved", func(*testing.T, *fixture, *emv.AuthorizationRequest) {}, emv.ResponseApproved, true},
		{"lost card", func(t *testing.T, f *fixture, _ *emv.AuthorizationRequest) {
			require.NoError(t, f.iss.SetStatus(f.codes.PAN, AccountLost))
		}, emv.ResponseLostCard, true},
		{"blocked account", func(t *testing.T, f *fixture, _ *emv.AuthorizationRequest) {
			require.NoError(t, f.iss.SetStatus(f.codes.PAN, AccountBlocked))
		}, emv.ResponseDoNotHonour, true},
		{"over the limit", func(_ *testing.T, f *fixture, _ *emv.AuthorizationRequest) {
			f.iss.accounts[f.codes.PAN].limit = 99
		}, emv.ResponseInsufficientFunds, true},
		{"expired", func(_ *testing.T, f *fixture, _ *emv.AuthorizationRequest) {
			f.clk.Advance(6 * 365 * 24 * time.Hour)
		}, emv.ResponseExpiredCard, true},
		{"amount differs from the signed amount", func(_ *testing.T, _ *fixture, req *emv.AuthorizationRequest) {
			req.Amount++
		}, emv.ResponseInvalidAmount, false},
		{"ATC too far ahead", func(_ *testing.T, f *fixture, _ *emv.AuthorizationRequest) {
			f.iss.cfg.MaxATCGap = 0
		}, emv.ResponseSecurityViolation, false},
		{"truncated DE55", func(_ *testing.T, _ *fixture, req *emv.AuthorizationRequest) {
			req.ICCData = req.ICCData[:len(req.ICCData)-1]
		}, emv.ResponseFormatError, false},
		{"not an ARQC", func(_ *testing.T, _ *fixture, req *emv.AuthorizationRequest) {
			req.ICCData = replaceTLV(req.ICCData, emv.TagCryptogramInformationData, []byte{0x40})
		}, emv.ResponseInvalidTransaction, false},
		{"tampered TVR", func(_ *testing.T, _ *fixture, req *emv.AuthorizationRequest) {
			req.ICCData = replaceTLV(req.ICCData, emv.TagTerminalVerificationResults, []byte{0, 0, 0, 0, 1})
		}, emv.ResponseCryptographicError, false},
		{"unknown card", func(_ *testing.T, _ *fixture, req *emv.AuthorizationRequest) {
			req.PAN = "374245000000001"
		}, emv.ResponseInvalidCard, false},
		{"wrong PAN sequence number", func(_ *testing.T, _ *fixture, req *emv.AuthorizationRequest) {
			req.PANSequenceNumber = 1
		}, emv.ResponseInvalidCard, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			d := newDriver(t, f.card)
			d.start()
			d.tx = txData{amount: 100, date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
			d.firstAC()
			req := d.request("x", emv.EntryModeChip)
			tt.setup(t, f, &req)
			before := f.account(t, f.codes.PAN)
			resp, err := f.iss.Authorize(req)
			require.NoError(t, err)
			assert.Equal(t, tt.want, resp.Code)
			_, hasARPC, _ := emv.Find(resp.ICCData, emv.TagIssuerAuthenticationData)
			assert.Equal(t, tt.arpc, hasARPC)
			after := f.account(t, f.codes.PAN)
			if tt.want.Approved() {
				assert.Equal(t, before.Balance+100, after.Balance)
				assert.Len(t, resp.AuthorisationCode, 6)
			} else {
				assert.Equal(t, before.Balance, after.Balance)
				assert.Empty(t, resp.AuthorisationCode)
			}
		})
	}
}

// replaceTLV rebuilds b with tag t's value replaced.
func replaceTLV(b []byte, t emv.Tag, v []byte) []byte {
	var out []byte
	s := emv.NewScanner(b)
	for s.Next() {
		o := s.Object()
		if o.Tag == t {
			out = emv.AppendTLV(out, t, v)
		} else {
			out = append(out, o.Raw...)
		}
	}
	return out
}

func TestReplayedATCRefused(t *testing.T) {
	f := newFixture(t)
	d := newDriver(t, f.card)
	d.start()
	d.tx = txData{amount: 100, date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	d.firstAC()
	resp, err := f.iss.Authorize(d.request("a", emv.EntryModeChip))
	require.NoError(t, err)
	require.Equal(t, emv.ResponseApproved, resp.Code)

	// The same cryptogram captured and sent again, under a new request ID.
	resp, err = f.iss.Authorize(d.request("b", emv.EntryModeChip))
	require.NoError(t, err)
	assert.Equal(t, emv.ResponseSecurityViolation, resp.Code)
	assert.Empty(t, resp.ICCData)
	a := f.account(t, f.codes.PAN)
	assert.Equal(t, int64(100), a.Balance)
	last := a.Log[len(a.Log)-1]
	assert.Equal(t, EventDeclined, last.Event)
	assert.Contains(t, last.Detail, "replayed")

}

// TestRequestIDReused: a terminal restarted with the same terminal ID
// numbers its requests from 1 again; the issuer answers the new request and
// the advice completes the latest one.
func TestRequestIDReused(t *testing.T) {
	f := newFixture(t)
	d := newDriver(t, f.card)
	_, cid, results := d.online(t, f.iss, "CVS00001-00000001", 100, 1)
	require.NoError(t, f.iss.Advise(completion("CVS00001-00000001", cid, d.arqc.atc, results)))
	d.declineAfter = true
	resp, cid, results := d.online(t, f.iss, "CVS00001-00000001", 300, 2)
	require.Equal(t, emv.ResponseApproved, resp.Code)
	require.NoError(t, f.iss.Advise(completion("CVS00001-00000001", cid, d.arqc.atc, results)))
	a := f.account(t, f.codes.PAN)
	assert.Equal(t, int64(100), a.Balance, "the second was reversed, the first stays")
	assert.Contains(t, a.Log[len(a.Log)-2].Detail, "request ID reused")
}

// TestNoScriptOnContactless: the PIN is registered, but a tap never carries
// the PIN script (the story: only the contact chip writes the PIN).
func TestNoScriptOnContactless(t *testing.T) {
	f := newFixture(t)
	f.registerOnline(t, f.codes, "4829")
	d := newDriver(t, f.card)
	d.start()
	d.tx = txData{amount: 100, date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	d.firstAC()
	resp, err := f.iss.Authorize(d.request("tap", emv.EntryModeContactlessChip))
	require.NoError(t, err)
	require.Equal(t, emv.ResponseApproved, resp.Code)
	_, ok, _ := emv.Find(resp.ICCData, emv.TagIssuerScriptTemplate2)
	assert.False(t, ok)
	_, ok, _ = emv.Find(resp.ICCData, emv.TagIssuerAuthenticationData)
	assert.True(t, ok)
	assert.Equal(t, PINRegistered, f.account(t, f.codes.PAN).PIN.State)

	resp, err = f.iss.Authorize(stripeRequest("swipe", f.codes.PAN, f.card.Stripe().Track2, emv.EntryModeFallback, 100))
	require.NoError(t, err)
	require.Equal(t, emv.ResponseApproved, resp.Code)
	assert.Empty(t, resp.ICCData)

	resp, err = f.iss.Authorize(emv.AuthorizationRequest{ID: "web", EntryMode: emv.EntryModeManual, PAN: f.codes.PAN, PANSequenceNumber: -1, Amount: 100})
	require.NoError(t, err)
	assert.Equal(t, emv.ResponseApproved, resp.Code, "card-not-present works as usual")
	assert.Equal(t, PINRegistered, f.account(t, f.codes.PAN).PIN.State)
	assert.Equal(t, card.PINRegistered, f.card.PINStatus())
}
