package scenario

import (
	"encoding/hex"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

// tamperingHost flips the last byte (the MAC's) of every issuer script
// command on its way to the terminal, as a man in the middle would.
type tamperingHost struct{ *recordingHost }

func (h tamperingHost) Authorize(r emv.AuthorizationRequest) (emv.AuthorizationResponse, error) {
	resp, err := h.recordingHost.Authorize(r)
	// The script template is last in the issuer's DE55, so its last byte
	// is the last byte of the last command's MAC.
	if _, ok, _ := emv.Find(resp.ICCData, emv.TagIssuerScriptTemplate2); ok {
		resp.ICCData = append([]byte(nil), resp.ICCData...)
		resp.ICCData[len(resp.ICCData)-1] ^= 0x01
	}
	return resp, err
}

// 5, against tampering: a script whose MAC does not verify is refused by
// the card, reported failed in 9F5B, and sent again by the issuer at the
// next online contact transaction.
func TestLine05TamperedScriptRefused(t *testing.T) {
	w := newWorld(t, false)
	c, codes := registeredCard(t, w)
	cfg := terminal.ConvenienceStore()
	w.seed++
	cfg.CAKeys, cfg.Rand, cfg.Now = w.ca, seeded(w.seed), now
	cfg.TerminalID = "MITM0001"
	mitm, err := terminal.New(cfg, tamperingHost{w.host})
	require.NoError(t, err)

	o := insert(t, mitm, c, small)
	require.Len(t, o.Scripts, 1)
	// 9F5B: b8-b5 1 (failed), b4-b1 1 (the first command), script 00000001.
	assert.Equal(t, "1100000001", hex.EncodeToString(o.ScriptResults))
	e, ok := findAPDU(o, "8424000218")
	require.True(t, ok)
	assert.Equal(t, emv.SW(0x6988), e.SW, "ISO/IEC 7816-4: incorrect secure messaging data objects")
	assert.Equal(t, card.PINRegistered, c.PINStatus(), "no PIN written")
	assert.Equal(t, issuer.PINRegistered, w.account(t, codes.PAN).PIN.State, "the advice reported the failure")

	o = insert(t, w.terminal(t, terminal.ConvenienceStore(), ""), c, small)
	require.Equal(t, terminal.Approved, o.Result, o.Reason)
	assert.Equal(t, "2000000002", hex.EncodeToString(o.ScriptResults), "sent again, and performed")
	assert.Equal(t, card.PINOnChip, c.PINStatus())
	a := w.account(t, codes.PAN)
	assert.Equal(t, issuer.PINOnChip, a.PIN.State)
	assert.Equal(t, 2, a.PIN.Sends)
}

// The story for several cardholders at once through one issuer: each card
// gets its own PIN, race-free.
func TestStoryConcurrentCardholders(t *testing.T) {
	w := newWorld(t, false)
	pins := []string{"4829", "7351", "2580", "6093"}
	cards := make([]*card.Card, len(pins))
	for i, pin := range pins {
		var codes issuer.PrintedCodes
		cards[i], codes = w.issue(t, "YAMADA/HANAKO", "")
		w.registerOnline(t, codes, pin)
	}
	stores := make([]*terminal.Terminal, len(pins))
	tickets := make([]*terminal.Terminal, len(pins))
	for i, pin := range pins {
		stores[i] = w.terminal(t, terminal.ConvenienceStore(), "")
		tickets[i] = w.terminal(t, terminal.TicketMachine(), pin)
	}
	var wg sync.WaitGroup
	results := make([][2]terminal.Outcome, len(pins))
	for i := range pins {
		wg.Go(func() {
			results[i][0] = insert(t, stores[i], cards[i], small)
			results[i][1] = insert(t, tickets[i], cards[i], fare)
		})
	}
	wg.Wait()
	for i, r := range results {
		assert.Equal(t, terminal.Approved, r[0].Result, r[0].Reason)
		require.Len(t, r[0].Scripts, 1)
		assert.Equal(t, byte(2), r[0].Scripts[0].Status)
		assert.Equal(t, terminal.Approved, r[1].Result, r[1].Reason)
		assert.Equal(t, emv.CVMPlaintextPIN, r[1].CVM)
		assert.Equal(t, card.PINOnChip, cards[i].PINStatus())
	}
}
