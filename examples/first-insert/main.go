// Command first-insert tells the story emvsim is built around, end to end:
// a new American Express card arrives with no PIN on its chip; the
// cardholder registers a PIN online; a PIN-only ticket machine refuses the
// card; a convenience-store payment under the no-signature limit goes
// online, and the issuer's answer carries the script that writes the PIN
// into the chip; from then on the ticket machine verifies the PIN offline.
//
// Everything is simulated and deterministic (seeded random numbers, a fixed
// clock), so two runs print the same bytes. -trace adds every APDU exchanged
// with the card, decoded, and every decision of the terminal's kernel.
//
//	go run ./examples/first-insert
//	go run ./examples/first-insert -trace
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/examples/internal/story"
	"github.com/emvsim/emvsim/terminal"
)

// The cardholder's PIN and the two purchases.
const (
	pin          = "4829"
	ticketFare   = 1200 // yen, at the station ticket machine
	storePayment = 800  // yen, under the convenience store's no-signature limit
)

func main() {
	trace := flag.Bool("trace", false, "print every APDU, decoded, and every kernel decision")
	flag.Parse()
	if err := run(os.Stdout, *trace); err != nil {
		fmt.Fprintln(os.Stderr, "first-insert:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, trace bool) error {
	ctx := context.Background()
	world, err := story.NewWorld(1)
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "1. The card arrives")
	c, codes, err := world.Issue("YAMADA/HANAKO")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s\n", codes)
	fmt.Fprintf(w, "   PIN status: %s\n", c.PINStatus())

	fmt.Fprintln(w, "\n2. The cardholder registers a PIN online")
	if err := world.RegisterOnline(codes, pin, func(s string) { fmt.Fprintf(w, "   %s\n", s) }); err != nil {
		return err
	}
	account, err := world.Issuer.Account(codes.PAN)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   issuer: PIN %s\n", account.PIN.State)
	fmt.Fprintf(w, "   PIN status: %s\n", c.PINStatus())

	ticket, err := world.Terminal(terminal.TicketMachine(), pin)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n3. A %s ticket at the station ticket machine (PIN only), card inserted\n", story.Yen(ticketFare))
	o, err := ticket.Run(ctx, terminal.Insert(c.Contact()), terminal.Transaction{Amount: ticketFare})
	if err != nil {
		return err
	}
	story.Narrate(w, o, trace)
	fmt.Fprintln(w, "   why, in the kernel's words:")
	for _, d := range story.Why(o, terminal.StepCVM, terminal.StepActionAnalysis) {
		fmt.Fprintf(w, "     %s\n", d)
	}

	store, err := world.Terminal(terminal.ConvenienceStore(), pin)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n4. A %s purchase at a convenience store, card inserted\n", story.Yen(storePayment))
	o, err = store.Run(ctx, terminal.Insert(c.Contact()), terminal.Transaction{Amount: storePayment})
	if err != nil {
		return err
	}
	story.Narrate(w, o, trace)
	if account, err = world.Issuer.Account(codes.PAN); err != nil {
		return err
	}
	fmt.Fprintf(w, "   issuer: PIN %s\n", account.PIN.State)
	fmt.Fprintf(w, "   PIN status: %s\n", c.PINStatus())

	fmt.Fprintf(w, "\n5. The ticket machine again, %s, card inserted\n", story.Yen(ticketFare))
	o, err = ticket.Run(ctx, terminal.Insert(c.Contact()), terminal.Transaction{Amount: ticketFare})
	if err != nil {
		return err
	}
	story.Narrate(w, o, trace)
	fmt.Fprintf(w, "   PIN status: %s\n", c.PINStatus())
	if c.PINStatus() != card.PINOnChip || o.Result != terminal.Approved {
		return fmt.Errorf("the story did not end as told: %s, %s", o.Result, c.PINStatus())
	}
	fmt.Fprintln(w, "\nThe PIN registered online reached the chip in the issuer's script at the")
	fmt.Fprintln(w, "first online insert; the ticket machine now verifies it offline on the chip.")
	return nil
}
