package issuer

import (
	"encoding/binary"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// benchRequests makes n chip requests with valid ARQCs for ATC 1..n, as
// the card would compute them.
func benchRequests(b *testing.B, f *fixture, codes PrintedCodes, n int) []emv.AuthorizationRequest {
	v := cryptogram.AmexCVN01
	keys, err := v.DeriveICCKeys(f.iss.cfg.IMKAC, f.iss.cfg.IMKSMI, f.iss.cfg.IMKSMC, codes.PAN, 0)
	require.NoError(b, err)
	iad, err := v.AppendIAD(nil, cryptogram.IAD{DKI: 1, CVR: [6]byte{0x03, 0xA0, 0x00, 0x00}})
	require.NoError(b, err)
	reqs := make([]emv.AuthorizationRequest, n)
	for i := range reqs {
		var atc [2]byte
		binary.BigEndian.PutUint16(atc[:], uint16(i+1))
		d := &driver{t: b, pan: codes.PAN, aid: []byte{0xA0, 0x00, 0x00, 0x00, 0x25, 0x01, 0x08, 0x01}, aip: []byte{0x1C, 0x00}}
		d.tx = txData{amount: 1, date: f.clk.Now()}
		binary.BigEndian.PutUint32(d.tx.un[:], uint32(i))
		p := cryptogram.ACParams{TerminalData: d.cdol1(), AIP: [2]byte{0x1C, 0x00}, ATC: atc, UN: d.tx.un, IAD: iad}
		ac, err := v.ApplicationCryptogram(keys.AC, p)
		require.NoError(b, err)
		d.arqc = arqcResponse{cid: 0x80, atc: atc, ac: ac, iad: iad}
		reqs[i] = d.request("", emv.EntryModeChip)
	}
	return reqs
}

func benchAuthorize(b *testing.B, withScript bool) {
	f := newFixture(b, func(c *Config) { c.CreditLimit = 1 << 50; c.MaxATCGap = 1 << 16 })
	const n = 2000
	reqs := benchRequests(b, f, f.codes, n)
	a := f.iss.accounts[f.codes.PAN]
	a.pinDigits = "4829"
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%n == 0 {
			a.mu.Lock()
			a.lastATC = -1
			a.log = a.log[:0]
			a.mu.Unlock()
			f.iss.mu.Lock()
			clear(f.iss.auths)
			f.iss.mu.Unlock()
		}
		if withScript {
			a.mu.Lock()
			a.pin.State = PINRegistered
			a.mu.Unlock()
		}
		req := reqs[i%n]
		req.ID = strconv.Itoa(i)
		resp, _ := f.iss.Authorize(req)
		if resp.Code != emv.ResponseApproved {
			b.Fatalf("request %d: %s", i, resp.Code)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "auth/s")
}

// BenchmarkAuthorize is one chip authorisation: DE55 parsing, ICC key
// derivation, ARQC verification, account checks and the ARPC.
func BenchmarkAuthorize(b *testing.B) { benchAuthorize(b, false) }

// BenchmarkAuthorizeWithPINScript adds the secure-messaging keys and the
// enciphered, MACed PIN CHANGE/UNBLOCK script.
func BenchmarkAuthorizeWithPINScript(b *testing.B) { benchAuthorize(b, true) }

// BenchmarkAuthorizeParallel is many terminals at once, each with its own
// card: it shows how authorisations scale over the cores.
func BenchmarkAuthorizeParallel(b *testing.B) {
	f := newFixture(b, func(c *Config) { c.CreditLimit = 1 << 50; c.MaxATCGap = 1 << 16 })
	const cards, n = 16, 1000
	type lane struct {
		a    *account
		reqs []emv.AuthorizationRequest
	}
	lanes := make([]lane, cards)
	for i := range lanes {
		_, codes := f.issue(b, CardRequest{CardholderName: "BENCH/MARK"})
		lanes[i] = lane{a: f.iss.accounts[codes.PAN], reqs: benchRequests(b, f, codes, n)}
	}
	var next atomic.Int32
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		l := lanes[int(next.Add(1)-1)%cards]
		i := 0
		for pb.Next() {
			if i%n == 0 {
				l.a.mu.Lock()
				l.a.lastATC = -1
				l.a.log = l.a.log[:0]
				l.a.mu.Unlock()
			}
			req := l.reqs[i%n]
			req.ID = l.a.pan + "/" + strconv.Itoa(i)
			resp, _ := f.iss.Authorize(req)
			if resp.Code != emv.ResponseApproved {
				b.Errorf("request %d: %s", i, resp.Code)
				return
			}
			i++
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "auth/s")
}
