package main

import (
	"testing"

	"github.com/emvsim/emvsim/examples/internal/storytest"
)

// The example's facts, as it prints them.
func TestRun(t *testing.T) {
	storytest.Output(t, run,
		"   personal card: PIN registered with the issuer, not on the chip\n   business card: PIN not registered\n",
		"personal card, first insert at a convenience store: approved\n   script 00000001 (template 72): successful",
		"business card, first insert at a convenience store: approved\n   script 00000002 (template 72): successful",
		"   business card: approved; offline plaintext PIN (if terminal supports the CVM): successful",
	)
}
