// Command register-by-phone registers a new card's PIN through the issuer's
// automated phone line: the card number and the two printed security codes
// identify the cardholder; the line asks for a telephone PIN that a new
// cardholder does not have, and staying on the line goes on without it; the
// PIN is keyed twice. Then the first online insert writes it into the chip.
//
//	go run ./examples/register-by-phone
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/emvsim/emvsim/examples/internal/story"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

const pin = "6093"

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "register-by-phone:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	world, err := story.NewWorld(2)
	if err != nil {
		return err
	}
	c, codes, err := world.Issue("TANAKA/KENJI")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s\n\n", codes, c.PINStatus())

	call := world.Issuer.Call()
	defer call.HangUp()
	fmt.Fprintf(w, "voice: %s\n", call.Prompt())
	keys := []struct{ what, digits string }{
		{"card number", codes.PAN},
		{"front code", codes.FrontCode},
		{"back code", codes.BackCode},
	}
	for _, k := range keys {
		p, err := call.Key(k.digits)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "keyed the %s; voice: %s\n", k.what, p)
	}
	p, err := call.Skip()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "no telephone PIN yet: stayed on the line; voice: %s\n", p)
	for _, k := range []struct{ what, digits string }{{"1 (register)", "1"}, {"the PIN", pin}, {"the PIN again", pin}} {
		p, err := call.Key(k.digits)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "keyed %s; voice: %s\n", k.what, p)
	}
	a, err := world.Issuer.Account(codes.PAN)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nissuer: PIN %s; card: %s\n", a.PIN.State, c.PINStatus())
	if a.PIN.State != issuer.PINRegistered {
		return fmt.Errorf("PIN not registered: %s", a.PIN.State)
	}

	store, err := world.Terminal(terminal.ConvenienceStore(), "")
	if err != nil {
		return err
	}
	o, err := store.Run(context.Background(), terminal.Insert(c.Contact()), terminal.Transaction{Amount: 500})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nfirst insert at a convenience store, %s:\n", story.Yen(500))
	story.Narrate(w, o, false)
	fmt.Fprintf(w, "card: %s\n", c.PINStatus())
	return nil
}
