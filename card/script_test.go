package card

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// arqc runs a contact transaction up to an ARQC and returns it.
func arqc(t testing.TB, c *Card) (emv.PoweredTransport, acResponse) {
	t.Helper()
	tr := startContact(t, c)
	resp := xmit(t, tr, genAC(emv.P1ARQC, cdol1))
	a := parseAC(t, resp)
	require.Equal(t, cidARQC, a.CID)
	return tr, a
}

// scriptCmd builds a MACed script command for the card's transaction.
func scriptCmd(t testing.TB, p Profile, a acResponse, cmd emv.Command, encipher bool) string {
	t.Helper()
	v, k := issuerKeys(t, p)
	sc, err := v.ScriptCommand(k, cmd, encipher, cryptogram.ScriptContext{ATC: a.ATC, ARQC: a.AC})
	require.NoError(t, err)
	b, err := sc.Bytes()
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// TestScriptAttacks: the PIN script is accepted only with a valid MAC for
// this card and this transaction; every attack is refused and changes
// nothing.
func TestScriptAttacks(t *testing.T) {
	p := amexProfile(t)
	other := AmexProfile("374245455400134", 0x00, mustKeys(t, cryptogram.AmexCVN01.Name, "374245455400134"))

	t.Run("valid script writes the PIN", func(t *testing.T) {
		c := newCard(t, p)
		tr, a := arqc(t, c)
		assert.Equal(t, "9000", send(t, tr, pinScript(t, p, a, "4321")))
		assert.Equal(t, PINOnChip, c.PINStatus())
		assert.Equal(t, uint8(3), c.state.PINTries)
	})

	attacks := []struct {
		name   string
		script func(t *testing.T, c *Card) (emv.Transport, string)
		want   string
	}{
		{"forged MAC", func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			s := pinScript(t, p, a, "4321")
			last := s[len(s)-2:]
			flipped := "00"
			if last == "00" {
				flipped = "01"
			}
			return tr, s[:len(s)-2] + flipped
		}, "6988"},
		{"replayed from an earlier transaction", func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			old := pinScript(t, p, a, "4321")
			tr.PowerOff()
			tr, _ = arqc(t, c)
			return tr, old
		}, "6988"},
		{"for another card", func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			return tr, pinScript(t, other, a, "4321")
		}, "6988"},
		{"outside a transaction", func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			s := pinScript(t, p, a, "4321")
			tr.PowerOff()
			tr = startContact(t, c)
			return tr, s
		}, "6985"},
		{"before the first GENERATE AC", func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			tr.PowerOff()
			tr = startContact(t, c)
			a.ATC[1]++ // even with the right ATC the card has no ARQC yet
			return tr, pinScript(t, p, a, "4321")
		}, "6985"},
		{"after an offline decline", func(t *testing.T, c *Card) (emv.Transport, string) {
			tr := startContact(t, c)
			resp := xmit(t, tr, genAC(emv.P1AAC, cdol1))
			a := parseAC(t, resp)
			return tr, pinScript(t, p, a, "4321")
		}, "6985"},
		{"on the contactless face", func(t *testing.T, c *Card) (emv.Transport, string) {
			_, a := arqc(t, c)
			cl := c.Contactless()
			require.Equal(t, "9000", sw(send(t, cl, "00A40400"+"08A00000002501080100")))
			return cl, pinScript(t, p, a, "4321")
		}, "6985"},
		{"with a wrong class", func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			return tr, "80" + pinScript(t, p, a, "4321")[2:]
		}, "6988"},
	}
	for _, tt := range attacks {
		t.Run(tt.name, func(t *testing.T) {
			c := newCard(t, p)
			tr, s := tt.script(t, c)
			before := c.state
			assert.Equal(t, tt.want, send(t, tr, s))
			assert.Equal(t, before, c.state, "a refused script changes nothing")
			assert.Equal(t, PINNotRegistered, c.PINStatus())
			assert.Equal(t, uint8(0), c.state.PINTries)
		})
	}
}

// TestScriptCommands covers the other post-issuance commands.
func TestScriptCommands(t *testing.T) {
	p := visaProfile(t)

	t.Run("PIN unblock", func(t *testing.T) {
		c := newCard(t, p)
		tr := startContact(t, c)
		for _, want := range []string{"63C2", "63C1", "63C0", "6983"} {
			assert.Equal(t, want, send(t, tr, "0020008008249999FFFFFFFFFF"))
		}
		assert.Equal(t, PINBlocked, c.PINStatus())
		resp := xmit(t, tr, genAC(emv.P1TC, cdol1))
		a := parseAC(t, resp)
		assert.Equal(t, cidARQC, a.CID, "PIN try limit exceeded: the card goes online")
		v, k := issuerKeys(t, p)
		cmd, err := v.PINChangeCommand(k, "", "", cryptogram.ScriptContext{ATC: a.ATC, ARQC: a.AC})
		require.NoError(t, err)
		b, err := cmd.Bytes()
		require.NoError(t, err)
		assert.Equal(t, "9000", send(t, tr, hex.EncodeToString(b)))
		assert.Equal(t, PINOnChip, c.PINStatus())
		assert.Equal(t, uint8(3), c.state.PINTries)
	})

	t.Run("PIN change with the current PIN", func(t *testing.T) {
		c := newCard(t, p)
		tr, a := arqc(t, c)
		v, k := issuerKeys(t, p)
		cmd, err := v.PINChangeCommand(k, "9876", "1234", cryptogram.ScriptContext{ATC: a.ATC, ARQC: a.AC})
		require.NoError(t, err)
		b, err := cmd.Bytes()
		require.NoError(t, err)
		assert.Equal(t, "9000", send(t, tr, hex.EncodeToString(b)))
		tr.PowerOff()
		tr = startContact(t, c)
		assert.Equal(t, "63C2", send(t, tr, "0020008008241234FFFFFFFFFF"))
		assert.Equal(t, "9000", send(t, tr, "0020008008249876FFFFFFFFFF"))
	})

	t.Run("application block and unblock", func(t *testing.T) {
		c := newCard(t, p)
		tr, a := arqc(t, c)
		assert.Equal(t, "9000", send(t, tr, scriptCmd(t, p, a, emv.Command{CLA: 0x84, INS: 0x1E}, false)))
		// The second GENERATE AC of a blocked application declines.
		resp := xmit(t, tr, genAC(emv.P1TC, cdolHead+"3030"))
		assert.Equal(t, cidAAC, parseAC(t, resp).CID)
		tr.PowerOff()

		tr = c.Contact()
		_, err := tr.PowerOn()
		require.NoError(t, err)
		r := send(t, tr, "00A4040007A000000003101000")
		assert.Equal(t, "6283", sw(r), "a blocked application answers SELECT with 6283 and its FCI")
		assert.True(t, strings.HasPrefix(r, "6F"))
		assert.Equal(t, "9000", sw(send(t, tr, gpoEmpty)))
		resp = xmit(t, tr, genAC(emv.P1TC, cdol1))
		assert.Equal(t, cidAAC, parseAC(t, resp).CID, "blocked: never a TC")
		tr.PowerOff()

		tr, a = arqc(t, c)
		assert.Equal(t, "9000", send(t, tr, scriptCmd(t, p, a, emv.Command{CLA: 0x84, INS: 0x18}, false)))
		tr.PowerOff()
		_, err = tr.PowerOn()
		require.NoError(t, err)
		assert.Equal(t, "9000", sw(send(t, tr, "00A4040007A000000003101000")))
	})

	t.Run("card block", func(t *testing.T) {
		c := newCard(t, p)
		tr, a := arqc(t, c)
		assert.Equal(t, "9000", send(t, tr, scriptCmd(t, p, a, emv.Command{CLA: 0x84, INS: 0x16}, false)))
		assert.Equal(t, "6A81", send(t, tr, "80CA9F3600"))
		tr.PowerOff()
		_, err := tr.PowerOn()
		require.NoError(t, err)
		assert.Equal(t, "6A81", send(t, tr, "00A4040007A000000003101000"))
		assert.Equal(t, "6A81", send(t, c.Contactless(), "00A404000E325041592E5359532E444446303100"))
	})

	t.Run("PUT DATA of the offline limits", func(t *testing.T) {
		c := newCard(t, p)
		tr, a := arqc(t, c)
		cmd := emv.Command{CLA: 0x04, INS: 0xDA, P1: 0x9F, P2: 0x14, Data: []byte{0x07}}
		assert.Equal(t, "9000", send(t, tr, scriptCmd(t, p, a, cmd, false)))
		cmd = emv.Command{CLA: 0x04, INS: 0xDA, P1: 0x9F, P2: 0x7F, Data: []byte{0x07}}
		assert.Equal(t, "6A88", send(t, tr, scriptCmd(t, p, a, cmd, false)))
		assert.Equal(t, "9F1401079000", send(t, tr, "80CA9F1400"))
	})
}

// TestPINChangeEveryVersion: the PIN script of each preset's cryptogram
// version (its secure-messaging keys, encipherment and PIN block) writes
// the PIN, which the next transaction verifies.
func TestPINChangeEveryVersion(t *testing.T) {
	for _, p := range []Profile{
		amexProfile(t), visaProfile(t), mcProfile(t),
		JCBProfile(jcbPAN, 0x00, mustKeys(t, cryptogram.VisaCVN18.Name, jcbPAN), "1234"),
	} {
		t.Run(p.Name, func(t *testing.T) {
			c := newCard(t, p)
			tr, a := arqc(t, c)
			assert.Equal(t, "9000", send(t, tr, pinScript(t, p, a, "80246")))
			tr.PowerOff()
			tr = startContact(t, c)
			assert.Equal(t, "63C2", send(t, tr, "0020008008241234FFFFFFFFFF"))
			assert.Equal(t, "9000", send(t, tr, "00200080082580246FFFFFFFFF"))
		})
	}
}

// TestContactlessEMVMode: a contactless face without one-tap runs GPO,
// READ RECORD and one GENERATE AC; no second GENERATE AC, no EXTERNAL
// AUTHENTICATE, no VERIFY on that face.
func TestContactlessEMVMode(t *testing.T) {
	p := mcProfile(t)
	p.Applications[0].Contactless = Contactless{Enabled: true}
	c := newCard(t, p)
	cl := c.Contactless()
	assert.Equal(t, "9000", sw(send(t, cl, "00A404000E325041592E5359532E444446303100")))
	assert.Equal(t, "9000", sw(send(t, cl, "00A4040007A000000004101000")))
	assert.Equal(t, "770E82021C0094080801010010010101"+"9000", send(t, cl, gpoEmpty), "M/Chip: format 2")
	assert.Equal(t, "9000", sw(send(t, cl, "00B2010C00")))
	a := parseAC(t, xmit(t, cl, genAC(emv.P1ARQC, cdol1)))
	assert.Equal(t, cidARQC, a.CID)
	verifyAC(t, p, unhex(t, cdol1), a)
	assert.Equal(t, "6D00", send(t, cl, "008200000A11223344556677883030"))
	assert.Equal(t, "6985", send(t, cl, genAC(emv.P1TC, cdolHead+"3030"+"00000000000000000000")))
	assert.Equal(t, "6985", send(t, cl, pinScript(t, p, a, "1234")))
}
