package terminal

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// fixedNow is the clock of every test transaction.
var fixedNow = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// zeroRand is a deterministic random source.
type zeroRand struct{ b byte }

func (z *zeroRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = z.b
	}
	return len(p), nil
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// testHost is a host that answers every authorisation with code and
// iccData, or fails with err, and records what it received.
type testHost struct {
	code     emv.ResponseCode
	iccData  func(req emv.AuthorizationRequest) []byte
	err      error
	requests []emv.AuthorizationRequest
	advices  []emv.Advice
}

func (h *testHost) Authorize(r emv.AuthorizationRequest) (emv.AuthorizationResponse, error) {
	h.requests = append(h.requests, r)
	if h.err != nil {
		return emv.AuthorizationResponse{}, h.err
	}
	resp := emv.AuthorizationResponse{RequestID: r.ID, Code: h.code}
	if h.iccData != nil {
		resp.ICCData = h.iccData(r)
	}
	return resp, nil
}

func (h *testHost) Advise(a emv.Advice) error {
	h.advices = append(h.advices, a)
	return nil
}

var errHostDown = errors.New("host unreachable")

// pinPad answers with a fixed PIN, or bypasses when pin is "".
func pinPad(pin string) PINPad {
	return PINPadFunc(func(ctx context.Context, r PINRequest) ([]byte, error) {
		if pin == "" {
			return nil, ErrPINBypassed
		}
		return []byte(pin), nil
	})
}

const testPAN = "374245001751006"

// newCard builds a simulated card from a profile.
func newCard(t testing.TB, p card.Profile) *card.Card {
	t.Helper()
	c, err := card.New(p, card.WithRand(&zeroRand{0x11}), card.WithClock(fixedClock))
	require.NoError(t, err)
	return c
}

func amexProfile(t testing.TB) card.Profile {
	t.Helper()
	keys, err := card.TestKeys(cryptogram.AmexCVN01.Name, testPAN, 0x01)
	if err != nil {
		// the version name differs: fall back to the preset's own
		t.Fatalf("test keys: %v", err)
	}
	return card.AmexProfile(testPAN, 0x01, keys)
}

var terminalIDs atomic.Uint32

// newTerminal builds a terminal from cfg with deterministic rand and clock.
func newTerminal(t testing.TB, cfg Config, h Host) *Terminal {
	t.Helper()
	cfg.Rand = &zeroRand{0x42}
	cfg.Now = fixedClock
	// Request IDs are the terminal ID and its sequence counter: each test
	// terminal gets its own ID, as each real one has.
	cfg.TerminalID = fmt.Sprintf("T%07d", terminalIDs.Add(1))
	term, err := New(cfg, h)
	require.NoError(t, err)
	return term
}

func run(t testing.TB, term *Terminal, c emv.PoweredTransport, tx Transaction) Outcome {
	t.Helper()
	o, err := term.Run(context.Background(), Insert(c), tx)
	require.NoError(t, err)
	return o
}

func tvr(s string) emv.TVR {
	var v emv.TVR
	copy(v[:], mustHex(s))
	return v
}

func tsi(s string) emv.TSI {
	var v emv.TSI
	copy(v[:], mustHex(s))
	return v
}

func cvmr(s string) emv.CVMResults {
	var v emv.CVMResults
	copy(v[:], mustHex(s))
	return v
}

var _ = bytes.Equal
