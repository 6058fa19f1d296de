package main

import (
	"testing"

	"github.com/emvsim/emvsim/examples/internal/storytest"
)

// The example's facts, as it prints them.
func TestRun(t *testing.T) {
	storytest.Output(t, run,
		"CVM         signature (if terminal supports the CVM): unknown (9F34 5E0300)",
		"signature   the receipt has a signature line",
		"9F5B        2000000001",
		"card: PIN on chip",
	)
}
