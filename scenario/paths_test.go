package scenario

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

// deadChip is a chip that does not answer reset: what forces a terminal to
// read the stripe as a fallback.
type deadChip struct{}

var errNoATR = errors.New("no answer to reset")

func (deadChip) PowerOn() ([]byte, error)        { return nil, errNoATR }
func (deadChip) PowerOff()                       {}
func (deadChip) Transmit([]byte) ([]byte, error) { return nil, errNoATR }

func run(t testing.TB, term *terminal.Terminal, p terminal.Presentation, amount int64) terminal.Outcome {
	t.Helper()
	o, err := term.Run(context.Background(), p, terminal.Transaction{Amount: amount})
	require.NoError(t, err)
	return o
}

// 8, through the terminal: a tap and a swipe pay but write no PIN; the
// insert does.
func TestLine08TapAndSwipeWriteNoPIN(t *testing.T) {
	w := newWorld(t, false)
	c, codes := registeredCard(t, w)
	store := w.terminal(t, terminal.ConvenienceStore(), "")

	t.Run("tap", func(t *testing.T) {
		before := len(w.host.requests)
		o := run(t, store, terminal.Tap(c.Contactless()), small)
		require.Equal(t, terminal.Approved, o.Result, o.Reason)
		assert.Equal(t, terminal.PathContactless, o.Path.Path)
		assert.Empty(t, o.Scripts)
		require.Len(t, w.host.requests, before+1)
		assert.Equal(t, emv.EntryModeContactlessChip, w.host.requests[before].EntryMode)
		_, script, err := emv.Find(w.host.responses[before].ICCData, emv.TagIssuerScriptTemplate2)
		require.NoError(t, err)
		assert.False(t, script, "no script for a tap")
		assert.Equal(t, card.PINRegistered, c.PINStatus())
	})
	t.Run("swipe at a chip terminal", func(t *testing.T) {
		o := run(t, store, terminal.Swipe(c.Stripe()), small)
		assert.Equal(t, terminal.InsertCard, o.Result, o.Reason)
		assert.Equal(t, terminal.PathStripe, o.Path.Path)
		assert.Equal(t, card.PINRegistered, c.PINStatus())
	})
	t.Run("swipe after a chip failure", func(t *testing.T) {
		before := len(w.host.requests)
		o := run(t, store, terminal.Present(terminal.Insert(deadChip{}), terminal.Swipe(c.Stripe())), small)
		require.Equal(t, terminal.Approved, o.Result, o.Reason)
		assert.Equal(t, terminal.PathFallback, o.Path.Path)
		require.Len(t, w.host.requests, before+1)
		assert.Equal(t, emv.EntryModeFallback, w.host.requests[before].EntryMode)
		assert.Empty(t, w.host.responses[before].ICCData)
		assert.Equal(t, card.PINRegistered, c.PINStatus())
	})
	assert.Equal(t, issuer.PINRegistered, w.account(t, codes.PAN).PIN.State)

	o := run(t, store, terminal.Insert(c.Contact()), small)
	require.Equal(t, terminal.Approved, o.Result, o.Reason)
	assert.Equal(t, terminal.PathContact, o.Path.Path)
	require.Len(t, o.Scripts, 1)
	assert.Equal(t, card.PINOnChip, c.PINStatus())
}
