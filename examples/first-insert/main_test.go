package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// section returns the lines of step n ("3.") of the narrative.
func section(t *testing.T, out, n string) string {
	t.Helper()
	i := strings.Index(out, "\n"+n+" ")
	if strings.HasPrefix(out, n+" ") {
		i = 0
	}
	require.GreaterOrEqual(t, i, 0, "no step %s in:\n%s", n, out)
	s := out[i:]
	if j := strings.Index(s[1:], "\n\n"); j >= 0 {
		s = s[:j+1]
	}
	return s
}

func TestStory(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b, false))
	out := b.String()

	tests := []struct {
		step string
		want []string
	}{
		{"1.", []string{"PIN status: PIN not registered"}},
		{"2.", []string{
			"3-digit security code from the back of the card: accepted",
			"one-time code: accepted",
			"4-digit PIN: registered",
			"issuer: PIN registered",
			"PIN status: PIN registered with the issuer, not on the chip",
		}},
		{"3.", []string{
			"path        contact chip",
			"result      declined offline by the card (Z1)",
			"reason      declined offline: TVR matches the denial action codes: cardholder verification was not successful",
			"CVM         offline plaintext PIN (if terminal supports the CVM): failed (9F34 410301)",
			"TVR 0000A08000  cardholder verification was not successful, PIN try limit exceeded, transaction exceeds floor limit",
			"cryptogram  AAC ",
			"CVM rule 1 offline plaintext PIN: PIN try counter is 0, TVR 'PIN try limit exceeded' → next rule",
			"CVM rule 2 signature: condition if terminal supports the CVM not satisfied → next rule",
		}},
		{"4.", []string{
			"result      approved online by the issuer (00)",
			"CVM         no CVM required (if terminal supports the CVM): successful (9F34 5F0302)",
			"signature   none asked",
			"cryptogram  TC ",
			"script      script 00000001 (template 72): successful",
			"9F5B        2000000001",
			"issuer: PIN on the chip",
			"PIN status: PIN on chip",
		}},
		{"5.", []string{
			"result      approved online by the issuer (00)",
			"CVM         offline plaintext PIN (if terminal supports the CVM): successful (9F34 410302)",
			"signature   none asked",
			"TVR 0000008000  transaction exceeds floor limit",
			"scripts     none from the issuer",
			"PIN status: PIN on chip",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.step, func(t *testing.T) {
			s := section(t, out, tc.step)
			for _, w := range tc.want {
				assert.Contains(t, s, w)
			}
		})
	}
	assert.NotContains(t, section(t, out, "4."), "signature line", "no signature under the limit")
}

// The narrative is the same bytes every run, and -trace adds the APDUs
// without ever showing the PIN or the full PAN.
func TestDeterministicAndTrace(t *testing.T) {
	var a, b, tr bytes.Buffer
	require.NoError(t, run(&a, false))
	require.NoError(t, run(&b, false))
	assert.Equal(t, a.String(), b.String())

	require.NoError(t, run(&tr, true))
	out := tr.String()
	for _, w := range []string{
		"C: 00A4040008A00000002501080100",               // SELECT of the Amex AID
		"[issuer script processing] PIN CHANGE/UNBLOCK", // the issuer's script in step 4
		"C: 84240002",
		"[cardholder verification] VERIFY", // step 5
		"C: 0020008008****************",    // its PIN block hidden
	} {
		assert.True(t, strings.Contains(out, w), "trace lacks %q", w)
	}
	assert.False(t, strings.Contains(out, pin), "the PIN never appears")
	assert.NotRegexp(t, `374245[0-9]{9}`, out, "PANs are masked")
	assert.Greater(t, len(out), 4*a.Len())
}
