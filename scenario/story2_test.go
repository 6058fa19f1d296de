package scenario

import (
	"bytes"
	"context"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

// registeredCard is a new card whose PIN is registered with the issuer but
// not yet on the chip: the state of the story before the first insert.
func registeredCard(t testing.TB, w *world) (*card.Card, issuer.PrintedCodes) {
	t.Helper()
	c, codes := w.issue(t, "YAMADA/HANAKO", "")
	w.registerOnline(t, codes, thePIN)
	require.Equal(t, card.PINRegistered, c.PINStatus())
	return c, codes
}

// 5. The PIN reaches the chip at the first contact-chip transaction that
// goes online: the issuer's response carries a script template 72 with a
// PIN CHANGE/UNBLOCK command under secure messaging, the terminal passes it
// to the card, the card writes the PIN and the completion advice reports
// the script's result.
func TestLine05ScriptWritesPIN(t *testing.T) {
	w := newWorld(t, false)
	c, codes := registeredCard(t, w)
	store := w.terminal(t, terminal.ConvenienceStore(), "")

	o := insert(t, store, c, small)
	require.Equal(t, terminal.Approved, o.Result, o.Reason)
	assert.True(t, o.Online)
	assert.Equal(t, terminal.TC, o.Cryptogram)
	assert.Equal(t, "00", o.ResponseCode)

	require.Len(t, w.host.responses, 1)
	req, resp := w.host.requests[0], w.host.responses[0]
	assert.Equal(t, emv.EntryModeChip, req.EntryMode)
	assert.Equal(t, emv.ResponseApproved, resp.Code)
	script, ok, err := emv.Find(resp.ICCData, emv.TagIssuerScriptTemplate2)
	require.NoError(t, err)
	require.True(t, ok, "template 72 in the response")
	id, ok, err := emv.Find(script.Value, emv.TagIssuerScriptIdentifier)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "00000001", hex.EncodeToString(id.Value))
	cmd, ok, err := emv.Find(script.Value, emv.TagIssuerScriptCommand)
	require.NoError(t, err)
	require.True(t, ok)
	// CLA 84 (secure messaging), INS 24, P1 00, P2 02: PIN CHANGE/UNBLOCK
	// with a new PIN (Book 3 §6.5.10); Lc 18: the 8-byte PIN block padded
	// by ISO/IEC 9797-1 method 2 and enciphered (16 bytes, Book 2 §9.3),
	// then an 8-byte MAC (Book 2 §9.2).
	assert.Equal(t, "8424000218", hex.EncodeToString(cmd.Value[:5]))
	require.Len(t, cmd.Value, 5+0x18)

	e, ok := findAPDU(o, "8424000218")
	require.True(t, ok, "the terminal sent the command as received")
	assert.Equal(t, emv.SWSuccess, e.SW)
	assert.Equal(t, hex.EncodeToString(cmd.Value), lower(e.Command))

	assert.Equal(t, "2000000001", hex.EncodeToString(o.ScriptResults), "9F5B: successful, script 00000001")
	require.Len(t, o.Scripts, 1)
	assert.Equal(t, byte(0x72), o.Scripts[0].Template)
	// TSI byte 1 b3: script processing was performed.
	assertBits(t, o, "0000208000", "FC00", "5F0302")

	require.Len(t, w.host.advices, 1)
	adv := w.host.advices[0]
	assert.Equal(t, emv.AdviceCompletion, adv.Kind)
	sr, ok, err := emv.Find(adv.ICCData, emv.TagIssuerScriptResults)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "2000000001", hex.EncodeToString(sr.Value))

	assert.Equal(t, card.PINOnChip, c.PINStatus())
	a := w.account(t, codes.PAN)
	assert.Equal(t, issuer.PINOnChip, a.PIN.State)
	assert.Equal(t, 1, a.PIN.Sends)

	// The next online transaction carries no script.
	o = insert(t, store, c, small)
	require.Equal(t, terminal.Approved, o.Result, o.Reason)
	assert.Empty(t, o.Scripts)
	assert.Nil(t, o.ScriptResults)
	_, ok, err = emv.Find(w.host.responses[1].ICCData, emv.TagIssuerScriptTemplate2)
	require.NoError(t, err)
	assert.False(t, ok)
}

func lower(s string) string { return string(bytes.ToLower([]byte(s))) }

// 6. The first chip transaction cannot use the PIN: a small sum at a
// convenience store needs no CVM, a larger one a signature.
func TestLine06FirstInsertWithoutPIN(t *testing.T) {
	tests := []struct {
		name      string
		amount    int64
		cvm       emv.CVMCode
		signature bool
		cvmr      string
	}{
		// 5F 03 02: rule "no CVM required, if terminal supports it", successful.
		{"under the no-signature limit: no CVM", small, emv.CVMNoCVMRequired, false, "5F0302"},
		// 5E 03 00: rule "signature, if terminal supports it", result unknown
		// (the merchant checks the signature).
		{"over the no-signature limit: signature", overSign, emv.CVMSignature, true, "5E0300"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, false)
			c, _ := registeredCard(t, w)
			o := insert(t, w.terminal(t, terminal.ConvenienceStore(), thePIN), c, tc.amount)
			require.Equal(t, terminal.Approved, o.Result, o.Reason)
			assert.Equal(t, tc.cvm, o.CVM)
			assert.Equal(t, tc.signature, o.SignatureRequired)
			// PIN try limit exceeded (the chip has no PIN: try counter 0) and
			// floor limit exceeded; ODA (CDA) succeeded.
			assertBits(t, o, "0000208000", "FC00", tc.cvmr)
			_, verified := findAPDU(o, "00200080")
			assert.False(t, verified, "no VERIFY is sent to a chip without a PIN")
			e, ok := findAPDU(o, "80CA9F17")
			require.True(t, ok)
			assert.Equal(t, "9F170100", e.Response, "PIN try counter 0")
			assert.Equal(t, card.PINOnChip, c.PINStatus(), "and the script still writes the PIN")
		})
	}
}

// 7. Until the PIN is on the chip, a terminal that accepts only PIN — the
// station ticket machine — cannot complete a chip payment.
func TestLine07TicketMachineRefuses(t *testing.T) {
	w := newWorld(t, false)
	c, codes := registeredCard(t, w)
	ticket := w.terminal(t, terminal.TicketMachine(), thePIN)

	o := insert(t, ticket, c, fare)
	assert.Equal(t, terminal.Declined, o.Result)
	assert.False(t, o.Online)
	assert.Equal(t, terminal.AAC, o.Cryptogram)
	assert.Equal(t, "Z1", o.ResponseCode)
	// TVR: cardholder verification not successful (byte 3 b8), PIN try
	// limit exceeded (byte 3 b6), floor limit exceeded (byte 4 b8).
	// CVM Results 41 03 01: offline plaintext PIN, failed.
	assertBits(t, o, "0000A08000", "E800", "410301")
	assert.Equal(t, "declined offline: TVR matches the denial action codes: cardholder verification was not successful", o.Reason)
	assert.Empty(t, w.host.requests, "declined offline: nothing reaches the issuer")
	assert.Equal(t, card.PINRegistered, c.PINStatus())
	assert.Equal(t, issuer.PINRegistered, w.account(t, codes.PAN).PIN.State)
}

// 8. Card-not-present and stripe payments work meanwhile, and neither they
// nor a tap writes the PIN: the issuer sends the script only to a contact
// chip transaction.
func TestLine08OtherPathsWriteNoPIN(t *testing.T) {
	w := newWorld(t, false)
	c, codes := registeredCard(t, w)
	stripe, err := emv.ParseTrack2(c.Stripe().Track2)
	require.NoError(t, err)
	exp := stripe.Expiry

	tests := []struct {
		name string
		req  emv.AuthorizationRequest
	}{
		{"card not present", emv.AuthorizationRequest{ID: "web-1", EntryMode: emv.EntryModeManual,
			PAN: codes.PAN, Expiry: exp, SecurityCode: codes.FrontCode}},
		{"stripe, after a chip failure", emv.AuthorizationRequest{ID: "pos-1", EntryMode: emv.EntryModeFallback,
			PAN: codes.PAN, Track2: stripe.Data()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.TerminalID, tc.req.MerchantID = "SHOP0001", "MERCHANT0000001"
			tc.req.PANSequenceNumber, tc.req.Amount, tc.req.CurrencyCode, tc.req.Time = -1, 3000, 392, now()
			resp, err := w.iss.Authorize(tc.req)
			require.NoError(t, err)
			assert.Equal(t, emv.ResponseApproved, resp.Code)
			assert.Empty(t, resp.ICCData, "no chip data, no script")
			assert.Equal(t, issuer.PINRegistered, w.account(t, codes.PAN).PIN.State)
			assert.Equal(t, card.PINRegistered, c.PINStatus())
		})
	}

	// The swipe of a chip card without a chip failure is sent to the chip.
	resp, err := w.iss.Authorize(emv.AuthorizationRequest{ID: "pos-2", TerminalID: "SHOP0001", EntryMode: emv.EntryModeMagstripe,
		PAN: codes.PAN, PANSequenceNumber: -1, Track2: stripe.Data(), Amount: 3000, CurrencyCode: 392, Time: now()})
	require.NoError(t, err)
	assert.Equal(t, emv.ResponseChipCardUseChip, resp.Code)

	// Then the first insert writes it.
	o := insert(t, w.terminal(t, terminal.ConvenienceStore(), ""), c, small)
	require.Equal(t, terminal.Approved, o.Result, o.Reason)
	assert.Equal(t, "2000000001", hex.EncodeToString(o.ScriptResults))
	assert.Equal(t, card.PINOnChip, c.PINStatus())
}

// 9. After the script has run, the chip verifies the PIN offline and the
// ticket machine works.
func TestLine09OfflinePINAfterScript(t *testing.T) {
	w := newWorld(t, false)
	c, _ := registeredCard(t, w)
	o := insert(t, w.terminal(t, terminal.ConvenienceStore(), ""), c, small)
	require.Equal(t, card.PINOnChip, c.PINStatus(), o.Reason)

	o = insert(t, w.terminal(t, terminal.TicketMachine(), thePIN), c, fare)
	require.Equal(t, terminal.Approved, o.Result, o.Reason)
	assert.Equal(t, emv.CVMPlaintextPIN, o.CVM)
	assert.False(t, o.SignatureRequired)
	assert.Equal(t, terminal.TC, o.Cryptogram)
	// Only "transaction exceeds floor limit" (the ticket machine sends
	// everything online); CVM Results 41 03 02: offline plaintext PIN,
	// successful.
	assertBits(t, o, "0000008000", "F800", "410302")
	e, ok := findAPDU(o, "80CA9F17")
	require.True(t, ok)
	assert.Equal(t, "9F170103", e.Response, "three PIN tries")
	e, ok = findAPDU(o, "0020008008")
	require.True(t, ok)
	assert.Equal(t, emv.SWSuccess, e.SW)
	assert.Equal(t, "0020008008****************", e.Command, "the PIN block never reaches the trace")
	assert.Empty(t, o.Scripts)
}

// 10. A clone made from stripe data does not pass as the chip card: a chip
// cloned from the stripe cannot compute the card's cryptogram, and a stripe
// written from the chip's track 2 equivalent carries the iCVV, not the
// stripe CVV.
func TestLine10CloneRefused(t *testing.T) {
	w := newWorld(t, false)
	c, codes := registeredCard(t, w)

	t.Run("chip cloned from the stripe", func(t *testing.T) {
		clone := stripeClone(t, c)
		before := len(w.host.requests)
		o := insert(t, w.terminal(t, terminal.ConvenienceStore(), ""), clone, small)
		assert.Equal(t, terminal.Declined, o.Result, o.Reason)
		require.Len(t, w.host.requests, before+1)
		assert.Equal(t, emv.ResponseCryptographicError, w.host.responses[before].Code, "the ARQC does not verify")
		assert.Equal(t, issuer.PINRegistered, w.account(t, codes.PAN).PIN.State, "no PIN script for a clone")
	})
	t.Run("stripe written from the chip's track 2 equivalent", func(t *testing.T) {
		// The clone's chip is dead, so the terminal reads its stripe as a
		// fallback.
		fake := emv.Tracks{Track2: chipTrack2(t, c).Track()}
		before := len(w.host.requests)
		store := w.terminal(t, terminal.ConvenienceStore(), "")
		o, err := store.Run(context.Background(), terminal.Present(terminal.Insert(deadChip{}), terminal.Swipe(fake)), terminal.Transaction{Amount: small})
		require.NoError(t, err)
		assert.Equal(t, terminal.PathFallback, o.Path.Path)
		assert.Equal(t, terminal.Declined, o.Result, o.Reason)
		require.Len(t, w.host.requests, before+1)
		assert.Equal(t, emv.EntryModeFallback, w.host.requests[before].EntryMode)
		assert.Equal(t, emv.ResponseSecurityViolation, w.host.responses[before].Code, "iCVV where the stripe CVV belongs")
	})
	t.Run("stripe copied, swiped at a chip terminal", func(t *testing.T) {
		// Its service code says chip: the terminal asks for the chip.
		o := run(t, w.terminal(t, terminal.ConvenienceStore(), ""), terminal.Swipe(c.Stripe()), small)
		assert.Equal(t, terminal.InsertCard, o.Result, o.Reason)
	})
	t.Run("the genuine card", func(t *testing.T) {
		o := insert(t, w.terminal(t, terminal.ConvenienceStore(), ""), c, small)
		assert.Equal(t, terminal.Approved, o.Result, o.Reason)
	})
}

// stripeClone is what a skimmer can make from the stripe: a chip with the
// stripe's PAN, name, expiry and track 2 — and keys of its own, since the
// card's keys never leave the chip.
func stripeClone(t testing.TB, c *card.Card) *card.Card {
	t.Helper()
	t2, err := emv.ParseTrack2(c.Stripe().Track2)
	require.NoError(t, err)
	var keys card.Keys
	for _, k := range []*card.Hex{&keys.AC, &keys.SMI, &keys.SMC} {
		*k = bytes.Repeat([]byte{0x5A}, 16)
	}
	p := card.AmexProfile(t2.PAN, 0, keys)
	a := &p.Applications[0]
	a.ExpiryDate = t2.Expiry + "31"
	a.Track2Equivalent = card.Track2Equivalent(t2.PAN, t2.Expiry, "201", t2.Discretionary)
	a.LayOutRecords()
	clone, err := card.New(p, card.WithRand(seeded(99)), card.WithClock(now))
	require.NoError(t, err)
	return clone
}

// chipTrack2 reads the chip's track 2 equivalent data (57) as a tampered
// reader would.
func chipTrack2(t testing.TB, c *card.Card) emv.Track2 {
	t.Helper()
	ct := c.Contact()
	_, err := ct.PowerOn()
	require.NoError(t, err)
	defer ct.PowerOff()
	transmit(t, ct, "00A4040008A00000002501080100")
	transmit(t, ct, "80A8000002830000")
	r := unhex(t, transmit(t, ct, "00B2010C00"))
	require.Equal(t, []byte{0x90, 0x00}, r[len(r)-2:])
	o, ok, err := emv.Find(r[:len(r)-2], emv.TagTrack2EquivalentData)
	require.NoError(t, err)
	require.True(t, ok)
	t2, err := emv.ParseTrack2Equivalent(o.Value)
	require.NoError(t, err)
	return t2
}
