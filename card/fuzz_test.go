package card

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"testing"

	"github.com/emvsim/emvsim/emv"
)

// Operations of the card fuzzer's input language: each is one byte,
// followed for the APDU operations by a length byte and the APDU.
const (
	opPowerOn byte = iota
	opPowerOff
	opContact
	opContactless
	opCount
)

// fuzzScript encodes a sequence of contact APDUs for the seed corpus.
func fuzzScript(t testing.TB, cmds ...string) []byte {
	out := []byte{opPowerOn}
	for _, c := range cmds {
		b := unhex(t, c)
		out = append(out, opContact, byte(len(b)))
		out = append(out, b...)
	}
	return out
}

// FuzzCard drives cards with random APDUs in random order, on both faces
// with power cycles, and checks after every command: no panic, a refused
// command changes nothing, the ATC never goes back, the PIN try counter
// rises only with a valid script or a correct PIN, the PIN is 0 or 4-12
// digits, and the saved state restores to the same state.
func FuzzCard(f *testing.F) {
	amex := amexProfile(f)
	visa := visaProfile(f)
	story := fuzzScript(f, selAmex, gpoEmpty, "00B2010C00", "80CA9F1700", "0020008008241234FFFFFFFFFF",
		genAC(emv.P1TC, cdol1), "008200000A11223344556677883030", genAC(emv.P1TC, cdolHead+"3030"))
	f.Add(byte(0), story)
	f.Add(byte(1), fuzzScript(f, "00A4040007A000000003101000", gpoEmpty, "0020008008249999FFFFFFFFFF",
		"0020008008241234FFFFFFFFFF", genAC(emv.P1ARQC, cdol1), "841E000008"+"1122334455667788",
		"0084000000", "00C0000008", genAC(emv.P1AAC|emv.P1CDA, cdolHead+"3030")))
	f.Add(byte(0), append([]byte{opContactless, 19}, unhex(f, "00A404000E325041592E5359532E444446303100")...))
	f.Add(byte(0), fuzzScript(f, "00A404000E315041592E5359532E444446303100", "00B2010C00", "00B2020C00"))
	// A whole story transaction with its valid PIN script, so the fuzzer
	// starts from deep states too.
	f.Add(byte(0), storySeed(f))

	f.Fuzz(func(t *testing.T, which byte, in []byte) {
		p := amex
		if which&1 == 1 {
			p = visa
		}
		c, err := New(p, testOpts()...)
		if err != nil {
			t.Fatal(err)
		}
		contact, cl := c.Contact(), c.Contactless()
		for len(in) > 0 {
			op := in[0] % opCount
			in = in[1:]
			switch op {
			case opPowerOn:
				if _, err := contact.PowerOn(); err != nil {
					t.Fatal(err)
				}
				continue
			case opPowerOff:
				contact.PowerOff()
				continue
			}
			if len(in) == 0 {
				return
			}
			n := min(int(in[0]), len(in)-1)
			apdu := in[1 : 1+n]
			in = in[1+n:]
			before := c.state
			var resp []byte
			if op == opContact {
				resp, err = contact.Transmit(apdu)
				if err != nil {
					if err != ErrNotPowered {
						t.Fatalf("transport error %v", err)
					}
					continue
				}
			} else {
				resp, err = cl.Transmit(apdu)
				if err != nil {
					t.Fatalf("transport error %v", err)
				}
			}
			checkInvariants(t, c, p, apdu, resp, before)
		}
		checkSaved(t, c, p)
	})
}

// checkInvariants checks one command's effect.
func checkInvariants(t *testing.T, c *Card, p Profile, apdu, resp []byte, before nvm) {
	t.Helper()
	if len(resp) < 2 {
		t.Fatalf("response %X without status word", resp)
	}
	sw := emv.SW(resp[len(resp)-2])<<8 | emv.SW(resp[len(resp)-1])
	after := c.state
	if !commits(sw) && sw.SW1() != 0x61 && sw.SW1() != 0x6C && after != before {
		t.Fatalf("refused command %X (%s) changed the state", apdu, sw)
	}
	for i := range after.Apps {
		if after.Apps[i].ATC < before.Apps[i].ATC {
			t.Fatalf("ATC went back after %X", apdu)
		}
	}
	if after.PINTries > before.PINTries {
		validScript := len(apdu) > 1 && apdu[1] == emv.INSPINChangeUnblock && sw == emv.SWSuccess
		rightPIN := len(apdu) > 1 && apdu[1] == emv.INSVerify && sw == emv.SWSuccess
		if !validScript && !rightPIN {
			t.Fatalf("PIN try counter rose from %d to %d after %X (%s)", before.PINTries, after.PINTries, apdu, sw)
		}
	}
	if after.PINLen != 0 && (after.PINLen < 4 || after.PINLen > 12) {
		t.Fatalf("PIN length %d", after.PINLen)
	}
}

// checkSaved checks that the card's state saves and restores unchanged.
func checkSaved(t *testing.T, c *Card, p Profile) {
	t.Helper()
	after := c.state
	saved, err := c.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(p, saved)
	if err != nil {
		t.Fatalf("restoring a saved state: %v", err)
	}
	if r.state != after {
		t.Fatal("restored state differs")
	}
}

// storySeed is the first insert of the story as fuzzer input: GPO, an ARQC,
// the issuer's PIN script for it.
func storySeed(t testing.TB) []byte {
	p := amexProfile(t)
	c := newCard(t, p)
	tr, a := arqc(t, c)
	_ = tr
	return fuzzScript(t, selAmex, gpoEmpty, genAC(emv.P1ARQC, cdol1), pinScript(t, p, a, "1234"),
		"0020008008241234FFFFFFFFFF")
}

// FuzzParseProfile feeds profile files to ParseProfile and New: no panic,
// and an accepted profile makes a card that answers SELECT.
func FuzzParseProfile(f *testing.F) {
	good, err := json.Marshal(amexProfile(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"Applications":[{"AID":"zz"}]}`))
	f.Add([]byte(`{"Protocol":"T=2"}`))
	f.Add([]byte(`{"Applications":[{"AID":"A000000025","AFL":"0801"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseProfile(b)
		if err != nil {
			return
		}
		c, err := New(p, testOpts()...)
		if err != nil {
			return
		}
		tr := c.Contact()
		if _, err := tr.PowerOn(); err != nil {
			t.Fatal(err)
		}
		a := p.Applications[0].AID
		cmd := append([]byte{0x00, 0xA4, 0x04, 0x00, byte(len(a))}, a...)
		r, err := tr.Transmit(append(cmd, 0x00))
		if err != nil || len(r) < 2 {
			t.Fatalf("SELECT of an accepted profile: %X %v", r, err)
		}
	})
}

// FuzzRestore feeds saved states to the decoder Restore uses: no panic,
// and an accepted state saves back to the same bytes. With frame set the
// input is a state body the harness wraps in a valid header and checksum,
// so the fuzzer reaches the consistency checks behind them.
func FuzzRestore(f *testing.F) {
	p := visaProfile(f)
	c := newCard(f, p)
	tr := startContact(f, c)
	send(f, tr, "0020008008249999FFFFFFFFFF")
	send(f, tr, genAC(emv.P1TC, cdol1))
	good, err := c.SaveState()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(false, good)
	f.Add(false, good[:40])
	f.Add(false, []byte("EMVCARD1"))
	f.Add(true, good[24:len(good)-16])
	f.Fuzz(func(t *testing.T, frame bool, b []byte) {
		if frame {
			var buf bytes.Buffer
			buf.Write(stateMagic[:])
			buf.Write(c.digest[:])
			buf.Write(b)
			sum := sha256.Sum256(buf.Bytes())
			buf.Write(sum[:16])
			b = buf.Bytes()
		}
		s, err := c.decodeState(b)
		if err != nil {
			return
		}
		if err := c.checkState(&s); err != nil {
			t.Fatalf("decoded an inconsistent state: %v", err)
		}
		again, err := c.encodeState(s)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted state does not save back: %v", err)
		}
	})
}
