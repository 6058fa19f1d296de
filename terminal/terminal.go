package terminal

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/emvsim/emvsim/emv"
)

// Errors Run and New return when a transaction cannot be carried out at all.
var (
	ErrConfig       = errors.New("terminal: invalid configuration")
	ErrNoHost       = errors.New("terminal: no host")
	ErrPresentation = errors.New("terminal: presentation not supported")
	ErrCardMute     = errors.New("terminal: card does not answer")
	ErrPINBypassed  = errors.New("terminal: PIN entry bypassed")
)

// Host is the acquirer link the terminal goes online through. A Go error
// from either method means the terminal is unable to go online (Book 3
// §10.7): it then uses the default action codes. *issuer.Issuer implements
// it.
type Host interface {
	Authorize(emv.AuthorizationRequest) (emv.AuthorizationResponse, error)
	Advise(emv.Advice) error
}

// PINKind says which PIN the terminal asks for.
type PINKind int

// The three PIN entries of Book 3 §10.5.1 and §10.5.2.
const (
	PINOfflinePlaintext  PINKind = iota + 1 // verified by the card, sent in clear over the contacts
	PINOfflineEnciphered                    // verified by the card, RSA-enciphered for it
	PINOnline                               // verified by the issuer, in an enciphered PIN block
)

// String names the kind of PIN entry.
func (k PINKind) String() string {
	switch k {
	case PINOfflinePlaintext:
		return "offline plaintext PIN"
	case PINOfflineEnciphered:
		return "offline enciphered PIN"
	case PINOnline:
		return "online PIN"
	}
	return "PIN"
}

// PINRequest is what the PIN pad shows the cardholder.
type PINRequest struct {
	Kind PINKind
	// TriesLeft is the card's PIN try counter, -1 when unknown; LastTry is
	// set when one try remains (Book 4 §11.2 "last PIN try" message).
	TriesLeft int
	LastTry   bool
	// Amount and CurrencyCode are shown with the PIN prompt.
	Amount       int64
	CurrencyCode uint16
}

// PINPad asks the cardholder for a PIN. It returns the digits as ASCII
// ("1234"); the terminal wipes the slice after use. ErrPINBypassed means
// the cardholder (or attendant) bypassed PIN entry; any other error means
// the PIN pad is not working.
type PINPad interface {
	EnterPIN(ctx context.Context, r PINRequest) ([]byte, error)
}

// PINPadFunc adapts a function to PINPad.
type PINPadFunc func(ctx context.Context, r PINRequest) ([]byte, error)

// EnterPIN calls f.
func (f PINPadFunc) EnterPIN(ctx context.Context, r PINRequest) ([]byte, error) { return f(ctx, r) }

// Candidate is an application offered to the cardholder (Book 1 §12.4).
type Candidate struct {
	AID           []byte
	Label         string
	PreferredName string
	// Priority is the low nibble of 87 (1 highest, 0 none) and
	// ConfirmationRequired its b8.
	Priority             int
	ConfirmationRequired bool
}

// CardholderInterface lets the cardholder choose among candidate
// applications or confirm the one the terminal chose (Book 1 §12.4).
type CardholderInterface interface {
	// ChooseApplication returns the index of the chosen candidate, or an
	// error to cancel. The candidates come in priority order.
	ChooseApplication(ctx context.Context, candidates []Candidate) (int, error)
}

// Presentation is how the card reaches the terminal: inserted, tapped or
// swiped. Build one with Insert, Tap or Swipe.
type Presentation struct {
	kind        presentationKind
	contact     emv.PoweredTransport
	contactless emv.Transport
	tracks      emv.Tracks
}

type presentationKind int

const (
	presentInsert presentationKind = iota + 1
	presentTap
	presentSwipe
	presentMany // several interfaces at once: see Present
)

// Insert presents a card in the contact reader.
func Insert(c emv.PoweredTransport) Presentation {
	return Presentation{kind: presentInsert, contact: c}
}

// Tap presents a card to the contactless reader.
func Tap(c emv.Transport) Presentation { return Presentation{kind: presentTap, contactless: c} }

// Swipe presents a magnetic stripe.
func Swipe(t emv.Tracks) Presentation { return Presentation{kind: presentSwipe, tracks: t} }

// TransactionType is 9C, the first two digits of the ISO 8583 processing
// code.
type TransactionType byte

// Transaction types the kernel handles.
const (
	Purchase             TransactionType = 0x00
	Cash                 TransactionType = 0x01
	PurchaseWithCashback TransactionType = 0x09
	Refund               TransactionType = 0x20
)

// Transaction is one payment request: the amounts in minor units of the
// terminal currency, the type, and whether the merchant forces it online
// (TVR byte 4 b4).
type Transaction struct {
	Amount      int64
	AmountOther int64
	Type        TransactionType
	ForceOnline bool
}

// Terminal is a configured terminal with its host link. Run may be called
// from several goroutines for different cards.
type Terminal struct {
	cfg  Config
	host Host
	seq  atomic.Uint32 // transaction sequence counter 9F41
}

// New checks cfg, copies it and returns a terminal that reaches its issuer
// through host.
func New(cfg Config, host Host) (*Terminal, error) {
	if host == nil {
		return nil, ErrNoHost
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg = cfg.clone()
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Terminal{cfg: cfg, host: host}, nil
}

// Config returns a copy of the terminal's configuration.
func (t *Terminal) Config() Config { return t.cfg.clone() }

// Run carries out one transaction with the presented card and returns its
// outcome. Declines, terminations and card faults are outcomes; an error
// means nothing could be done (the card could not be powered, the
// presentation is not supported, ctx ended before the card was reached).
func (t *Terminal) Run(ctx context.Context, p Presentation, tx Transaction) (Outcome, error) {
	o, path, err := t.runPath(ctx, p, tx, t.cfg.Readers, t.cfg.Contactless)
	o.Path = path
	return o, err
}

func (t *Terminal) runContact(ctx context.Context, c emv.PoweredTransport, tx Transaction) (Outcome, error) {
	if tx.Amount < 0 || tx.AmountOther < 0 || tx.Amount > maxAmount || tx.AmountOther > tx.Amount && tx.Type == PurchaseWithCashback {
		return Outcome{}, fmt.Errorf("%w: amount out of range", ErrConfig)
	}
	atr, err := c.PowerOn()
	if err != nil {
		return Outcome{}, fmt.Errorf("%w: %v", ErrCardMute, err)
	}
	defer c.PowerOff()
	k := newTransaction(ctx, t, c, tx, 48)
	k.trace.decisionf("card powered up, ATR %X", atr)
	return k.run(), nil
}

// maxAmount is the largest amount n12 holds.
const maxAmount = 999_999_999_999
