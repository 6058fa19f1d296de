package terminal

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFirstInsertConvenienceStore(t *testing.T) {
	c := newCard(t, amexProfile(t))
	h := &testHost{code: "00"}
	term := newTerminal(t, ConvenienceStore(), h)
	o := run(t, term, c.Contact(), Transaction{Amount: 15000})
	t.Log(o.Trace.String())
	t.Log(o)
	assert.Equal(t, Approved, o.Result)
}
