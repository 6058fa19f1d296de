// Command vpcd-card serves a simulated EMV card to PC/SC software through
// the vsmartcard virtual reader (vpcd), so that pcsc_scan, scriptor or any
// PC/SC EMV kernel can talk to it as to a card in a reader.
//
//	vpcd-card -preset visa             # a Visa test card with PIN 1234
//	vpcd-card -profile card.json       # a card profile of your own
//	vpcd-card -state visa.state        # keep counters and PIN across runs
//	vpcd-card -interface contactless -addr 127.0.0.1:35964
//	                                   # the card's contactless face on reader 1
//
// It needs pcscd with the vpcd driver (Debian: pcscd, vsmartcard-vpcd).
// Without -addr it connects to reader 0 at 127.0.0.1:35963 and keeps
// reconnecting while pcscd restarts; interrupt it (or send SIGTERM) to stop.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/vpcd"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "vpcd-card:", err)
		os.Exit(1)
	}
}

func run() error {
	preset := flag.String("preset", "visa", "card preset: amex, visa, mastercard or jcb")
	profilePath := flag.String("profile", "", "card profile file (JSON); overrides -preset")
	pan := flag.String("pan", "", "PAN for a preset (a test PAN of the scheme by default)")
	pin := flag.String("pin", "1234", "offline PIN for the visa, mastercard and jcb presets")
	statePath := flag.String("state", "", "file to load the card's state from and save it to")
	addr := flag.String("addr", vpcd.DefaultAddr, "vpcd driver address")
	face := flag.String("interface", "contact", "card interface to serve: contact or contactless")
	flag.Parse()

	p, err := loadProfile(*profilePath, *preset, *pan, *pin)
	if err != nil {
		return err
	}
	c, err := openCard(p, *statePath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var transport emv.PoweredTransport
	switch *face {
	case "contact":
		transport = c.Contact()
	case "contactless":
		transport = contactlessSlot{c.Contactless()}
	default:
		return fmt.Errorf("unknown interface %q", *face)
	}
	fmt.Fprintf(os.Stderr, "serving %s (%s) to vpcd at %s\n", p.Name, *face, *addr)
	server := &vpcd.Card{Transport: transport, Addr: *addr, Events: func(e vpcd.Event) {
		if e.Kind == vpcd.EventConnected {
			fmt.Fprintln(os.Stderr, "card inserted in the virtual reader")
		}
	}}
	runErr := server.Run(ctx)
	if *statePath != "" {
		if err := saveState(c, *statePath); err != nil {
			return errors.Join(runErr, err)
		}
	}
	return runErr
}

func loadProfile(path, preset, pan, pin string) (card.Profile, error) {
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return card.Profile{}, err
		}
		defer f.Close()
		return card.ReadProfile(f)
	}
	type scheme struct {
		pan     string
		version cryptogram.Version
		build   func(pan string, keys card.Keys) card.Profile
	}
	schemes := map[string]scheme{
		"amex": {"374245455400126", cryptogram.AmexCVN01, func(pan string, k card.Keys) card.Profile {
			return card.AmexProfile(pan, 0, k)
		}},
		"visa": {"4761739001010010", cryptogram.VisaCVN10, func(pan string, k card.Keys) card.Profile {
			return card.VisaProfile(pan, 1, k, pin)
		}},
		"mastercard": {"5413330089010434", cryptogram.MastercardCVN16, func(pan string, k card.Keys) card.Profile {
			return card.MastercardProfile(pan, 1, k, pin)
		}},
		"jcb": {"3540599999991047", cryptogram.VisaCVN18, func(pan string, k card.Keys) card.Profile {
			return card.JCBProfile(pan, 1, k, pin)
		}},
	}
	s, ok := schemes[preset]
	if !ok {
		return card.Profile{}, fmt.Errorf("unknown preset %q", preset)
	}
	if pan == "" {
		pan = s.pan
	}
	psn := byte(1)
	if preset == "amex" {
		psn = 0
	}
	keys, err := card.TestKeys(s.version.Name, pan, psn)
	if err != nil {
		return card.Profile{}, err
	}
	return s.build(pan, keys), nil
}

func openCard(p card.Profile, statePath string) (*card.Card, error) {
	if statePath != "" {
		state, err := os.ReadFile(statePath)
		switch {
		case err == nil:
			return card.Restore(p, state)
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
	}
	return card.New(p)
}

func saveState(c *card.Card, path string) error {
	state, err := c.SaveState()
	if err != nil {
		return err
	}
	return os.WriteFile(path, state, 0o600)
}

// contactlessSlot presents the contactless face as a PC/SC contactless
// reader does: it has no ATR of its own, so the reader makes one up for an
// ISO/IEC 14443-4 card without historical bytes (PC/SC Part 3 §3.1.3.2.3).
type contactlessSlot struct{ emv.Transport }

func (contactlessSlot) PowerOn() ([]byte, error) { return []byte{0x3B, 0x80, 0x80, 0x01, 0x01}, nil }
func (contactlessSlot) PowerOff()                {}
