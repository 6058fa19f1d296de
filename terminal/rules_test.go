package terminal

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// addToRecord returns an edit that appends data objects to the record
// template of the READ RECORD answer with P2 p2, P1 rec.
func addToRecord(p2, rec byte, extra []byte) func(cmd, resp []byte) ([]byte, error) {
	return func(cmd, resp []byte) ([]byte, error) {
		if ins(cmd) != emv.INSReadRecord || cmd[2] != rec || cmd[3] != p2 || len(resp) < 2 {
			return resp, nil
		}
		objs, err := emv.ParseObjects(resp[:len(resp)-2])
		if err != nil || len(objs) != 1 {
			return resp, nil
		}
		v := append(bytes.Clone(objs[0].Value), extra...)
		return append(emv.AppendTLV(nil, emv.TagReadRecordResponseTemplate, v), 0x90, 0x00), nil
	}
}

func TestProcessingRestrictionsAndRiskManagement(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(*Config)
		tx   Transaction
		edit func(cmd, resp []byte) ([]byte, error)
		bit  emv.TVRBit
		want bool
	}{
		{name: "versions differ", cfg: func(c *Config) { c.Applications[0].Versions = [][2]byte{{0, 2}} },
			bit: emv.TVRICCAndTerminalDifferentVersions, want: true},
		{name: "versions match", cfg: func(c *Config) { c.Applications[0].Versions = [][2]byte{{0, 2}, {0, 1}} },
			bit: emv.TVRICCAndTerminalDifferentVersions},
		{name: "cashback not allowed by AUC FF00", tx: Transaction{Type: PurchaseWithCashback, Amount: 2000, AmountOther: 1000},
			bit: emv.TVRServiceNotAllowed, want: true},
		{name: "goods allowed", bit: emv.TVRServiceNotAllowed},
		{name: "expired", edit: addToRecord(0x14, 1, nil), cfg: func(c *Config) {
			c.Now = func() time.Time { return fixedNow.AddDate(5, 0, 0) }
		}, bit: emv.TVRExpiredApplication, want: true},
		{name: "not yet effective", cfg: func(c *Config) { c.Now = func() time.Time { return fixedNow.AddDate(-2, 0, 0) } },
			bit: emv.TVRApplicationNotYetEffective, want: true},
		{name: "exception file", cfg: func(c *Config) { c.ExceptionFile = []string{testPAN} },
			bit: emv.TVRCardOnExceptionFile, want: true},
		{name: "new card: last online ATC 0", edit: addToRecord(0x14, 1, mustHex("9F1401039F230105")),
			bit: emv.TVRNewCard, want: true},
		{name: "velocity: ATC registers unavailable", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSGetData && cmd[3] == 0x13 {
				return mustHex("6A88"), nil
			}
			return addToRecord(0x14, 1, mustHex("9F1401039F230105"))(cmd, resp)
		}, bit: emv.TVRUpperConsecutiveOfflineLimitExceeded, want: true},
		{name: "LCOL exceeded", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSGetData && cmd[3] == 0x13 {
				return mustHex("9F130200019000"), nil
			}
			if ins(cmd) == emv.INSGetData && cmd[3] == 0x36 {
				return mustHex("9F360200069000"), nil
			}
			return addToRecord(0x14, 1, mustHex("9F1401039F230105"))(cmd, resp)
		}, bit: emv.TVRLowerConsecutiveOfflineLimitExceeded, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCard(t, amexProfile(t))
			cfg := AttendedPOS()
			cfg.RandomSelection = RandomSelection{}
			term := newTerminal(t, cfg, &testHost{code: "00"})
			if tc.cfg != nil {
				tc.cfg(&term.cfg)
			}
			tx := tc.tx
			if tx.Amount == 0 {
				tx.Amount = 100
			}
			var tr emv.PoweredTransport = c.Contact()
			if tc.edit != nil {
				tr = tamper{c.Contact(), tc.edit}
			}
			o := run(t, term, tr, tx)
			require.NotEqual(t, Terminated, o.Result, o.Reason)
			assert.Equal(t, tc.want, o.TVR.Has(tc.bit), o.TVR.String())
			assert.True(t, o.TSI.Has(emv.TSITerminalRiskManagementPerformed))
		})
	}
}

// A Mastercard-style card checks the ARPC in the second GENERATE AC: when
// its AIP does not announce issuer authentication the terminal sends no
// EXTERNAL AUTHENTICATE and passes 91 in the CDOL2 data.
func TestIssuerAuthenticationInSecondGenerateAC(t *testing.T) {
	keys, err := card.TestKeys(cryptogram.MastercardCVN16.Name, "5413330089020011", 0x01)
	require.NoError(t, err)
	p := card.MastercardProfile("5413330089020011", 0x01, keys, "1234")
	c := newCard(t, p)
	iss := newIssuerHost(t, p, cryptogram.MastercardCVN16)
	edit := func(cmd, resp []byte) ([]byte, error) {
		if ins(cmd) == emv.INSGetProcessingOptions && len(resp) > 4 {
			out := bytes.Clone(resp)
			if out[0] == 0x80 {
				out[2] &^= 0x04 // AIP: issuer authentication not supported
			} else if o, ok, _ := emv.Find(out[:len(out)-2], emv.TagApplicationInterchangeProfile); ok {
				o.Value[0] &^= 0x04
			}
			return out, nil
		}
		return resp, nil
	}
	cfg := ConvenienceStore()
	cfg.PINPad = pinPad("1234")
	o := run(t, newTerminal(t, cfg, iss), tamper{c.Contact(), edit}, Transaction{Amount: 15000})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.False(t, o.TSI.Has(emv.TSIIssuerAuthenticationPerformed))
	var second string
	for _, e := range o.Trace {
		assert.NotEqual(t, "EXTERNAL AUTHENTICATE", e.Name)
		if e.Name == "GENERATE AC" {
			second = e.Command
		}
	}
	iad, ok, err := emv.Find(iss.requests[0].ICCData, emv.TagApplicationCryptogram)
	require.NoError(t, err)
	require.True(t, ok)
	assert.NotEmpty(t, iad.Value)
	assert.Contains(t, second, "3030", "ARC 00 in the CDOL2 data")
}

func TestRandomSelection(t *testing.T) {
	tests := []struct {
		name   string
		rand   byte // every random byte
		amount int64
		want   bool
	}{
		{name: "below threshold, number 1 ≤ 5%", rand: 0x00, amount: 100, want: true},
		// 0x4242 = 16962; 16962 mod 99 + 1 = 34
		{name: "below threshold, number 34 > 5%", rand: 0x42, amount: 100},
		// between threshold 2000 and floor limit 5000: 5 + 20·2999/3000 = 24%
		{name: "near the floor limit, 34 > 24%", rand: 0x42, amount: 4999},
		// 0x0202 = 514; 514 mod 99 + 1 = 20: selected only where the
		// probability has risen above 5%.
		{name: "below threshold, number 20 > 5%", rand: 0x02, amount: 1999},
		{name: "near the floor limit, 20 ≤ 24%", rand: 0x02, amount: 4999, want: true},
		{name: "at the floor limit: not random, over the limit", rand: 0x00, amount: 5000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			term := newTerminal(t, AttendedPOS(), &testHost{code: "00"})
			term.cfg.Rand = &zeroRand{tc.rand}
			o := run(t, term, newCard(t, amexProfile(t)).Contact(), Transaction{Amount: tc.amount})
			assert.Equal(t, tc.want, o.TVR.Has(emv.TVRRandomlySelectedForOnline), o.TVR.String())
		})
	}
}

// One terminal serves several cards at once (several lanes of one shop).
func TestConcurrentRuns(t *testing.T) {
	p := amexProfile(t)
	iss := newIssuerHost(t, p, cryptogram.AmexCVN01)
	var mu sync.Mutex
	host := lockedHost{h: iss, mu: &mu}
	term := newTerminal(t, ConvenienceStore(), host)
	var wg sync.WaitGroup
	results := make([]Result, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := card.New(p, card.WithRand(&zeroRand{0x11}), card.WithClock(fixedClock))
			if err != nil {
				return
			}
			o, err := term.Run(context.Background(), Insert(c.Contact()), Transaction{Amount: 15000})
			if err == nil {
				results[i] = o.Result
			}
		}()
	}
	wg.Wait()
	for _, r := range results {
		assert.Equal(t, Approved, r)
	}
	ids := map[string]bool{}
	for _, r := range iss.requests {
		ids[r.ID] = true
	}
	assert.Len(t, ids, len(results), "request IDs are unique")
}

// lockedHost serialises a test host that is not safe for concurrent use.
type lockedHost struct {
	h  Host
	mu *sync.Mutex
}

func (l lockedHost) Authorize(r emv.AuthorizationRequest) (emv.AuthorizationResponse, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.h.Authorize(r)
}

func (l lockedHost) Advise(a emv.Advice) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.h.Advise(a)
}
