package scenario

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

// The story's fixed facts.
const (
	phone    = "+81-90-1234-5678"
	thePIN   = "4829"
	fare     = 1200  // yen at the station ticket machine
	small    = 800   // yen, under the convenience store's no-signature limit
	overSign = 15000 // yen, over it
)

// now is the fixed clock of every party.
func now() time.Time { return time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC) }

func seeded(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	for i := range 8 {
		s[i] = byte(seed >> (8 * i))
	}
	return rand.NewChaCha8(s)
}

// The simulated CA is made once: its key generation is the slowest step.
var (
	caOnce sync.Once
	theCA  *oda.CertificationAuthority
	caErr  error
)

func simulatedCA(t testing.TB) *oda.CertificationAuthority {
	caOnce.Do(func() {
		theCA, caErr = oda.NewCertificationAuthority(seeded(1), oda.RID{0xA0, 0x00, 0x00, 0x00, 0x25}, 0x0F, 1152, 3)
	})
	require.NoError(t, caErr)
	return theCA
}

// recordingHost passes every message to the issuer and keeps a copy.
type recordingHost struct {
	iss       *issuer.Issuer
	mu        sync.Mutex
	requests  []emv.AuthorizationRequest
	responses []emv.AuthorizationResponse
	advices   []emv.Advice
}

func (h *recordingHost) Authorize(r emv.AuthorizationRequest) (emv.AuthorizationResponse, error) {
	resp, err := h.iss.Authorize(r)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests = append(h.requests, r)
	h.responses = append(h.responses, resp)
	return resp, err
}

func (h *recordingHost) Advise(a emv.Advice) error {
	err := h.iss.Advise(a)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.advices = append(h.advices, a)
	return err
}

// world is the story's issuer (no PIN at issuance), the cardholder's phone
// and the terminals' link to the issuer.
type world struct {
	iss   *issuer.Issuer
	host  *recordingHost
	inbox *issuer.MemoryNotifier
	ca    *oda.CAStore
	seed  uint64
}

func tdes(t testing.TB, b []byte) cryptogram.Key {
	k, err := cryptogram.NewTDESKey(b)
	require.NoError(t, err)
	return k
}

// newWorld makes the issuer. atIssuance makes it an issuer that writes the
// PIN before mailing the card, as most do.
func newWorld(t testing.TB, atIssuance bool) *world {
	t.Helper()
	return newWorldCA(t, atIssuance, simulatedCA(t))
}

// newWorldCA makes the issuer with the CA ca; nil issues cards without
// offline data authentication keys, much faster.
func newWorldCA(t testing.TB, atIssuance bool, ca *oda.CertificationAuthority) *world {
	t.Helper()
	w := &world{inbox: &issuer.MemoryNotifier{}, ca: &oda.CAStore{}, seed: 10}
	if ca != nil {
		require.NoError(t, w.ca.Add(ca.PublicKey()))
	}
	iss, err := issuer.New(issuer.Config{
		Name:  "story issuer",
		IMKAC: tdes(t, card.TestIMKAC), IMKSMI: tdes(t, card.TestIMKSMI), IMKSMC: tdes(t, card.TestIMKSMC),
		CVK:       tdes(t, []byte("0123456789ABCDEF")),
		CA:        ca,
		BIN:       issuer.BINRange{Low: "374245", High: "374245"},
		PANLength: 15,
		Version:   cryptogram.AmexCVN01,
		PIN:       issuer.PINPolicy{AtIssuance: atIssuance, RefuseTrivial: true},
		Notifier:  w.inbox,
		Rand:      seeded(2),
		Now:       now,
	})
	require.NoError(t, err)
	w.iss, w.host = iss, &recordingHost{iss: iss}
	return w
}

// issue issues a card to name; pin is the application form's PIN for an
// issuer that writes it at issuance.
func (w *world) issue(t testing.TB, name, pin string) (*card.Card, issuer.PrintedCodes) {
	t.Helper()
	w.seed++
	c, codes, err := w.iss.Issue(issuer.CardRequest{
		CardholderName: name, Phone: phone, PIN: pin, CreditLimit: 1 << 40,
		CardOptions: []card.Option{card.WithRand(seeded(w.seed)), card.WithClock(now)},
	})
	require.NoError(t, err)
	return c, codes
}

// registerOnline registers pin through the online service.
func (w *world) registerOnline(t testing.TB, codes issuer.PrintedCodes, pin string) {
	t.Helper()
	s, err := w.iss.Login(codes.PAN)
	require.NoError(t, err)
	defer s.Logout()
	require.NoError(t, s.EnterFrontCode(codes.FrontCode))
	require.NoError(t, s.EnterBackCode(codes.BackCode))
	require.NoError(t, s.SendOneTimeCode(issuer.ChannelSMS))
	sms, ok := w.inbox.Last(phone)
	require.True(t, ok)
	require.NoError(t, s.EnterOneTimeCode(sms.Code))
	require.NoError(t, s.RegisterPIN(pin))
}

// terminal sets up a preset with the CA keys, a fixed clock, seeded random
// numbers and a PIN pad into which the cardholder keys pin.
func (w *world) terminal(t testing.TB, cfg terminal.Config, pin string) *terminal.Terminal {
	t.Helper()
	w.seed++
	cfg.CAKeys = w.ca
	cfg.TerminalID = terminalID(cfg.TerminalID, w.seed)
	cfg.Rand = seeded(w.seed)
	cfg.Now = now
	cfg.PINPad = terminal.PINPadFunc(func(context.Context, terminal.PINRequest) ([]byte, error) {
		if pin == "" {
			return nil, terminal.ErrPINBypassed
		}
		return []byte(pin), nil
	})
	term, err := terminal.New(cfg, w.host)
	require.NoError(t, err)
	return term
}

func (w *world) account(t testing.TB, pan string) issuer.Account {
	t.Helper()
	a, err := w.iss.Account(pan)
	require.NoError(t, err)
	return a
}

// insert runs one contact-chip transaction.
func insert(t testing.TB, term *terminal.Terminal, c *card.Card, amount int64) terminal.Outcome {
	t.Helper()
	o, err := term.Run(context.Background(), terminal.Insert(c.Contact()), terminal.Transaction{Amount: amount})
	require.NoError(t, err)
	return o
}

// terminalID gives each terminal its own 8-character identifier (9F1C):
// the issuer tells transactions apart by terminal and sequence number, so
// two terminals set up from one preset must not share the preset's.
func terminalID(preset string, n uint64) string {
	return fmt.Sprintf("%.4s%04d", preset, n%10000)
}
