package story

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/terminal"
)

func ExampleYen() {
	fmt.Println(Yen(800), Yen(1200), Yen(1234567))
	// Output: ¥800 ¥1,200 ¥1,234,567
}

// The world is deterministic: two worlds with the same seed issue the same
// card and run the same transaction byte for byte.
func TestWorldDeterministic(t *testing.T) {
	transcript := func() string {
		w, err := NewWorld(42)
		require.NoError(t, err)
		c, codes, err := w.Issue("TEST/CARD")
		require.NoError(t, err)
		require.NoError(t, w.RegisterOnline(codes, "4829", func(string) {}))
		term, err := w.Terminal(terminal.ConvenienceStore(), "")
		require.NoError(t, err)
		o, err := term.Run(context.Background(), terminal.Insert(c.Contact()), terminal.Transaction{Amount: 800})
		require.NoError(t, err)
		var b bytes.Buffer
		Narrate(&b, o, true)
		return b.String()
	}
	a := transcript()
	assert.Equal(t, a, transcript())
	assert.Contains(t, a, "result      approved online by the issuer (00)")
	assert.Contains(t, a, "cryptogram  TC inside the card's CDA signature (9F4B)")
	assert.True(t, strings.Contains(a, "[issuer script processing] PIN CHANGE/UNBLOCK"))
}

func TestFinalCryptogram(t *testing.T) {
	tests := []struct {
		name, response, want string
	}{
		{"format 1", "80120000014BCA684AC4F7648D06010103805000", "4BCA684AC4F7648D"},
		{"format 2", "77149F2701409F360200019F2608" + "0102030405060708", "0102030405060708"},
		{"CDA", "770A9F2701409F4B03AABBCC", "inside the card's CDA signature (9F4B)"},
		{"malformed", "80", ""},
		{"not hex", "ZZ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := terminal.Trace{{Kind: terminal.EntryAPDU, Name: "GENERATE AC", Response: tc.response, SW: 0x9000}}
			assert.Equal(t, tc.want, finalCryptogram(tr))
		})
	}
	assert.Empty(t, finalCryptogram(nil))
}

// A GENERATE AC response of any bytes never panics the narrative.
func FuzzFinalCryptogram(f *testing.F) {
	f.Add("80120000014BCA684AC4F7648D06010103805000", uint16(0x9000))
	f.Add("770A9F2701409F4B03AABBCC", uint16(0x9000))
	f.Add("77149F2701409F360200019F26080102030405060708", uint16(0x9000))
	f.Add("8003", uint16(0x6985))
	f.Fuzz(func(t *testing.T, response string, sw uint16) {
		tr := terminal.Trace{{Kind: terminal.EntryAPDU, Name: "GENERATE AC", Response: response, SW: emv.SW(sw)}}
		out := finalCryptogram(tr)
		if sw != 0x9000 && out != "" {
			t.Fatalf("cryptogram %q from a failed command", out)
		}
	})
}
