package issuer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// TestStoryFirstInsert is the story end to end: a card without a PIN on the
// chip, a PIN registered online, the first online contact transaction
// carrying the PIN script, the card writing the PIN, then VERIFY working.
func TestStoryFirstInsert(t *testing.T) {
	f := newFixture(t)
	d := newDriver(t, f.card)
	d.start()
	require.Equal(t, emv.SWReferenceDataNotUsable, d.verifyPIN("4829"), "no PIN on the chip yet")

	f.registerOnline(t, f.codes, "4829")
	require.Equal(t, card.PINRegistered, f.card.PINStatus())

	resp, cid, results := d.online(t, f.iss, "r1", 500, 0x11223344)
	require.Equal(t, emv.ResponseApproved, resp.Code)
	assert.Equal(t, byte(0x40), cid&0xC0, "the card approves with a TC")
	require.Len(t, results, 5)
	assert.Equal(t, byte(0x20), results[0], "script performed")
	assert.Equal(t, card.PINOnChip, f.card.PINStatus(), "the script wrote the PIN")

	a := f.account(t, f.codes.PAN)
	assert.Equal(t, PINSentInScript, a.PIN.State, "not confirmed before the advice")
	require.NoError(t, f.iss.Advise(completion("r1", cid, d.arqc.atc, results)))
	a = f.account(t, f.codes.PAN)
	assert.Equal(t, PINOnChip, a.PIN.State)
	assert.Equal(t, int64(500), a.Balance)

	d.start()
	assert.Equal(t, emv.SWSuccess, d.verifyPIN("4829"), "the PIN now verifies offline")

	// The next online transaction carries no script.
	resp, _, results = d.online(t, f.iss, "r2", 300, 0x55667788)
	require.Equal(t, emv.ResponseApproved, resp.Code)
	assert.Empty(t, results)
}

// TestStoryEveryVersion runs the story with the card preset of every
// cryptogram version the issuer issues: method 1 and method 2 ARPCs, EXTERNAL
// AUTHENTICATE or 91 in the second GENERATE AC, format 1 and format 2
// responses, T=0 and T=1, the VIS and the ISO format 2 script PIN blocks.
func TestStoryEveryVersion(t *testing.T) {
	for _, v := range []cryptogram.Version{cryptogram.AmexCVN01, cryptogram.VisaCVN10, cryptogram.VisaCVN18, cryptogram.MastercardCVN16} {
		t.Run(v.Name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.Version = v; c.BIN = BINRange{Low: "412345", High: "412345"}; c.PANLength = 16 })
			require.Equal(t, v.Name, f.card.Profile().Applications[0].CryptogramVersion)
			f.registerOnline(t, f.codes, "4829")
			d := newDriver(t, f.card)
			resp, cid, results := d.online(t, f.iss, "r1", 500, 0x01020304)
			require.Equal(t, emv.ResponseApproved, resp.Code)
			require.Equal(t, byte(0x40), cid&0xC0, "TC: the card accepted the ARPC")
			require.Len(t, results, 5)
			assert.Equal(t, byte(0x20), results[0])
			assert.Equal(t, card.PINOnChip, f.card.PINStatus())
			require.NoError(t, f.iss.Advise(completion("r1", cid, d.arqc.atc, results)))
			assert.Equal(t, PINOnChip, f.account(t, f.codes.PAN).PIN.State)
			d.start()
			assert.Equal(t, emv.SWSuccess, d.verifyPIN("4829"))
		})
	}
}
