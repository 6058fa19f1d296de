package terminal

import (
	"bufio"
	"context"
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
)

// fuzzTap is a contactless card that answers each command with the next
// chunk of its data: a 2-byte length, then that many bytes (data and
// status word). When the data run out the card has left the field.
type fuzzTap struct{ data []byte }

func (f *fuzzTap) Transmit(apdu []byte) ([]byte, error) {
	if len(f.data) < 2 {
		return nil, errMute
	}
	n := int(binary.BigEndian.Uint16(f.data))
	f.data = f.data[2:]
	n = min(n, len(f.data))
	out := f.data[:n:n]
	f.data = f.data[n:]
	return out, nil
}

// fuzzAnswers encodes answers the fuzzTap way.
func fuzzAnswers(answers ...[]byte) []byte {
	var out []byte
	for _, a := range answers {
		out = binary.BigEndian.AppendUint16(out, uint16(len(a)))
		out = append(out, a...)
	}
	return out
}

// transcriptAnswers are the answers of a recorded transcript in order.
func transcriptAnswers(t testing.TB, path string) [][]byte {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out [][]byte
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		if line := strings.TrimSpace(s.Text()); strings.HasPrefix(line, "R:") {
			out = append(out, mustHex(strings.TrimSpace(line[2:])))
		}
	}
	require.NoError(t, s.Err())
	return out
}

// FuzzParsePPSE parses arbitrary PPSE answers: no panic, and every entry
// kept has a valid ADF name.
func FuzzParsePPSE(f *testing.F) {
	for _, v := range []string{
		"6F2F840E325041592E5359532E4444463031A51DBF0C1A61184F07A0000000041010500A4D617374657243617264870101",
		"6F23840E325041592E5359532E4444463031A511BF0C0E610C4F07A0000000031010870101",
		"6F27840E325041592E5359532E4444463031A515BF0C1261104F07A00000000310108701019F2A0102",
		"6F00", "",
	} {
		f.Add(mustHex(v))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := parsePPSE(b)
		if err != nil {
			require.Empty(t, entries)
			return
		}
		require.LessOrEqual(t, len(entries), maxPPSEEntries)
		for _, e := range entries {
			require.True(t, len(e.AID) >= 5 && len(e.AID) <= 16)
			_, _ = requestedKernel(e.kernel, e.AID)
		}
	})
}

// FuzzTap drives the contactless kernel with a card whose answers are
// fuzzed, at a reader with CA keys (so fDDA and CDA run on what the card
// claims) and an online PIN pad: no panic, an outcome for every card.
func FuzzTap(f *testing.F) {
	visa := transcriptAnswers(f, "testdata/contactless_visa_qvsdc_transcript.txt")
	f.Add(fuzzAnswers(visa...), uint32(1000), uint8(0))
	f.Add(fuzzAnswers(visa...), uint32(9000), uint8(1))
	s := newScriptedTap()
	f.Add(fuzzAnswers(mustHex(s.ppse), mustHex(s.fci), mustHex(s.gpo), mustHex(s.record)), uint32(500), uint8(2))
	tc := strings.Replace(s.gpo, "9F270180", "9F270140", 1)
	f.Add(fuzzAnswers(mustHex(s.ppse), mustHex(s.fci), mustHex(tc), mustHex(s.record)), uint32(500), uint8(3))
	f.Add(fuzzAnswers(mustHex(s.ppse), mustHex(s.fci), mustHex("800220009000")), uint32(0), uint8(0))
	f.Add([]byte{}, uint32(0), uint8(0))

	cfg := withOnlinePIN(AttendedPOS())
	cfg.CountryCode, cfg.CurrencyCode = 978, 978
	cfg.CAKeys = loadCAKeys(f, "testdata/contactless_visa_capk.txt")
	cfg.Rand = &cyclicRand{b: []byte("8901")}
	cfg.Now = func() time.Time { return time.Date(2023, 3, 1, 11, 10, 9, 0, time.UTC) }
	term, err := New(cfg, &testHost{code: emv.ResponseApproved})
	require.NoError(f, err)
	limits := []ContactlessConfig{
		{FloorLimit: 5000, CVMRequiredLimit: 5000},
		{TransactionLimit: 100000, CVMRequiredLimit: 1},
		{TTQ: emv.TTQ{0x2A, 0, 0, 0x80}, FloorLimit: 100000},
		{},
	}
	f.Fuzz(func(t *testing.T, answers []byte, amount uint32, pick uint8) {
		term.host.(*testHost).requests = nil
		o, err := term.runTap(context.Background(), &fuzzTap{data: answers}, Transaction{Amount: int64(amount)},
			Readers{Contact: pick&4 != 0, Contactless: true}, limits[int(pick)%len(limits)])
		require.NoError(t, err)
		if o.Result == Approved && !o.Online {
			require.Equal(t, TC, o.Cryptogram, "only a TC approves offline")
		}
	})
}
