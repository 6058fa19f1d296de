package terminal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/emvsim/emvsim/emv"
)

// KernelID is a short kernel identifier (EMV Contactless Book B §3.3.2,
// Table 3-6): which contactless kernel processes an application.
type KernelID byte

// The kernels this reader runs. Kernel 3 is the Visa qVSDC style (Book
// C-3): the card returns the cryptogram in its GET PROCESSING OPTIONS
// response, the CVM comes from the Card Transaction Qualifiers and an
// offline approval is authenticated by fDDA. Kernel 4 is the American
// Express ExpressPay style (Book C-4): reader capabilities 9F6D and 9F6E
// in the PDOL data, the cryptogram from GENERATE AC (or from GPO on
// one-tap cards), CDA, and the card's CVM list limited to what a
// contactless reader can do.
const (
	KernelVisa KernelID = 3
	KernelAmex KernelID = 4
)

func (id KernelID) String() string {
	switch id {
	case KernelVisa:
		return "kernel 3 (qVSDC)"
	case KernelAmex:
		return "kernel 4 (ExpressPay)"
	}
	return fmt.Sprintf("kernel %d", byte(id))
}

// defaultKernel is the kernel Book B Table 3-6 assigns to an AID whose
// PPSE entry names none, by its RID; 0 when the RID has no default.
func defaultKernel(aid []byte) KernelID {
	if len(aid) < 5 || !bytes.Equal(aid[:4], []byte{0xA0, 0, 0, 0}) {
		return 0
	}
	switch aid[4] {
	case 0x04: // Mastercard
		return 2
	case 0x03: // Visa
		return 3
	case 0x25: // American Express
		return 4
	case 0x65: // JCB
		return 5
	case 0x15: // Discover
		return 6
	}
	return 0
}

// Combination is one AID and kernel pair the reader supports (Book B
// §3.3.2). The AID must be one of Config.Applications.
type Combination struct {
	AID    []byte
	Kernel KernelID
}

// ContactlessConfig holds the contactless reader's parameters (EMV
// Contactless Book A §5.7 and Book B §3.1).
type ContactlessConfig struct {
	// TransactionLimit is the reader contactless transaction limit: an
	// amount at or above it is not taken contactless ("insert or swipe").
	// Zero means no limit.
	TransactionLimit int64
	// CVMRequiredLimit is the reader CVM required limit: at or above it
	// the tap needs a cardholder verification, below it none. Zero means
	// no limit (never required by amount).
	CVMRequiredLimit int64
	// FloorLimit is the reader contactless floor limit: above it the
	// reader asks the card for an online cryptogram (TTQ byte 2 b8).
	FloorLimit int64
	// TTQ is the reader's Terminal Transaction Qualifiers (9F66). The zero
	// value derives them from the terminal: EMV mode, contact chip when
	// there is a contact reader, offline-only by the terminal type, online
	// PIN and signature by Config.Capabilities, ODA for online
	// authorisations when CA keys are loaded, consumer device CVM. Byte 2
	// bits 8 and 7 are always set per transaction.
	TTQ emv.TTQ
	// Combinations are the AID–kernel pairs; nil means every configured
	// application whose RID has kernel 3 or 4 as its default.
	Combinations []Combination
}

// ErrContactlessConfig reports invalid contactless reader parameters.
var ErrContactlessConfig = errors.New("terminal: invalid contactless configuration")

func (c ContactlessConfig) validate(apps []Application) error {
	if c.TransactionLimit < 0 || c.CVMRequiredLimit < 0 || c.FloorLimit < 0 {
		return fmt.Errorf("%w: negative limit", ErrContactlessConfig)
	}
	for i, cb := range c.Combinations {
		if cb.Kernel != KernelVisa && cb.Kernel != KernelAmex {
			return fmt.Errorf("%w: Combinations[%d]: %s not supported", ErrContactlessConfig, i, cb.Kernel)
		}
		if !slices.ContainsFunc(apps, func(a Application) bool { return bytes.Equal(a.AID, cb.AID) }) {
			return fmt.Errorf("%w: Combinations[%d]: AID %X is not a configured application", ErrContactlessConfig, i, cb.AID)
		}
	}
	return nil
}

// clone copies the combinations so that a caller's later edits cannot
// reach a running terminal.
func (c ContactlessConfig) clone() ContactlessConfig {
	c.Combinations = slices.Clone(c.Combinations)
	for i := range c.Combinations {
		c.Combinations[i].AID = bytes.Clone(c.Combinations[i].AID)
	}
	return c
}

// combination is a reader combination with the terminal's application.
type combination struct {
	app    *Application
	kernel KernelID
}

// combinations lists the reader's combinations in configuration order.
func (c ContactlessConfig) combinations(apps []Application) []combination {
	var out []combination
	if c.Combinations == nil {
		for i := range apps {
			if k := defaultKernel(apps[i].AID); k == KernelVisa || k == KernelAmex {
				out = append(out, combination{app: &apps[i], kernel: k})
			}
		}
		return out
	}
	for _, cb := range c.Combinations {
		for i := range apps {
			if bytes.Equal(apps[i].AID, cb.AID) {
				out = append(out, combination{app: &apps[i], kernel: cb.Kernel})
				break
			}
		}
	}
	return out
}

// preprocessing is the outcome of Book B §3.1.1 for this amount: whether
// contactless is allowed and the transaction's copy of the TTQ.
type preprocessing struct {
	notAllowed    string // why contactless is not allowed, "" when it is
	floorExceeded bool
	cvmRequired   bool
	ttq           emv.TTQ
}

// preprocess applies the reader limits to the amount (Book B §3.1.1): at
// or above the contactless transaction limit no contactless; above the
// floor limit (and for a zero amount on an online reader) "online
// cryptogram required"; at or above the CVM required limit "CVM
// required".
func (c ContactlessConfig) preprocess(amount int64, ttq emv.TTQ) preprocessing {
	p := preprocessing{ttq: ttq}
	p.ttq.Clear(emv.TTQOnlineCryptogramRequired)
	p.ttq.Clear(emv.TTQCVMRequired)
	if c.TransactionLimit > 0 && amount >= c.TransactionLimit {
		p.notAllowed = fmt.Sprintf("amount %d at or above the contactless transaction limit %d", amount, c.TransactionLimit)
	}
	if amount > c.FloorLimit {
		p.floorExceeded = true
		p.ttq.Set(emv.TTQOnlineCryptogramRequired)
	}
	if amount == 0 {
		if ttq.Has(emv.TTQOfflineOnlyReader) {
			p.notAllowed = "zero amount at an offline-only reader"
		}
		p.ttq.Set(emv.TTQOnlineCryptogramRequired)
	}
	if c.CVMRequiredLimit > 0 && amount >= c.CVMRequiredLimit {
		p.cvmRequired = true
		p.ttq.Set(emv.TTQCVMRequired)
	}
	return p
}

// readerTTQ is the configured TTQ, or the one the terminal's setup implies.
func (t *Terminal) readerTTQ(r Readers, cl ContactlessConfig) emv.TTQ {
	if cl.TTQ != (emv.TTQ{}) {
		return cl.TTQ
	}
	var q emv.TTQ
	q.Set(emv.TTQEMVModeSupported)
	if r.Contact {
		q.Set(emv.TTQEMVContactChipSupported)
	}
	if t.cfg.Type.OfflineOnly() {
		q.Set(emv.TTQOfflineOnlyReader)
	}
	if t.onlinePINPossible() {
		q.Set(emv.TTQOnlinePINSupported)
	}
	if t.cfg.Capabilities.Has(emv.TermCapSignature) {
		q.Set(emv.TTQSignatureSupported)
	}
	if t.cfg.CAKeys != nil {
		q.Set(emv.TTQODAForOnlineAuthorisationSupported)
	}
	q.Set(emv.TTQConsumerDeviceCVMSupported)
	return q
}

// onlinePINPossible reports a terminal that can take an online PIN: the
// capability, a PIN pad, a PIN key and a host to verify it.
func (t *Terminal) onlinePINPossible() bool {
	return t.cfg.Capabilities.Has(emv.TermCapEncipheredPINOnline) && t.cfg.PINPad != nil &&
		len(t.cfg.OnlinePINKey) > 0 && t.cfg.Type.OnlineCapable()
}

// otherInterface is the outcome that sends the cardholder to another
// reader: "insert card" where there is a contact reader, otherwise "use
// another interface" (Book B Outcome "Try Another Interface").
func otherInterface(r Readers) Result {
	if r.Contact {
		return InsertCard
	}
	return UseOtherInterface
}

// runTap runs a contactless transaction: pre-processing, PPSE and
// combination selection (Book B §3.1–3.3), then the selected kernel. The
// card is in the field for one tap: no VERIFY, no EXTERNAL AUTHENTICATE,
// no second GENERATE AC and no issuer scripts.
func (t *Terminal) runTap(ctx context.Context, c emv.Transport, tx Transaction, r Readers, cl ContactlessConfig) (Outcome, error) {
	if err := checkAmount(tx); err != nil {
		return Outcome{}, err
	}
	if err := cl.validate(t.cfg.Applications); err != nil {
		return Outcome{}, err
	}
	k := newTransaction(ctx, t, c, tx, 32)
	k.entryMode, k.readers = emv.EntryModeContactlessChip, r
	tp := &tap{k: k, readers: r, cfg: cl}
	return k.end(tp.run()), nil
}

// tap is the contactless part of one transaction's state; the rest is the
// shared per-transaction struct.
type tap struct {
	k       *transaction
	readers Readers
	cfg     ContactlessConfig
	pre     preprocessing
	kernel  KernelID
	// cryptoTVR is the TVR the card's cryptogram covers (sent in the PDOL
	// or CDOL1 data); the authorisation request carries it, whatever the
	// reader notes afterwards.
	cryptoTVR   emv.TVR
	ctq         emv.CTQ
	hasCTQ      bool
	forceOnline bool
}

// ppseName is the PPSE's DF name (Book B §3.3.2.2).
var ppseName = []byte("2PAY.SYS.DDF01")

func (p *tap) run() error {
	k := p.k
	if err := k.initTerminalData(); err != nil {
		return err
	}
	ttq := k.t.readerTTQ(p.readers, p.cfg)
	if k.signatureWaived() {
		// As 9F33: no signature offered below the merchant's waiver limit.
		ttq.Clear(emv.TTQSignatureSupported)
	}
	p.pre = p.cfg.preprocess(k.tx.Amount, ttq)
	k.trace.decision(stepReset, fmt.Sprintf("contactless pre-processing: amount %d, TTQ %X (%s)", k.tx.Amount, p.pre.ttq[:], p.pre.ttq))
	if p.pre.notAllowed != "" {
		return &halt{result: otherInterface(p.readers), reason: p.pre.notAllowed + ": insert or swipe the card"}
	}
	k.data[emv.TagTerminalCapabilities] = p.capabilities()
	cands, err := p.candidates()
	if err != nil {
		return err
	}
	for len(cands) > 0 {
		c := cands[0]
		cands = cands[1:]
		ok, err := k.finalSelect(candidate{Candidate: c.Candidate, app: c.comb.app})
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		p.kernel = c.comb.kernel
		k.trace.decisionf("%X runs on %s", k.aid, p.kernel)
		p.kernelData()
		ok, err = p.initiate()
		if err != nil {
			return err
		}
		if ok {
			return p.process()
		}
	}
	return &halt{result: otherInterface(p.readers), reason: "no contactless application of the card is accepted by this reader: insert, swipe or try another card"}
}

// capabilities instantiates 9F33 for a tap: no offline PIN (no VERIFY
// over the air); below the CVM required limit only "No CVM required",
// at or above it online PIN and signature as the terminal offers them
// (the signature waiver applies as on the contact path).
func (p *tap) capabilities() []byte {
	caps := p.k.cfg.Capabilities
	if p.k.signatureWaived() {
		caps.Clear(emv.TermCapSignature)
	}
	cvm := caps[1] & 0x60 // online PIN, signature
	if !p.k.t.onlinePINPossible() {
		cvm &^= 0x40
	}
	if !p.pre.cvmRequired {
		cvm = 0x08 // No CVM required
	}
	caps[1] = cvm
	return caps[:]
}

// kernelData stores the reader data objects of the chosen kernel: the TTQ
// for both, and for kernel 4 the contactless reader capabilities 9F6D
// (Book C-4 Table 4-2: EMV and mag-stripe, CVM required or not) and the
// enhanced contactless reader capabilities 9F6E (Table 4-4).
func (p *tap) kernelData() {
	k := p.k
	k.data[emv.TagTerminalTransactionQualifiers] = bytes.Clone(p.pre.ttq[:])
	if p.kernel != KernelAmex {
		return
	}
	caps9F6D := byte(0xC0)
	if p.pre.cvmRequired {
		caps9F6D = 0xC8
	}
	k.data[emv.TagContactlessReaderCapabilities] = []byte{caps9F6D}
	var e [4]byte
	e[0] = 0x10 | 0x08 // EMV partial online mode, mobile supported
	if p.readers.Contact {
		e[0] |= 0x80
	}
	e[1] = 0x80 // mobile CVM
	if p.pre.ttq.Has(emv.TTQOnlinePINSupported) {
		e[1] |= 0x40
	}
	if p.pre.ttq.Has(emv.TTQSignatureSupported) {
		e[1] |= 0x20
	}
	if p.pre.ttq.Has(emv.TTQOfflineOnlyReader) {
		e[2] |= 0x80
	}
	if p.pre.cvmRequired {
		e[2] |= 0x40
	}
	e[3] = 0x03 // kernel version 2.7
	k.data[emv.TagEnhancedContactlessReaderCapabilities] = e[:]
}

// ppseEntry is one directory entry of the PPSE (Book B §3.3.2): 61 with
// 4F, 50, 87 and the requested kernel 9F2A.
type ppseEntry struct {
	Candidate
	kernel []byte
}

var errPPSE = errors.New("PPSE FCI is not 6F with 84 and A5 holding BF0C")

// maxPPSEEntries bounds the directory a card may return.
const maxPPSEEntries = 32

// parsePPSE reads the directory entries of the PPSE's FCI: 6F { 84, A5 {
// BF0C { 61 … } } }. Entries without a valid ADF name are left out (Book
// B §3.3.2.5 A).
func parsePPSE(fci []byte) ([]ppseEntry, error) {
	objs, err := emv.ParseObjects(fci)
	if err != nil || len(objs) != 1 || objs[0].Tag != emv.TagFCITemplate {
		return nil, errPPSE
	}
	a5, ok := child(objs[0], emv.TagFCIProprietaryTemplate)
	if !ok {
		return nil, errPPSE
	}
	dir, ok := child(a5, emv.TagFCIIssuerDiscretionaryData)
	if !ok {
		return nil, errPPSE
	}
	var out []ppseEntry
	s := dir.Children()
	for s.Next() && len(out) < maxPPSEEntries {
		o := s.Object()
		if o.Tag != emv.TagApplicationTemplate {
			continue
		}
		var e ppseEntry
		in := o.Children()
		for in.Next() {
			f := in.Object()
			switch f.Tag {
			case emv.TagApplicationIdentifierCard:
				e.AID = bytes.Clone(f.Value)
			case emv.TagApplicationLabel:
				e.Label = string(f.Value)
			case emv.TagApplicationPriorityIndicator:
				if len(f.Value) == 1 {
					e.Priority = int(f.Value[0] & 0x0F)
					e.ConfirmationRequired = f.Value[0]&0x80 != 0
				}
			case emv.TagKernelIdentifier:
				e.kernel = bytes.Clone(f.Value)
			}
		}
		if in.Err() != nil {
			continue // a malformed entry is ignored, the others stay
		}
		if len(e.AID) >= 5 && len(e.AID) <= 16 {
			out = append(out, e)
		}
	}
	if s.Err() != nil && len(out) == 0 {
		return nil, s.Err()
	}
	return out, nil
}

// child finds the first child of a template with tag t.
func child(o emv.Object, t emv.Tag) (emv.Object, bool) {
	s := o.Children()
	for s.Next() {
		if s.Object().Tag == t {
			return s.Object(), true
		}
	}
	return emv.Object{}, false
}

// requestedKernel is the kernel a PPSE entry asks for (Book B §3.3.2.5 C):
// the default of the matching AID when 9F2A is absent or empty, the short
// kernel ID for an EMVCo kernel (byte 1 b8-b7 00 or 01); ok is false for
// an entry to skip (a proprietary ID shorter than 3 bytes). A proprietary
// kernel ID never names kernel 3 or 4, so it comes back as 0xFF.
func requestedKernel(entry []byte, matching []byte) (KernelID, bool) {
	switch {
	case len(entry) == 0:
		return defaultKernel(matching), true
	case entry[0]&0xC0 == 0x00 || entry[0]&0xC0 == 0x40:
		return KernelID(entry[0]), true
	case len(entry) < 3:
		return 0, false
	}
	return 0xFF, true
}

// ppseCandidate is a directory entry matched with a reader combination.
type ppseCandidate struct {
	Candidate
	comb  combination
	order int
}

// candidates selects the PPSE and builds the candidate list of
// combination selection (Book B §3.3.2): each entry whose ADF name starts
// with a combination's AID and whose requested kernel is that
// combination's, ordered by priority (1 highest, none last), then PPSE
// order.
func (p *tap) candidates() ([]ppseCandidate, error) {
	k := p.k
	k.trace.decision(StepSelection, "combination selection: SELECT PPSE")
	resp, err := k.exchange("SELECT PPSE", emv.SelectCommand(ppseName, false))
	if err != nil {
		return nil, err
	}
	if resp.SW != emv.SWSuccess {
		return nil, &halt{result: otherInterface(p.readers), reason: fmt.Sprintf("no PPSE (%s): insert, swipe or try another card", resp.SW)}
	}
	entries, err := parsePPSE(resp.Data)
	if err != nil {
		k.trace.decisionf("PPSE FCI malformed (%v): no candidates", err)
	}
	var cands []ppseCandidate
	for _, cb := range p.cfg.combinations(k.cfg.Applications) {
		for i, e := range entries {
			if !bytes.HasPrefix(e.AID, cb.app.AID) {
				continue
			}
			want, ok := requestedKernel(e.kernel, cb.app.AID)
			if !ok || want != 0 && want != cb.kernel {
				k.trace.decisionf("PPSE entry %X asks for kernel %X: not %s", e.AID, e.kernel, cb.kernel)
				continue
			}
			cands = append(cands, ppseCandidate{Candidate: e.Candidate, comb: cb, order: i})
			k.trace.decisionf("PPSE entry %X %q with %s: candidate", e.AID, e.Label, cb.kernel)
		}
	}
	rank := func(p int) int {
		if p == 0 {
			return 16
		}
		return p
	}
	slices.SortStableFunc(cands, func(a, b ppseCandidate) int {
		if d := rank(a.Priority) - rank(b.Priority); d != 0 {
			return d
		}
		return a.order - b.order
	})
	return cands, nil
}
