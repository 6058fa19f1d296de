package terminal

import (
	"context"
	"errors"
	"fmt"

	"github.com/emvsim/emvsim/emv"
)

// Errors of a stripe read that cannot be used; the outcome asks for
// another swipe.
var (
	ErrNoTrack2     = errors.New("terminal: track 2 not read")
	ErrTracksDiffer = errors.New("terminal: tracks 1 and 2 disagree on PAN, expiry or service code")
)

// stripeRead is what the terminal takes from a swipe.
type stripeRead struct {
	track2    emv.Track2
	track1    emv.Track1
	hasTrack1 bool
	// note says why a read track 1 was not used.
	note string
}

// parseTracks reads the stripe as the head gave it: track 2 is needed
// (its LRC checked where present); track 1 is used when it reads and
// agrees with track 2, and dropped with a note when it does not read.
// Tracks that read but disagree are a bad swipe.
func parseTracks(tr emv.Tracks) (stripeRead, error) {
	var s stripeRead
	if tr.Track2 == "" {
		return s, ErrNoTrack2
	}
	t2, err := emv.ParseTrack2(tr.Track2)
	if err != nil {
		return s, err
	}
	s.track2 = t2
	if tr.Track1 == "" {
		return s, nil
	}
	t1, err := emv.ParseTrack1(tr.Track1)
	switch {
	case err != nil:
		s.note = "track 1 unreadable (" + err.Error() + "): track 2 only"
	case t1.PAN != t2.PAN || t1.Expiry != t2.Expiry || t1.ServiceCode != t2.ServiceCode:
		return stripeRead{}, ErrTracksDiffer
	default:
		s.track1, s.hasTrack1 = t1, true
	}
	return s, nil
}

// runSwipe processes a magnetic stripe. A chip card (service code 2xx or
// 6xx) at a terminal with a contact reader is sent to the chip ("insert
// card") unless the chip failed earlier in this transaction: then the
// request carries POS entry mode 80, the fallback indicator, for the
// issuer to judge. The service code's restrictions and PIN requirement
// apply; otherwise the CVM is a signature where the terminal takes one.
// A stripe always goes online and never reaches the chip, so it cannot
// write a PIN.
func (t *Terminal) runSwipe(ctx context.Context, tr emv.Tracks, tx Transaction, r Readers, fallback bool) (Outcome, error) {
	if err := checkAmount(tx); err != nil {
		return Outcome{}, err
	}
	k := newTransaction(ctx, t, nil, tx, 12)
	s := &swipe{k: k, readers: r, fallback: fallback}
	k.entryMode, k.readers = s.mode(), r
	return k.end(s.run(tr)), nil
}

// swipe is the stripe part of one transaction's state.
type swipe struct {
	k        *transaction
	readers  Readers
	fallback bool
	read     stripeRead
}

func (s *swipe) mode() emv.EntryMode {
	if s.fallback {
		return emv.EntryModeFallback
	}
	return emv.EntryModeMagstripe
}

func (s *swipe) run(tr emv.Tracks) error {
	k := s.k
	if err := k.initTerminalData(); err != nil {
		return err
	}
	if s.fallback {
		k.trace.decision(stepReset, "magnetic stripe read after the chip failed: fallback")
	} else {
		k.trace.decision(stepReset, "magnetic stripe read")
	}
	read, err := parseTracks(tr)
	if err != nil {
		return &halt{result: TryAgain, reason: "stripe unreadable (" + err.Error() + "): swipe again"}
	}
	s.read = read
	if read.note != "" {
		k.trace.decisionf("%s", read.note)
	}
	t2 := read.track2
	k.trace.decisionf("%s", t2)
	pan, err := emv.AppendCN(nil, t2.PAN, (len(t2.PAN)+1)/2)
	if err != nil {
		return &halt{result: TryAgain, reason: "stripe PAN unusable: swipe again"}
	}
	k.data[emv.TagApplicationPAN] = pan
	sc := t2.ServiceCode
	switch {
	case sc.ChipPresent() && s.readers.Contact && !s.fallback:
		return &halt{result: InsertCard, reason: "service code " + sc.Digits() + ": a chip card at a chip terminal: insert the card"}
	case sc.ChipPresent() && !s.readers.Contact:
		k.trace.decisionf("service code %s: a chip card, but this terminal has no contact reader: stripe accepted", sc.Digits())
	}
	if err := s.restrictions(); err != nil {
		return err
	}
	if err := s.cardholderVerification(); err != nil {
		return err
	}
	return s.online()
}

// restrictions applies the expiry date and the services the service code
// allows (ISO/IEC 7813 digit 3).
func (s *swipe) restrictions() error {
	k := s.k
	t2 := s.read.track2
	sc := t2.ServiceCode
	k.trace.decision(StepRestrictions, "service code "+sc.Digits()+": "+sc.String())
	if now := k.now.Format("0601"); t2.Expiry < now {
		return &halt{result: Declined, reason: "card expired (" + t2.Expiry + ")"}
	}
	switch {
	case sc.ATMOnly() && !k.isATM():
		return &halt{result: Declined, reason: "service code " + sc.Digits() + ": ATM only"}
	case sc.CashOnly() && k.tx.Type != Cash:
		return &halt{result: Declined, reason: "service code " + sc.Digits() + ": cash only"}
	case sc.GoodsAndServicesOnly() && (k.tx.Type == Cash || k.tx.Type == PurchaseWithCashback):
		return &halt{result: Declined, reason: "service code " + sc.Digits() + ": goods and services only"}
	}
	return nil
}

// cardholderVerification takes an online PIN when the service code
// requires one (and declines where the terminal cannot), or asks for it
// when the service code prompts for a PIN at a PIN pad; otherwise a
// signature where the terminal takes one for this amount, else no CVM.
func (s *swipe) cardholderVerification() error {
	k := s.k
	sc := s.read.track2.ServiceCode
	k.trace.decision(StepCVM, "cardholder verification")
	pinPossible := k.t.onlinePINPossible()
	switch {
	case sc.PINRequired() && !pinPossible:
		return &halt{result: Declined, reason: "service code " + sc.Digits() + " requires a PIN and this terminal takes no online PIN"}
	case sc.PINRequired() || sc.PromptForPINIfPINPad() && pinPossible:
		ok, why := k.onlinePIN()
		if ok {
			k.cvm = emv.CVMOnlinePIN
			k.trace.decisionf("service code %s: %s", sc.Digits(), why)
			return nil
		}
		if sc.PINRequired() {
			return &halt{result: Declined, reason: "service code " + sc.Digits() + " requires a PIN: " + why}
		}
		k.trace.decisionf("service code %s: %s: signature instead", sc.Digits(), why)
	}
	switch {
	case k.supports(emv.CVMSignature):
		k.cvm, k.signature = emv.CVMSignature, true
		k.trace.decisionf("signature to be collected")
	case k.signatureWaived() && k.cfg.Capabilities.Has(emv.TermCapSignature):
		k.cvm = emv.CVMNoCVMRequired
		k.trace.decisionf("amount below the signature waiver limit %d: no CVM", k.cfg.SignatureWaiverLimit)
	default:
		k.cvm = emv.CVMNoCVMRequired
		k.trace.decisionf("the terminal takes no signature: no CVM")
	}
	return nil
}

// online sends the stripe to the issuer: track 2 (and track 1) without
// sentinels, POS entry mode 90, or 80 after a chip failure. A stripe has
// no offline approval here: unable to go online declines.
func (s *swipe) online() error {
	k := s.k
	k.trace.decision(StepOnline, fmt.Sprintf("online authorisation, POS entry mode %02X (%s)", byte(s.mode()), s.mode()))
	t2 := s.read.track2
	req := k.authorizationRequest(t2.PAN, -1)
	req.Track2 = t2.Data()
	if s.read.hasTrack1 {
		req.Track1 = s.read.track1.Data()
	}
	resp, err := k.t.host.Authorize(req)
	clear(k.pinBlock)
	if err != nil {
		k.trace.decisionf("unable to go online: %v", err)
		return &halt{result: Declined, reason: "unable to go online: a stripe is authorised only by the issuer"}
	}
	k.issuerDecides(k.answered(resp))
	return nil
}
