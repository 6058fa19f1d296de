package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example's facts, as it prints them.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b))
	for _, want := range []string{
		"declined by the issuer (88)",
		"code 88: ARQC does not verify",
		"declined online (none), CVM no CVM required: declined by the issuer (63)",
		"chip data replayed as a stripe (iCVV where the stripe CVV belongs)",
		"3. the genuine card, inserted\n   approved online (TC)",
	} {
		assert.Contains(t, b.String(), want)
	}
}
