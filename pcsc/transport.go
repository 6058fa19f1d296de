package pcsc

import (
	"errors"
	"fmt"
	"sync"

	"github.com/ebfe/scard"

	"github.com/emvsim/emvsim/emv"
)

// ErrNoCard is returned by Transmit before PowerOn or after PowerOff.
var ErrNoCard = errors.New("pcsc: no card connected")

// Reader is one PC/SC reader used as the terminal's contact interface. It
// implements emv.PoweredTransport: PowerOn connects to the card in the
// reader and returns its ATR, PowerOff disconnects with a power-down.
type Reader struct {
	name string

	mu   sync.Mutex
	ctx  *scard.Context
	card *scard.Card
}

var _ emv.PoweredTransport = (*Reader)(nil)

// Readers lists the readers pcscd knows.
func Readers() ([]string, error) {
	ctx, err := scard.EstablishContext()
	if err != nil {
		return nil, fmt.Errorf("pcsc: establish context: %w", err)
	}
	defer ctx.Release()
	names, err := ctx.ListReaders()
	if err != nil {
		return nil, fmt.Errorf("pcsc: list readers: %w", err)
	}
	return names, nil
}

// Open prepares the named reader. No card is touched until PowerOn.
func Open(name string) (*Reader, error) {
	ctx, err := scard.EstablishContext()
	if err != nil {
		return nil, fmt.Errorf("pcsc: establish context: %w", err)
	}
	return &Reader{name: name, ctx: ctx}, nil
}

// Name is the reader's PC/SC name.
func (r *Reader) Name() string { return r.name }

// PowerOn connects to the card (T=0 or T=1, as the card offers) and returns
// its ATR. A card already connected is reset first, as a terminal's cold
// reset does.
func (r *Reader) PowerOn() ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ctx == nil {
		return nil, errors.New("pcsc: reader closed")
	}
	if r.card != nil {
		_ = r.card.Disconnect(scard.UnpowerCard)
		r.card = nil
	}
	card, err := r.ctx.Connect(r.name, scard.ShareExclusive, scard.ProtocolAny)
	if err != nil {
		return nil, fmt.Errorf("pcsc: connect to %q: %w", r.name, err)
	}
	st, err := card.Status()
	if err != nil {
		_ = card.Disconnect(scard.UnpowerCard)
		return nil, fmt.Errorf("pcsc: card status: %w", err)
	}
	r.card = card
	return st.Atr, nil
}

// PowerOff disconnects and powers the card down.
func (r *Reader) PowerOff() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.card != nil {
		_ = r.card.Disconnect(scard.UnpowerCard)
		r.card = nil
	}
}

// Transmit sends one command APDU and returns the response with its status
// word. An error means the reader or the card went away.
func (r *Reader) Transmit(apdu []byte) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.card == nil {
		return nil, ErrNoCard
	}
	resp, err := r.card.Transmit(apdu)
	if err != nil {
		return nil, fmt.Errorf("pcsc: transmit: %w", err)
	}
	return resp, nil
}

// Close powers the card down and releases the PC/SC context.
func (r *Reader) Close() error {
	r.PowerOff()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ctx == nil {
		return nil
	}
	err := r.ctx.Release()
	r.ctx = nil
	return err
}
