package main

import (
	"testing"

	"github.com/emvsim/emvsim/examples/internal/storytest"
)

// The example's facts, as it prints them.
func TestRun(t *testing.T) {
	storytest.Output(t, run,
		"lookup before the identity check: refused (issuer: step not expected now (lookup))",
		"registering another PIN: refused (issuer: PIN already registered for this card (PIN))",
		"looked up online: the PIN registered: true",
		"read out by the phone line: the same PIN: true",
	)
}
