package issuer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
)

// events lists the account log's events.
func events(a Account) []Event {
	out := make([]Event, len(a.Log))
	for i, e := range a.Log {
		out[i] = e.Event
	}
	return out
}

func hasScript(resp emv.AuthorizationResponse) bool {
	_, ok, _ := emv.Find(resp.ICCData, emv.TagIssuerScriptTemplate2)
	return ok
}

// TestFailedScriptSentAgain: the card refuses a corrupted script; the
// completion reports it failed, the PIN goes back to "registered" and the
// next online contact transaction sends it again.
func TestFailedScriptSentAgain(t *testing.T) {
	f := newFixture(t)
	f.registerOnline(t, f.codes, "4829")
	d := newDriver(t, f.card)
	d.corruptScripts = true
	resp, cid, results := d.online(t, f.iss, "r1", 100, 1)
	require.True(t, hasScript(resp))
	require.Len(t, results, 5)
	assert.Equal(t, byte(0x11), results[0], "first command failed")
	assert.Equal(t, card.PINRegistered, f.card.PINStatus())
	require.NoError(t, f.iss.Advise(completion("r1", cid, d.arqc.atc, results)))
	a := f.account(t, f.codes.PAN)
	assert.Equal(t, PINRegistered, a.PIN.State)
	assert.Contains(t, events(a), EventScriptFailed)

	d.corruptScripts = false
	resp, cid, results = d.online(t, f.iss, "r2", 100, 2)
	require.True(t, hasScript(resp), "sent again")
	assert.Equal(t, byte(0x20), results[0])
	require.NoError(t, f.iss.Advise(completion("r2", cid, d.arqc.atc, results)))
	a = f.account(t, f.codes.PAN)
	assert.Equal(t, PINOnChip, a.PIN.State)
	assert.Equal(t, 2, a.PIN.Sends)
	assert.Equal(t, card.PINOnChip, f.card.PINStatus())
}

// TestScriptConfirmedByNextTransaction: no advice arrives, but the next
// transaction's CVR counts the script commands the card ran.
func TestScriptConfirmedByNextTransaction(t *testing.T) {
	f := newFixture(t)
	f.registerOnline(t, f.codes, "4829")
	d := newDriver(t, f.card)
	resp, _, _ := d.online(t, f.iss, "r1", 100, 1)
	require.True(t, hasScript(resp))
	assert.Equal(t, PINSentInScript, f.account(t, f.codes.PAN).PIN.State)

	resp, _, _ = d.online(t, f.iss, "r2", 100, 2)
	assert.False(t, hasScript(resp), "the card's CVR shows the script ran")
	a := f.account(t, f.codes.PAN)
	assert.Equal(t, PINOnChip, a.PIN.State)
	assert.Equal(t, 1, a.PIN.Sends)
}

// TestMissingScriptSentAgain: the terminal never passed the script and
// sent no advice; the next online contact transaction carries it again.
func TestMissingScriptSentAgain(t *testing.T) {
	f := newFixture(t)
	f.registerOnline(t, f.codes, "4829")
	d := newDriver(t, f.card)
	d.dropScripts = true
	resp, _, _ := d.online(t, f.iss, "r1", 100, 1)
	require.True(t, hasScript(resp))

	d.dropScripts = false
	resp, cid, results := d.online(t, f.iss, "r2", 100, 2)
	require.True(t, hasScript(resp), "no evidence it ran: sent again")
	require.NoError(t, f.iss.Advise(completion("r2", cid, d.arqc.atc, results)))
	a := f.account(t, f.codes.PAN)
	assert.Equal(t, PINOnChip, a.PIN.State)
	assert.Equal(t, 2, a.PIN.Sends)
	assert.Equal(t, uint16(2), a.PIN.ScriptATC)
}

// TestReversal: the issuer approves, the card declines in the second
// GENERATE AC, the terminal reverses; the balance is restored, once.
func TestReversal(t *testing.T) {
	f := newFixture(t)
	d := newDriver(t, f.card)
	d.declineAfter = true
	resp, cid, results := d.online(t, f.iss, "r1", 700, 1)
	require.Equal(t, emv.ResponseApproved, resp.Code)
	require.Equal(t, byte(0x00), cid&0xC0, "AAC")
	assert.Equal(t, int64(700), f.account(t, f.codes.PAN).Balance)

	adv := completion("r1", cid, d.arqc.atc, results)
	require.Equal(t, emv.AdviceReversal, adv.Kind)
	require.NoError(t, f.iss.Advise(adv))
	require.NoError(t, f.iss.Advise(adv), "a repeated reversal changes nothing")
	a := f.account(t, f.codes.PAN)
	assert.Equal(t, int64(0), a.Balance)
	assert.Equal(t, EventReversal, a.Log[len(a.Log)-1].Event)

	// A completion that carries an AAC is a reversal too.
	d.declineAfter = true
	_, cid, results = d.online(t, f.iss, "r2", 300, 2)
	adv = completion("r2", cid, d.arqc.atc, results)
	adv.Kind = emv.AdviceCompletion
	require.NoError(t, f.iss.Advise(adv))
	assert.Equal(t, int64(0), f.account(t, f.codes.PAN).Balance)
}

func TestAdviceErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		adv  emv.Advice
		want error
	}{
		{"unknown request", emv.Advice{Kind: emv.AdviceCompletion, RequestID: "nope"}, ErrUnknownRequest},
		{"bad kind", emv.Advice{Kind: 9}, ErrAdvice},
		{"malformed DE55", emv.Advice{Kind: emv.AdviceCompletion, RequestID: "x", ICCData: []byte{0x9F, 0x27, 0x05}}, ErrAdvice},
		{"script results not in 5-byte entries", emv.Advice{Kind: emv.AdviceCompletion, RequestID: "x", ICCData: []byte{0x9F, 0x5B, 0x02, 0x20, 0x00}}, ErrAdvice},
		{"offline without TC", emv.Advice{Kind: emv.AdviceOffline, PAN: f.codes.PAN, Amount: 5}, ErrAdvice},
		{"offline unknown card", emv.Advice{Kind: emv.AdviceOffline, PAN: "374245000000001", Amount: 5}, ErrUnknownCard},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.account(t, f.codes.PAN)
			require.ErrorIs(t, f.iss.Advise(tt.adv), tt.want)
			assert.Equal(t, before, f.account(t, f.codes.PAN), "nothing changed")
		})
	}
}

func TestOfflineAdvice(t *testing.T) {
	f := newFixture(t)
	de55 := emv.AppendTLV(nil, emv.TagCryptogramInformationData, []byte{0x40})
	de55 = emv.AppendTLV(de55, emv.TagApplicationTransactionCounter, []byte{0x00, 0x07})
	adv := emv.Advice{Kind: emv.AdviceOffline, PAN: f.codes.PAN, Amount: 250, ICCData: de55}
	require.NoError(t, f.iss.Advise(adv))
	require.NoError(t, f.iss.Advise(adv), "the same advice twice is booked once")
	a := f.account(t, f.codes.PAN)
	assert.Equal(t, int64(250), a.Balance)
	assert.Equal(t, 7, a.LastATC)
}

// TestPINUnblock: the cardholder blocks the chip PIN with wrong entries,
// asks the issuer to unblock it, and the next online contact transaction
// carries PIN UNBLOCK (P2 00).
func TestPINUnblock(t *testing.T) {
	f := newFixture(t)
	f.registerOnline(t, f.codes, "4829")
	d := newDriver(t, f.card)
	_, cid, results := d.online(t, f.iss, "r1", 100, 1)
	require.NoError(t, f.iss.Advise(completion("r1", cid, d.arqc.atc, results)))
	require.Equal(t, card.PINOnChip, f.card.PINStatus())

	d.start()
	for range 3 {
		assert.NotEqual(t, emv.SWSuccess, d.verifyPIN("1111"))
	}
	require.Equal(t, card.PINBlocked, f.card.PINStatus())

	// Blocked, but no request from the cardholder: no unblock.
	resp, _, _ := d.online(t, f.iss, "r2", 100, 2)
	assert.False(t, hasScript(resp))

	require.NoError(t, f.iss.RequestPINUnblock(f.codes.PAN))
	resp, cid, results = d.online(t, f.iss, "r3", 100, 3)
	require.True(t, hasScript(resp))
	o, ok, _ := emv.Find(resp.ICCData, emv.TagIssuerScriptCommand)
	require.True(t, ok)
	assert.Equal(t, []byte{0x84, 0x24, 0x00, 0x00, 0x08}, o.Value[:5], "PIN UNBLOCK: P2 00, MAC only")
	assert.Equal(t, byte(0x20), results[0])
	assert.Equal(t, card.PINOnChip, f.card.PINStatus())
	require.NoError(t, f.iss.Advise(completion("r3", cid, d.arqc.atc, results)))
	assert.False(t, f.account(t, f.codes.PAN).PIN.UnblockRequested)

	d.start()
	assert.Equal(t, emv.SWSuccess, d.verifyPIN("4829"))
}

func TestUnblockNeedsPINOnChip(t *testing.T) {
	f := newFixture(t)
	require.ErrorIs(t, f.iss.RequestPINUnblock(f.codes.PAN), ErrNoUnblock)
}

// TestNoPINScriptForLostCard: a card reported lost gets its decline and
// ARPC, but not the cardholder's PIN.
func TestNoPINScriptForLostCard(t *testing.T) {
	f := newFixture(t)
	f.registerOnline(t, f.codes, "4829")
	require.NoError(t, f.iss.SetStatus(f.codes.PAN, AccountLost))
	d := newDriver(t, f.card)
	resp, _, _ := d.online(t, f.iss, "r1", 100, 1)
	assert.Equal(t, emv.ResponseLostCard, resp.Code)
	assert.False(t, hasScript(resp))
	assert.Equal(t, PINRegistered, f.account(t, f.codes.PAN).PIN.State)
	assert.Equal(t, card.PINRegistered, f.card.PINStatus())
}
