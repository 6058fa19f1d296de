// Command forgotten-pin shows that a registered PIN cannot be changed but
// can be looked up: the cardholder who forgot it logs in again, passes the
// same identity check (front code, back code, one-time code) and reads it;
// the phone line reads it out too after its own identity check.
//
//	go run ./examples/forgotten-pin
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/emvsim/emvsim/examples/internal/story"
	"github.com/emvsim/emvsim/issuer"
)

// registered is the PIN the cardholder chose and then forgot.
const registered = "3917"

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "forgotten-pin:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	world, err := story.NewWorld(5)
	if err != nil {
		return err
	}
	_, codes, err := world.Issue("ITO/MISAKI")
	if err != nil {
		return err
	}
	if err := world.RegisterOnline(codes, registered, func(string) {}); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: PIN registered online\n\n", codes)

	s, err := world.Issuer.Login(codes.PAN)
	if err != nil {
		return err
	}
	defer s.Logout()
	if _, err := s.LookUpPIN(); errors.Is(err, issuer.ErrStep) {
		fmt.Fprintf(w, "lookup before the identity check: refused (%v)\n", err)
	}
	if err := s.EnterFrontCode(codes.FrontCode); err != nil {
		return err
	}
	if err := s.EnterBackCode(codes.BackCode); err != nil {
		return err
	}
	if err := s.SendOneTimeCode(issuer.ChannelSMS); err != nil {
		return err
	}
	sms, _ := world.Inbox.Last(story.Phone)
	if err := s.EnterOneTimeCode(sms.Code); err != nil {
		return err
	}
	fmt.Fprintln(w, "identity checked: front code, back code, one-time code by SMS")
	if err := s.RegisterPIN("8642"); errors.Is(err, issuer.ErrAlreadyRegistered) {
		fmt.Fprintf(w, "registering another PIN: refused (%v)\n", err)
	}
	pin, err := s.LookUpPIN()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "looked up online: the PIN registered: %t\n", pin == registered)

	call := world.Issuer.Call()
	defer call.HangUp()
	for _, k := range []string{codes.PAN, codes.FrontCode, codes.BackCode} {
		if _, err := call.Key(k); err != nil {
			return err
		}
	}
	if _, err := call.Skip(); err != nil {
		return err
	}
	byPhone, err := call.LookUpPIN()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "read out by the phone line: the same PIN: %t\n", byPhone == pin)
	return nil
}
