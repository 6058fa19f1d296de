package scenario

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/terminal"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata from this run")

// transcript collects a story's transactions and the issuer's messages.
type transcript struct {
	strings.Builder
	w *world
}

// run inserts c at a terminal set up from cfg and writes the outcome, the
// bits and the whole trace.
func (b *transcript) run(t testing.TB, title string, cfg terminal.Config, pin string, c *card.Card, amount int64) terminal.Outcome {
	return b.present(t, title, b.w.terminal(t, cfg, pin), terminal.Insert(c.Contact()), c, amount)
}

// present is run for any presentation at a given terminal.
func (b *transcript) present(t testing.TB, title string, term *terminal.Terminal, p terminal.Presentation, c *card.Card, amount int64) terminal.Outcome {
	o, err := term.Run(context.Background(), p, terminal.Transaction{Amount: amount})
	require.NoError(t, err)
	fmt.Fprintf(b, "\n# %s, %d yen: %s\n# path: %s\n", title, amount, o, o.Path)
	fmt.Fprintf(b, "# TVR %X TSI %X CVM Results %X 9F5B %X; %s\n", o.TVR[:], o.TSI[:], o.CVMResults[:], o.ScriptResults, c.PINStatus())
	b.WriteString(o.Trace.String())
	return o
}

// messages writes what the issuer received and answered, DE55 in hex.
func (b *transcript) messages(t testing.TB, pan string) {
	b.WriteString("\n# issuer messages\n")
	for i, r := range b.w.host.requests {
		fmt.Fprintf(b, "request  %s\n  DE55 %X\n", r, r.ICCData)
		resp := b.w.host.responses[i]
		fmt.Fprintf(b, "response %s %s\n  DE55 %X\n", resp.RequestID, resp.Code, resp.ICCData)
	}
	for _, a := range b.w.host.advices {
		fmt.Fprintf(b, "advice   %s %s\n  DE55 %X\n", a.Kind, a.RequestID, a.ICCData)
	}
	fmt.Fprintf(b, "\n# issuer: %s\n", b.w.account(t, pan).PIN.State)
}

// firstInsertTranscript is the story of the first insert: the ticket
// machine refuses, the store's online insert writes the PIN, the ticket
// machine verifies it.
func firstInsertTranscript(t testing.TB) string {
	b := &transcript{w: newWorld(t, false)}
	c, codes := b.w.issue(t, "YAMADA/HANAKO", "")
	fmt.Fprintf(b, "# issued: %s; %s\n", codes, c.PINStatus())
	b.w.registerOnline(t, codes, thePIN)
	fmt.Fprintf(b, "# registered online: %s; issuer: %s\n", c.PINStatus(), b.w.account(t, codes.PAN).PIN.State)
	b.run(t, "ticket machine, before the PIN is on the chip", terminal.TicketMachine(), thePIN, c, fare)
	b.run(t, "convenience store, the first online insert", terminal.ConvenienceStore(), thePIN, c, small)
	b.run(t, "ticket machine, PIN on the chip", terminal.TicketMachine(), thePIN, c, fare)
	b.messages(t, codes.PAN)
	return b.String()
}

// pinUnblockTranscript is a PIN blocked by wrong entries and unblocked by
// the issuer's PIN UNBLOCK script (84 24 00 00) at the next online insert.
func pinUnblockTranscript(t testing.TB) string {
	b := &transcript{w: newWorld(t, false)}
	c, codes := b.w.issue(t, "KATO/RYO", "")
	b.w.registerOnline(t, codes, thePIN)
	b.run(t, "convenience store, the first online insert", terminal.ConvenienceStore(), "", c, small)
	b.run(t, "ticket machine, a wrong PIN at every prompt", terminal.TicketMachine(), "4892", c, fare)
	require.NoError(t, b.w.iss.RequestPINUnblock(codes.PAN))
	fmt.Fprintf(b, "\n# the cardholder asked the issuer to unblock the PIN\n")
	b.run(t, "convenience store, the next online insert", terminal.ConvenienceStore(), "", c, small)
	b.run(t, "ticket machine, the right PIN", terminal.TicketMachine(), thePIN, c, fare)
	b.messages(t, codes.PAN)
	return b.String()
}

// threePathsTranscript is one registered card swiped, tapped, swiped after
// a chip failure and inserted at the convenience store.
func threePathsTranscript(t testing.TB) string {
	b := &transcript{w: newWorld(t, false)}
	c, codes := b.w.issue(t, "NAKAMURA/EMI", "")
	b.w.registerOnline(t, codes, thePIN)
	store := b.w.terminal(t, terminal.ConvenienceStore(), "")
	b.present(t, "swiped", store, terminal.Swipe(c.Stripe()), c, small)
	b.present(t, "tapped", store, terminal.Tap(c.Contactless()), c, small)
	b.present(t, "swiped after a chip failure", store, terminal.Present(terminal.Insert(deadChip{}), terminal.Swipe(c.Stripe())), c, small)
	b.present(t, "inserted", store, terminal.Insert(c.Contact()), c, small)
	b.messages(t, codes.PAN)
	return b.String()
}

// Each transcript is the same bytes on every run and equal to its golden
// file.
func TestGoldenTranscript(t *testing.T) {
	tests := []struct {
		file string
		make func(testing.TB) string
	}{
		{"first-insert.golden", firstInsertTranscript},
		{"pin-unblock.golden", pinUnblockTranscript},
		{"three-paths.golden", threePathsTranscript},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got := tc.make(t)
			path := filepath.Join("testdata", tc.file)
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./scenario -run Golden -update to create it")
			if got != string(want) {
				t.Errorf("transcript differs from %s (go test ./scenario -run Golden -update rewrites it):\n%s", path, firstDiff(string(want), got))
			}
			assert.Equal(t, got, tc.make(t), "a second run gives the same bytes")
			assert.NotContains(t, got, thePIN)
			assert.NotContains(t, got, "4892", "nor a wrong PIN")
			assert.NotRegexp(t, `374245[0-9]{9}`, got, "PANs masked")
		})
	}
}

// firstDiff shows the first line where two transcripts differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, w, g)
		}
	}
	return ""
}
