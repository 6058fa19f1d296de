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

// stateChange is a command that writes persistent state, with the commands
// that bring a card to where it may run.
type stateChange struct {
	name  string
	pin   bool // runs on the card with a PIN
	setup func(t *testing.T, c *Card) (emv.Transport, string)
}

func stateChanges(t *testing.T) []stateChange {
	amex := amexProfile(t)
	return []stateChange{
		{"GPO", false, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr := c.Contact()
			_, _ = tr.PowerOn()
			send(t, tr, selAmex)
			return tr, gpoEmpty
		}},
		{"first GENERATE AC, ARQC", false, func(t *testing.T, c *Card) (emv.Transport, string) {
			return startContact(t, c), genAC(emv.P1ARQC, cdol1)
		}},
		{"first GENERATE AC, AAC with ODA failed", false, func(t *testing.T, c *Card) (emv.Transport, string) {
			return startContact(t, c), genAC(emv.P1AAC, "000000001000 000000000000 0392 4000000000 0392 261125 00 11223344 22 1F0302")
		}},
		{"wrong ARPC", false, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, _ := arqc(t, c)
			return tr, "008200000A11223344556677883030"
		}},
		{"second GENERATE AC after issuer authentication", false, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			require.Equal(t, "9000", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, amex, a, "00"))))
			return tr, genAC(emv.P1TC, cdolHead+"3030")
		}},
		{"PIN script", false, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			return tr, pinScript(t, amex, a, "1234")
		}},
	}
}

// TestTearing cuts the power at every persistent write of every
// state-changing command (and just before the commit); the saved state is
// then exactly the state before the command. Without a cut it is exactly
// the state after. The last three commands run on a card with a PIN.
func TestTearing(t *testing.T) {
	amex := amexProfile(t)
	visa := visaProfile(t)
	cases := stateChanges(t)
	cases = append(cases,
		stateChange{"VERIFY wrong PIN", true, func(t *testing.T, c *Card) (emv.Transport, string) {
			return startContact(t, c), "0020008008249999FFFFFFFFFF"
		}},
		stateChange{"VERIFY right PIN after a wrong one", true, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr := startContact(t, c)
			require.Equal(t, "63C2", send(t, tr, "0020008008249999FFFFFFFFFF"))
			return tr, "0020008008241234FFFFFFFFFF"
		}},
		stateChange{"offline TC with log", true, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			require.Equal(t, "9000", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, visa, a, "00"))))
			require.Equal(t, "9000", sw(send(t, tr, genAC(emv.P1TC, cdolHead+"3030"))))
			tr.PowerOff()
			return startContact(t, c), genAC(emv.P1TC, cdol1)
		}},
		stateChange{"contactless one-tap GPO", false, func(t *testing.T, c *Card) (emv.Transport, string) {
			cl := c.Contactless()
			require.Equal(t, "9000", sw(send(t, cl, selAmex)))
			data := strings.ReplaceAll("36000000"+cdolHead, " ", "")
			return cl, "80A8000023" + "8321" + data + "00"
		}},
		stateChange{"APPLICATION BLOCK", true, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			return tr, scriptCmd(t, visa, a, emv.Command{CLA: 0x84, INS: 0x1E}, false)
		}},
		stateChange{"CARD BLOCK", true, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			return tr, scriptCmd(t, visa, a, emv.Command{CLA: 0x84, INS: 0x16}, false)
		}},
		stateChange{"PUT DATA", true, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr, a := arqc(t, c)
			return tr, scriptCmd(t, visa, a, emv.Command{CLA: 0x04, INS: 0xDA, P1: 0x9F, P2: 0x23, Data: []byte{9}}, false)
		}},
		stateChange{"PIN UNBLOCK", true, func(t *testing.T, c *Card) (emv.Transport, string) {
			tr := startContact(t, c)
			require.Equal(t, "63C2", send(t, tr, "0020008008249999FFFFFFFFFF"))
			a := parseAC(t, xmit(t, tr, genAC(emv.P1ARQC, cdol1)))
			v, k := issuerKeys(t, visa)
			cmd, err := v.PINChangeCommand(k, "", "", cryptogram.ScriptContext{ATC: a.ATC, ARQC: a.AC})
			require.NoError(t, err)
			b, err := cmd.Bytes()
			require.NoError(t, err)
			return tr, hex.EncodeToString(b)
		}},
	)
	for _, tc := range cases {
		p := amex
		if tc.pin {
			p = visa
		}
		t.Run(tc.name, func(t *testing.T) {
			// Run once without a cut to learn the state after and the
			// number of write steps.
			ref := newCard(t, p)
			tr, cmd := tc.setup(t, ref)
			before := ref.state
			steps := 0
			ref.tear = func(k int) bool { steps = max(steps, k); return false }
			_, err := tr.Transmit(unhex(t, cmd))
			require.NoError(t, err)
			after := ref.state
			require.NotEqual(t, before, after, "the command must change the state")
			require.Greater(t, steps, 1)

			for k := 1; k <= steps; k++ {
				c := newCard(t, p)
				tr, cmd := tc.setup(t, c)
				require.Equal(t, before, c.state)
				c.tear = func(step int) bool { return step == k }
				_, err := tr.Transmit(unhex(t, cmd))
				assert.ErrorIs(t, err, ErrPowerLost, "step %d", k)
				c.tear = nil
				saved, err := c.SaveState()
				require.NoError(t, err)
				restored, err := Restore(p, saved, testOpts()...)
				require.NoError(t, err)
				assert.Equal(t, before, restored.state, "power cut at step %d of %d: state must be as before", k, steps)
				if _, err := c.Contact().Transmit([]byte{0x00, 0xA4, 0x04, 0x00}); err == nil {
					t.Fatalf("after a power cut the contact face is off")
				}
			}
			// No cut: the saved state is the state after.
			c := newCard(t, p)
			tr, cmd = tc.setup(t, c)
			_, err = tr.Transmit(unhex(t, cmd))
			require.NoError(t, err)
			saved, err := c.SaveState()
			require.NoError(t, err)
			restored, err := Restore(p, saved, testOpts()...)
			require.NoError(t, err)
			assert.Equal(t, after, restored.state)
		})
	}
}
