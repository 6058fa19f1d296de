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
		"wrong PIN, no tries left (63C0)",
		"card: PIN blocked",
		"command     8424000008… → 9000",
		"9F5B        2000000002",
		"   approved; offline plaintext PIN (if terminal supports the CVM): successful",
	} {
		assert.Contains(t, b.String(), want)
	}
}
