package card

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/stretchr/testify/require"
)

// Test cards. The PANs are the usual public test PANs of each scheme.
const (
	amexPAN = "374245455400126"
	visaPAN = "4761739001010010"
	mcPAN   = "5413330089010012"
	jcbPAN  = "3540599999991047"
)

// countingReader is a deterministic Rand: 00 01 02 … so transcripts repeat.
type countingReader struct{ n byte }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.n
		r.n++
	}
	return len(p), nil
}

var testTime = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

func testOpts() []Option {
	return []Option{WithRand(&countingReader{}), WithClock(func() time.Time { return testTime })}
}

func mustKeys(t testing.TB, version, pan string) Keys {
	t.Helper()
	k, err := TestKeys(version, pan, 0x00)
	require.NoError(t, err)
	return k
}

func amexProfile(t testing.TB) Profile {
	return AmexProfile(amexPAN, 0x00, mustKeys(t, cryptogram.AmexCVN01.Name, amexPAN))
}

func visaProfile(t testing.TB) Profile {
	return VisaProfile(visaPAN, 0x00, mustKeys(t, cryptogram.VisaCVN10.Name, visaPAN), "1234")
}

func mcProfile(t testing.TB) Profile {
	return MastercardProfile(mcPAN, 0x00, mustKeys(t, cryptogram.MastercardCVN16.Name, mcPAN), "1234")
}

func newCard(t testing.TB, p Profile) *Card {
	t.Helper()
	c, err := New(p, testOpts()...)
	require.NoError(t, err)
	return c
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

// send transmits a hex command and returns the hex response, fetching
// T=0 response data with GET RESPONSE as a terminal's transport layer does
// (EMV Book 1 §9.3.1), so tests read the same bytes for both protocols.
func send(t testing.TB, tr emv.Transport, cmd string) string {
	t.Helper()
	b := unhex(t, cmd)
	r, err := tr.Transmit(b)
	require.NoError(t, err)
	for len(r) == 2 && (r[0] == 0x61 || r[0] == 0x6C) {
		if r[0] == 0x6C {
			b = append(b[:len(b)-1:len(b)-1], r[1])
		} else {
			b = []byte{0x00, 0xC0, 0x00, 0x00, r[1]}
		}
		r, err = tr.Transmit(b)
		require.NoError(t, err)
	}
	if len(r) == 2 && r[0] == 0x62 {
		// A T=0 warning may leave data waiting.
		if g, err := tr.Transmit([]byte{0x00, 0xC0, 0x00, 0x00, 0x00}); err == nil && len(g) == 2 && g[0] == 0x6C {
			r, err = tr.Transmit([]byte{0x00, 0xC0, 0x00, 0x00, g[1]})
			require.NoError(t, err)
		}
	}
	return strings.ToUpper(hex.EncodeToString(r))
}

// sendRaw transmits without the T=0 transport layer.
func sendRaw(t testing.TB, tr emv.Transport, cmd string) string {
	t.Helper()
	r, err := tr.Transmit(unhex(t, cmd))
	require.NoError(t, err)
	return strings.ToUpper(hex.EncodeToString(r))
}

// xmit is send returning bytes.
func xmit(t testing.TB, tr emv.Transport, cmd string) []byte {
	t.Helper()
	return unhex(t, send(t, tr, cmd))
}

// sw returns the status word of a hex response.
func sw(resp string) string { return resp[len(resp)-4:] }

// terminal data for CDOL1 of the presets: amount 1000 (JPY), other 0,
// country 392, TVR, currency 392, date 261125, type 00, UN, terminal type
// 22, CVM results.
const (
	cdolHead = "000000001000 000000000000 0392 0000000000 0392 261125 00 11223344"
	cdol1    = cdolHead + " 22 1F0302"
)

// genAC builds a GENERATE AC command.
func genAC(p1 byte, data string) string {
	d := strings.ReplaceAll(data, " ", "")
	return hex.EncodeToString([]byte{0x80, 0xAE, p1, 0x00, byte(len(d) / 2)}) + d + "00"
}
