package card

import (
	"testing"

	"github.com/emvsim/emvsim/emv"
)

// benchTransaction runs the card's side of full contact transactions:
// SELECT, GET PROCESSING OPTIONS, READ RECORD of every AFL record, GET DATA
// 9F17, VERIFY (when the card has a PIN), first GENERATE AC (ARQC, with CDA
// when the card has an ICC key), second GENERATE AC (TC) with approval 00.
func benchTransaction(b *testing.B, p Profile, cda bool) {
	c := newCard(b, p)
	tr := c.Contact()
	a := c.profile.Applications[0]
	cmds := [][]byte{append(append([]byte{0x00, 0xA4, 0x04, 0x00, byte(len(a.AID))}, a.AID...), 0x00), unhex(b, gpoEmpty)}
	for i := 0; i+4 <= len(a.AFL); i += 4 {
		for n := a.AFL[i+1]; n <= a.AFL[i+2]; n++ {
			cmds = append(cmds, []byte{0x00, 0xB2, n, a.AFL[i] | 4, 0x00})
		}
	}
	cmds = append(cmds, unhex(b, "80CA9F1700"))
	if p.PIN.Digits != "" {
		cmds = append(cmds, unhex(b, "0020008008241234FFFFFFFFFF"))
	}
	p1 := emv.P1ARQC
	if cda {
		p1 |= emv.P1CDA
	}
	cmds = append(cmds, unhex(b, genAC(p1, cdol1)), unhex(b, genAC(emv.P1TC, cdolHead+"3030")))
	fresh := c.state
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%60000 == 0 {
			c.state = fresh // the ATC would run out
		}
		if _, err := tr.PowerOn(); err != nil {
			b.Fatal(err)
		}
		for _, cmd := range cmds {
			r, err := tr.Transmit(cmd)
			if err != nil {
				b.Fatal(err)
			}
			if r[len(r)-2] != 0x90 && r[len(r)-2] != 0x61 {
				b.Fatalf("%X answered %X", cmd, r)
			}
		}
		tr.PowerOff()
	}
}

// BenchmarkContactTransaction is the story card (T=1, no PIN, no ODA).
func BenchmarkContactTransaction(b *testing.B) {
	benchTransaction(b, amexProfile(b), false)
}

// BenchmarkContactTransactionCDA is a Visa-style card with PIN and CDA
// (768-bit ICC key), over T=1 so each command is one exchange.
func BenchmarkContactTransactionCDA(b *testing.B) {
	p := odaProfile(b, visaProfile(b))
	p.Protocol = T1
	benchTransaction(b, p, true)
}
