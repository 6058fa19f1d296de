package terminal

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/issuer"
)

// The story of the seed document, step by step: a new American Express
// card without a PIN on its chip.
func TestStoryFirstInsert(t *testing.T) {
	p := amexProfile(t)
	c := newCard(t, p)
	iss := newIssuerHost(t, p, cryptogram.AmexCVN01)
	iss.pin = "4321"

	// 7. The PIN-only ticket machine cannot complete a chip payment.
	ticket := newTerminal(t, TicketMachine(), iss)
	o := run(t, ticket, c.Contact(), Transaction{Amount: 1200})
	assert.Equal(t, Declined, o.Result)
	assert.Equal(t, AAC, o.Cryptogram)
	assert.False(t, o.Online)
	assert.Equal(t, cvmr("410301"), o.CVMResults, o.CVMResults.String())
	assert.Equal(t, tvr("8000A08000"), o.TVR, o.TVR.String())
	assert.Equal(t, tsi("6800"), o.TSI, o.TSI.String())
	assert.Contains(t, o.Reason, "cardholder verification was not successful")
	assert.Empty(t, iss.requests, "declined offline: nothing sent to the issuer")

	// 6. The first contact transaction falls back to signature …
	store := newTerminal(t, ConvenienceStore(), iss)
	o = run(t, store, c.Contact(), Transaction{Amount: 15000})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.True(t, o.Online)
	assert.Equal(t, TC, o.Cryptogram)
	assert.Equal(t, emv.CVMSignature, o.CVM)
	assert.True(t, o.SignatureRequired)
	assert.Equal(t, cvmr("5E0300"), o.CVMResults, o.CVMResults.String())
	// ODA not performed (card without keys), PIN try limit exceeded (no PIN
	// yet), floor limit 0 exceeded.
	assert.Equal(t, tvr("8000208000"), o.TVR, o.TVR.String())
	// CVM, card risk management, issuer authentication, TRM, scripts.
	assert.Equal(t, tsi("7C00"), o.TSI, o.TSI.String())
	// 5. … and its issuer script writes the PIN.
	require.Len(t, o.Scripts, 1)
	assert.Equal(t, mustHex("2000000001"), o.ScriptResults)
	assert.Equal(t, card.PINOnChip, c.PINStatus())
	require.Len(t, iss.advices, 1)
	assert.Equal(t, emv.AdviceCompletion, iss.advices[0].Kind)
	sr, ok, err := emv.Find(iss.advices[0].ICCData, emv.TagIssuerScriptResults)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, mustHex("2000000001"), sr.Value)

	// 9. Afterwards the ticket machine verifies the PIN offline.
	iss.pin = ""
	cfg := TicketMachine()
	cfg.PINPad = pinPad("4321")
	ticket = newTerminal(t, cfg, iss)
	o = run(t, ticket, c.Contact(), Transaction{Amount: 1200})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, emv.CVMPlaintextPIN, o.CVM)
	assert.False(t, o.SignatureRequired)
	assert.Equal(t, cvmr("410302"), o.CVMResults, o.CVMResults.String())
	assert.Equal(t, tvr("8000008000"), o.TVR, o.TVR.String())
}

// 6. A small sum at the convenience store needs no signature: the
// terminal does not offer signature below its waiver limit, so the card's
// "no CVM required" rule applies.
func TestStorySmallAmountNoSignature(t *testing.T) {
	p := amexProfile(t)
	c := newCard(t, p)
	iss := newIssuerHost(t, p, cryptogram.AmexCVN01)
	store := newTerminal(t, ConvenienceStore(), iss)
	o := run(t, store, c.Contact(), Transaction{Amount: 500})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, emv.CVMNoCVMRequired, o.CVM)
	assert.False(t, o.SignatureRequired)
	assert.Equal(t, cvmr("5F0302"), o.CVMResults, o.CVMResults.String())
	require.Len(t, iss.requests, 1)
	caps, ok, err := emv.Find(iss.requests[0].ICCData, emv.TagTerminalCapabilities)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, mustHex("E098C8"), caps.Value, "signature not offered for this amount")
}

// The story with the real issuer: the PIN registered online reaches the
// chip in the issuer script of the first online contact transaction, the
// advice confirms it, and the ticket machine then verifies it offline.
func TestStoryWithIssuer(t *testing.T) {
	phone := &issuer.MemoryNotifier{}
	cfg := issuer.Config{
		Name:  "story issuer",
		IMKAC: tdesKey(t, card.TestIMKAC), IMKSMI: tdesKey(t, card.TestIMKSMI), IMKSMC: tdesKey(t, card.TestIMKSMC),
		CVK:       tdesKey(t, mustHex("0123456789ABCDEFFEDCBA9876543210")),
		BIN:       issuer.BINRange{Low: "374245", High: "374245"},
		PANLength: 15,
		Notifier:  phone,
		Rand:      seeded(5),
		Now:       fixedClock,
	}
	iss, err := issuer.New(cfg)
	require.NoError(t, err)
	c, codes, err := iss.Issue(issuer.CardRequest{CardholderName: "HANAKO/YAMADA", Phone: "+81-90-0000-0000",
		CardOptions: []card.Option{card.WithClock(fixedClock)}})
	require.NoError(t, err)

	s, err := iss.Login(codes.PAN)
	require.NoError(t, err)
	require.NoError(t, s.EnterFrontCode(codes.FrontCode))
	require.NoError(t, s.EnterBackCode(codes.BackCode))
	require.NoError(t, s.SendOneTimeCode(issuer.ChannelSMS))
	otp, ok := phone.Last("+81-90-0000-0000")
	require.True(t, ok)
	require.NoError(t, s.EnterOneTimeCode(otp.Code))
	require.NoError(t, s.RegisterPIN("4829"))
	require.Equal(t, card.PINRegistered, c.PINStatus())

	ticketCfg := TicketMachine()
	ticketCfg.PINPad = pinPad("4829")
	ticket := newTerminal(t, ticketCfg, iss)
	o := run(t, ticket, c.Contact(), Transaction{Amount: 1200})
	assert.Equal(t, Declined, o.Result, "registered is not yet on the chip")

	store := newTerminal(t, ConvenienceStore(), iss)
	o = run(t, store, c.Contact(), Transaction{Amount: 800})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, emv.CVMNoCVMRequired, o.CVM, "small sum: no signature")
	require.Len(t, o.Scripts, 1)
	assert.Equal(t, byte(2), o.Scripts[0].Status)
	assert.Equal(t, card.PINOnChip, c.PINStatus())
	a, err := iss.Account(codes.PAN)
	require.NoError(t, err)
	assert.Equal(t, issuer.PINOnChip, a.PIN.State, "the completion advice confirmed the script")

	o = run(t, ticket, c.Contact(), Transaction{Amount: 1200})
	require.Equal(t, Approved, o.Result, o.Reason)
	assert.Equal(t, cvmr("410302"), o.CVMResults)
	assert.Empty(t, o.Scripts)
}
