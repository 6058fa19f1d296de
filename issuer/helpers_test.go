package issuer

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// clock is a test clock the tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// seeded is a deterministic random source.
func seeded(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	for i := range s {
		s[i] = byte(seed >> (8 * (i % 8)))
	}
	return rand.NewChaCha8(s)
}

func tdes(t testing.TB, b []byte) cryptogram.Key {
	k, err := cryptogram.NewTDESKey(b)
	require.NoError(t, err)
	return k
}

// testCVK is the CVK of the published CVV vectors the cryptogram package
// tests with.
var testCVK = []byte{0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10}

// testConfig is the story's issuer: Amex-like 15-digit PANs, no PIN on the
// chip at issuance, trivial PINs refused, no CA (fast).
func testConfig(t testing.TB, clk *clock, n Notifier) Config {
	return Config{
		Name:  "test issuer",
		IMKAC: tdes(t, card.TestIMKAC), IMKSMI: tdes(t, card.TestIMKSMI), IMKSMC: tdes(t, card.TestIMKSMC),
		CVK:       tdes(t, testCVK),
		BIN:       BINRange{Low: "374245", High: "374249"},
		PANLength: 15,
		Version:   cryptogram.AmexCVN01,
		PIN:       PINPolicy{RefuseTrivial: true},
		Notifier:  n,
		Rand:      seeded(1),
		Now:       clk.Now,
	}
}

// fixture is an issuer with one issued card and its cardholder's phone.
type fixture struct {
	iss   *Issuer
	clk   *clock
	phone *MemoryNotifier
	card  *card.Card
	codes PrintedCodes
}

const (
	testPhone = "+81-90-0000-0000"
	testEmail = "taro@example.com"
)

func newFixture(t testing.TB, edit ...func(*Config)) *fixture {
	t.Helper()
	f := &fixture{clk: newClock(), phone: &MemoryNotifier{}}
	cfg := testConfig(t, f.clk, f.phone)
	for _, e := range edit {
		e(&cfg)
	}
	iss, err := New(cfg)
	require.NoError(t, err)
	f.iss = iss
	f.card, f.codes = f.issue(t, CardRequest{CardholderName: "YAMADA/TARO", Phone: testPhone, Email: testEmail})
	return f
}

func (f *fixture) issue(t testing.TB, req CardRequest) (*card.Card, PrintedCodes) {
	t.Helper()
	c, codes, err := f.iss.Issue(req)
	require.NoError(t, err)
	return c, codes
}

// otp is the last one-time code the cardholder received.
func (f *fixture) otp(t testing.TB, to string) string {
	t.Helper()
	m, ok := f.phone.Last(to)
	require.True(t, ok, "no one-time code was sent")
	return m.Code
}

// verifiedSession logs in and passes the identity check.
func (f *fixture) verifiedSession(t testing.TB, codes PrintedCodes) *OnlineSession {
	t.Helper()
	s, err := f.iss.Login(codes.PAN)
	require.NoError(t, err)
	require.NoError(t, s.EnterFrontCode(codes.FrontCode))
	require.NoError(t, s.EnterBackCode(codes.BackCode))
	require.NoError(t, s.SendOneTimeCode(ChannelSMS))
	require.NoError(t, s.EnterOneTimeCode(f.otp(t, testPhone)))
	return s
}

// registerOnline registers pin for the card with these codes.
func (f *fixture) registerOnline(t testing.TB, codes PrintedCodes, pin string) {
	t.Helper()
	require.NoError(t, f.verifiedSession(t, codes).RegisterPIN(pin))
}

func (f *fixture) account(t testing.TB, pan string) Account {
	t.Helper()
	a, err := f.iss.Account(pan)
	require.NoError(t, err)
	return a
}

// wrongCode returns a code of the same length that differs from code.
func wrongCode(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}
