package terminal

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
)

// stripeOf encodes tracks 1 and 2 as a head reads them, with sentinels and
// LRC, for a service code and expiry.
func stripeOf(t testing.TB, serviceCode, expiry string) emv.Tracks {
	t.Helper()
	sc, err := emv.ParseServiceCode(serviceCode)
	require.NoError(t, err)
	t1 := emv.Track1{PAN: testPAN, Name: "YAMADA/TARO", Expiry: expiry, ServiceCode: sc, Discretionary: "0000000123000"}
	t2 := emv.Track2{PAN: testPAN, Expiry: expiry, ServiceCode: sc, Discretionary: "0000000123000"}
	return emv.Tracks{Track1: t1.Track(), Track2: t2.Track()}
}

var (
	stripeOnly    = Readers{Stripe: true}
	withOnlinePIN = func(c Config) Config {
		c.Capabilities = emv.TerminalCapabilities{0xE0, 0xF8, 0xC8}
		c.OnlinePINKey = mustHex("0123456789ABCDEFFEDCBA9876543210")
		c.PINPad = pinPad("1234")
		return c
	}
)

func TestParseTracks(t *testing.T) {
	good := stripeOf(t, "201", "3012")
	tests := []struct {
		name   string
		tracks emv.Tracks
		err    error
		track1 bool
		note   string
	}{
		{name: "both tracks", tracks: good, track1: true},
		{name: "track 2 only", tracks: emv.Tracks{Track2: good.Track2}},
		{name: "without sentinels", tracks: emv.Tracks{Track2: testPAN + "=30122010000000123000"}},
		{name: "no track 2", tracks: emv.Tracks{Track1: good.Track1}, err: ErrNoTrack2},
		{name: "track 2 LRC wrong", tracks: emv.Tracks{Track2: good.Track2[:len(good.Track2)-1] + "0"}, err: emv.ErrTrackLRC},
		{name: "track 1 LRC wrong: track 2 only", tracks: emv.Tracks{Track1: good.Track1[:len(good.Track1)-1] + " ", Track2: good.Track2},
			note: "track 1 unreadable (emv: track LRC does not match): track 2 only"},
		{name: "tracks disagree", tracks: emv.Tracks{Track1: stripeOf(t, "101", "3012").Track1, Track2: good.Track2}, err: ErrTracksDiffer},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := parseTracks(tc.tracks)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, testPAN, s.track2.PAN)
			assert.Equal(t, "201", s.track2.ServiceCode.Digits())
			assert.Equal(t, tc.track1, s.hasTrack1)
			assert.Equal(t, tc.note, s.note)
		})
	}
}

// The stripe rules: chip cards go to the chip, the service code's
// restrictions and PIN requirement, signature, and always online.
func TestSwipe(t *testing.T) {
	tests := []struct {
		name     string
		cfg      func(Config) Config
		readers  Readers
		tracks   emv.Tracks
		tx       Transaction
		host     *testHost
		fallback bool
		result   Result
		reason   string
		cvm      emv.CVMCode
		sig      bool
		pin      bool
		mode     emv.EntryMode
	}{
		{name: "stripe card at a stripe-only terminal: signature", readers: stripeOnly, tracks: stripeOf(t, "101", "3012"),
			tx: Transaction{Amount: 15000}, result: Approved, cvm: emv.CVMSignature, sig: true, mode: emv.EntryModeMagstripe},
		{name: "small amount: signature waived", readers: stripeOnly, tracks: stripeOf(t, "101", "3012"),
			tx: Transaction{Amount: 500}, result: Approved, cvm: emv.CVMNoCVMRequired, mode: emv.EntryModeMagstripe},
		{name: "chip card at a chip terminal: insert", readers: allReaders, tracks: stripeOf(t, "201", "3012"),
			tx: Transaction{Amount: 15000}, result: InsertCard, reason: "service code 201: a chip card at a chip terminal: insert the card"},
		{name: "domestic chip card at a chip terminal: insert", readers: allReaders, tracks: stripeOf(t, "601", "3012"),
			tx: Transaction{Amount: 15000}, result: InsertCard},
		{name: "chip card at a stripe-only terminal", readers: stripeOnly, tracks: stripeOf(t, "201", "3012"),
			tx: Transaction{Amount: 15000}, result: Approved, cvm: emv.CVMSignature, sig: true, mode: emv.EntryModeMagstripe},
		{name: "chip card after a chip failure: fallback indicator", readers: allReaders, tracks: stripeOf(t, "201", "3012"), fallback: true,
			tx: Transaction{Amount: 15000}, result: Approved, cvm: emv.CVMSignature, sig: true, mode: emv.EntryModeFallback},
		{name: "PIN required, no online PIN here", readers: stripeOnly, tracks: stripeOf(t, "120", "3012"),
			tx: Transaction{Amount: 15000}, result: Declined, reason: "service code 120 requires a PIN and this terminal takes no online PIN"},
		{name: "PIN required, online PIN", cfg: withOnlinePIN, readers: stripeOnly, tracks: stripeOf(t, "120", "3012"),
			tx: Transaction{Amount: 15000}, result: Approved, cvm: emv.CVMOnlinePIN, pin: true, mode: emv.EntryModeMagstripe},
		{name: "prompt for PIN at a PIN pad", cfg: withOnlinePIN, readers: stripeOnly, tracks: stripeOf(t, "126", "3012"),
			tx: Transaction{Amount: 15000}, result: Approved, cvm: emv.CVMOnlinePIN, pin: true, mode: emv.EntryModeMagstripe},
		{name: "prompt for PIN without online PIN: signature", readers: stripeOnly, tracks: stripeOf(t, "126", "3012"),
			tx: Transaction{Amount: 15000}, result: Approved, cvm: emv.CVMSignature, sig: true, mode: emv.EntryModeMagstripe},
		{name: "prompt for PIN, bypassed: signature", cfg: func(c Config) Config { c = withOnlinePIN(c); c.PINPad = pinPad(""); return c },
			readers: stripeOnly, tracks: stripeOf(t, "126", "3012"),
			tx: Transaction{Amount: 15000}, result: Approved, cvm: emv.CVMSignature, sig: true, mode: emv.EntryModeMagstripe},
		{name: "PIN required, bypassed", cfg: func(c Config) Config { c = withOnlinePIN(c); c.PINPad = pinPad(""); return c },
			readers: stripeOnly, tracks: stripeOf(t, "120", "3012"),
			tx: Transaction{Amount: 15000}, result: Declined, reason: "service code 120 requires a PIN: PIN entry bypassed"},
		{name: "goods and services only: no cash", readers: stripeOnly, tracks: stripeOf(t, "102", "3012"),
			tx: Transaction{Amount: 15000, Type: Cash}, result: Declined, reason: "service code 102: goods and services only"},
		{name: "ATM only", readers: stripeOnly, tracks: stripeOf(t, "103", "3012"),
			tx: Transaction{Amount: 15000}, result: Declined, reason: "service code 103: ATM only"},
		{name: "cash only", readers: stripeOnly, tracks: stripeOf(t, "104", "3012"),
			tx: Transaction{Amount: 15000}, result: Declined, reason: "service code 104: cash only"},
		{name: "expired", readers: stripeOnly, tracks: stripeOf(t, "101", "2610"),
			tx: Transaction{Amount: 15000}, result: Declined, reason: "card expired (2610)"},
		{name: "unreadable: swipe again", readers: stripeOnly, tracks: emv.Tracks{Track2: ";123?"},
			tx: Transaction{Amount: 15000}, result: TryAgain, reason: "swipe again"},
		{name: "issuer declines", readers: stripeOnly, tracks: stripeOf(t, "101", "3012"), host: &testHost{code: emv.ResponseDoNotHonour},
			tx: Transaction{Amount: 15000}, result: Declined, reason: "declined by the issuer (05)", cvm: emv.CVMSignature, sig: true, mode: emv.EntryModeMagstripe},
		{name: "host down", readers: stripeOnly, tracks: stripeOf(t, "101", "3012"), host: &testHost{err: errHostDown},
			tx: Transaction{Amount: 15000}, result: Declined, reason: "unable to go online", cvm: emv.CVMSignature, sig: true, mode: emv.EntryModeMagstripe},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ConvenienceStore()
			if tc.cfg != nil {
				cfg = tc.cfg(cfg)
			}
			host := tc.host
			if host == nil {
				host = &testHost{code: emv.ResponseApproved}
			}
			term := newTerminal(t, cfg, host)
			o, err := term.runSwipe(context.Background(), tc.tracks, tc.tx, tc.readers, tc.fallback)
			require.NoError(t, err)
			assert.Equal(t, tc.result, o.Result, o.Trace.String())
			if tc.reason != "" {
				assert.Contains(t, o.Reason, tc.reason)
			}
			assert.Equal(t, NoCryptogram, o.Cryptogram)
			if tc.mode == 0 {
				assert.Empty(t, host.requests)
				return
			}
			assert.Equal(t, tc.cvm, o.CVM)
			assert.Equal(t, tc.sig, o.SignatureRequired)
			require.Len(t, host.requests, 1)
			req := host.requests[0]
			assert.Equal(t, tc.mode, req.EntryMode)
			assert.Equal(t, testPAN, req.PAN)
			assert.Equal(t, -1, req.PANSequenceNumber)
			assert.Equal(t, tc.tx.Amount, req.Amount)
			assert.Equal(t, tc.tracks.Track2[1:len(tc.tracks.Track2)-2], req.Track2, "track 2 without sentinels and LRC")
			assert.Equal(t, "B"+testPAN+"^YAMADA/TARO^"+req.Track2[len(testPAN)+1:], req.Track1)
			assert.Empty(t, req.ICCData)
			assert.Equal(t, tc.pin, len(req.PINBlock) == 8)
			assert.Equal(t, "374245*****1006", o.PAN)
			for _, e := range o.Trace {
				assert.NotContains(t, e.String(), testPAN, "PAN masked in the trace")
			}
		})
	}
}

// A chip card swiped at the store with the real issuer: the terminal asks
// for the chip and the issuer is never asked. A stripe-only terminal says
// so in its request, and the issuer takes the stripe; after a chip
// failure the fallback request comes from a chip-capable terminal.
func TestSwipeChipCardIssuer(t *testing.T) {
	f := newPathFixture(t, false, "")
	store := newTerminal(t, ConvenienceStore(), f.host)
	o, err := store.runSwipe(context.Background(), f.card.Stripe(), Transaction{Amount: 1200}, allReaders, false)
	require.NoError(t, err)
	assert.Equal(t, InsertCard, o.Result)
	assert.Empty(t, f.host.requests)

	o, err = store.runSwipe(context.Background(), f.card.Stripe(), Transaction{Amount: 1200}, stripeOnly, false)
	require.NoError(t, err)
	assert.Equal(t, Approved, o.Result, o.Reason)
	req, _ := f.host.last(t)
	assert.Equal(t, emv.EntryModeMagstripe, req.EntryMode)
	assert.Equal(t, emv.NotChipCapable, req.TerminalChipCapable)

	o, err = store.runSwipe(context.Background(), f.card.Stripe(), Transaction{Amount: 1200}, allReaders, true)
	require.NoError(t, err)
	assert.Equal(t, Approved, o.Result, o.Reason)
	req, _ = f.host.last(t)
	assert.Equal(t, emv.EntryModeFallback, req.EntryMode)
	assert.Equal(t, emv.ChipCapable, req.TerminalChipCapable)
}

// FuzzParseTracks reads arbitrary tracks: no panic, and a track 2 that
// parses reparses from its data to the same fields.
func FuzzParseTracks(f *testing.F) {
	good := stripeOf(f, "201", "3012")
	f.Add(good.Track1, good.Track2)
	f.Add("", good.Track2)
	f.Add(good.Track1, "")
	f.Add("%B1^A^?", ";1=?")
	f.Add("%BX^^1301201?", ";=0000000?0")
	f.Add(good.Track1, testPAN+"=30122010000000123000000")
	f.Fuzz(func(t *testing.T, t1, t2 string) {
		s, err := parseTracks(emv.Tracks{Track1: t1, Track2: t2})
		if err != nil {
			return
		}
		again, err := emv.ParseTrack2(s.track2.Data())
		require.NoError(t, err)
		require.Equal(t, s.track2, again)
		if s.hasTrack1 {
			require.Equal(t, s.track2.PAN, s.track1.PAN)
		}
	})
}

// FuzzSwipe drives the whole stripe path with arbitrary tracks.
func FuzzSwipe(f *testing.F) {
	good := stripeOf(f, "201", "3012")
	f.Add(good.Track1, good.Track2, true, uint32(1500))
	f.Add("", stripeOf(f, "120", "3012").Track2, false, uint32(0))
	f.Add("%", ";", false, uint32(1))
	host := &testHost{code: emv.ResponseApproved}
	term := newTerminal(f, withOnlinePIN(ConvenienceStore()), host)
	f.Fuzz(func(t *testing.T, t1, t2 string, fallback bool, amount uint32) {
		o, err := term.runSwipe(context.Background(), emv.Tracks{Track1: t1, Track2: t2}, Transaction{Amount: int64(amount)}, allReaders, fallback)
		require.NoError(t, err)
		switch o.Result {
		case Approved, Declined, InsertCard, TryAgain:
		default:
			t.Fatalf("result %s: %s", o.Result, o.Reason)
		}
		host.requests = host.requests[:0]
	})
}

func BenchmarkSwipe(b *testing.B) {
	host := &testHost{code: emv.ResponseApproved}
	term := newTerminal(b, ConvenienceStore(), host)
	tracks := stripeOf(b, "101", "3012")
	b.ReportAllocs()
	for b.Loop() {
		host.requests = host.requests[:0]
		o, err := term.runSwipe(context.Background(), tracks, Transaction{Amount: 15000}, stripeOnly, false)
		if err != nil || o.Result != Approved {
			b.Fatal(err, o)
		}
	}
}
