package main

import (
	"testing"

	"github.com/emvsim/emvsim/examples/internal/storytest"
)

// The example's facts, as it prints them.
func TestRun(t *testing.T) {
	storytest.Output(t, run,
		"   first insert: approved, 1 script(s); PIN on chip; ATC 1",
		"   restored: PIN on chip; ATC 1",
		"   ticket machine: approved; offline plaintext PIN (if terminal supports the CVM): successful; ATC 2",
		"a changed state file: card: saved state malformed or for another profile",
	)
}
