// Command signature-over-limit shows the first chip payment of a card whose
// PIN is not on the chip yet, above the convenience store's no-signature
// limit: the card's CVM list falls from PIN to signature, the receipt has a
// signature line, and the issuer's script still writes the PIN. Below the
// limit the same card would need no CVM at all.
//
//	go run ./examples/signature-over-limit
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/emvsim/emvsim/examples/internal/story"
	"github.com/emvsim/emvsim/terminal"
)

const amount = 15000 // yen; the store collects no signature below ¥10,000

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "signature-over-limit:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	world, err := story.NewWorld(4)
	if err != nil {
		return err
	}
	c, codes, err := world.Issue("SATO/YUKI")
	if err != nil {
		return err
	}
	if err := world.RegisterOnline(codes, "2580", func(string) {}); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s\n", codes, c.PINStatus())

	cfg := terminal.ConvenienceStore()
	fmt.Fprintf(w, "\n%s purchase at a convenience store (no signature below %s), card inserted\n",
		story.Yen(amount), story.Yen(cfg.SignatureWaiverLimit))
	store, err := world.Terminal(cfg, "")
	if err != nil {
		return err
	}
	o, err := store.Run(context.Background(), terminal.Insert(c.Contact()), terminal.Transaction{Amount: amount})
	if err != nil {
		return err
	}
	story.Narrate(w, o, false)
	for _, d := range story.Why(o, terminal.StepCVM) {
		fmt.Fprintf(w, "     %s\n", d)
	}
	fmt.Fprintf(w, "card: %s\n", c.PINStatus())
	if !o.SignatureRequired {
		return fmt.Errorf("no signature asked above the limit")
	}
	return nil
}
