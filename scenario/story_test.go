package scenario

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

// transmit sends one APDU to the card and returns data and status word in
// hex.
func transmit(t testing.TB, tr emv.Transport, apdu string) string {
	t.Helper()
	r, err := tr.Transmit(unhex(t, apdu))
	require.NoError(t, err)
	return strings.ToUpper(hex.EncodeToString(r))
}

// assertBits checks TVR, TSI and CVM Results as bytes, with the words in
// the failure message.
func assertBits(t testing.TB, o terminal.Outcome, tvr, tsi, cvmr string) {
	t.Helper()
	assert.Equal(t, tvr, strings.ToUpper(hex.EncodeToString(o.TVR[:])), "TVR: %s", o.TVR)
	assert.Equal(t, tsi, strings.ToUpper(hex.EncodeToString(o.TSI[:])), "TSI: %s", o.TSI)
	assert.Equal(t, cvmr, strings.ToUpper(hex.EncodeToString(o.CVMResults[:])), "CVM Results: %s", o.CVMResults)
}

// hasAPDU reports whether the trace holds a command starting with prefix
// (hex) and what the card answered.
func findAPDU(o terminal.Outcome, prefix string) (terminal.TraceEntry, bool) {
	for _, e := range o.Trace {
		if e.Kind == terminal.EntryAPDU && strings.HasPrefix(e.Command, prefix) {
			return e, true
		}
	}
	return terminal.TraceEntry{}, false
}

// 1. The card arrives with no PIN on the chip; an issuer that writes the
// PIN at issuance, as most do, mails a card whose chip has it.
func TestLine01NoPINOnChip(t *testing.T) {
	w := newWorld(t, false)
	c, codes := w.issue(t, "YAMADA/HANAKO", "")
	assert.Equal(t, card.PINNotRegistered, c.PINStatus())
	assert.Equal(t, issuer.PINNotRegistered, w.account(t, codes.PAN).PIN.State)

	// On the chip itself: the PIN try counter reads 0 and VERIFY finds no
	// PIN reference data (6984).
	ct := c.Contact()
	_, err := ct.PowerOn()
	require.NoError(t, err)
	defer ct.PowerOff()
	assert.True(t, strings.HasSuffix(transmit(t, ct, "00A4040008A00000002501080100"), "9000"))
	assert.True(t, strings.HasSuffix(transmit(t, ct, "80A8000002830000"), "9000"))
	assert.Equal(t, "9F1701009000", transmit(t, ct, "80CA9F1700"), "PIN try counter 0")
	assert.Equal(t, "6984", transmit(t, ct, "0020008008244829FFFFFFFFFF"), "no PIN to verify")

	most := newWorld(t, true)
	c2, codes2 := most.issue(t, "SUZUKI/ICHIRO", thePIN)
	assert.Equal(t, card.PINOnChip, c2.PINStatus())
	assert.Equal(t, issuer.PINOnChip, most.account(t, codes2.PAN).PIN.State)
}

// 2. The PIN is registered online (front code, back code, one-time code)
// or by phone (identity check, no telephone PIN, the PIN keyed twice).
func TestLine02Registration(t *testing.T) {
	t.Run("online", func(t *testing.T) {
		w := newWorld(t, false)
		c, codes := w.issue(t, "YAMADA/HANAKO", "")
		s, err := w.iss.Login(codes.PAN)
		require.NoError(t, err)
		require.ErrorIs(t, s.EnterBackCode(codes.BackCode), issuer.ErrStep, "the front code comes first")
		require.ErrorIs(t, s.EnterFrontCode("0000"), issuer.ErrWrongFrontCode)
		require.NoError(t, s.EnterFrontCode(codes.FrontCode))
		require.NoError(t, s.EnterBackCode(codes.BackCode))
		require.ErrorIs(t, s.RegisterPIN(thePIN), issuer.ErrStep, "not before the one-time code")
		require.NoError(t, s.SendOneTimeCode(issuer.ChannelSMS))
		sms, ok := w.inbox.Last(phone)
		require.True(t, ok)
		assert.Len(t, sms.Code, 6)
		require.NoError(t, s.EnterOneTimeCode(sms.Code))
		require.ErrorIs(t, s.RegisterPIN("1234"), issuer.ErrPINTrivial)
		require.NoError(t, s.RegisterPIN(thePIN))
		assert.Equal(t, issuer.PINRegistered, w.account(t, codes.PAN).PIN.State)
		assert.Equal(t, card.PINRegistered, c.PINStatus(), "registered, not on the chip")
	})
	t.Run("phone", func(t *testing.T) {
		w := newWorld(t, false)
		c, codes := w.issue(t, "YAMADA/HANAKO", "")
		call := w.iss.Call()
		defer call.HangUp()
		steps := []struct {
			key  string
			want issuer.PhonePrompt
		}{
			{codes.PAN, issuer.PromptFrontCode},
			{codes.FrontCode, issuer.PromptBackCode},
			{codes.BackCode, issuer.PromptTelephonePIN},
		}
		assert.Equal(t, issuer.PromptCardNumber, call.Prompt())
		for _, s := range steps {
			p, err := call.Key(s.key)
			require.NoError(t, err)
			require.Equal(t, s.want, p)
		}
		// A new cardholder has no telephone PIN: the prompt runs out.
		p, err := call.Skip()
		require.NoError(t, err)
		require.Equal(t, issuer.PromptMenu, p)
		for _, s := range []struct {
			key  string
			want issuer.PhonePrompt
		}{{"1", issuer.PromptNewPIN}, {thePIN, issuer.PromptConfirmPIN}, {thePIN, issuer.PromptGoodbye}} {
			p, err := call.Key(s.key)
			require.NoError(t, err)
			require.Equal(t, s.want, p)
		}
		assert.Equal(t, issuer.PINRegistered, w.account(t, codes.PAN).PIN.State)
		assert.Equal(t, card.PINRegistered, c.PINStatus())
	})
}

// 3. Registration happens once; a forgotten PIN is looked up after the
// same identity check.
func TestLine03OnceAndLookUp(t *testing.T) {
	w := newWorld(t, false)
	_, codes := w.issue(t, "YAMADA/HANAKO", "")
	w.registerOnline(t, codes, thePIN)

	s, err := w.iss.Login(codes.PAN)
	require.NoError(t, err)
	defer s.Logout()
	_, err = s.LookUpPIN()
	require.ErrorIs(t, err, issuer.ErrStep, "no lookup before the identity check")
	require.NoError(t, s.EnterFrontCode(codes.FrontCode))
	require.NoError(t, s.EnterBackCode(codes.BackCode))
	require.ErrorIs(t, s.SendOneTimeCode(issuer.ChannelEmail), issuer.ErrNoContact, "no e-mail address on file")
	require.NoError(t, s.SendOneTimeCode(issuer.ChannelSMS))
	sms, _ := w.inbox.Last(phone)
	require.NoError(t, s.EnterOneTimeCode(sms.Code))
	require.ErrorIs(t, s.RegisterPIN("5937"), issuer.ErrAlreadyRegistered, "cannot be changed")
	got, err := s.LookUpPIN()
	require.NoError(t, err)
	assert.Equal(t, thePIN, got)

	// By phone: after the same identity check, the voice reads it out.
	call := w.iss.Call()
	defer call.HangUp()
	_, err = call.LookUpPIN()
	require.ErrorIs(t, err, issuer.ErrStep, "not before the identity check")
	for _, k := range []string{codes.PAN, codes.FrontCode, codes.BackCode} {
		_, err := call.Key(k)
		require.NoError(t, err)
	}
	_, err = call.Skip()
	require.NoError(t, err)
	got, err = call.LookUpPIN()
	require.NoError(t, err)
	assert.Equal(t, thePIN, got)
}

// 4. Registration is per card: two cards, two registrations.
func TestLine04PerCard(t *testing.T) {
	w := newWorld(t, false)
	c1, codes1 := w.issue(t, "YAMADA/HANAKO", "")
	c2, codes2 := w.issue(t, "YAMADA/HANAKO", "")
	require.NotEqual(t, codes1.PAN, codes2.PAN)

	w.registerOnline(t, codes1, thePIN)
	assert.Equal(t, card.PINRegistered, c1.PINStatus())
	assert.Equal(t, card.PINNotRegistered, c2.PINStatus(), "the second card is not registered by the first's registration")
	assert.Equal(t, issuer.PINNotRegistered, w.account(t, codes2.PAN).PIN.State)

	w.registerOnline(t, codes2, "7351")
	store := w.terminal(t, terminal.ConvenienceStore(), "")
	for _, c := range []*card.Card{c1, c2} {
		o := insert(t, store, c, small)
		require.Equal(t, terminal.Approved, o.Result, o.Reason)
		require.Len(t, o.Scripts, 1)
		assert.Equal(t, byte(2), o.Scripts[0].Status, "the script wrote this card's PIN")
	}
	// Each chip holds its own PIN.
	for _, tc := range []struct {
		c   *card.Card
		pin string
	}{{c1, thePIN}, {c2, "7351"}} {
		o := insert(t, w.terminal(t, terminal.TicketMachine(), tc.pin), tc.c, fare)
		require.Equal(t, terminal.Approved, o.Result, "%s\n%v", o.Reason, w.host.responses[len(w.host.responses)-1])
		assert.Equal(t, emv.CVMPlaintextPIN, o.CVM)
	}
}
