// Command three-paths presents one new card, its PIN registered but not yet
// on the chip, in the three ways a card can be read: swiped, tapped and
// inserted. Only the insert — a contact-chip
// transaction that goes online — receives the issuer's script that writes
// the PIN: the issuer never sends scripts to a stripe or a tap, and the
// contactless face does not accept script commands.
//
//	go run ./examples/three-paths
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

const amount = 800 // yen: under the contactless and no-signature limits

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "three-paths:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	world, err := story.NewWorld(9)
	if err != nil {
		return err
	}
	c, codes, err := world.Issue("NAKAMURA/EMI")
	if err != nil {
		return err
	}
	if err := world.RegisterOnline(codes, "4829", func(string) {}); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s\n", codes, c.PINStatus())
	store, err := world.Terminal(terminal.ConvenienceStore(), "")
	if err != nil {
		return err
	}
	// An older till with only a stripe reader: a chip card's swipe is
	// processed there as a stripe payment.
	cfg := terminal.AttendedPOS()
	cfg.Readers = terminal.Readers{Stripe: true}
	stripeOnly, err := world.Terminal(cfg, "")
	if err != nil {
		return err
	}
	paths := []struct {
		what string
		term *terminal.Terminal
		p    terminal.Presentation
	}{
		{"swiped at the convenience store", store, terminal.Swipe(c.Stripe())},
		{"swiped at a stripe-only till", stripeOnly, terminal.Swipe(c.Stripe())},
		{"tapped at the convenience store", store, terminal.Tap(c.Contactless())},
		{"inserted at the convenience store", store, terminal.Insert(c.Contact())},
	}
	for _, p := range paths {
		o, err := p.term.Run(context.Background(), p.p, terminal.Transaction{Amount: amount})
		if err != nil {
			return fmt.Errorf("%s: %w", p.what, err)
		}
		fmt.Fprintf(w, "\n%s, %s:\n", p.what, story.Yen(amount))
		fmt.Fprintf(w, "   path        %s\n", o.Path)
		fmt.Fprintf(w, "   result      %s\n", o)
		fmt.Fprintf(w, "   scripts     %d\n", len(o.Scripts))
		fmt.Fprintf(w, "   card        %s\n", c.PINStatus())
	}
	if c.PINStatus() != card.PINOnChip {
		return fmt.Errorf("the insert did not write the PIN")
	}
	return nil
}
