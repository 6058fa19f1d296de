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
		"keyed the back code; voice: telephone PIN",
		"no telephone PIN yet: stayed on the line; voice: menu",
		"keyed the PIN again; voice: goodbye",
		"issuer: PIN registered; card: PIN registered with the issuer, not on the chip",
		"script      script 00000001 (template 72): successful",
		"card: PIN on chip",
	} {
		assert.Contains(t, b.String(), want)
	}
}
