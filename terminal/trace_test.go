package terminal

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
)

func TestTraceStreamsAndMasks(t *testing.T) {
	c, _ := cvmCard(t, "00000000 00000000 4103 5E03", "1234")
	var w bytes.Buffer
	cfg := AttendedPOS()
	cfg.PINPad = pinPad("1234")
	cfg.Trace = &w
	o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), c.Contact(), Transaction{Amount: 100})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, o.Trace.String(), w.String(), "the stream carries the same lines")
	out := w.String()
	assert.NotContains(t, out, "374245001751006", "PAN masked")
	assert.Contains(t, out, "374245*****1006")
	assert.NotContains(t, out, "241234FFFFFFFFFF", "PIN block never shown")
	assert.Contains(t, out, "0020008008****************")
	assert.Contains(t, out, "CVM rule 1 offline plaintext PIN: offline plaintext PIN verified by the card → CVM Results 410302")
	assert.Equal(t, "374245*****1006", o.PAN)
	for _, e := range o.Trace {
		assert.NotContains(t, e.Text, "374245001751006")
	}
}

// The trace built in one buffer (no writer) is the streamed one, entry by
// entry.
func TestTraceBufferedEqualsStreamed(t *testing.T) {
	traceOf := func(w io.Writer) Trace {
		c, _ := cvmCard(t, "00000000 00000000 4103 5E03", "1234")
		cfg := AttendedPOS()
		cfg.PINPad = pinPad("1234")
		cfg.Trace = w
		o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), c.Contact(), Transaction{Amount: 100})
		require.Equal(t, Approved, o.Result, o.Reason)
		return o.Trace
	}
	var w bytes.Buffer
	streamed, buffered := traceOf(&w), traceOf(nil)
	require.Greater(t, len(buffered), 20)
	assert.Equal(t, streamed, buffered)
	assert.Equal(t, w.String(), buffered.String())
}

func TestTraceShowPAN(t *testing.T) {
	cfg := AttendedPOS()
	cfg.ShowPAN = true
	o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), newCard(t, amexProfile(t)).Contact(), Transaction{Amount: 100})
	assert.Equal(t, testPAN, o.PAN)
	assert.Contains(t, o.Trace.String(), "5A Application Primary Account Number (PAN): 374245001751006")
}

func TestMaskPANsInNestedTemplates(t *testing.T) {
	resp := mustHex("7081" + "12" + "5A08374245001751006F" + "5704374245FF" + "9F3601AA")
	resp[2] = byte(len(resp) - 3)
	for _, w := range []io.Writer{nil, io.Discard} {
		var tr tracer
		tr.start(w, false, 1)
		tr.apdu("VERIFY", mustHex("0020008008241234FFFFFFFFFF"), emv.Response{Data: resp, SW: emv.SWSuccess}, true)
		got := tr.finish()
		require.Len(t, got, 1)
		assert.Equal(t, "7081"+hexString(resp[2:3])+"5A08374245*****1006F"+"5704******FF"+"9F3601AA", got[0].Response)
		assert.Equal(t, "0020008008****************", got[0].Command, "the PIN block never reaches the trace")
	}
}

// The raw hex hides what the decoded lines hide: everything after the
// track 2 separator (expiry, service code, the CVV or iCVV in the
// discretionary data), the cardholder name and track 1.
func TestRawHexHidesTrackDataAndName(t *testing.T) {
	resp := mustHex("70" + "00" + "5713374245001751006D310420100000142000000F" + "5F200859414D4144412F48" + "5603425354" + "9F0B024142")
	resp[1] = byte(len(resp) - 2)
	var tr tracer
	tr.start(nil, false, 1)
	tr.apdu("READ RECORD", mustHex("00B2010C00"), emv.Response{Data: resp, SW: emv.SWSuccess}, false)
	got := tr.finish()
	require.Len(t, got, 1)
	assert.Equal(t, "70"+hexString(resp[1:2])+"5713374245*****1006D"+strings.Repeat("*", 22)+
		"5F2008"+strings.Repeat("*", 16)+"5603"+strings.Repeat("*", 6)+"9F0B02****", got[0].Response)
}

func TestRunErrors(t *testing.T) {
	term := newTerminal(t, AttendedPOS(), &testHost{})
	_, err := term.Run(context.Background(), Tap(nil), Transaction{Amount: 1})
	assert.ErrorIs(t, err, ErrPresentation)
	_, err = term.Run(context.Background(), Insert(nil), Transaction{Amount: 1})
	assert.ErrorIs(t, err, ErrPresentation)
	_, err = term.Run(context.Background(), Insert(&scriptCard{}), Transaction{Amount: -1})
	assert.ErrorIs(t, err, ErrConfig)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = term.Run(ctx, Insert(&scriptCard{}), Transaction{Amount: 1})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = New(Config{}, &testHost{})
	assert.ErrorIs(t, err, ErrConfig)
	_, err = New(AttendedPOS(), nil)
	assert.ErrorIs(t, err, ErrNoHost)
	cfg := AttendedPOS()
	cfg.Capabilities.Set(emv.TermCapEncipheredPINOnline)
	_, err = New(cfg, &testHost{})
	assert.ErrorIs(t, err, ErrConfig)
}

func TestConfigIsCopied(t *testing.T) {
	cfg := AttendedPOS()
	term := newTerminal(t, cfg, &testHost{})
	cfg.Applications[0].AID[0] = 0xFF
	assert.Equal(t, byte(0xA0), term.Config().Applications[0].AID[0])
}

func TestOnlinePIN(t *testing.T) {
	c, _ := cvmCard(t, "00000000 00000000 4200 5E00", "1234")
	cfg := AttendedPOS()
	cfg.Capabilities.Set(emv.TermCapEncipheredPINOnline)
	cfg.OnlinePINKey = mustHex("0123456789ABCDEFFEDCBA9876543210")
	cfg.PINPad = pinPad("1234")
	h := &testHost{code: "00"}
	o := run(t, newTerminal(t, cfg, h), c.Contact(), Transaction{Amount: 100})
	assert.Equal(t, emv.CVMOnlinePIN, o.CVM)
	assert.Equal(t, cvmr("420000"), o.CVMResults)
	assert.True(t, o.TVR.Has(emv.TVROnlinePINEntered))
	require.Len(t, h.requests, 1, "online PIN makes the transaction go online")
	assert.Len(t, h.requests[0].PINBlock, 8)
	assert.False(t, strings.Contains(o.Trace.String(), hexString(h.requests[0].PINBlock)), "the PIN block is not traced")
}

func TestOutcomeString(t *testing.T) {
	o := Outcome{Result: Terminated, CVM: emv.CVMNotAvailable, Reason: "card does not answer SELECT"}
	assert.Equal(t, "terminated: card does not answer SELECT", o.String())
	o = Outcome{Result: Approved, Online: true, Cryptogram: TC, CVM: emv.CVMSignature, SignatureRequired: true,
		CVMResults: cvmr("5E0300"), Reason: "approved online by the issuer (00)"}
	assert.Equal(t, "approved online (TC), CVM signature, signature required: approved online by the issuer (00)", o.String())
	assert.Equal(t, "script 00000001 (template 72): failed at command 1", ScriptResult{Status: 1, Sequence: 1, ID: [4]byte{0, 0, 0, 1}, Template: 0x72}.String())
	assert.Equal(t, [5]byte{0x11, 0, 0, 0, 1}, ScriptResult{Status: 1, Sequence: 1, ID: [4]byte{0, 0, 0, 1}}.Bytes())
}
