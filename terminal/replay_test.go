package terminal

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// replayCard answers from a recorded transcript: SELECT by its data, any
// other command by its header; unknown commands get 6A82 (SELECT) or 6D00.
type replayCard struct {
	answers map[string][]byte
}

func loadTranscript(t *testing.T, path string) *replayCard {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rc := &replayCard{answers: map[string][]byte{}}
	var key string
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		switch {
		case strings.HasPrefix(line, "C:"):
			key = replayKey(mustHex(strings.TrimSpace(line[2:])))
		case strings.HasPrefix(line, "R:"):
			rc.answers[key] = mustHex(strings.TrimSpace(line[2:]))
		}
	}
	require.NoError(t, s.Err())
	return rc
}

func replayKey(apdu []byte) string {
	c, err := emv.ParseCommand(apdu)
	if err != nil {
		return string(apdu)
	}
	if c.INS == emv.INSSelect {
		return string(apdu[:4]) + string(c.Data)
	}
	return string(apdu[:4])
}

func (r *replayCard) PowerOn() ([]byte, error) { return mustHex("3B6800000073C84013009000"), nil }
func (r *replayCard) PowerOff()                {}
func (r *replayCard) Transmit(apdu []byte) ([]byte, error) {
	if a, ok := r.answers[replayKey(apdu)]; ok {
		return bytes.Clone(a), nil
	}
	if len(apdu) > 1 && apdu[1] == emv.INSSelect {
		return mustHex("6A82"), nil
	}
	return mustHex("6D00"), nil
}

// replay runs a ¥1,000 purchase at an attended POS, with the payment
// systems' published CA keys, against a recorded card.
func replay(t *testing.T, transcript string) Outcome {
	t.Helper()
	rc := loadTranscript(t, transcript)
	store, err := oda.NewPublishedTestCAStore()
	require.NoError(t, err)
	cfg := AttendedPOS()
	cfg.CAKeys = store
	cfg.Rand = &zeroRand{0x42}
	cfg.Now = func() time.Time { return time.Date(2023, 6, 1, 12, 0, 0, 0, time.UTC) }
	term, err := New(cfg, &testHost{code: "00"})
	require.NoError(t, err)
	o, err := term.Run(context.Background(), Insert(rc), Transaction{Amount: 1000})
	require.NoError(t, err)
	return o
}

// A real card's recorded answers go through application selection, GPO,
// reading and the recovery of its issuer and ICC keys under Mastercard's
// live CA key 05.
func TestReplayRealMastercard(t *testing.T) {
	o := replay(t, "testdata/mastercard_debit_transcript.txt")

	assert.Equal(t, mustHex("A0000000041010"), o.AID)
	assert.Equal(t, "537505******0110", o.PAN)
	d := o.Trace.Decisions()
	assert.Contains(t, d, "no PSE (6A82 file or application not found): using the list of AIDs")
	assert.Contains(t, d, "application A0000000041010 \"Debit MasterCard\": candidate")
	assert.Contains(t, d, "AIP 1980, AFL 080101001001010120010200")
	assert.Contains(t, d, "CDA selected: ICC public key recovered, signature to be checked at GENERATE AC")
	assert.True(t, o.TSI.Has(emv.TSIOfflineDataAuthenticationPerformed))
	assert.False(t, o.TVR.Has(emv.TVRCDAFailed), o.TVR.String())
	// Issuer country 0280 is not Japan: the AUC FFC0 allows international
	// goods, so no restriction applies; the CVM list starts with online PIN,
	// which this terminal does not offer, then signature.
	assert.Equal(t, cvmr("1E0300"), o.CVMResults)
	// The recording ends before GENERATE AC.
	assert.Equal(t, Terminated, o.Result)
	assert.Equal(t, "GENERATE AC answered 6D00 instruction code not supported", o.Reason)
	for _, e := range o.Trace {
		assert.NotContains(t, e.Response, "5375050000160110", "PAN masked in the trace")
	}
}

// A real Visa Debit card: its qVSDC GPO answer (template 77) and records
// go through selection and reading; it has no CDOL1 or CDOL2, mandatory
// for the contact path, so the kernel ends with "ICC data missing".
func TestReplayRealVisa(t *testing.T) {
	o := replay(t, "testdata/visa_debit_transcript.txt")
	assert.Equal(t, mustHex("A0000000031010"), o.AID)
	assert.Equal(t, "487178******0574", o.PAN)
	d := o.Trace.Decisions()
	assert.Contains(t, d, "application A0000000031010 \"Visa Debit\": candidate")
	assert.Contains(t, d, "AIP 2020, AFL 10010300")
	assert.Equal(t, Terminated, o.Result)
	assert.Equal(t, "ICC data missing: mandatory data object 8C absent", o.Reason)
	assert.True(t, o.TVR.Has(emv.TVRICCDataMissing))
	var reads int
	for _, e := range o.Trace {
		if e.Name == "READ RECORD" {
			reads++
			assert.Equal(t, emv.SWSuccess, e.SW)
		}
	}
	assert.Equal(t, 3, reads)
}
