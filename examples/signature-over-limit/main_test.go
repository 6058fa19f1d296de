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
		"CVM         signature (if terminal supports the CVM): unknown (9F34 5E0300)",
		"signature   the receipt has a signature line",
		"9F5B        2000000001",
		"card: PIN on chip",
	} {
		assert.Contains(t, b.String(), want)
	}
}
