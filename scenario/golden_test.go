package scenario

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/terminal"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata from this run")

// firstInsertTranscript runs the story of the first insert and writes its
// full transcript: each transaction's outcome and trace (every APDU and
// kernel decision), then the messages the issuer received and sent, DE55
// in hex.
func firstInsertTranscript(t testing.TB) string {
	w := newWorld(t, false)
	var b strings.Builder
	c, codes := w.issue(t, "YAMADA/HANAKO", "")
	fmt.Fprintf(&b, "# issued: %s; %s\n", codes, c.PINStatus())
	w.registerOnline(t, codes, thePIN)
	fmt.Fprintf(&b, "# registered online: %s; issuer: %s\n", c.PINStatus(), w.account(t, codes.PAN).PIN.State)

	steps := []struct {
		title  string
		cfg    terminal.Config
		amount int64
	}{
		{"ticket machine, before the PIN is on the chip", terminal.TicketMachine(), fare},
		{"convenience store, the first online insert", terminal.ConvenienceStore(), small},
		{"ticket machine, PIN on the chip", terminal.TicketMachine(), fare},
	}
	for _, s := range steps {
		o := insert(t, w.terminal(t, s.cfg, thePIN), c, s.amount)
		fmt.Fprintf(&b, "\n# %s, %d yen: %s\n", s.title, s.amount, o)
		fmt.Fprintf(&b, "# TVR %X TSI %X CVM Results %X 9F5B %X; %s\n", o.TVR[:], o.TSI[:], o.CVMResults[:], o.ScriptResults, c.PINStatus())
		b.WriteString(o.Trace.String())
	}

	b.WriteString("\n# issuer messages\n")
	for i, r := range w.host.requests {
		fmt.Fprintf(&b, "request  %s\n  DE55 %X\n", r, r.ICCData)
		resp := w.host.responses[i]
		fmt.Fprintf(&b, "response %s %s\n  DE55 %X\n", resp.RequestID, resp.Code, resp.ICCData)
	}
	for _, a := range w.host.advices {
		fmt.Fprintf(&b, "advice   %s %s\n  DE55 %X\n", a.Kind, a.RequestID, a.ICCData)
	}
	fmt.Fprintf(&b, "\n# issuer: %s\n", w.account(t, codes.PAN).PIN.State)
	return b.String()
}

// The transcript is the same bytes on every run and equal to the golden
// file.
func TestGoldenTranscript(t *testing.T) {
	got := firstInsertTranscript(t)
	path := filepath.Join("testdata", "first-insert.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./scenario -run Golden -update to create it")
	if got != string(want) {
		t.Errorf("transcript differs from %s (go test ./scenario -run Golden -update rewrites it):\n%s", path, firstDiff(string(want), got))
	}
	assert.Equal(t, got, firstInsertTranscript(t), "a second run gives the same bytes")
	assert.NotContains(t, got, thePIN)
	assert.NotRegexp(t, `374245[0-9]{9}`, got, "PANs masked")
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
