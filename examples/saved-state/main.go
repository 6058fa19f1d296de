// Command saved-state carries a card from one day to the next through its
// saved state: on the first day the card's PIN is registered and written by
// the first online insert, then the card's persistent state (counters, PIN,
// try counter, flags, log) is saved to a file and the card object dropped;
// on the next day a card restored from the profile and that file verifies
// the PIN at the ticket machine, its transaction counter where it was.
// The issuer host stays up between the two days.
//
//	go run ./examples/saved-state
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/examples/internal/story"
	"github.com/emvsim/emvsim/terminal"
)

const pin = "4829"

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "saved-state:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "emvsim-saved-state")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "card.state")

	world, err := story.NewWorld(7)
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "day 1")
	c, codes, err := world.Issue("WATANABE/SHO")
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
	o, err := store.Run(ctx, terminal.Insert(c.Contact()), terminal.Transaction{Amount: 500})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   first insert: %s, %d script(s); %s; ATC %d\n", o.Result, len(o.Scripts), c.PINStatus(), c.ATC(0))
	state, err := c.SaveState()
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, state, 0o600); err != nil {
		return err
	}
	profile := c.Profile()
	fmt.Fprintf(w, "   state saved: %d bytes (it holds the PIN: keep it as secret as the profile)\n", len(state))

	fmt.Fprintln(w, "\nday 2")
	saved, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	c, err = card.Restore(profile, saved, card.WithRand(story.Seeded(700)), card.WithClock(story.Clock))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   restored: %s; ATC %d\n", c.PINStatus(), c.ATC(0))
	ticket, err := world.Terminal(terminal.TicketMachine(), pin)
	if err != nil {
		return err
	}
	o, err = ticket.Run(ctx, terminal.Insert(c.Contact()), terminal.Transaction{Amount: 1200})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   ticket machine: %s; %s; ATC %d\n", o.Result, o.CVMResults, c.ATC(0))
	if o.Result != terminal.Approved {
		return fmt.Errorf("refused: %s", o.Reason)
	}

	tampered := append([]byte(nil), saved...)
	tampered[len(tampered)/2] ^= 1
	_, err = card.Restore(profile, tampered)
	fmt.Fprintf(w, "\na changed state file: %v\n", err)
	return nil
}
