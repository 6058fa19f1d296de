package terminal

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// tamper wraps a card's contact face and lets a test rewrite the answer to
// chosen commands, as a faulty or hostile card would give it.
type tamper struct {
	emv.PoweredTransport
	edit func(cmd, resp []byte) ([]byte, error)
}

func (t tamper) Transmit(apdu []byte) ([]byte, error) {
	resp, err := t.PoweredTransport.Transmit(apdu)
	if err != nil || t.edit == nil {
		return resp, err
	}
	return t.edit(apdu, resp)
}

func ins(cmd []byte) byte { return cmd[1] }

// cvmCard is the story card with its CVM list and PIN replaced.
func cvmCard(t *testing.T, cvmList string, pin string) (*card.Card, card.Profile) {
	p := amexProfile(t)
	p.Applications[0].CVMList = mustHex(cvmList)
	p.Applications[0].LayOutRecords()
	p.PIN = card.PIN{Digits: pin, TryLimit: 3}
	return newCard(t, p), p
}

// wrongThenRight enters a wrong PIN n times, then the right one.
func wrongThenRight(n int, right string) (PINPad, *[]PINRequest) {
	var seen []PINRequest
	return PINPadFunc(func(ctx context.Context, r PINRequest) ([]byte, error) {
		seen = append(seen, r)
		if len(seen) <= n {
			return []byte("0000"), nil
		}
		return []byte(right), nil
	}), &seen
}

func TestCVM(t *testing.T) {
	brokenPad := PINPadFunc(func(context.Context, PINRequest) ([]byte, error) { return nil, errors.New("keypad fault") })
	tests := []struct {
		name      string
		list      string // CVM list: X, Y, rules
		pin       string // on the card
		cfg       func(*Config)
		amount    int64
		pad       PINPad
		wantCVM   emv.CVMCode
		wantRes   string
		wantTVR3  byte // TVR byte 3
		wantSig   bool
		wantTries []int
	}{
		{name: "offline PIN ok", list: "00000000 00000000 4103 5E03", pin: "1234", pad: pinPad("1234"),
			wantCVM: emv.CVMPlaintextPIN, wantRes: "410302"},
		{name: "PIN retry after 63C2", list: "00000000 00000000 0103", pin: "1234", cfg: nil,
			wantCVM: emv.CVMPlaintextPIN, wantRes: "010302", wantTries: []int{3, 2}},
		{name: "PIN try limit exceeded then signature", list: "00000000 00000000 4103 1E03", pin: "1234",
			pad: pinPad("9999"), wantCVM: emv.CVMSignature, wantRes: "1E0300", wantTVR3: 0x20, wantSig: true},
		{name: "PIN try limit exceeded, b7 clear: CVM fails", list: "00000000 00000000 0103 1E03", pin: "1234",
			pad: pinPad("9999"), wantCVM: emv.CVMPlaintextPIN, wantRes: "010301", wantTVR3: 0xA0},
		{name: "no PIN on chip: try counter 0", list: "00000000 00000000 4100 1F00", pin: "",
			pad: pinPad("1234"), wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0002", wantTVR3: 0x20},
		{name: "PIN bypass", list: "00000000 00000000 4100 5E00", pin: "1234",
			pad: pinPad(""), wantCVM: emv.CVMSignature, wantRes: "5E0000", wantTVR3: 0x08, wantSig: true},
		{name: "bypass applies to the next PIN rule too", list: "00000000 00000000 4100 4400 1F00", pin: "1234",
			pad: pinPad(""), wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0002", wantTVR3: 0x08},
		{name: "no PIN pad", list: "00000000 00000000 4100 1F00", pin: "1234",
			wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0002", wantTVR3: 0x10},
		{name: "PIN pad broken", list: "00000000 00000000 0100", pin: "1234", pad: brokenPad,
			wantCVM: emv.CVMPlaintextPIN, wantRes: "010001", wantTVR3: 0x90},
		{name: "unsupported CVM, always: online PIN on a terminal without it", list: "00000000 00000000 4200 5E00", pin: "1234",
			wantCVM: emv.CVMSignature, wantRes: "5E0000", wantSig: true},
		{name: "offline PIN always, terminal without offline PIN", list: "00000000 00000000 4100 1F00", pin: "1234",
			cfg:     func(c *Config) { c.Capabilities[1] = 0x28 },
			wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0002", wantTVR3: 0x10},
		{name: "unrecognised CVM", list: "00000000 00000000 7A00 1F00", pin: "1234",
			wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0002", wantTVR3: 0x40},
		{name: "unrecognised CVM, b7 clear", list: "00000000 00000000 3A00 1F00", pin: "1234",
			wantCVM: emv.CVMCode(0x3A), wantRes: "3A0001", wantTVR3: 0xC0},
		{name: "fail CVM processing", list: "00000000 00000000 0000 1F00", pin: "1234",
			wantCVM: emv.CVMFailProcessing, wantRes: "000001", wantTVR3: 0x80},
		{name: "no condition satisfied", list: "00000000 00000000 4104 5E05", pin: "1234",
			wantCVM: emv.CVMNotAvailable, wantRes: "3F0001", wantTVR3: 0x80},
		{name: "under X: no CVM", list: "00002710 00000000 1F06 5E00", pin: "1234", amount: 9999,
			wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0602"},
		{name: "over X: signature", list: "00002710 00000000 1F06 5E07", pin: "1234", amount: 10001,
			wantCVM: emv.CVMSignature, wantRes: "5E0700", wantSig: true},
		{name: "equal to X is neither under nor over", list: "00002710 00000000 1F06 5E07 5E00", pin: "1234", amount: 10000,
			wantCVM: emv.CVMSignature, wantRes: "5E0000", wantSig: true},
		{name: "under Y", list: "00000000 00004E20 1F08 5E00", pin: "1234", amount: 19999,
			wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0802"},
		{name: "over Y", list: "00000000 00004E20 1F09 5E00", pin: "1234", amount: 20001,
			wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0902"},
		{name: "not cash or cashback", list: "00000000 00000000 1F02", pin: "1234",
			wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0202"},
		{name: "PIN and signature", list: "00000000 00000000 0300", pin: "1234", pad: pinPad("1234"),
			wantCVM: emv.CVMPlaintextPINAndSignature, wantRes: "030000", wantSig: true},
		{name: "signature waived below the limit", list: "00000000 00000000 5E03 1F03", pin: "1234", amount: 999,
			cfg:     func(c *Config) { c.SignatureWaiverLimit = 1000 },
			wantCVM: emv.CVMNoCVMRequired, wantRes: "1F0302"},
		{name: "signature waiver does not apply at the limit", list: "00000000 00000000 5E03 1F03", pin: "1234", amount: 1000,
			cfg:     func(c *Config) { c.SignatureWaiverLimit = 1000 },
			wantCVM: emv.CVMSignature, wantRes: "5E0300", wantSig: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := cvmCard(t, tc.list, tc.pin)
			cfg := AttendedPOS()
			cfg.PINPad = tc.pad
			var seen *[]PINRequest
			if tc.wantTries != nil {
				cfg.PINPad, seen = wrongThenRight(1, "1234")
			}
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			amount := tc.amount
			if amount == 0 {
				amount = 100
			}
			o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), c.Contact(), Transaction{Amount: amount})
			assert.Equal(t, tc.wantCVM, o.CVM, o.CVM.String())
			assert.Equal(t, cvmr(tc.wantRes), o.CVMResults, o.CVMResults.String())
			assert.Equal(t, tc.wantTVR3, o.TVR[2], o.TVR.String())
			assert.Equal(t, tc.wantSig, o.SignatureRequired)
			assert.True(t, o.TSI.Has(emv.TSICardholderVerificationPerformed))
			if seen != nil {
				var tries []int
				for _, r := range *seen {
					tries = append(tries, r.TriesLeft)
				}
				assert.Equal(t, tc.wantTries, tries)
			}
			for _, e := range o.Trace {
				assert.NotContains(t, e.Command, "241234FFFFFFFFFF", "the PIN block never reaches the trace")
			}
		})
	}
}

func TestCVMNotSupportedByAIPOrAbsentList(t *testing.T) {
	p := amexProfile(t)
	p.Applications[0].CVMList = nil
	p.Applications[0].LayOutRecords()
	o := run(t, newTerminal(t, AttendedPOS(), &testHost{code: "00"}), newCard(t, p).Contact(), Transaction{Amount: 100})
	assert.Equal(t, cvmr("3F0000"), o.CVMResults)
	assert.True(t, o.TVR.Has(emv.TVRICCDataMissing))
	assert.False(t, o.TSI.Has(emv.TSICardholderVerificationPerformed))
}

func TestPINTryLimitFromVerify(t *testing.T) {
	for _, sw := range []string{"6983", "6984"} {
		t.Run(sw, func(t *testing.T) {
			c, _ := cvmCard(t, "00000000 00000000 4100 5E00", "1234")
			edit := func(cmd, resp []byte) ([]byte, error) {
				if ins(cmd) == emv.INSVerify {
					return mustHex(sw), nil
				}
				return resp, nil
			}
			cfg := AttendedPOS()
			cfg.PINPad = pinPad("1234")
			o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), tamper{c.Contact(), edit}, Transaction{Amount: 100})
			assert.Equal(t, byte(0x20), o.TVR[2], o.TVR.String())
			assert.Equal(t, cvmr("5E0000"), o.CVMResults)
			assert.Contains(t, o.Trace.Decisions(), "CVM rule 1 offline plaintext PIN: VERIFY answered "+emv.SW(0x6900|emv.SW(mustHex(sw)[1])).String()+": PIN try limit exceeded, TVR 'PIN try limit exceeded' → next rule")
		})
	}
}

func TestWrongARPC(t *testing.T) {
	p := amexProfile(t)
	c := newCard(t, p)
	iss := newIssuerHost(t, p, cryptogram.AmexCVN01)
	iss.wrongARPC = true
	o := run(t, newTerminal(t, ConvenienceStore(), iss), c.Contact(), Transaction{Amount: 15000})
	assert.True(t, o.TVR.Has(emv.TVRIssuerAuthenticationFailed), o.TVR.String())
	assert.True(t, o.TSI.Has(emv.TSIIssuerAuthenticationPerformed))
	// The card decides on its own what a failed issuer authentication means.
	t.Log(o)
}

func TestUnableToGoOnline(t *testing.T) {
	tests := []struct {
		name    string
		tac     emv.TVR
		result  Result
		arc     string
		crypt   CryptogramType
		noIACDf bool
	}{
		// TVR 80 00 20 80 00 meets the card's IAC-default DC4000A800.
		{name: "default codes decline", tac: emv.TVR{}, result: Declined, arc: "Z3", crypt: AAC},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCard(t, amexProfile(t))
			cfg := ConvenienceStore()
			cfg.Applications[0].TACDefault = tc.tac
			h := &testHost{err: errHostDown}
			o := run(t, newTerminal(t, cfg, h), c.Contact(), Transaction{Amount: 15000})
			assert.Equal(t, tc.result, o.Result, o.Reason)
			assert.Equal(t, tc.arc, o.ResponseCode)
			assert.Equal(t, tc.crypt, o.Cryptogram)
			assert.False(t, o.Online)
			assert.Len(t, h.requests, 1)
			assert.Empty(t, h.advices)
		})
	}
}

func TestUnableToGoOnlineApprovedOffline(t *testing.T) {
	// IAC-default and TAC-default without any bit the TVR has: the
	// terminal asks for a TC with ARC Y3 (Book 3 §10.7, §10.9).
	p := amexProfile(t)
	p.Applications[0].IACDefault = mustHex("0000000000")
	p.Applications[0].LayOutRecords()
	cfg := ConvenienceStore()
	cfg.Applications[0].TACDefault = emv.TVR{}
	h := &testHost{err: errHostDown}
	o := run(t, newTerminal(t, cfg, h), newCard(t, p).Contact(), Transaction{Amount: 15000})
	assert.Equal(t, "Y3", o.ResponseCode)
	var second string
	for _, e := range o.Trace {
		if e.Name == "GENERATE AC" {
			second = e.Command
		}
	}
	assert.True(t, strings.HasPrefix(second, "80AE4000"), "second GENERATE AC asks for a TC: %s", second)
	assert.Contains(t, second, "5933", "Y3 in the CDOL2 data")
	assert.False(t, o.Online)
}

func TestDefaultActionAnalysisAbsentIAC(t *testing.T) {
	// Unable to go online with no IAC-default: all ones, so any TVR bit
	// declines (Book 3 §10.7).
	p := amexProfile(t)
	p.Applications[0].IACDefault = nil
	p.Applications[0].LayOutRecords()
	cfg := ConvenienceStore()
	cfg.Applications[0].TACDefault = emv.TVR{}
	o := run(t, newTerminal(t, cfg, &testHost{err: errHostDown}), newCard(t, p).Contact(), Transaction{Amount: 15000})
	assert.Equal(t, Declined, o.Result)
	assert.Equal(t, "Z3", o.ResponseCode)
}

func TestScripts(t *testing.T) {
	tests := []struct {
		name      string
		tmpl      emv.Tag
		bad       bool
		wantSR    string
		wantTVR5  byte
		pinStatus card.PINStatus
	}{
		{name: "72 ok", tmpl: emv.TagIssuerScriptTemplate2, wantSR: "2000000001", pinStatus: card.PINOnChip},
		{name: "72 fails", tmpl: emv.TagIssuerScriptTemplate2, bad: true, wantSR: "1100000001", wantTVR5: 0x10, pinStatus: card.PINNotRegistered},
		{name: "71 ok", tmpl: emv.TagIssuerScriptTemplate1, wantSR: "2000000001", pinStatus: card.PINOnChip},
		{name: "71 fails", tmpl: emv.TagIssuerScriptTemplate1, bad: true, wantSR: "1100000001", wantTVR5: 0x20, pinStatus: card.PINNotRegistered},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := amexProfile(t)
			c := newCard(t, p)
			iss := newIssuerHost(t, p, cryptogram.AmexCVN01)
			iss.pin, iss.scriptTag, iss.badScript = "4321", tc.tmpl, tc.bad
			o := run(t, newTerminal(t, ConvenienceStore(), iss), c.Contact(), Transaction{Amount: 15000})
			assert.Equal(t, mustHex(tc.wantSR), o.ScriptResults)
			assert.Equal(t, tc.wantTVR5, o.TVR[4]&0x30, o.TVR.String())
			assert.True(t, o.TSI.Has(emv.TSIScriptProcessingPerformed))
			assert.Equal(t, tc.pinStatus, c.PINStatus())
		})
	}
}

func TestForcedOnlineAndFloorLimit(t *testing.T) {
	c := newCard(t, amexProfile(t))
	cfg := AttendedPOS()
	cfg.RandomSelection = RandomSelection{}
	h := &testHost{code: "00"}
	term := newTerminal(t, cfg, h)
	o := run(t, term, c.Contact(), Transaction{Amount: 100, ForceOnline: true})
	assert.Equal(t, byte(0x08), o.TVR[3], o.TVR.String())
	o = run(t, term, c.Contact(), Transaction{Amount: 5000})
	assert.Equal(t, byte(0x80), o.TVR[3], o.TVR.String())
	o = run(t, term, c.Contact(), Transaction{Amount: 4999})
	assert.Equal(t, byte(0x00), o.TVR[3], o.TVR.String())
}

func TestT0GetResponseAndWrongLe(t *testing.T) {
	// The card answers 61xx to SELECT (T=0 case 4) and 6Cxx to READ RECORD.
	c := newCard(t, amexProfile(t))
	var pending []byte
	edit := func(cmd, resp []byte) ([]byte, error) {
		switch {
		case ins(cmd) == emv.INSGetResponse:
			out := append(pending, 0x90, 0x00)
			pending = nil
			return out, nil
		case ins(cmd) == emv.INSSelect && len(resp) > 2:
			pending = bytes.Clone(resp[:len(resp)-2])
			return []byte{0x61, byte(len(pending))}, nil
		case ins(cmd) == emv.INSReadRecord && cmd[len(cmd)-1] == 0x00 && len(resp) > 2:
			return []byte{0x6C, byte(len(resp) - 2)}, nil
		}
		return resp, nil
	}
	o := run(t, newTerminal(t, ConvenienceStore(), &testHost{code: "00"}), tamper{c.Contact(), edit}, Transaction{Amount: 15000})
	require.Equal(t, Approved, o.Result, o.Reason)
	var names []string
	for _, e := range o.Trace {
		if e.Kind == EntryAPDU {
			names = append(names, e.Name)
		}
	}
	assert.Contains(t, names, "GET RESPONSE")
}

func TestBadCards(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(cmd, resp []byte) ([]byte, error)
		reason string
	}{
		{name: "mute after SELECT", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSGetProcessingOptions {
				return nil, errors.New("card removed")
			}
			return resp, nil
		}, reason: "card does not answer GET PROCESSING OPTIONS"},
		{name: "garbage GPO", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSGetProcessingOptions {
				return mustHex("8103FFFF9000"), nil
			}
			return resp, nil
		}, reason: "GPO response"},
		{name: "no status word", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSReadRecord && cmd[3] == 0x14 {
				return []byte{0x90}, nil
			}
			return resp, nil
		}, reason: "no status word"},
		{name: "PAN missing", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSReadRecord && cmd[3] == 0x14 {
				return bytes.Replace(resp, mustHex("5A08"), mustHex("5908"), 1), nil
			}
			return resp, nil
		}, reason: "ICC data missing: mandatory data object 5A absent"},
		{name: "duplicate object", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSReadRecord && cmd[3] == 0x0C && cmd[2] == 1 {
				return mustHex("70045F3401019000"), nil
			}
			return resp, nil
		}, reason: "repeats data object 5F34"},
		{name: "GENERATE AC 6985", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSGenerateAC {
				return mustHex("6985"), nil
			}
			return resp, nil
		}, reason: "GENERATE AC answered 6985"},
		{name: "ARQC to the second GENERATE AC", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSGenerateAC && cmd[2]&0xC0 == 0x40 {
				out := bytes.Clone(resp)
				out[2] = 0x80
				return out, nil
			}
			return resp, nil
		}, reason: "card answered ARQC to the second GENERATE AC"},
		{name: "higher cryptogram than requested", edit: func(cmd, resp []byte) ([]byte, error) {
			if ins(cmd) == emv.INSGenerateAC && cmd[2]&0xC0 == 0x80 {
				out := bytes.Clone(resp)
				out[2] = 0x40
				return out, nil
			}
			return resp, nil
		}, reason: "card answered TC to a request for ARQC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCard(t, amexProfile(t))
			o := run(t, newTerminal(t, ConvenienceStore(), &testHost{code: "00"}), tamper{c.Contact(), tc.edit}, Transaction{Amount: 15000})
			assert.Equal(t, Terminated, o.Result)
			assert.Contains(t, o.Reason, tc.reason)
			if tc.name == "PAN missing" {
				assert.True(t, o.TVR.Has(emv.TVRICCDataMissing))
			}
		})
	}
}

func TestGPOConditionsNotSatisfiedReselects(t *testing.T) {
	c := newCard(t, amexProfile(t))
	edit := func(cmd, resp []byte) ([]byte, error) {
		if ins(cmd) == emv.INSGetProcessingOptions {
			return mustHex("6985"), nil
		}
		return resp, nil
	}
	o := run(t, newTerminal(t, ConvenienceStore(), &testHost{code: "00"}), tamper{c.Contact(), edit}, Transaction{Amount: 100})
	assert.Equal(t, Terminated, o.Result)
	assert.Contains(t, o.Reason, "no application on the card is accepted")
	assert.Contains(t, o.Trace.Decisions(), "GPO: conditions of use not satisfied (6985): application removed, selecting again")
}

// The simulated Visa card speaks T=0: case 4 commands answer 61xx and the
// kernel fetches the data with GET RESPONSE.
func TestT0CardEndToEnd(t *testing.T) {
	keys, err := card.TestKeys(cryptogram.VisaCVN10.Name, "4761739001010010", 0x01)
	require.NoError(t, err)
	p := card.VisaProfile("4761739001010010", 0x01, keys, "1234")
	require.Equal(t, card.T0, p.Protocol)
	c := newCard(t, p)
	cfg := ConvenienceStore()
	cfg.PINPad = pinPad("1234")
	o := run(t, newTerminal(t, cfg, newIssuerHost(t, p, cryptogram.VisaCVN10)), c.Contact(), Transaction{Amount: 15000})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, cvmr("410302"), o.CVMResults)
	var getResponses int
	for _, e := range o.Trace {
		if e.Name == "GET RESPONSE" {
			getResponses++
		}
	}
	assert.Positive(t, getResponses)
}

// Book 3 §9.3: a card asked for a TC may go online instead. Under the
// floor limit the terminal asks for a TC; a new card's risk management
// turns it into an ARQC, and the transaction goes online.
func TestCardAnswersARQCToATCRequest(t *testing.T) {
	p := amexProfile(t)
	p.Applications[0].IACOnline = card.Hex{0, 0, 0, 0, 0}
	p.Applications[0].LayOutRecords()
	c := newCard(t, p)
	cfg := AttendedPOS()
	cfg.RandomSelection = RandomSelection{}
	for i := range cfg.Applications {
		cfg.Applications[i].TACOnline = emv.TVR{}
	}
	var asked []byte
	spy := func(cmd, resp []byte) ([]byte, error) {
		if ins(cmd) == emv.INSGenerateAC {
			asked = append(asked, cmd[2]&0xC0)
		}
		return resp, nil
	}
	o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), tamper{c.Contact(), spy}, Transaction{Amount: 1000})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.True(t, o.Online)
	assert.Equal(t, []byte{0x40, 0x40}, asked, "TC asked at the first GENERATE AC, TC after approval: %s", o.Trace)
	assert.Equal(t, TC, o.Cryptogram)
}
