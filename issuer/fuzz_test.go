package issuer

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
)

// fuzzFixture is shared by the fuzz targets of one process: issuing a card
// per input would dominate the run.
func fuzzFixture(f *testing.F) (*fixture, emv.AuthorizationRequest) {
	fx := newFixture(f)
	d := newDriver(f, fx.card)
	d.start()
	d.tx = txData{amount: 100, date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	d.firstAC()
	return fx, d.request("seed", emv.EntryModeChip)
}

// FuzzAuthorize sends arbitrary DE55, track 2 and entry modes: the issuer
// always answers with a response code, never panics, and moves the balance
// only for an approval.
func FuzzAuthorize(f *testing.F) {
	fx, good := fuzzFixture(f)
	f.Add(good.ICCData, "", byte(emv.EntryModeChip), int64(100), byte(emv.ChipCapable))
	f.Add(good.ICCData, "", byte(emv.EntryModeContactlessChip), int64(100), byte(emv.ChipCapable))
	f.Add([]byte{0x9F, 0x26, 0x81}, "", byte(emv.EntryModeChip), int64(1), byte(emv.ChipCapable))
	f.Add([]byte(nil), strings.Trim(fx.card.Stripe().Track2, ";?"), byte(emv.EntryModeFallback), int64(5), byte(emv.ChipCapable))
	f.Add([]byte(nil), fx.card.Stripe().Track2, byte(emv.EntryModeMagstripe), int64(5), byte(emv.ChipCapable))
	f.Add([]byte(nil), ";374245=3104?", byte(emv.EntryModeFallback), int64(-5), byte(emv.ChipCapable))
	f.Add([]byte{0x57, 0x02, 0xD1, 0x2F}, "", byte(emv.EntryModeChip), int64(0), byte(emv.ChipCapable))
	f.Add([]byte(nil), fx.card.Stripe().Track2, byte(emv.EntryModeMagstripe), int64(5), byte(emv.NotChipCapable))
	f.Add([]byte(nil), fx.card.Stripe().Track2, byte(emv.EntryModeMagstripe), int64(5), byte(emv.ChipCapabilityUnknown))
	n := 0
	f.Fuzz(func(t *testing.T, de55 []byte, track2 string, mode byte, amount int64, chip byte) {
		n++
		req := emv.AuthorizationRequest{ID: "f" + strconv.Itoa(n), EntryMode: emv.EntryMode(mode), PAN: fx.codes.PAN,
			PANSequenceNumber: -1, Amount: amount, ICCData: de55, Track2: track2,
			TerminalChipCapable: emv.ChipCapability(chip)}
		before := fx.account(t, fx.codes.PAN).Balance
		resp, err := fx.iss.Authorize(req)
		require.NoError(t, err)
		require.Len(t, string(resp.Code), 2)
		after := fx.account(t, fx.codes.PAN).Balance
		if resp.Code.Approved() {
			require.Equal(t, before+amount, after)
		} else {
			require.Equal(t, before, after)
			require.Empty(t, resp.AuthorisationCode)
		}
	})
}

// FuzzAdvise sends arbitrary advices: a malformed one is an error and
// changes nothing.
func FuzzAdvise(f *testing.F) {
	fx, good := fuzzFixture(f)
	resp, err := fx.iss.Authorize(good)
	require.NoError(f, err)
	require.Equal(f, emv.ResponseApproved, resp.Code)
	f.Add(byte(emv.AdviceCompletion), "seed", []byte{0x9F, 0x27, 0x01, 0x40, 0x9F, 0x5B, 0x05, 0x20, 0, 0, 0, 1}, int64(0))
	f.Add(byte(emv.AdviceReversal), "seed", []byte{0x9F, 0x27, 0x01, 0x00}, int64(0))
	f.Add(byte(emv.AdviceOffline), "", []byte{0x9F, 0x27, 0x01, 0x40, 0x9F, 0x36, 0x02, 0x00, 0x09}, int64(70))
	f.Add(byte(emv.AdviceCompletion), "seed", []byte{0x9F, 0x5B, 0x03, 0x20, 0, 0}, int64(0))
	f.Fuzz(func(t *testing.T, kind byte, id string, de55 []byte, amount int64) {
		before := fx.account(t, fx.codes.PAN)
		err := fx.iss.Advise(emv.Advice{Kind: emv.AdviceKind(kind), RequestID: id, PAN: fx.codes.PAN, Amount: amount, ICCData: de55})
		if err != nil {
			require.Equal(t, before, fx.account(t, fx.codes.PAN))
		}
	})
}

// FuzzPhoneCall keys arbitrary digit strings into the phone line: no panic,
// and the PIN is registered only after the right codes.
func FuzzPhoneCall(f *testing.F) {
	fx := newFixture(f)
	right := strings.Join([]string{fx.codes.PAN, fx.codes.FrontCode, fx.codes.BackCode, "*", "1", "4829", "4829"}, ",")
	f.Add(right)
	f.Add(fx.codes.PAN + ",0000,000,*,1,1234,1234")
	f.Add(",,,,")
	f.Add("1,*,2,*,3")
	f.Fuzz(func(t *testing.T, script string) {
		iss := fx.iss
		a := iss.accounts[fx.codes.PAN]
		a.mu.Lock()
		a.pin, a.pinDigits, a.failures, a.lockedUntil = PINRecord{State: PINNotRegistered}, "", 0, time.Time{}
		a.mu.Unlock()
		call := iss.Call()
		identified := false
		for _, k := range strings.Split(script, ",") {
			if call.Prompt() == PromptMenu {
				identified = true
			}
			if k == "*" {
				_, _ = call.Skip()
			} else {
				_, _ = call.Key(k)
			}
		}
		if !identified && call.Prompt() != PromptMenu {
			require.Equal(t, PINNotRegistered, fx.account(t, fx.codes.PAN).PIN.State)
		}
	})
}

// FuzzScriptResults parses arbitrary 9F5B values.
func FuzzScriptResults(f *testing.F) {
	f.Add([]byte{0x20, 0, 0, 0, 1})
	f.Add([]byte{0x11, 0, 0, 0, 1, 0x20})
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := parseScriptResults(b)
		if err == nil {
			require.Len(t, rs, len(b)/5)
		} else {
			require.ErrorIs(t, err, ErrAdvice)
		}
	})
}
