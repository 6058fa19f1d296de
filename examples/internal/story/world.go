// Package story is the deterministic world the examples run in: the story's
// issuer (no PIN on the chip at issuance), its simulated certification
// authority, the cardholder's phone, and terminals with a fixed clock and
// seeded random numbers, so every run prints the same bytes.
package story

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

// Start is the moment every example's clock shows.
var Start = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

// Phone is the cardholder's mobile number on file; one-time codes go there.
const Phone = "+81-90-1234-5678"

// World is one issuer with its cards' cardholder phone and the CA public
// key the terminals trust.
type World struct {
	Issuer *issuer.Issuer
	// Inbox receives the one-time codes the issuer sends by SMS or e-mail.
	Inbox  *issuer.MemoryNotifier
	CAKeys *oda.CAStore
	seed   uint64
}

// Seeded is a deterministic random source: the same seed, the same bytes.
func Seeded(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	for i := range 8 {
		s[i] = byte(seed >> (8 * i))
	}
	return rand.NewChaCha8(s)
}

// Clock is a fixed clock at Start.
func Clock() time.Time { return Start }

// NewWorld makes the story's issuer: American Express-style 15-digit PANs,
// the public test master keys, cryptogram version AEIPS CVN 01, a CA so
// cards carry offline data authentication keys, and the PIN registered
// after issuance rather than written at issuance.
func NewWorld(seed uint64) (*World, error) {
	ca, err := oda.NewCertificationAuthority(Seeded(seed), oda.RID{0xA0, 0x00, 0x00, 0x00, 0x25}, 0x0F, 1152, 3)
	if err != nil {
		return nil, err
	}
	w := &World{Inbox: &issuer.MemoryNotifier{}, CAKeys: &oda.CAStore{}, seed: seed}
	if err := w.CAKeys.Add(ca.PublicKey()); err != nil {
		return nil, err
	}
	keys := make([]cryptogram.Key, 4)
	for i, b := range [][]byte{card.TestIMKAC, card.TestIMKSMI, card.TestIMKSMC, []byte("0123456789ABCDEF")} {
		if keys[i], err = cryptogram.NewTDESKey(b); err != nil {
			return nil, err
		}
	}
	w.Issuer, err = issuer.New(issuer.Config{
		Name:  "American Express (simulated)",
		IMKAC: keys[0], IMKSMI: keys[1], IMKSMC: keys[2], CVK: keys[3],
		CA:        ca,
		BIN:       issuer.BINRange{Low: "374245", High: "374245"},
		PANLength: 15,
		Version:   cryptogram.AmexCVN01,
		PIN:       issuer.PINPolicy{AtIssuance: false, RefuseTrivial: true},
		Notifier:  w.Inbox,
		Rand:      Seeded(seed + 1),
		Now:       Clock,
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// Issue issues a card to name, its one-time codes going to Phone. Each card
// gets its own seeded random source.
func (w *World) Issue(name string) (*card.Card, issuer.PrintedCodes, error) {
	w.seed += 100
	return w.Issuer.Issue(issuer.CardRequest{
		CardholderName: name,
		Phone:          Phone,
		CardOptions:    []card.Option{card.WithRand(Seeded(w.seed)), card.WithClock(Clock)},
	})
}

// RegisterOnline registers pin through the issuer's online service: log in,
// the 4-digit code on the front, the 3-digit code on the back, a one-time
// code by SMS, then the PIN. Each step is reported to step.
func (w *World) RegisterOnline(codes issuer.PrintedCodes, pin string, step func(string)) error {
	s, err := w.Issuer.Login(codes.PAN)
	if err != nil {
		return err
	}
	defer s.Logout()
	step("logged in to the online service")
	if err := s.EnterFrontCode(codes.FrontCode); err != nil {
		return err
	}
	step("4-digit security code from the front of the card: accepted")
	if err := s.EnterBackCode(codes.BackCode); err != nil {
		return err
	}
	step("3-digit security code from the back of the card: accepted")
	if err := s.SendOneTimeCode(issuer.ChannelSMS); err != nil {
		return err
	}
	sms, ok := w.Inbox.Last(Phone)
	if !ok {
		return fmt.Errorf("no one-time code reached %s", Phone)
	}
	step(sms.String())
	if err := s.EnterOneTimeCode(sms.Code); err != nil {
		return err
	}
	step("one-time code: accepted")
	if err := s.RegisterPIN(pin); err != nil {
		return err
	}
	step("4-digit PIN: registered")
	return nil
}

// Terminal sets up a terminal from a preset with the world's CA keys, a
// seeded random source, the fixed clock and a PIN pad into which the
// cardholder keys pin (an empty pin bypasses PIN entry).
func (w *World) Terminal(cfg terminal.Config, pin string) (*terminal.Terminal, error) {
	w.seed += 100
	cfg.CAKeys = w.CAKeys
	cfg.TerminalID = terminalID(cfg.TerminalID, w.seed)
	cfg.Rand = Seeded(w.seed)
	cfg.Now = Clock
	cfg.PINPad = KeyedPIN(pin)
	return terminal.New(cfg, w.Issuer)
}

// KeyedPIN is a PIN pad into which the cardholder keys pin each time it is
// asked; an empty pin bypasses PIN entry.
func KeyedPIN(pin string) terminal.PINPad {
	return terminal.PINPadFunc(func(context.Context, terminal.PINRequest) ([]byte, error) {
		if pin == "" {
			return nil, terminal.ErrPINBypassed
		}
		return []byte(pin), nil
	})
}

// terminalID gives each terminal its own 8-character identifier (9F1C):
// the issuer tells transactions apart by terminal and sequence number, so
// two terminals set up from one preset must not share the preset's.
func terminalID(preset string, n uint64) string {
	return fmt.Sprintf("%.4s%04d", preset, n%10000)
}
