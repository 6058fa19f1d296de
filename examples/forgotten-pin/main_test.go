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
		"lookup before the identity check: refused (issuer: step not expected now (lookup))",
		"registering another PIN: refused (issuer: PIN already registered for this card (PIN))",
		"looked up online: the PIN registered: true",
		"read out by the phone line: the same PIN: true",
	} {
		assert.Contains(t, b.String(), want)
	}
}
