package main

import (
	"testing"

	"github.com/emvsim/emvsim/examples/internal/storytest"
)

// The example's facts, as it prints them.
func TestRun(t *testing.T) {
	storytest.Output(t, run,
		"declined by the issuer (88)",
		"code 88: ARQC does not verify",
		"declined online (none), CVM no CVM required: declined by the issuer (63)",
		"chip data replayed as a stripe (iCVV where the stripe CVV belongs)",
		"3. the genuine card, inserted\n   approved online (TC)",
	)
}
