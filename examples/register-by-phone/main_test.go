package main

import (
	"testing"

	"github.com/emvsim/emvsim/examples/internal/storytest"
)

// The example's facts, as it prints them.
func TestRun(t *testing.T) {
	storytest.Output(t, run,
		"keyed the back code; voice: telephone PIN",
		"no telephone PIN yet: stayed on the line; voice: menu",
		"keyed the PIN again; voice: goodbye",
		"issuer: PIN registered; card: PIN registered with the issuer, not on the chip",
		"script      script 00000001 (template 72): successful",
		"card: PIN on chip",
	)
}
