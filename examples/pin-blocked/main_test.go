package main

import (
	"testing"

	"github.com/emvsim/emvsim/examples/internal/storytest"
)

// The example's facts, as it prints them.
func TestRun(t *testing.T) {
	storytest.Output(t, run,
		"wrong PIN, no tries left (63C0)",
		"card: PIN blocked",
		"command     8424000008… → 9000",
		"9F5B        2000000002",
		"   approved; offline plaintext PIN (if terminal supports the CVM): successful",
	)
}
