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
		"   personal card: PIN registered with the issuer, not on the chip\n   business card: PIN not registered\n",
		"personal card, first insert at a convenience store: approved\n   script 00000001 (template 72): successful",
		"business card, first insert at a convenience store: approved\n   script 00000002 (template 72): successful",
		"   business card: approved; offline plaintext PIN (if terminal supports the CVM): successful",
	} {
		assert.Contains(t, b.String(), want)
	}
}
