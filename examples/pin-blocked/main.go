// Command pin-blocked shows a PIN blocked by wrong entries and unblocked by
// the issuer: at the ticket machine the cardholder keys a wrong PIN until
// the chip's try counter reaches zero; the cardholder asks the issuer to
// unblock it; the next online chip payment carries a PIN UNBLOCK script
// (84 24 00 00 under secure messaging) that resets the counter, and the
// right PIN works again.
//
//	go run ./examples/pin-blocked
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/examples/internal/story"
	"github.com/emvsim/emvsim/terminal"
)

const (
	pin   = "4829"
	wrong = "4892"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pin-blocked:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	world, err := story.NewWorld(6)
	if err != nil {
		return err
	}
	c, codes, err := world.Issue("KATO/RYO")
	if err != nil {
		return err
	}
	if err := world.RegisterOnline(codes, pin, func(string) {}); err != nil {
		return err
	}
	store, err := world.Terminal(terminal.ConvenienceStore(), "")
	if err != nil {
		return err
	}
	insert := func(t *terminal.Terminal, amount int64) (terminal.Outcome, error) {
		return t.Run(ctx, terminal.Insert(c.Contact()), terminal.Transaction{Amount: amount})
	}
	if _, err := insert(store, 500); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s\n", codes, c.PINStatus())

	fmt.Fprintln(w, "\nticket machine, a wrong PIN keyed at every prompt")
	badPad, err := world.Terminal(terminal.TicketMachine(), wrong)
	if err != nil {
		return err
	}
	for i := 1; c.PINStatus() != card.PINBlocked && i <= 3; i++ {
		o, err := insert(badPad, 1200)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   visit %d: %s; TVR %s\n", i, o.Result, o.TVR)
		for _, d := range story.Why(o, terminal.StepCVM) {
			fmt.Fprintf(w, "     %s\n", d)
		}
	}
	fmt.Fprintf(w, "card: %s\n", c.PINStatus())
	if c.PINStatus() != card.PINBlocked {
		return fmt.Errorf("the PIN is not blocked")
	}

	fmt.Fprintln(w, "\nthe cardholder asks the issuer to unblock the PIN")
	if err := world.Issuer.RequestPINUnblock(codes.PAN); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nnext online chip payment, %s at a convenience store\n", story.Yen(700))
	o, err := insert(store, 700)
	if err != nil {
		return err
	}
	story.Narrate(w, o, false)
	if e, ok := scriptCommand(o); ok {
		fmt.Fprintf(w, "   command     %s… → %04X\n", e.Command[:10], uint16(e.SW))
	}
	fmt.Fprintf(w, "card: %s\n", c.PINStatus())

	fmt.Fprintln(w, "\nticket machine, the right PIN")
	ticket, err := world.Terminal(terminal.TicketMachine(), pin)
	if err != nil {
		return err
	}
	if o, err = insert(ticket, 1200); err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s; %s\n", o.Result, o.CVMResults)
	if o.Result != terminal.Approved {
		return fmt.Errorf("still refused: %s", o.Reason)
	}
	return nil
}

// scriptCommand is the issuer script command the terminal passed to the
// card.
func scriptCommand(o terminal.Outcome) (terminal.TraceEntry, bool) {
	for _, e := range o.Trace {
		if e.Kind == terminal.EntryAPDU && e.Step == terminal.StepScripts {
			return e, true
		}
	}
	return terminal.TraceEntry{}, false
}
