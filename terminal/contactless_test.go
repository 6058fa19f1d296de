package terminal

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// Book B §3.1.1: the contactless transaction limit and the CVM required
// limit are "at or above", the floor limit "above"; a zero amount needs an
// online cryptogram, or is refused by an offline-only reader.
func TestPreprocess(t *testing.T) {
	cfg := ContactlessConfig{TransactionLimit: 10000, CVMRequiredLimit: 5000, FloorLimit: 3000}
	base := emv.TTQ{0x32, 0xC0, 0x40, 0x00} // byte 2 bits come from the amount only
	tests := []struct {
		amount     int64
		ttq        emv.TTQ
		notAllowed string
		floor, cvm bool
		want       string
	}{
		{amount: 1, ttq: base, want: "32004000"},
		{amount: 3000, ttq: base, want: "32004000"},
		{amount: 3001, ttq: base, floor: true, want: "32804000"},
		{amount: 4999, ttq: base, floor: true, want: "32804000"},
		{amount: 5000, ttq: base, floor: true, cvm: true, want: "32C04000"},
		{amount: 9999, ttq: base, floor: true, cvm: true, want: "32C04000"},
		{amount: 10000, ttq: base, floor: true, cvm: true, want: "32C04000", notAllowed: "amount 10000 at or above the contactless transaction limit 10000"},
		{amount: 0, ttq: base, want: "32804000"},
		{amount: 0, ttq: emv.TTQ{0x28, 0, 0, 0}, want: "28800000", notAllowed: "zero amount at an offline-only reader"},
	}
	for _, tc := range tests {
		t.Run(strconv.FormatInt(tc.amount, 10), func(t *testing.T) {
			p := cfg.preprocess(tc.amount, tc.ttq)
			assert.Equal(t, tc.want, hexString(p.ttq[:]))
			assert.Equal(t, tc.notAllowed, p.notAllowed)
			assert.Equal(t, tc.floor, p.floorExceeded)
			assert.Equal(t, tc.cvm, p.cvmRequired)
		})
	}
	p := ContactlessConfig{}.preprocess(1<<40, base)
	assert.Empty(t, p.notAllowed, "zero limits are no limits")
	assert.False(t, p.cvmRequired)
}

func TestContactlessConfigValidate(t *testing.T) {
	apps := ConvenienceStore().Applications
	assert.NoError(t, storeContactless.validate(apps))
	assert.ErrorIs(t, ContactlessConfig{CVMRequiredLimit: -1}.validate(apps), ErrContactlessConfig)
	assert.ErrorIs(t, ContactlessConfig{Combinations: []Combination{{AID: apps[0].AID, Kernel: 2}}}.validate(apps), ErrContactlessConfig)
	assert.ErrorIs(t, ContactlessConfig{Combinations: []Combination{{AID: mustHex("A000000099"), Kernel: KernelVisa}}}.validate(apps), ErrContactlessConfig)
	// The default combinations: American Express on kernel 4, Visa on 3;
	// JCB and Mastercard have kernels this reader does not run.
	var got []string
	for _, c := range (ContactlessConfig{}).combinations(apps) {
		got = append(got, hexString(c.app.AID)+" "+c.kernel.String())
	}
	assert.Equal(t, []string{"A00000002501 kernel 4 (ExpressPay)", "A0000000031010 kernel 3 (qVSDC)"}, got)
	assert.Equal(t, "kernel 7", KernelID(7).String())
}

// Book B §3.3.2.5 C and Table 3-6.
func TestRequestedKernel(t *testing.T) {
	visa, amex := mustHex("A0000000031010"), mustHex("A00000002501")
	tests := []struct {
		name     string
		entry    []byte
		matching []byte
		want     KernelID
		ok       bool
	}{
		{"absent: Visa default", nil, visa, KernelVisa, true},
		{"absent: American Express default", nil, amex, KernelAmex, true},
		{"absent: Mastercard default", nil, mustHex("A0000000041010"), 2, true},
		{"absent: JCB default", nil, mustHex("A0000000651010"), 5, true},
		{"absent: Discover default", nil, mustHex("A0000001523010"), 0, true},
		{"absent: unknown RID", nil, mustHex("B012345678"), 0, true},
		{"short kernel 3", []byte{0x03}, amex, KernelVisa, true},
		{"short kernel with b7", []byte{0x43}, visa, 0x43, true},
		{"proprietary, 3 bytes", []byte{0x83, 0x01, 0x02}, visa, 0xFF, true},
		{"proprietary, too short", []byte{0xC3, 0x01}, visa, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := requestedKernel(tc.entry, tc.matching)
			assert.Equal(t, tc.ok, ok)
			if ok {
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

// The PPSE answers of real cards (testdata/contactless_ppse.txt) give the
// directory entries their logs show.
func TestParsePPSEPublished(t *testing.T) {
	f, err := os.Open("testdata/contactless_ppse.txt")
	require.NoError(t, err)
	defer f.Close()
	type vector struct {
		name string
		fci  []byte
		want []string
	}
	var vs []*vector
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		switch {
		case strings.HasPrefix(line, "V: "):
			name, fci, _ := strings.Cut(line[3:], " ")
			vs = append(vs, &vector{name: name, fci: mustHex(fci)})
		case strings.HasPrefix(line, "E: "):
			vs[len(vs)-1].want = append(vs[len(vs)-1].want, line[3:])
		}
	}
	require.NoError(t, s.Err())
	require.Len(t, vs, 3)
	for _, v := range vs {
		t.Run(v.name, func(t *testing.T) {
			entries, err := parsePPSE(v.fci)
			require.NoError(t, err)
			var got []string
			for _, e := range entries {
				got = append(got, hexString(e.AID)+" "+strconv.Itoa(e.Priority)+" "+e.Label)
			}
			assert.Equal(t, v.want, got)
		})
	}
}

func TestParsePPSEMalformed(t *testing.T) {
	entry := func(aid string, extra string) string {
		body := "4F" + hexLen(aid) + aid + extra
		return "61" + hexLen(body) + body
	}
	wrap := func(dir string) []byte {
		bf := "BF0C" + hexLen(dir) + dir
		a5 := "A5" + hexLen(bf) + bf
		body := "840E325041592E5359532E4444463031" + a5
		return mustHex("6F" + hexLen(body) + body)
	}
	tests := []struct {
		name string
		fci  []byte
		aids []string
		err  bool
	}{
		{"two entries, kernel IDs", wrap(entry("A0000000031010", "9F2A0103") + entry("A00000002501", "9F2A01048701 02")), []string{"A0000000031010", "A00000002501"}, false},
		{"AID too short is left out", wrap(entry("A000", "") + entry("A0000000031010", "")), []string{"A0000000031010"}, false},
		{"malformed entry is left out", wrap("6103" + "4F05A0" + entry("A0000000031010", "")), []string{"A0000000031010"}, false},
		{"no FCI", mustHex("9000"), nil, true},
		{"no A5", mustHex("6F03840100"), nil, true},
		{"no BF0C", mustHex("6F06840100A50100"), nil, true},
		{"truncated", mustHex("6F10840E"), nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entries, err := parsePPSE(tc.fci)
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			var got []string
			for _, e := range entries {
				got = append(got, hexString(e.AID))
			}
			assert.Equal(t, tc.aids, got)
		})
	}
}

func hexLen(h string) string {
	n := len(strings.ReplaceAll(h, " ", "")) / 2
	return hexString([]byte{byte(n)})
}

// apduNames lists the commands of a trace in order.
func apduNames(tr Trace) []string {
	var out []string
	for _, e := range tr {
		if e.Kind == EntryAPDU {
			out = append(out, e.Name)
		}
	}
	return out
}

func apduCommand(t testing.TB, tr Trace, name string) string {
	t.Helper()
	for _, e := range tr {
		if e.Kind == EntryAPDU && e.Name == name {
			return e.Command
		}
	}
	t.Fatalf("no %s in the trace", name)
	return ""
}

// An issued American Express card taps under the CVM required limit: one
// tap, the cryptogram in the GPO answer, no CVM, online with entry mode 07,
// the exact PDOL data of Book C-4's reader (TTQ, amounts, TVR, dates, UN).
func TestTapUnderCVMLimit(t *testing.T) {
	f := newPathFixture(t, false, "")
	store := newTerminal(t, ConvenienceStore(), f.host)
	o, err := store.runTap(context.Background(), f.card.Contactless(), Transaction{Amount: 800}, allReaders, storeContactless)
	require.NoError(t, err)
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.True(t, o.Online)
	assert.Equal(t, ARQC, o.Cryptogram)
	assert.Equal(t, emv.CVMNoCVMRequired, o.CVM)
	assert.Equal(t, cvmr("1F0002"), o.CVMResults)
	assert.False(t, o.SignatureRequired)
	assert.Equal(t, "00", o.ResponseCode)
	assert.Equal(t, []string{"SELECT PPSE", "SELECT", "GET PROCESSING OPTIONS", "READ RECORD", "READ RECORD"}, apduNames(o.Trace))
	assert.Equal(t, "80A800002383213080400000000000080000000000000003920000000000039226112500424242420"+"0",
		apduCommand(t, o.Trace, "GET PROCESSING OPTIONS"))
	req, _ := f.host.last(t)
	assert.Equal(t, emv.EntryModeContactlessChip, req.EntryMode)
	caps, _, _ := emv.Find(req.ICCData, emv.TagTerminalCapabilities)
	assert.Equal(t, "E008C8", hexString(caps.Value), "only 'No CVM required' below the CVM limit, never offline PIN")
	kernel4, ok, _ := emv.Find(req.ICCData, emv.TagEnhancedContactlessReaderCapabilities)
	require.True(t, ok)
	assert.Equal(t, "98800003", hexString(kernel4.Value), "contact, partial online, mobile; mobile CVM (no signature below the waiver limit); kernel 2.7")
	assert.Contains(t, o.Trace.Decisions(), "A000000025010801 runs on kernel 4 (ExpressPay)")
}

// At or above the CVM required limit the CVM comes from the card.
func TestTapCVM(t *testing.T) {
	amex := amexProfile(t)
	visa := func(ctq string) card.Profile {
		keys, err := card.TestKeys(cryptogram.VisaCVN10.Name, "4761739001010010", 1)
		require.NoError(t, err)
		p := card.VisaProfile("4761739001010010", 1, keys, "1234")
		p.Applications[0].Contactless.CTQ = mustHex(ctq)
		return p
	}
	amexPINFirst := amexProfile(t)
	amexPINFirst.Applications[0].CVMList = mustHex("00000000 00000000 4100 5E03 1F03")
	onlinePIN := func(c Config) Config {
		c.Capabilities = emv.TerminalCapabilities{0xE0, 0xF8, 0xC8}
		c.OnlinePINKey = mustHex("0123456789ABCDEFFEDCBA9876543210")
		c.PINPad = pinPad("1234")
		return c
	}
	tests := []struct {
		name      string
		profile   card.Profile
		cfg       Config
		cl        ContactlessConfig
		result    Result
		cvm       emv.CVMCode
		results   string
		signature bool
		pinBlock  bool
		reason    string
	}{
		{name: "ExpressPay: CVM list, signature", profile: amex, cfg: ConvenienceStore(), cl: storeContactless,
			result: Approved, cvm: emv.CVMSignature, results: "5E0300", signature: true},
		{name: "ExpressPay: offline PIN first in the list is never tried over the air", profile: amexPINFirst, cfg: ConvenienceStore(), cl: storeContactless,
			result: Approved, cvm: emv.CVMSignature, results: "5E0300", signature: true},
		{name: "ExpressPay at the ticket machine: no contactless CVM, insert", profile: amex, cfg: TicketMachine(), cl: ticketContactless,
			result: InsertCard, cvm: emv.CVMNotAvailable, results: "3F0001", reason: "no rule of the card's CVM list can be performed contactless"},
		{name: "qVSDC CTQ online PIN required, reader with online PIN", profile: visa("8000"), cfg: onlinePIN(ConvenienceStore()), cl: storeContactless,
			result: Approved, cvm: emv.CVMOnlinePIN, results: "020000", pinBlock: true},
		{name: "qVSDC CTQ online PIN required, reader without: signature", profile: visa("8000"), cfg: ConvenienceStore(), cl: storeContactless,
			result: Approved, cvm: emv.CVMSignature, results: "1E0000", signature: true},
		{name: "qVSDC CTQ signature required", profile: visa("4000"), cfg: ConvenienceStore(), cl: storeContactless,
			result: Approved, cvm: emv.CVMSignature, results: "1E0000", signature: true},
		{name: "qVSDC consumer device CVM", profile: visa("0080"), cfg: TicketMachine(), cl: ticketContactless,
			result: Approved, cvm: emv.CVMNotAvailable, results: "3F0002"},
		{name: "qVSDC at the ticket machine: nothing possible, insert", profile: visa("8000"), cfg: TicketMachine(), cl: ticketContactless,
			result: InsertCard, cvm: emv.CVMNotAvailable, results: "3F0000", reason: "neither online PIN nor signature at this reader"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCard(t, tc.profile)
			host := newIssuerHost(t, tc.profile, cryptogram.AmexCVN01)
			term := newTerminal(t, tc.cfg, host)
			o, err := term.runTap(context.Background(), c.Contactless(), Transaction{Amount: 15000}, allReaders, tc.cl)
			require.NoError(t, err)
			require.Equal(t, tc.result, o.Result, o.Trace.String())
			assert.Equal(t, tc.cvm, o.CVM)
			assert.Equal(t, cvmr(tc.results), o.CVMResults, o.CVMResults.String())
			assert.Equal(t, tc.signature, o.SignatureRequired)
			if tc.reason != "" {
				assert.Contains(t, o.Reason, tc.reason)
			}
			if tc.result != Approved {
				assert.Empty(t, host.requests)
				return
			}
			require.Len(t, host.requests, 1)
			assert.Equal(t, tc.pinBlock, host.requests[0].PINBlock != nil)
			assert.NotContains(t, apduNames(o.Trace), "VERIFY")
		})
	}
}

// The issuer's answer to a tap may carry issuer authentication data and a
// script; neither reaches the card, which has left the field.
func TestTapDeliversNoScript(t *testing.T) {
	p := amexProfile(t)
	c := newCard(t, p)
	host := newIssuerHost(t, p, cryptogram.AmexCVN01)
	host.pin = "4321"
	store := newTerminal(t, ConvenienceStore(), host)
	o, err := store.runTap(context.Background(), c.Contactless(), Transaction{Amount: 500}, allReaders, storeContactless)
	require.NoError(t, err)
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Empty(t, o.Scripts)
	assert.Empty(t, o.ScriptResults)
	assert.Equal(t, card.PINNotRegistered, c.PINStatus())
	n := 0
	for _, d := range o.Trace.Decisions() {
		if strings.HasSuffix(d, "in the response not delivered: the card has left the field") {
			n++
		}
	}
	assert.Equal(t, 2, n, "91 and 72 noted, neither sent")
	assert.Equal(t, []string{"SELECT PPSE", "SELECT", "GET PROCESSING OPTIONS", "READ RECORD", "READ RECORD"}, apduNames(o.Trace))
}

// An offline-only reader gets a TC from a card that has been online
// before; the fDDA signature is checked, and a tampered one declines.
func TestTapOfflineFDDA(t *testing.T) {
	f := newPathFixture(t, true, "4829")
	cfg := ConvenienceStore()
	cfg.CAKeys = caStore(t)
	cfg.PINPad = pinPad("4829")
	store := newTerminal(t, cfg, f.host)
	o := run(t, store, f.card.Contact(), Transaction{Amount: 3000})
	require.Equal(t, Approved, o.Result, "the first online insert")

	offline := ContactlessConfig{TTQ: emv.TTQ{0x2A, 0x00, 0x00, 0x00}, FloorLimit: 5000, CVMRequiredLimit: 5000}
	requests := len(f.host.requests)
	o, err := store.runTap(context.Background(), f.card.Contactless(), Transaction{Amount: 2000}, allReaders, offline)
	require.NoError(t, err)
	require.Equal(t, Approved, o.Result, o.Trace.String())
	assert.False(t, o.Online)
	assert.Equal(t, TC, o.Cryptogram)
	assert.Equal(t, "Y1", o.ResponseCode)
	assert.Contains(t, o.Trace.Decisions(), "fDDA verified")
	assert.Equal(t, tsi("A000"), o.TSI, "offline data authentication and card risk management performed")
	assert.Len(t, f.host.requests, requests, "offline")

	tampered := &editTap{Transport: f.card.Contactless(), edit: func(cmd, resp []byte) []byte {
		if len(cmd) > 1 && cmd[1] == emv.INSGetProcessingOptions {
			if o, ok, _ := emv.Find(resp[:len(resp)-2], emv.TagSignedDynamicApplicationData); ok {
				o.Value[10] ^= 0x01
			}
		}
		return resp
	}}
	o, err = store.runTap(context.Background(), tampered, Transaction{Amount: 2000}, allReaders, offline)
	require.NoError(t, err)
	assert.Equal(t, Declined, o.Result)
	assert.Equal(t, "fDDA failed", o.Reason)
	assert.True(t, o.TVR.Has(emv.TVRDDAFailed))
	assert.Equal(t, "Z1", o.ResponseCode)
}

// editTap lets a test change a contactless card's answers.
type editTap struct {
	emv.Transport
	edit func(cmd, resp []byte) []byte
}

func (e *editTap) Transmit(apdu []byte) ([]byte, error) {
	resp, err := e.Transport.Transmit(apdu)
	if err != nil {
		return resp, err
	}
	return e.edit(apdu, bytes.Clone(resp)), nil
}

// A card whose GPO answer carries no cryptogram runs the ExpressPay
// GENERATE AC flow: CDA, one GENERATE AC, online; never a second one.
func TestTapGenerateACWithCDA(t *testing.T) {
	f := newPathFixture(t, true, "")
	p := f.card.Profile()
	p.Applications[0].Contactless.OneTap = false
	c, err := card.New(p, card.WithRand(seeded(9)), card.WithClock(fixedClock))
	require.NoError(t, err)
	cfg := ConvenienceStore()
	cfg.CAKeys = caStore(t)
	store := newTerminal(t, cfg, f.host)
	o, err := store.runTap(context.Background(), c.Contactless(), Transaction{Amount: 800}, allReaders, storeContactless)
	require.NoError(t, err)
	require.Equal(t, Approved, o.Result, o.Trace.String())
	assert.Equal(t, ARQC, o.Cryptogram)
	names := apduNames(o.Trace)
	assert.Equal(t, "GENERATE AC", names[len(names)-1], "the last command")
	assert.NotContains(t, names[:len(names)-1], "GENERATE AC", "one GENERATE AC")
	assert.Equal(t, "80AE9000", apduCommand(t, o.Trace, "GENERATE AC")[:8], "ARQC with CDA")
	assert.Contains(t, o.Trace.Decisions(), "CDA signature verified")
	req, _ := f.host.last(t)
	assert.Equal(t, emv.EntryModeContactlessChip, req.EntryMode)
	tvr, _, _ := emv.Find(req.ICCData, emv.TagTerminalVerificationResults)
	assert.Equal(t, "0000008000", hexString(tvr.Value), "floor limit exceeded, as the CDOL1 data said")
}

// scriptedTap is a synthetic qVSDC card: PPSE, a Visa FCI with a PDOL, a
// configurable GPO answer and one record with the PAN and expiry.
type scriptedTap struct {
	ppse, fci, gpo, record string
}

func newScriptedTap() *scriptedTap {
	return &scriptedTap{
		ppse:   "6F23840E325041592E5359532E4444463031A511BF0C0E610C4F07A00000000310108701019000",
		fci:    "6F178407A0000000031010A50C9F38099F66049F02069F3704" + "9000",
		gpo:    "77278202200094041001010057" + "0C4761739001010010D3012201" + "9F2701809F26080102030405060708" + "9000",
		record: "70105A0847617390010100105F2403301231" + "9000",
	}
}

func (s *scriptedTap) Transmit(apdu []byte) ([]byte, error) {
	c, err := emv.ParseCommand(apdu)
	if err != nil {
		return mustHex("6700"), nil
	}
	switch {
	case c.INS == emv.INSSelect && bytes.Equal(c.Data, ppseName):
		return mustHex(s.ppse), nil
	case c.INS == emv.INSSelect:
		return mustHex(s.fci), nil
	case c.INS == emv.INSGetProcessingOptions:
		return mustHex(s.gpo), nil
	case c.INS == emv.INSReadRecord:
		return mustHex(s.record), nil
	}
	return mustHex("6D00"), nil
}

// What the card says ends the tap as Book B and C-3 say.
func TestTapCardAnswers(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(s *scriptedTap)
		result Result
		reason string
	}{
		{"ARQC goes online", func(s *scriptedTap) {}, Approved, "approved online by the issuer (00)"},
		{"no PPSE", func(s *scriptedTap) { s.ppse = "6A82" }, InsertCard, "no PPSE (6A82"},
		{"PPSE entry for kernel 2 only", func(s *scriptedTap) {
			s.ppse = "6F27840E325041592E5359532E4444463031A515BF0C1261104F07A00000000310108701019F2A0102" + "9000"
		}, InsertCard, "no contactless application of the card is accepted by this reader"},
		{"final SELECT fails", func(s *scriptedTap) { s.fci = "6A82" }, InsertCard, "no contactless application"},
		{"GPO 6985: next candidate, none left", func(s *scriptedTap) { s.gpo = "6985" }, InsertCard, "no contactless application"},
		{"GPO 6984: another interface", func(s *scriptedTap) { s.gpo = "6984" }, InsertCard, "the card asks for another interface (6984)"},
		{"GPO 6986: see phone", func(s *scriptedTap) { s.gpo = "6986" }, TryAgain, "see the phone"},
		{"GPO 6A80", func(s *scriptedTap) { s.gpo = "6A80" }, Terminated, "GET PROCESSING OPTIONS answered"},
		{"GPO garbage", func(s *scriptedTap) { s.gpo = "77059000" }, Terminated, "GPO response is not one data object"},
		{"GPO without AIP", func(s *scriptedTap) { s.gpo = "7706940410010100" + "9000" }, Terminated, "lacks the AIP"},
		{"GPO format 1 without AFL", func(s *scriptedTap) { s.gpo = "800220009000" }, Terminated, "AFL"},
		{"AAC", func(s *scriptedTap) { s.gpo = strings.Replace(s.gpo, "9F270180", "9F270100", 1) }, Declined, "declined offline by the card (AAC)"},
		{"RFU cryptogram type", func(s *scriptedTap) { s.gpo = strings.Replace(s.gpo, "9F270180", "9F2701C0", 1) }, Terminated, "RFU"},
		{"TC without fDDA data", func(s *scriptedTap) { s.gpo = strings.Replace(s.gpo, "9F270180", "9F270140", 1) }, Declined, "fDDA failed"},
		{"TC, application expired", func(s *scriptedTap) {
			s.gpo = strings.Replace(s.gpo, "9F270180", "9F270140", 1)
			s.record = "70105A0847617390010100105F2403251231" + "9000"
		}, Declined, "application expired"},
		{"record fails", func(s *scriptedTap) { s.record = "6A83" }, Terminated, "READ RECORD SFI 2 record 1 answered"},
		{"record not a template 70", func(s *scriptedTap) { s.record = "7103010203" + "9000" }, Terminated, "not a template 70"},
		{"record repeats 57 with another value", func(s *scriptedTap) {
			s.record = "700E570C4761739001010010D3012202" + "9000"
		}, Terminated, "redundant data"},
		{"no PAN anywhere", func(s *scriptedTap) {
			s.gpo = "7719820220009404100101009F2701809F26080102030405060708" + "9000"
			s.record = "70065F2403301231" + "9000"
		}, Terminated, "ICC data missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newScriptedTap()
			tc.edit(s)
			host := &testHost{code: emv.ResponseApproved}
			term := newTerminal(t, ConvenienceStore(), host)
			o, err := term.runTap(context.Background(), s, Transaction{Amount: 500}, allReaders, storeContactless)
			require.NoError(t, err)
			assert.Equal(t, tc.result, o.Result, o.Trace.String())
			assert.Contains(t, o.Reason, tc.reason)
		})
	}
}

// A card that leaves the field mid-tap ends the transaction, as does a
// cancelled context.
func TestTapCardRemoved(t *testing.T) {
	s := newScriptedTap()
	gone := &failingTap{after: 2, t: s}
	term := newTerminal(t, ConvenienceStore(), &testHost{code: emv.ResponseApproved})
	o, err := term.runTap(context.Background(), gone, Transaction{Amount: 500}, allReaders, storeContactless)
	require.NoError(t, err)
	assert.Equal(t, Terminated, o.Result)
	assert.Contains(t, o.Reason, "card does not answer GET PROCESSING OPTIONS")

	host := &testHost{err: errHostDown}
	term = newTerminal(t, ConvenienceStore(), host)
	o, err = term.runTap(context.Background(), newScriptedTap(), Transaction{Amount: 500}, allReaders, storeContactless)
	require.NoError(t, err)
	assert.Equal(t, Declined, o.Result)
	assert.Equal(t, "Z3", o.ResponseCode)
	assert.Contains(t, o.Reason, "unable to go online")

	_, err = term.runTap(context.Background(), newScriptedTap(), Transaction{Amount: 500}, allReaders, ContactlessConfig{FloorLimit: -1})
	assert.ErrorIs(t, err, ErrContactlessConfig)
}

// failingTap answers a few commands, then reports the card gone.
type failingTap struct {
	after int
	t     emv.Transport
}

func (f *failingTap) Transmit(apdu []byte) ([]byte, error) {
	if f.after == 0 {
		return nil, errMute
	}
	f.after--
	return f.t.Transmit(apdu)
}

func TestContactlessConfigClone(t *testing.T) {
	aid := mustHex("A0000000031010")
	cfg := ContactlessConfig{Combinations: []Combination{{AID: aid, Kernel: KernelVisa}}}
	c := cfg.clone()
	aid[0] = 0xFF
	cfg.Combinations[0].Kernel = KernelAmex
	assert.Equal(t, []Combination{{AID: mustHex("A0000000031010"), Kernel: KernelVisa}}, c.Combinations)
	assert.Nil(t, ContactlessConfig{}.clone().Combinations)
}

// Combination selection takes the highest priority (Book B §3.3.3), and a
// card asking for cash over the contact interface gets it.
func TestTapCombinationAndCash(t *testing.T) {
	s := newScriptedTap()
	entries := "610B4F06A00000002501870102" + "610C4F07A0000000031010870101" // priorities 2 and 1
	dir := "BF0C" + hexLen(entries) + entries
	body := "840E325041592E5359532E4444463031" + "A5" + hexLen(dir) + dir
	s.ppse = "6F" + hexLen(body) + body + "9000"
	term := newTerminal(t, ConvenienceStore(), &testHost{code: emv.ResponseApproved})
	o, err := term.runTap(context.Background(), s, Transaction{Amount: 500}, allReaders, storeContactless)
	require.NoError(t, err)
	require.Equal(t, Approved, o.Result, o.Trace.String())
	assert.Equal(t, "00A4040007A000000003101000", apduCommand(t, o.Trace, "SELECT"), "Visa, priority 1, first")

	s = newScriptedTap()
	s.gpo = strings.Replace(s.gpo, "7727", "772C", 1)
	s.gpo = strings.Replace(s.gpo, "9000", "9F6C020400"+"9000", 1)
	o, err = term.runTap(context.Background(), s, Transaction{Amount: 500, Type: Cash}, allReaders, storeContactless)
	require.NoError(t, err)
	assert.Equal(t, InsertCard, o.Result, o.Trace.String())
	assert.Contains(t, o.Reason, "cash only over the contact interface")
	o, err = term.runTap(context.Background(), s, Transaction{Amount: 500}, allReaders, storeContactless)
	require.NoError(t, err)
	assert.Equal(t, Approved, o.Result, "a purchase is not affected")
}

// A GENERATE AC tap ends offline when the card declines with an AAC; the
// explicit combination puts the card's AID on kernel 4.
func TestTapGenerateACOffline(t *testing.T) {
	p := amexProfile(t)
	p.Applications[0].Contactless.OneTap = false
	cl := storeContactless
	cl.Combinations = []Combination{{AID: mustHex("A00000002501"), Kernel: KernelAmex}}
	for _, tc := range []struct {
		cid    byte
		result Result
		arc    string
		reason string
	}{
		{0x00, Declined, "Z1", "declined offline by the card (AAC)"},
	} {
		t.Run(CryptogramType(tc.cid).String(), func(t *testing.T) {
			c := newCard(t, p)
			host := &testHost{code: emv.ResponseApproved}
			store := newTerminal(t, ConvenienceStore(), host)
			edited := &editTap{Transport: c.Contactless(), edit: func(cmd, resp []byte) []byte {
				if len(cmd) > 1 && cmd[1] == emv.INSGenerateAC && len(resp) > 3 && resp[0] == 0x80 {
					resp[2] = tc.cid
				}
				return resp
			}}
			o, err := store.runTap(context.Background(), edited, Transaction{Amount: 800}, allReaders, cl)
			require.NoError(t, err)
			assert.Equal(t, tc.result, o.Result, o.Trace.String())
			assert.Equal(t, tc.reason, o.Reason)
			assert.Equal(t, tc.arc, o.ResponseCode)
			assert.Empty(t, host.requests)
			assert.Contains(t, o.Trace.Decisions(), "A000000025010801 runs on kernel 4 (ExpressPay)")
		})
	}
}
