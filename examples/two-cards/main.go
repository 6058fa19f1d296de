// Command two-cards shows that PIN registration is per card: a cardholder
// with two cards registers each one separately, and each chip receives its
// own PIN at its own first online insert.
//
//	go run ./examples/two-cards
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/examples/internal/story"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "two-cards:", err)
		os.Exit(1)
	}
}

type holding struct {
	name  string
	pin   string
	card  *card.Card
	codes issuer.PrintedCodes
}

func run(w io.Writer) error {
	ctx := context.Background()
	world, err := story.NewWorld(3)
	if err != nil {
		return err
	}
	cards := []*holding{{name: "personal card", pin: "4829"}, {name: "business card", pin: "7351"}}
	for _, h := range cards {
		if h.card, h.codes, err = world.Issue("YAMADA/HANAKO"); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %s\n", h.name, h.codes)
	}
	status := func() {
		for _, h := range cards {
			fmt.Fprintf(w, "   %s: %s\n", h.name, h.card.PINStatus())
		}
	}

	fmt.Fprintf(w, "\nregistering the %s online\n", cards[0].name)
	if err := world.RegisterOnline(cards[0].codes, cards[0].pin, func(string) {}); err != nil {
		return err
	}
	status()
	fmt.Fprintf(w, "\nregistering the %s online, with its own codes\n", cards[1].name)
	if err := world.RegisterOnline(cards[1].codes, cards[1].pin, func(string) {}); err != nil {
		return err
	}
	status()

	store, err := world.Terminal(terminal.ConvenienceStore(), "")
	if err != nil {
		return err
	}
	for _, h := range cards {
		o, err := store.Run(ctx, terminal.Insert(h.card.Contact()), terminal.Transaction{Amount: 640})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%s, first insert at a convenience store: %s\n", h.name, o.Result)
		for _, s := range o.Scripts {
			fmt.Fprintf(w, "   %s\n", s)
		}
	}
	status()

	fmt.Fprintln(w, "\nat the ticket machine, each card with its own PIN")
	for _, h := range cards {
		ticket, err := world.Terminal(terminal.TicketMachine(), h.pin)
		if err != nil {
			return err
		}
		o, err := ticket.Run(ctx, terminal.Insert(h.card.Contact()), terminal.Transaction{Amount: 1200})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s: %s; %s\n", h.name, o.Result, o.CVMResults)
		if o.Result != terminal.Approved {
			return fmt.Errorf("%s refused: %s", h.name, o.Reason)
		}
	}
	return nil
}
