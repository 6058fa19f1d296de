// Command skimmed-clone shows why cards carry chips: data skimmed from a
// card does not make a card that passes. A chip cloned from the stripe's
// data has the PAN, name and expiry but not the card's keys, so its
// cryptogram fails at the issuer; a stripe written from the chip's track 2
// equivalent data, on a card whose dead chip makes the terminal fall back to
// the stripe, carries the iCVV instead of the stripe CVV, and the issuer
// recognises chip data replayed as a stripe.
//
//	go run ./examples/skimmed-clone
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/examples/internal/story"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "skimmed-clone:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	world, err := story.NewWorld(8)
	if err != nil {
		return err
	}
	c, codes, err := world.Issue("KOBAYASHI/AOI")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "the genuine card: %s\n", codes)
	store, err := world.Terminal(terminal.ConvenienceStore(), "")
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "\n1. a chip card cloned from the skimmed stripe, inserted")
	stripe, err := emv.ParseTrack2(c.Stripe().Track2)
	if err != nil {
		return err
	}
	clone, err := chipFromStripe(stripe)
	if err != nil {
		return err
	}
	o, err := store.Run(ctx, terminal.Insert(clone.Contact()), terminal.Transaction{Amount: 9800})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s\n", o)
	a, err := world.Issuer.Account(codes.PAN)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   issuer's log: %s\n", lastDecline(a))

	fmt.Fprintln(w, "\n2. a stripe written from the chip's track 2 equivalent data (57), its chip dead: swiped as a fallback")
	t2, err := chipTrack2(c)
	if err != nil {
		return err
	}
	// The clone's chip is dead, so the terminal falls back to its stripe.
	fake := emv.Tracks{Track2: t2.Track()}
	o, err = store.Run(ctx, terminal.Present(terminal.Insert(deadChip{}), terminal.Swipe(fake)), terminal.Transaction{Amount: 9800})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s\n", o)
	if a, err = world.Issuer.Account(codes.PAN); err != nil {
		return err
	}
	fmt.Fprintf(w, "   issuer's log: %s\n", lastDecline(a))
	cloneRefused := o.Result != terminal.Approved

	fmt.Fprintln(w, "\n3. the genuine card, inserted")
	if o, err = store.Run(ctx, terminal.Insert(c.Contact()), terminal.Transaction{Amount: 9800}); err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s\n", o)
	if o.Result != terminal.Approved || !cloneRefused {
		return fmt.Errorf("the story did not hold")
	}
	return nil
}

// deadChip is a chip that does not answer reset.
type deadChip struct{}

func (deadChip) PowerOn() ([]byte, error)        { return nil, errors.New("no answer to reset") }
func (deadChip) PowerOff()                       {}
func (deadChip) Transmit([]byte) ([]byte, error) { return nil, errors.New("no answer to reset") }

// lastDecline is the account's latest decline, as the issuer logged it.
func lastDecline(a issuer.Account) string {
	for i := len(a.Log) - 1; i >= 0; i-- {
		if a.Log[i].Event == issuer.EventDeclined {
			return a.Log[i].String()
		}
	}
	return "no decline"
}

// chipFromStripe is the best a skimmer can do with stripe data: a chip with
// the same PAN, expiry and track 2, but keys of its own, since the card's
// keys never leave its chip.
func chipFromStripe(t emv.Track2) (*card.Card, error) {
	var keys card.Keys
	for _, k := range []*card.Hex{&keys.AC, &keys.SMI, &keys.SMC} {
		*k = bytes.Repeat([]byte{0x5A}, 16)
	}
	p := card.AmexProfile(t.PAN, 0, keys)
	a := &p.Applications[0]
	a.ExpiryDate = t.Expiry + "30"
	a.Track2Equivalent = card.Track2Equivalent(t.PAN, t.Expiry, t.ServiceCode.String(), t.Discretionary)
	a.LayOutRecords()
	return card.New(p, card.WithRand(story.Seeded(666)), card.WithClock(story.Clock))
}

// chipTrack2 reads the track 2 equivalent data (57) over the contacts, as
// a tampered reader would: SELECT, GET PROCESSING OPTIONS, READ RECORD.
func chipTrack2(c *card.Card) (emv.Track2, error) {
	ct := c.Contact()
	if _, err := ct.PowerOn(); err != nil {
		return emv.Track2{}, err
	}
	defer ct.PowerOff()
	var last []byte
	for _, apdu := range [][]byte{
		{0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00, 0x00, 0x00, 0x25, 0x01, 0x08, 0x01, 0x00},
		{0x80, 0xA8, 0x00, 0x00, 0x02, 0x83, 0x00, 0x00},
		{0x00, 0xB2, 0x01, 0x0C, 0x00},
	} {
		r, err := ct.Transmit(apdu)
		if err != nil {
			return emv.Track2{}, err
		}
		if len(r) < 2 || !emv.SW(uint16(r[len(r)-2])<<8|uint16(r[len(r)-1])).OK() {
			return emv.Track2{}, fmt.Errorf("card answered % X", r)
		}
		last = r[:len(r)-2]
	}
	o, ok, err := emv.Find(last, emv.TagTrack2EquivalentData)
	if err != nil || !ok {
		return emv.Track2{}, fmt.Errorf("no track 2 equivalent data: %v", err)
	}
	return emv.ParseTrack2Equivalent(o.Value)
}
