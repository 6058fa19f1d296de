package card

import (
	"crypto/rand"
	"io"
	"sync"
	"time"
)

// Card is a simulated EMV card: a chip with a contact and a contactless
// interface, and a magnetic stripe. Reach the chip only through the
// transports [Card.Contact] and [Card.Contactless] return, as a terminal
// does through a reader. A Card serialises its commands, so it is safe to
// use from several goroutines.
type Card struct {
	mu      sync.Mutex
	profile Profile
	rand    io.Reader
	now     func() time.Time

	// pinRegistered is the issuer's bookkeeping, not chip state.
	pinRegistered bool
}

// Option configures a Card.
type Option func(*Card)

// WithRand sets the source of the card's random numbers (GET CHALLENGE,
// ICC dynamic numbers). The default is crypto/rand.
func WithRand(r io.Reader) Option { return func(c *Card) { c.rand = r } }

// WithClock sets the card's clock (used for nothing a real card could not
// know; it dates nothing on its own). The default is time.Now.
func WithClock(now func() time.Time) Option { return func(c *Card) { c.now = now } }

// New personalises a card with p. It validates the profile and returns a
// *ProfileError naming the first bad field.
func New(p Profile, opts ...Option) (*Card, error) {
	if err := validate(&p); err != nil {
		return nil, err
	}
	c := &Card{profile: p, rand: rand.Reader, now: time.Now}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}
