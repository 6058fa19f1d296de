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
		"   first insert: approved, 1 script(s); PIN on chip; ATC 1",
		"   restored: PIN on chip; ATC 1",
		"   ticket machine: approved; offline plaintext PIN (if terminal supports the CVM): successful; ATC 2",
		"a changed state file: card: saved state malformed or for another profile",
	} {
		assert.Contains(t, b.String(), want)
	}
}
