package terminal

import (
	"context"
	"errors"
	"testing"

	"github.com/emvsim/emvsim/emv"
)

// maxFuzzInput bounds fuzz inputs: larger ones only slow the fuzzer's
// minimisation down.
const maxFuzzInput = 1024

// fuzzCard answers each command with the next chunk of the fuzz input: a
// length byte and that many bytes; length FF is a transport fault.
type fuzzCard struct {
	data []byte
	n    int
}

var errFuzzMute = errors.New("card mute")

func (f *fuzzCard) PowerOn() ([]byte, error) { return []byte{0x3B, 0x00}, nil }
func (f *fuzzCard) PowerOff()                {}
func (f *fuzzCard) Transmit(apdu []byte) ([]byte, error) {
	f.n++
	if len(f.data) == 0 || f.n > 300 {
		return nil, errFuzzMute
	}
	l := int(f.data[0])
	f.data = f.data[1:]
	if l == 0xFF {
		return nil, errFuzzMute
	}
	l = min(l, len(f.data))
	out := f.data[:l]
	f.data = f.data[l:]
	return out, nil
}

// fuzzHost answers with fuzz data as the issuer's ICC data.
type fuzzHost struct{ icc []byte }

func (h *fuzzHost) Authorize(r emv.AuthorizationRequest) (emv.AuthorizationResponse, error) {
	if len(h.icc) > 0 && h.icc[0] == 0xEE {
		return emv.AuthorizationResponse{}, errHostDown
	}
	return emv.AuthorizationResponse{RequestID: r.ID, Code: "00", ICCData: h.icc}, nil
}
func (h *fuzzHost) Advise(emv.Advice) error { return nil }

func chunked(resps ...string) []byte {
	var out []byte
	for _, r := range resps {
		b := mustHex(r)
		out = append(out, byte(len(b)))
		out = append(out, b...)
	}
	return out
}

func fuzzConfig() Config {
	cfg := ConvenienceStore()
	cfg.PINPad = pinPad("1234")
	cfg.Rand = &zeroRand{0x42}
	cfg.Now = fixedClock
	return cfg
}

// FuzzCard drives the kernel with a card whose every answer is random: the
// transaction must end with an outcome, never a panic.
func FuzzCard(f *testing.F) {
	f.Add(chunked("6A82", "6F0A8408A000000025010801A5009000", "6F0A8408A000000025010801A5009000",
		"800A1C000801010010010101"+"9000"))
	f.Add(chunked("6A82", "6A81"))
	f.Add(chunked("6F1C840E315041592E5359532E4444463031A50A8801015F2D046A61656E9000",
		"7021611F4F08A0000000250108015010414D45524943414E20455850524553538701019000", "6A83",
		"6F0C8408A000000025010801A5009000", "61FF", "7701009000"))
	f.Add(chunked("6A82", "6F0A8408A000000025010801A5009000", "6F0A8408A000000025010801A5009000",
		"800A1C000801010010010101"+"9000", "70035A01119000", "7081975A08374245001751006F5F24033012315F25032501015F280203925F300202015F3401018C1B9F02069F03069F1A0295055F2A029A039C019F37049F35019F34038D179F02069F03069F1A0295055F2A029A039C019F37048A028E0E000000000000000041035E035F039F0702FF009F080200019F0D05DC4000A8009F0E0500100000009F0F05DC4004F8009F49039F37049F420203929000",
		"9F1701039000", "9000", "8012800001F2315688A1FCC6FF06010103A050009000", "80124000012B0805DC9FAA58B30601010360D0009000"))
	term, err := New(fuzzConfig(), &fuzzHost{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4*maxFuzzInput {
			return // some dozen answers are plenty
		}
		o, err := term.Run(context.Background(), Insert(&fuzzCard{data: data}), Transaction{Amount: 15000})
		if err != nil {
			t.Fatalf("Run returned an error for a powered card: %v", err)
		}
		if o.Result != Approved && o.Result != Declined && o.Result != Terminated {
			t.Fatalf("unexpected result %v", o.Result)
		}
		if o.Reason == "" && o.Result != Approved {
			t.Fatalf("no reason for %v", o.Result)
		}
	})
}

// FuzzCardAnswer replaces one answer of the simulated story card with fuzz
// data, so the rest of the transaction runs on real answers.
func FuzzCardAnswer(f *testing.F) {
	f.Add(uint8(4), []byte{0x70, 0x03, 0x5A, 0x01, 0x11, 0x90, 0x00})
	f.Add(uint8(8), []byte{0x80, 0x02, 0x80, 0x00, 0x90, 0x00})
	f.Add(uint8(2), []byte{0x61, 0x10})
	f.Add(uint8(6), []byte{0x6C, 0x05})
	f.Add(uint8(7), []byte{0x9F, 0x17, 0x01, 0x00, 0x90, 0x00})
	p := amexProfile(f)
	term, err := New(fuzzConfig(), &fuzzHost{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, answer []byte) {
		if len(answer) > maxFuzzInput {
			return // longer than any answer a short APDU carries
		}
		c := newCard(t, p)
		n := 0
		edit := func(cmd, resp []byte) ([]byte, error) {
			n++
			if n == int(which%16) {
				return answer, nil
			}
			return resp, nil
		}
		if _, err := term.Run(context.Background(), Insert(tamper{c.Contact(), edit}), Transaction{Amount: 15000}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzIssuerResponse hands the story card's transaction a random issuer
// response: issuer authentication data and scripts in any shape.
func FuzzIssuerResponse(f *testing.F) {
	f.Add(mustHex("910A0102030405060708303072128A9F180400000001860D842400020800112233445566778899"))
	f.Add(mustHex("7105860384160071"))
	f.Add(mustHex("EE"))
	f.Add(mustHex("72FF"))
	p := amexProfile(f)
	host := &fuzzHost{}
	term, err := New(fuzzConfig(), host)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, icc []byte) {
		if len(icc) > maxFuzzInput {
			return // an issuer response is a few hundred bytes
		}
		host.icc = icc
		o, err := term.Run(context.Background(), Insert(newCard(t, p).Contact()), Transaction{Amount: 15000})
		if err != nil {
			t.Fatal(err)
		}
		if len(o.ScriptResults) != 5*len(o.Scripts) {
			t.Fatalf("9F5B of %d bytes for %d scripts", len(o.ScriptResults), len(o.Scripts))
		}
	})
}
