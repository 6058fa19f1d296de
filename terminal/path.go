package terminal

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emvsim/emvsim/emv"
)

// Path is the interface a transaction went through.
type Path int

// Paths, each with the POS entry mode the authorisation request carries.
const (
	PathNone        Path = iota // nothing could be read
	PathContact                 // contact chip, entry mode 05
	PathContactless             // contactless chip, entry mode 07
	PathStripe                  // magnetic stripe, entry mode 90
	PathFallback                // magnetic stripe after the chip failed at this terminal, entry mode 80
)

func (p Path) String() string {
	switch p {
	case PathContact:
		return "contact chip"
	case PathContactless:
		return "contactless"
	case PathStripe:
		return "magnetic stripe"
	case PathFallback:
		return "magnetic stripe (fallback)"
	}
	return "none"
}

// PathChoice says which path a transaction took and why the others were
// not taken: one reason per interface, "contactless: amount 15000 at or
// above the contactless transaction limit 10000".
type PathChoice struct {
	Path    Path
	Reasons []string
}

// String is the path and the reasons on one line.
func (c PathChoice) String() string {
	if len(c.Reasons) == 0 {
		return c.Path.String()
	}
	return c.Path.String() + " (" + strings.Join(c.Reasons, "; ") + ")"
}

func (c *PathChoice) note(format string, args ...any) {
	c.Reasons = append(c.Reasons, fmt.Sprintf(format, args...))
}

// Readers says which card readers a terminal has. A terminal with a contact
// reader is chip-capable: it sends a chip card's swipe back to the chip
// (service code 2xx or 6xx) unless the chip failed in the same
// transaction. The zero value means "as Config.Capabilities byte 1 says"
// (magnetic stripe, IC with contacts) and no contactless reader.
type Readers struct {
	Contact, Contactless, Stripe bool
}

// orCapabilities fills an unset Readers from 9F33 byte 1 (Book 4 Annex
// A2).
func (r Readers) orCapabilities(caps emv.TerminalCapabilities) Readers {
	if r != (Readers{}) {
		return r
	}
	return Readers{Contact: caps.Has(emv.TermCapICWithContacts), Stripe: caps.Has(emv.TermCapMagneticStripe)}
}

func (r Readers) String() string {
	var names []string
	if r.Contact {
		names = append(names, "contact")
	}
	if r.Contactless {
		names = append(names, "contactless")
	}
	if r.Stripe {
		names = append(names, "stripe")
	}
	if names == nil {
		return "no readers"
	}
	return strings.Join(names, ", ")
}

// Present offers one card through several interfaces at once, as a
// cardholder who holds the card out and follows the terminal's prompts:
// Present(Insert(c.Contact()), Tap(c.Contactless()), Swipe(c.Stripe())).
// The terminal chooses by its readers, the amount and the card's data: a
// tap under the contactless limits, else the chip, the stripe only for a
// card without a chip or, with the fallback indicator, after the chip
// failed. Later presentations of the same interface replace earlier ones.
func Present(ps ...Presentation) Presentation {
	out := Presentation{kind: presentMany}
	for _, p := range ps {
		if p.contact != nil {
			out.contact = p.contact
		}
		if p.contactless != nil {
			out.contactless = p.contactless
		}
		if p.tracks != (emv.Tracks{}) {
			out.tracks = p.tracks
		}
	}
	return out
}

// offers reports the interfaces a presentation offers.
func (p Presentation) offers() (contact, contactless, stripe bool) {
	switch p.kind {
	case presentInsert:
		return p.contact != nil, false, false
	case presentTap:
		return false, p.contactless != nil, false
	case presentSwipe:
		return false, false, p.tracks != (emv.Tracks{})
	case presentMany:
		return p.contact != nil, p.contactless != nil, p.tracks != (emv.Tracks{})
	}
	return false, false, false
}

// checkAmount refuses amounts an n12 data object cannot carry.
func checkAmount(tx Transaction) error {
	if tx.Amount < 0 || tx.AmountOther < 0 || tx.Amount > maxAmount || tx.AmountOther > tx.Amount && tx.Type == PurchaseWithCashback {
		return fmt.Errorf("%w: amount out of range", ErrConfig)
	}
	return nil
}

// switchesInterface reports an outcome that sends the cardholder to
// another interface.
func switchesInterface(r Result) bool {
	return r == InsertCard || r == UseOtherInterface || r == TryAgain
}

// runPath chooses the path for a presentation and runs it (Book 3 §10 for
// the chip, EMV Contactless Book A §5 and Book B §3 for the tap, the
// acquirers' stripe and fallback rules for the swipe). Preference: a tap,
// unless the reader limits or the card send the cardholder elsewhere; then
// the chip; then the stripe. A chip that fails before producing a
// cryptogram (mute, unreadable, no common application) lets the terminal
// read the stripe of the same presentation as a fallback.
func (t *Terminal) runPath(ctx context.Context, p Presentation, tx Transaction, r Readers, cl ContactlessConfig) (Outcome, PathChoice, error) {
	var ch PathChoice
	if err := ctx.Err(); err != nil {
		return Outcome{}, ch, err
	}
	r = r.orCapabilities(t.cfg.Capabilities)
	hasContact, hasContactless, hasStripe := p.offers()
	var earlier Trace // traces of paths abandoned on the way
	done := func(path Path, o Outcome) (Outcome, PathChoice, error) {
		ch.Path = path
		if earlier != nil {
			o.Trace = append(earlier, o.Trace...)
		}
		return o, ch, nil
	}

	switch {
	case !hasContactless:
		ch.note("contactless: not presented")
	case !r.Contactless:
		ch.note("contactless: no contactless reader")
	default:
		o, err := t.runTap(ctx, p.contactless, tx, r, cl)
		if err != nil {
			return o, ch, err
		}
		if !switchesInterface(o.Result) || (!hasContact || !r.Contact) && (!hasStripe || !r.Stripe) {
			ch.after("contact chip", "contact", hasContact, r.Contact, "the tap completed")
			ch.after("stripe", "stripe", hasStripe, r.Stripe, "the tap completed")
			return done(PathContactless, o)
		}
		ch.note("contactless: %s", o.Reason)
		earlier = append(earlier, o.Trace...)
	}

	fallback := false
	switch {
	case !hasContact:
		ch.note("contact chip: not presented")
	case !r.Contact:
		ch.note("contact chip: no contact reader")
	default:
		o, err := t.runContact(ctx, p.contact, tx)
		mute := errors.Is(err, ErrCardMute)
		if err != nil && !mute {
			return o, ch, err
		}
		canFallback := hasStripe && r.Stripe && chipFailed(ctx, o, mute)
		if !canFallback {
			if err != nil {
				return o, ch, err
			}
			ch.after("stripe", "stripe", hasStripe, r.Stripe, "the chip was read")
			return done(PathContact, o)
		}
		why := o.Reason
		if mute {
			why = err.Error()
		}
		ch.note("contact chip: failed (%s): fallback to the stripe", why)
		earlier = append(earlier, o.Trace...)
		fallback = true
	}

	switch {
	case !hasStripe:
		ch.note("stripe: not presented")
	case !r.Stripe:
		ch.note("stripe: no stripe reader")
	default:
		o, err := t.runSwipe(ctx, p.tracks, tx, r, fallback)
		if err != nil {
			return o, ch, err
		}
		if fallback {
			return done(PathFallback, o)
		}
		return done(PathStripe, o)
	}
	return Outcome{}, ch, fmt.Errorf("%w: no reader of this terminal (%s) can read what was presented", ErrPresentation, r)
}

// after gives the reason an interface was not used once another path
// completed.
func (c *PathChoice) after(name, reader string, offered, hasReader bool, why string) {
	switch {
	case !offered:
		c.note("%s: not presented", name)
	case !hasReader:
		c.note("%s: no %s reader", name, reader)
	default:
		c.note("%s: not needed: %s", name, why)
	}
}

// chipFailed reports a contact transaction that ended in a technical
// failure before any cryptogram: the chip was mute or could not be
// processed. A decline, a blocked card or application, a cancellation by
// the cardholder or by ctx is no chip failure and never allows fallback.
func chipFailed(ctx context.Context, o Outcome, mute bool) bool {
	if ctx.Err() != nil {
		return false
	}
	if mute {
		return true
	}
	return o.Result == Terminated && o.Cryptogram == NoCryptogram &&
		!strings.HasPrefix(o.Reason, "cardholder cancelled") && !strings.Contains(o.Reason, "blocked")
}
