package issuer

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
)

// TestManyTerminals: many terminals authorise against one issuer at once —
// chip transactions with scripts, card-not-present requests and reversals
// on the same accounts — and every account's log keeps every entry, in one
// gapless sequence, with a balance that adds up.
func TestManyTerminals(t *testing.T) {
	const (
		cards         = 6
		chipPerCard   = 4
		remotePerCard = 3 // goroutines of card-not-present requests per card
		remoteEach    = 15
	)
	f := newFixture(t)
	type issued struct {
		c     *card.Card
		codes PrintedCodes
	}
	all := []issued{{f.card, f.codes}}
	for range cards - 1 {
		c, codes := f.issue(t, CardRequest{CardholderName: "MANY/TERMINALS", Phone: testPhone})
		all = append(all, issued{c, codes})
	}
	for _, ic := range all {
		f.registerOnline(t, ic.codes, "4829")
	}

	var wg sync.WaitGroup
	for i, ic := range all {
		wg.Go(func() { // one card, inserted at one terminal after another
			d := newDriver(t, ic.c)
			for n := range chipPerCard {
				id := fmt.Sprintf("chip-%d-%d", i, n)
				_, cid, results := d.online(t, f.iss, id, 10, uint32(n))
				assert.NoError(t, f.iss.Advise(completion(id, cid, d.arqc.atc, results)))
			}
		})
		for g := range remotePerCard {
			wg.Go(func() { // web shops using the card number
				for n := range remoteEach {
					id := fmt.Sprintf("web-%d-%d-%d", i, g, n)
					resp, err := f.iss.Authorize(emv.AuthorizationRequest{ID: id, EntryMode: emv.EntryModeManual,
						PAN: ic.codes.PAN, PANSequenceNumber: -1, Amount: 3})
					assert.NoError(t, err)
					assert.Equal(t, emv.ResponseApproved, resp.Code)
					if n%3 == 0 {
						assert.NoError(t, f.iss.Advise(emv.Advice{Kind: emv.AdviceReversal, RequestID: id}))
					}
				}
			})
		}
	}
	wg.Wait()

	reversed := (remoteEach + 2) / 3
	for _, ic := range all {
		a := f.account(t, ic.codes.PAN)
		for i, e := range a.Log {
			require.Equal(t, i+1, e.Seq)
		}
		count := func(ev Event) int {
			n := 0
			for _, e := range a.Log {
				if e.Event == ev {
					n++
				}
			}
			return n
		}
		assert.Equal(t, chipPerCard+remotePerCard*remoteEach, count(EventAuthorised))
		assert.Equal(t, remotePerCard*reversed, count(EventReversal))
		assert.Equal(t, chipPerCard, count(EventCompletion))
		assert.Equal(t, 1, count(EventPINScriptSent))
		assert.Equal(t, 1, count(EventPINOnChip))
		assert.Equal(t, int64(chipPerCard*10+remotePerCard*(remoteEach-reversed)*3), a.Balance)
		assert.Equal(t, PINOnChip, a.PIN.State)
		assert.Equal(t, card.PINOnChip, ic.c.PINStatus())
	}
}

// TestConcurrentRegistration: the cardholder registers online and by phone
// at the same moment; exactly one PIN wins and the other channel is told
// the PIN is already registered.
func TestConcurrentRegistration(t *testing.T) {
	for range 20 {
		f := newFixture(t)
		s := f.verifiedSession(t, f.codes)
		call := f.iss.Call()
		for _, k := range []string{f.codes.PAN, f.codes.FrontCode, f.codes.BackCode} {
			_, err := call.Key(k)
			require.NoError(t, err)
		}
		_, err := call.Skip()
		require.NoError(t, err)
		for _, k := range []string{"1", "5930"} {
			_, err := call.Key(k)
			require.NoError(t, err)
		}
		var online, phone error
		var wg sync.WaitGroup
		wg.Go(func() { online = s.RegisterPIN("4829") })
		wg.Go(func() { _, phone = call.Key("5930") })
		wg.Wait()
		require.True(t, (online == nil) != (phone == nil), "exactly one wins: online %v, phone %v", online, phone)
		lost := online
		want := "5930"
		if online == nil {
			lost, want = phone, "4829"
		}
		require.ErrorIs(t, lost, ErrAlreadyRegistered)
		pin, err := s.LookUpPIN()
		require.NoError(t, err)
		require.Equal(t, want, pin)
	}
}
