package terminal

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/issuer"
)

// The readers and contactless limits the presets get: a convenience store
// and a station ticket machine each have a contact, a contactless and a
// stripe reader; taps need a cardholder verification from ¥10,000, and
// above ¥100,000 (store) or ¥20,000 (ticket machine) a card must be
// inserted.
var (
	allReaders        = Readers{Contact: true, Contactless: true, Stripe: true}
	storeContactless  = ContactlessConfig{TransactionLimit: 100000, CVMRequiredLimit: 10000}
	ticketContactless = ContactlessConfig{TransactionLimit: 20000, CVMRequiredLimit: 10000}
)

// recordingHost passes requests to a host and keeps them.
type recordingHost struct {
	Host
	mu        sync.Mutex
	requests  []emv.AuthorizationRequest
	responses []emv.AuthorizationResponse
}

func (h *recordingHost) Authorize(r emv.AuthorizationRequest) (emv.AuthorizationResponse, error) {
	resp, err := h.Host.Authorize(r)
	h.mu.Lock()
	h.requests = append(h.requests, r)
	h.responses = append(h.responses, resp)
	h.mu.Unlock()
	return resp, err
}

func (h *recordingHost) last(t testing.TB) (emv.AuthorizationRequest, emv.AuthorizationResponse) {
	t.Helper()
	require.NotEmpty(t, h.requests, "no request reached the host")
	return h.requests[len(h.requests)-1], h.responses[len(h.responses)-1]
}

// pathFixture is the story's issuer, one card it issued and the
// cardholder's phone.
type pathFixture struct {
	iss   *issuer.Issuer
	host  *recordingHost
	phone *issuer.MemoryNotifier
	card  *card.Card
	codes issuer.PrintedCodes
}

// newPathFixture issues a card; withCA gives it fDDA/DDA/CDA keys and pin,
// when set, is written at issuance.
func newPathFixture(t testing.TB, withCA bool, pin string) *pathFixture {
	t.Helper()
	f := &pathFixture{phone: &issuer.MemoryNotifier{}}
	cfg := issuer.Config{
		Name:  "path test issuer",
		IMKAC: tdesKey(t, card.TestIMKAC), IMKSMI: tdesKey(t, card.TestIMKSMI), IMKSMC: tdesKey(t, card.TestIMKSMC),
		CVK:       tdesKey(t, mustHex("0123456789ABCDEFFEDCBA9876543210")),
		BIN:       issuer.BINRange{Low: "374245", High: "374245"},
		PANLength: 15,
		Version:   cryptogram.AmexCVN01,
		PIN:       issuer.PINPolicy{AtIssuance: pin != ""},
		Notifier:  f.phone,
		Rand:      seeded(5),
		Now:       func() time.Time { return fixedNow.Add(-24 * time.Hour) },
	}
	if withCA {
		cfg.CA = simulatedCA(t)
	}
	iss, err := issuer.New(cfg)
	require.NoError(t, err)
	f.iss, f.host = iss, &recordingHost{Host: iss}
	f.card, f.codes, err = iss.Issue(issuer.CardRequest{CardholderName: "YAMADA/TARO", Phone: "+81-90-0000-0000", PIN: pin,
		CreditLimit: 1 << 40, CardOptions: []card.Option{card.WithRand(seeded(9)), card.WithClock(fixedClock)}})
	require.NoError(t, err)
	return f
}

// register registers a PIN online: identity check, one-time code, PIN.
func (f *pathFixture) register(t testing.TB, pin string) {
	t.Helper()
	s, err := f.iss.Login(f.codes.PAN)
	require.NoError(t, err)
	require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
	require.NoError(t, s.EnterBackCode(f.codes.BackCode))
	require.NoError(t, s.SendOneTimeCode(issuer.ChannelSMS))
	m, ok := f.phone.Last("+81-90-0000-0000")
	require.True(t, ok)
	require.NoError(t, s.EnterOneTimeCode(m.Code))
	require.NoError(t, s.RegisterPIN(pin))
}

// muteChip is a contact chip that never answers reset.
type muteChip struct{}

var errMute = errors.New("no answer to reset")

func (muteChip) PowerOn() ([]byte, error)             { return nil, errMute }
func (muteChip) PowerOff()                            {}
func (muteChip) Transmit(apdu []byte) ([]byte, error) { return nil, errMute }

// silentApplications is a contact chip that powers up and knows no
// application: every SELECT answers 6A82.
type silentApplications struct{}

func (silentApplications) PowerOn() ([]byte, error) { return mustHex("3B6800000073C84013009000"), nil }
func (silentApplications) PowerOff()                {}
func (silentApplications) Transmit(apdu []byte) ([]byte, error) {
	return mustHex("6A82"), nil
}

// countingTap counts the commands a contactless card receives.
type countingTap struct {
	emv.Transport
	n int
}

func (c *countingTap) Transmit(apdu []byte) ([]byte, error) {
	c.n++
	return c.Transport.Transmit(apdu)
}

func runPathTest(t testing.TB, term *Terminal, p Presentation, amount int64, r Readers, cl ContactlessConfig) (Outcome, PathChoice) {
	t.Helper()
	o, ch, err := term.runPath(context.Background(), p, Transaction{Amount: amount}, r, cl)
	require.NoError(t, err)
	return o, ch
}

// Every path choice of the issue: the card, the readers and the amount
// decide.
func TestPathChoice(t *testing.T) {
	f := newPathFixture(t, false, "")
	c := f.card
	store := newTerminal(t, ConvenienceStore(), f.host)
	ticket := newTerminal(t, TicketMachine(), f.host)
	tests := []struct {
		name     string
		term     *Terminal
		p        Presentation
		amount   int64
		cl       ContactlessConfig
		path     Path
		result   Result
		mode     emv.EntryMode // the request's entry mode, 0 for none
		reasons  []string
		inReason string
	}{
		{name: "a chip card swiped at a chip terminal: insert", term: store, p: Swipe(c.Stripe()), amount: 1200, cl: storeContactless,
			path: PathStripe, result: InsertCard, inReason: "service code 201: a chip card at a chip terminal: insert the card",
			reasons: []string{"contactless: not presented", "contact chip: not presented"}},
		{name: "tap over the contactless limit: insert", term: store, p: Tap(c.Contactless()), amount: 150000, cl: storeContactless,
			path: PathContactless, result: InsertCard, inReason: "amount 150000 at or above the contactless transaction limit 100000: insert or swipe the card",
			reasons: []string{"contact chip: not presented", "stripe: not presented"}},
		{name: "tap under the CVM limit: no CVM, online", term: store, p: Tap(c.Contactless()), amount: 800, cl: storeContactless,
			path: PathContactless, result: Approved, mode: emv.EntryModeContactlessChip, inReason: "approved online by the issuer (00)"},
		{name: "card offered every way, small amount: the tap", term: store, p: Present(Insert(c.Contact()), Tap(c.Contactless()), Swipe(c.Stripe())),
			amount: 900, cl: storeContactless, path: PathContactless, result: Approved, mode: emv.EntryModeContactlessChip,
			reasons: []string{"contact chip: not needed: the tap completed", "stripe: not needed: the tap completed"}},
		{name: "card offered every way, large amount: the chip", term: store, p: Present(Insert(c.Contact()), Tap(c.Contactless()), Swipe(c.Stripe())),
			amount: 150000, cl: storeContactless, path: PathContact, result: Approved, mode: emv.EntryModeChip,
			reasons: []string{"contactless: amount 150000 at or above the contactless transaction limit 100000: insert or swipe the card",
				"stripe: not needed: the chip was read"}},
		{name: "mute chip: fallback to the stripe with its indicator", term: store, p: Present(Insert(muteChip{}), Swipe(c.Stripe())),
			amount: 3000, cl: storeContactless, path: PathFallback, result: Approved, mode: emv.EntryModeFallback,
			reasons: []string{"contactless: not presented", "contact chip: failed (terminal: card does not answer: no answer to reset): fallback to the stripe"}},
		{name: "no common application: fallback", term: store, p: Present(Insert(silentApplications{}), Swipe(c.Stripe())),
			amount: 3000, cl: storeContactless, path: PathFallback, result: Approved, mode: emv.EntryModeFallback},
		{name: "a declined chip never falls back", term: ticket, p: Present(Insert(c.Contact()), Swipe(c.Stripe())),
			amount: 1200, cl: ticketContactless, path: PathContact, result: Declined,
			reasons: []string{"contactless: not presented", "stripe: not needed: the chip was read"}},
		{name: "ticket machine over its CVM limit: the tap needs a PIN, insert", term: ticket, p: Tap(c.Contactless()), amount: 15000, cl: ticketContactless,
			path: PathContactless, result: InsertCard, inReason: "cardholder verification required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.host.requests)
			o, ch := runPathTest(t, tc.term, tc.p, tc.amount, allReaders, tc.cl)
			assert.Equal(t, tc.result, o.Result, o.Reason)
			assert.Equal(t, tc.path, ch.Path, ch.String())
			if tc.inReason != "" {
				assert.Contains(t, o.Reason, tc.inReason)
			}
			if tc.reasons != nil {
				assert.Equal(t, tc.reasons, ch.Reasons)
			}
			if tc.mode == 0 {
				assert.Len(t, f.host.requests, before, "nothing sent to the issuer")
				return
			}
			require.Len(t, f.host.requests, before+1)
			req, _ := f.host.last(t)
			assert.Equal(t, tc.mode, req.EntryMode)
			assert.Equal(t, emv.ChipCapable, req.TerminalChipCapable, "every path of a terminal with a contact reader")
			assert.Equal(t, f.codes.PAN, req.PAN)
		})
	}
}

func TestPathTapOverLimitTouchesNoCard(t *testing.T) {
	f := newPathFixture(t, false, "")
	store := newTerminal(t, ConvenienceStore(), f.host)
	tap := &countingTap{Transport: f.card.Contactless()}
	o, ch := runPathTest(t, store, Tap(tap), 100000, allReaders, storeContactless)
	assert.Equal(t, InsertCard, o.Result)
	assert.Equal(t, PathContactless, ch.Path)
	assert.Zero(t, tap.n, "pre-processing decides before the card is polled")
	assert.Equal(t, NoCryptogram, o.Cryptogram)

	// Without a contact reader the reader says "use another interface".
	o, _ = runPathTest(t, store, Tap(tap), 100000, Readers{Contactless: true, Stripe: true}, storeContactless)
	assert.Equal(t, UseOtherInterface, o.Result)
}

func TestPathMissingReader(t *testing.T) {
	f := newPathFixture(t, false, "")
	ticket := newTerminal(t, TicketMachine(), f.host)
	tests := []struct {
		name    string
		p       Presentation
		r       Readers
		reasons []string
	}{
		{"tap at a terminal without contactless reader", Tap(f.card.Contactless()), Readers{Contact: true, Stripe: true},
			[]string{"contactless: no contactless reader", "contact chip: not presented", "stripe: not presented"}},
		{"insert into a stripe-only terminal", Insert(f.card.Contact()), Readers{Stripe: true},
			[]string{"contactless: not presented", "contact chip: no contact reader", "stripe: not presented"}},
		{"nothing presented", Present(), allReaders,
			[]string{"contactless: not presented", "contact chip: not presented", "stripe: not presented"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ch, err := ticket.runPath(context.Background(), tc.p, Transaction{Amount: 100}, tc.r, ticketContactless)
			require.ErrorIs(t, err, ErrPresentation)
			assert.Equal(t, PathNone, ch.Path)
			assert.Equal(t, tc.reasons, ch.Reasons)
		})
	}
}

// The zero Readers reads 9F33 byte 1: the ticket machine's 60 is stripe
// and IC with contacts, no contactless.
func TestReadersFromCapabilities(t *testing.T) {
	assert.Equal(t, Readers{Contact: true, Stripe: true}, Readers{}.orCapabilities(TicketMachine().Capabilities))
	assert.Equal(t, Readers{Stripe: true}, Readers{}.orCapabilities(emv.TerminalCapabilities{0x40, 0, 0}))
	assert.Equal(t, allReaders, allReaders.orCapabilities(emv.TerminalCapabilities{}))
	assert.Equal(t, "contact, contactless, stripe", allReaders.String())
	assert.Equal(t, "no readers", Readers{}.String())
}

// Story line 8: a tap and a swipe never write the PIN; the first online
// insert does.
func TestPathOnlyTheInsertWritesThePIN(t *testing.T) {
	f := newPathFixture(t, false, "")
	f.register(t, "4829")
	require.Equal(t, card.PINRegistered, f.card.PINStatus())
	store := newTerminal(t, ConvenienceStore(), f.host)

	o, ch := runPathTest(t, store, Tap(f.card.Contactless()), 800, allReaders, storeContactless)
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, PathContactless, ch.Path)
	assert.Empty(t, o.Scripts)
	assert.Equal(t, card.PINRegistered, f.card.PINStatus(), "a tap writes no PIN")
	_, resp := f.host.last(t)
	_, hasScript := findTop(resp.ICCData, emv.TagIssuerScriptTemplate2)
	assert.False(t, hasScript, "the issuer sends no script to a tap")

	o, _ = runPathTest(t, store, Swipe(f.card.Stripe()), 800, allReaders, storeContactless)
	assert.Equal(t, InsertCard, o.Result)
	o, ch = runPathTest(t, store, Present(Insert(muteChip{}), Swipe(f.card.Stripe())), 800, allReaders, storeContactless)
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, PathFallback, ch.Path)
	assert.Equal(t, card.PINRegistered, f.card.PINStatus(), "a swipe writes no PIN")

	o, ch = runPathTest(t, store, Present(Insert(f.card.Contact()), Swipe(f.card.Stripe())), 15000, allReaders, storeContactless)
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, PathContact, ch.Path)
	require.Len(t, o.Scripts, 1)
	assert.Equal(t, byte(2), o.Scripts[0].Status)
	assert.Equal(t, card.PINOnChip, f.card.PINStatus(), "the insert's script wrote the PIN")
}

// A fallback's outcome keeps the failed chip's trace before the stripe's.
func TestPathFallbackTrace(t *testing.T) {
	f := newPathFixture(t, false, "")
	store := newTerminal(t, ConvenienceStore(), f.host)
	o, ch := runPathTest(t, store, Present(Insert(silentApplications{}), Swipe(f.card.Stripe())), 3000, allReaders, storeContactless)
	require.Equal(t, PathFallback, ch.Path)
	d := o.Trace.Decisions()
	require.NotEmpty(t, d)
	assert.Contains(t, d, "transaction terminated: no application on the card is accepted by this terminal (not accepted)")
	assert.Contains(t, d, "magnetic stripe read after the chip failed: fallback")
	assert.Equal(t, "magnetic stripe (fallback) (contactless: not presented; contact chip: failed (no application on the card is accepted by this terminal (not accepted)): fallback to the stripe)", ch.String())
	assert.Equal(t, "contact chip", PathContact.String())
	assert.Equal(t, "none", Path(99).String())
}

func TestPathCancelled(t *testing.T) {
	f := newPathFixture(t, false, "")
	store := newTerminal(t, ConvenienceStore(), f.host)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := store.runPath(ctx, Tap(f.card.Contactless()), Transaction{Amount: 100}, allReaders, storeContactless)
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, chipFailed(ctx, Outcome{Result: Terminated, Cryptogram: NoCryptogram}, true), "no fallback once cancelled")
	assert.False(t, chipFailed(context.Background(), Outcome{Result: Terminated, Cryptogram: NoCryptogram, Reason: "card blocked or SELECT not supported (6A81)"}, false))
	assert.False(t, chipFailed(context.Background(), Outcome{Result: Terminated, Cryptogram: NoCryptogram, Reason: "cardholder cancelled application selection"}, false))
	assert.False(t, chipFailed(context.Background(), Outcome{Result: Declined, Cryptogram: AAC}, false))
}

func TestPathAmountOutOfRange(t *testing.T) {
	f := newPathFixture(t, false, "")
	store := newTerminal(t, ConvenienceStore(), f.host)
	for _, p := range []Presentation{Tap(f.card.Contactless()), Swipe(f.card.Stripe())} {
		_, _, err := store.runPath(context.Background(), p, Transaction{Amount: -1}, allReaders, storeContactless)
		require.ErrorIs(t, err, ErrConfig)
	}
}

// Benchmarks of each path, card, kernel and issuer in one process. A card
// counts its transactions in a 2-byte ATC, so a fresh one is issued every
// 20000 transactions, off the clock.
func BenchmarkPath(b *testing.B) {
	f := newPathFixture(b, false, "")
	store := newTerminal(b, ConvenienceStore(), f.iss)
	cases := []struct {
		name string
		p    func(c *card.Card) Presentation
	}{
		{"tap", func(c *card.Card) Presentation { return Tap(c.Contactless()) }},
		{"insert", func(c *card.Card) Presentation { return Insert(c.Contact()) }},
		{"swipe-insert-card", func(c *card.Card) Presentation { return Swipe(c.Stripe()) }},
		{"fallback", func(c *card.Card) Presentation { return Present(Insert(muteChip{}), Swipe(c.Stripe())) }},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			var p Presentation
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if i%20000 == 0 {
					b.StopTimer()
					c, _, err := f.iss.Issue(issuer.CardRequest{CardholderName: "BENCH/CARD", CreditLimit: 1 << 40})
					require.NoError(b, err)
					p = tc.p(c)
					b.StartTimer()
				}
				o, _, err := store.runPath(context.Background(), p, Transaction{Amount: 800}, allReaders, storeContactless)
				if err != nil || o.Result == Terminated {
					b.Fatalf("%v %v", err, o)
				}
			}
		})
	}
}
