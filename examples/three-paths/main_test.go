package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each way of reading the card, and only the insert writes the PIN.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b))
	parts := strings.Split(b.String(), "\n\n")
	require.Len(t, parts, 5)
	tests := []struct {
		part int
		want []string
	}{
		{1, []string{"path        magnetic stripe", "result      insert card: service code 201", "scripts     0", "card        PIN registered with the issuer, not on the chip"}},
		{2, []string{"path        magnetic stripe", "result      approved online", "scripts     0", "card        PIN registered with the issuer, not on the chip"}},
		{3, []string{"path        contactless", "result      approved online (ARQC)", "scripts     0", "card        PIN registered with the issuer, not on the chip"}},
		{4, []string{"path        contact chip", "result      approved online (TC)", "scripts     1", "card        PIN on chip"}},
	}
	for _, tc := range tests {
		for _, w := range tc.want {
			assert.Contains(t, parts[tc.part], w)
		}
	}
}
