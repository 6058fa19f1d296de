package scenario

import (
	"testing"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv/oda"
	"github.com/emvsim/emvsim/terminal"
)

// BenchmarkTransaction measures whole transactions — card, kernel and
// issuer in one process — per path, with CDA (the story's cards) and
// without offline data authentication:
//
//   - contact-first-insert: the store's online insert whose issuer script
//     writes the PIN. Each iteration needs a new registered card, issued
//     outside the timer; only cards without ODA keys are issued quickly
//     enough (an ICC RSA key takes far longer than a transaction).
//   - contact-offline-PIN: the ticket machine, the PIN verified by the
//     chip, then online;
//   - contactless-tap: a tap under the CVM limit, online, no script;
//   - stripe-fallback: a dead chip, then the stripe, online.
func BenchmarkTransaction(b *testing.B) {
	b.Run("contact-first-insert/no-ODA", func(b *testing.B) {
		w := newWorldCA(b, false, nil)
		store := w.terminal(b, terminal.ConvenienceStore(), "")
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			c, _ := registeredCard(b, w)
			b.StartTimer()
			o := insert(b, store, c, small)
			if o.Result != terminal.Approved || c.PINStatus() != card.PINOnChip {
				b.Fatal(o)
			}
		}
	})
	for _, tc := range []struct {
		name string
		ca   func(testing.TB) *oda.CertificationAuthority
	}{
		{"CDA", simulatedCA},
		{"no-ODA", func(testing.TB) *oda.CertificationAuthority { return nil }},
	} {
		b.Run("contact-offline-PIN/"+tc.name, func(b *testing.B) {
			w := newWorldCA(b, false, tc.ca(b))
			store := w.terminal(b, terminal.ConvenienceStore(), "")
			ticket := w.terminal(b, terminal.TicketMachine(), thePIN)
			newCard := func() *card.Card {
				c, _ := registeredCard(b, w)
				insert(b, store, c, small)
				return c
			}
			c := newCard()
			b.ReportAllocs()
			for b.Loop() {
				if c.ATC(0) > 0xFF00 { // the 2-byte counter would run out
					b.StopTimer()
					c = newCard()
					b.StartTimer()
				}
				if o := insert(b, ticket, c, fare); o.Result != terminal.Approved {
					b.Fatal(o)
				}
			}
		})
	}
	for _, tc := range []struct {
		name string
		p    func(*card.Card) terminal.Presentation
	}{
		{"contactless-tap", func(c *card.Card) terminal.Presentation { return terminal.Tap(c.Contactless()) }},
		{"stripe-fallback", func(c *card.Card) terminal.Presentation {
			return terminal.Present(terminal.Insert(deadChip{}), terminal.Swipe(c.Stripe()))
		}},
	} {
		b.Run(tc.name+"/CDA-card", func(b *testing.B) {
			w := newWorld(b, false)
			store := w.terminal(b, terminal.ConvenienceStore(), "")
			c, _ := registeredCard(b, w)
			b.ReportAllocs()
			for b.Loop() {
				if c.ATC(0) > 0xFF00 {
					b.StopTimer()
					c, _ = registeredCard(b, w)
					b.StartTimer()
				}
				if o := run(b, store, tc.p(c), small); o.Result != terminal.Approved {
					b.Fatal(o)
				}
			}
		})
	}
}
