package terminal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// transaction is the state of one Run, in the manner of crypto/tls's
// handshake state: one method per Book 3 §10 step, called in book order by
// process, sharing the data objects read and computed so far.
type transaction struct {
	ctx  context.Context
	t    *Terminal
	cfg  *Config
	card emv.Transport
	tx   Transaction
	now  time.Time

	// entryMode is how the card was read (9F39, the request's entry mode)
	// and readers the terminal's readers on this path, which tell the
	// issuer whether the terminal could have read the chip.
	entryMode emv.EntryMode
	readers   Readers

	trace tracer

	// data holds the data objects of this transaction by tag: terminal data
	// (amounts, dates, capabilities, TVR …) and what the card returned.
	data map[emv.Tag][]byte
	// fromRecords marks card data read by GPO or READ RECORD, to catch
	// redundant objects (Book 3 §10.2).
	fromRecords map[emv.Tag]bool

	tvr        emv.TVR
	tsi        emv.TSI
	cvmResults emv.CVMResults

	app *Application // the terminal's entry for the selected application
	aid []byte       // DF name of the selected application (84)

	aip      emv.AIP
	pdolData []byte // the PDOL data sent in GPO, which CDA hashes

	// odaRecords are the records the AFL marks for offline data
	// authentication, byte for byte as the card sent them (Book 3 §10.3).
	odaRecords []oda.Record
	odaMethod  odaMethod
	issuerKey  *oda.PublicKey // recovered issuer public key
	iccKey     *oda.PublicKey // recovered ICC public key (DDA, CDA)

	cvm         emv.CVMCode
	signature   bool
	pinBlock    []byte // online PIN block for the host
	pinBypassed bool
	halted      error // a transport fault inside a step that reports no error

	cdol1Data    []byte
	actionReason string // why terminal action analysis asked for an AAC
	cid          byte
	acCount      int // GENERATE ACs answered so far
	requestID    string
	online       bool
	issuerData   []byte // the ICC data of the issuer's response
	arc          []byte // authorisation response code sent to the card (8A)
	scripts      []ScriptResult

	result Result
	reason string
}

// halt ends the transaction: Terminated for a card the kernel cannot
// process, Declined for an offline decline decided before GENERATE AC.
type halt struct {
	result Result
	reason string
}

func (h *halt) Error() string { return h.result.String() + ": " + h.reason }

func terminate(format string, args ...any) error {
	return &halt{result: Terminated, reason: fmt.Sprintf(format, args...)}
}

// newTransaction starts the state of one transaction whose trace has
// about traceLen entries (a contact transaction 30 to 40, a tap about 25, a
// swipe under 10): the entries are most of what a transaction allocates.
func newTransaction(ctx context.Context, t *Terminal, c emv.Transport, tx Transaction, traceLen int) *transaction {
	k := &transaction{
		ctx: ctx, t: t, cfg: &t.cfg, card: c, tx: tx,
		now:         t.cfg.Now(),
		data:        dataMaps.Get().(map[emv.Tag][]byte),
		fromRecords: tagSets.Get().(map[emv.Tag]bool),
		entryMode:   emv.EntryModeChip,
		readers:     t.cfg.Readers.orCapabilities(t.cfg.Capabilities),
		cid:         0xFF,
		cvm:         emv.CVMNotAvailable,
		cvmResults:  emv.CVMResults{byte(emv.CVMNotAvailable), 0, 0},
	}
	k.trace.start(t.cfg.Trace, t.cfg.ShowPAN, traceLen)
	return k
}

// run performs the transaction and turns its end into an Outcome.
func (k *transaction) run() Outcome { return k.end(k.process()) }

// end turns how a path ended into an Outcome: a halt gives its result and
// reason, any other error terminates. The transaction is over.
func (k *transaction) end(err error) Outcome {
	var h *halt
	switch {
	case errors.As(err, &h):
		k.result, k.reason = h.result, h.reason
		k.trace.decisionf("transaction %s: %s", h.result, h.reason)
	case err != nil:
		k.result, k.reason = Terminated, err.Error()
		k.trace.decisionf("transaction terminated: %v", err)
	}
	o := k.outcome()
	// Nothing in the outcome refers to the maps: they serve the next run.
	clear(k.data)
	clear(k.fromRecords)
	dataMaps.Put(k.data)
	tagSets.Put(k.fromRecords)
	k.data, k.fromRecords = nil, nil
	return o
}

// dataMaps and tagSets recycle the per-transaction maps, whose allocation
// is a good part of a transaction's own cost.
var (
	dataMaps = sync.Pool{New: func() any { return make(map[emv.Tag][]byte, 64) }}
	tagSets  = sync.Pool{New: func() any { return make(map[emv.Tag]bool, 32) }}
)

// process calls the Book 3 steps in order.
func (k *transaction) process() error {
	if err := k.initTerminalData(); err != nil {
		return err
	}
	if err := k.selectAndInitiate(); err != nil {
		return err
	}
	steps := []func() error{
		k.readApplicationData,
		k.offlineDataAuthentication,
		k.processingRestrictions,
		k.cardholderVerification,
		k.terminalRiskManagement,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	request := k.terminalActionAnalysis()
	if err := k.cardActionAnalysis(request); err != nil {
		return err
	}
	if k.cid&0xC0 != byte(ARQC) {
		return k.finishOffline()
	}
	k.onlineProcessing()
	k.issuerScripts(emv.TagIssuerScriptTemplate1)
	if err := k.completion(); err != nil {
		return err
	}
	k.issuerScripts(emv.TagIssuerScriptTemplate2)
	k.adviseHost()
	return nil
}

// initTerminalData fills the data store with the terminal's data objects
// (Book 3 Annex A, source Terminal).
func (k *transaction) initTerminalData() error {
	c := k.cfg
	amount, err := emv.AppendAmountN(nil, k.tx.Amount)
	if err != nil {
		return &halt{result: Terminated, reason: "amount does not fit n 12"}
	}
	other, err := emv.AppendAmountN(nil, k.tx.AmountOther)
	if err != nil {
		return &halt{result: Terminated, reason: "other amount does not fit n 12"}
	}
	un := make([]byte, 4)
	if _, err := io.ReadFull(c.Rand, un); err != nil {
		return fmt.Errorf("terminal: random source: %w", err)
	}
	seq := k.t.seq.Add(1)
	k.requestID = fmt.Sprintf("%s-%08d", c.TerminalID, seq)
	d := k.data
	d[emv.TagAmountAuthorised] = amount
	d[emv.TagAmountOther] = other
	d[emv.TagAmountAuthorisedBinary] = be32(uint32(min(k.tx.Amount, 0xFFFFFFFF)))
	d[emv.TagAmountOtherBinary] = be32(uint32(min(k.tx.AmountOther, 0xFFFFFFFF)))
	d[emv.TagTerminalCountryCode] = emv.AppendN(nil, uint64(c.CountryCode), 2)
	d[emv.TagTransactionCurrencyCode] = emv.AppendN(nil, uint64(c.CurrencyCode), 2)
	d[emv.TagTransactionCurrencyExponent] = []byte{c.CurrencyExponent}
	d[emv.TagTransactionDate] = emv.AppendDate(nil, k.now)
	d[emv.TagTransactionTime] = emv.AppendTime(nil, k.now)
	d[emv.TagTransactionType] = []byte{byte(k.tx.Type)}
	d[emv.TagTerminalType] = []byte{byte(c.Type)}
	d[emv.TagTerminalCapabilities] = k.capabilities()
	d[emv.TagAdditionalTerminalCapabilities] = bytes.Clone(c.AdditionalCapabilities[:])
	d[emv.TagUnpredictableNumber] = un
	d[emv.TagTransactionSequenceCounter] = emv.AppendN(nil, uint64(seq%100000000), 4)
	d[emv.TagPOSEntryMode] = []byte{byte(k.entryMode)}
	d[emv.TagTerminalFloorLimit] = be32(uint32(min(c.FloorLimit, 0xFFFFFFFF)))
	d[emv.TagMerchantCategoryCode] = emv.AppendN(nil, uint64(c.MerchantCategoryCode), 2)
	if c.TerminalID != "" {
		d[emv.TagTerminalIdentification] = []byte(c.TerminalID)
		d[emv.TagInterfaceDeviceSerialNumber] = []byte(c.TerminalID)
	}
	if c.MerchantID != "" {
		d[emv.TagMerchantIdentifier] = []byte(c.MerchantID)
	}
	if c.MerchantNameLocation != "" {
		d[emv.TagMerchantNameAndLocation] = []byte(c.MerchantNameLocation)
	}
	k.syncStatus()
	return nil
}

// capabilities is 9F33 for this transaction: the configured capabilities,
// without signature when the merchant waives it for this amount (see
// cvm.go).
func (k *transaction) capabilities() []byte {
	caps := k.cfg.Capabilities
	if k.signatureWaived() {
		caps.Clear(emv.TermCapSignature)
	}
	return caps[:]
}

func (k *transaction) signatureWaived() bool {
	return k.cfg.SignatureWaiverLimit > 0 && k.tx.Amount < k.cfg.SignatureWaiverLimit
}

func be32(v uint32) []byte { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }

// setTVR and setTSI set a bit and keep the data store's 95 and 9B current.
func (k *transaction) setTVR(b emv.TVRBit) { k.tvr.Set(b); k.syncStatus() }
func (k *transaction) setTSI(b emv.TSIBit) { k.tsi.Set(b); k.syncStatus() }

// syncStatus points the data store at the transaction's own 95, 9B and
// 9F34, so they need no copy per bit; every reader of the store copies.
func (k *transaction) syncStatus() {
	k.data[emv.TagTerminalVerificationResults] = k.tvr[:]
	k.data[emv.TagTransactionStatusInformation] = k.tsi[:]
	k.data[emv.TagCVMResults] = k.cvmResults[:]
}

// value is the DOL source: the data store.
func (k *transaction) value(t emv.Tag) ([]byte, bool) {
	v, ok := k.data[t]
	return v, ok
}

// buildDOL fills a DOL from the data store (Book 3 §5.4).
func (k *transaction) buildDOL(list []byte) ([]byte, error) {
	d, err := emv.ParseDOL(list)
	if err != nil {
		return nil, err
	}
	if d.DataLen() > 252 {
		return nil, errors.New("DOL asks for more data than a command carries")
	}
	return d.Append(make([]byte, 0, d.DataLen()), k.value), nil
}

// maxGetResponse bounds T=0 response chaining.
const maxGetResponse = 32

// exchange sends a command and returns the card's response, following the
// T=0 conventions (Book 1 §9.3.1): 61xx → GET RESPONSE with Le xx, 6Cxx →
// the same command again with Le xx. A transport fault ends the
// transaction.
func (k *transaction) exchange(name string, c emv.Command) (emv.Response, error) {
	if err := k.ctx.Err(); err != nil {
		return emv.Response{}, &halt{result: Terminated, reason: "cancelled: " + err.Error()}
	}
	resp, err := k.transmit(name, c)
	if err != nil {
		return resp, err
	}
	if resp.SW.SW1() == 0x6C {
		c.Le = leOf(resp.SW.SW2())
		if resp, err = k.transmit(name, c); err != nil {
			return resp, err
		}
	}
	var data []byte
	for i := 0; resp.SW.SW1() == 0x61; i++ {
		if i == maxGetResponse {
			return resp, terminate("card keeps answering 61xx to %s", name)
		}
		data = append(data, resp.Data...)
		gr := emv.Command{CLA: emv.CLAInterindustry, INS: emv.INSGetResponse, Le: leOf(resp.SW.SW2())}
		if resp, err = k.transmit("GET RESPONSE", gr); err != nil {
			return resp, err
		}
		if resp.SW.SW1() == 0x6C {
			gr.Le = leOf(resp.SW.SW2())
			if resp, err = k.transmit("GET RESPONSE", gr); err != nil {
				return resp, err
			}
		}
	}
	if data != nil {
		resp.Data = append(data, resp.Data...)
	}
	return resp, nil
}

func leOf(sw2 byte) int {
	if sw2 == 0 {
		return 256
	}
	return int(sw2)
}

func (k *transaction) transmit(name string, c emv.Command) (emv.Response, error) {
	raw, err := c.Bytes()
	if err != nil {
		return emv.Response{}, terminate("cannot encode %s: %v", name, err)
	}
	out, err := k.card.Transmit(raw)
	if err != nil {
		k.trace.decisionf("%s: card does not answer: %v", name, err)
		return emv.Response{}, terminate("card does not answer %s (%v)", name, err)
	}
	// The kernel's own copy of the response: a transport may reuse its
	// buffer, and the data store, the trace and the ODA records alias
	// this copy rather than copying each data object again.
	resp, err := emv.ParseResponse(bytes.Clone(out))
	if err != nil {
		k.trace.decisionf("%s: response of %d bytes has no status word", name, len(out))
		return emv.Response{}, terminate("card answered %s with %d bytes and no status word", name, len(out))
	}
	k.trace.apdu(name, raw, resp, c.INS == emv.INSVerify)
	return resp, nil
}

// outcome assembles the result.
func (k *transaction) outcome() Outcome {
	o := Outcome{
		Result:            k.result,
		Online:            k.online,
		Cryptogram:        NoCryptogram,
		CVM:               k.cvm,
		SignatureRequired: k.signature,
		TVR:               k.tvr,
		TSI:               k.tsi,
		CVMResults:        k.cvmResults,
		ResponseCode:      string(k.arc),
		Scripts:           k.scripts,
		AID:               bytes.Clone(k.aid),
		Reason:            k.reason,
		Trace:             k.trace.finish(),
	}
	if k.cid != 0xFF {
		o.Cryptogram = CryptogramType(k.cid & 0xC0)
	}
	for _, s := range k.scripts {
		b := s.Bytes()
		o.ScriptResults = append(o.ScriptResults, b[:]...)
	}
	if pan, err := emv.ParseCN(k.data[emv.TagApplicationPAN]); err == nil && pan != "" {
		if k.cfg.ShowPAN {
			o.PAN = pan
		} else {
			o.PAN = emv.MaskPAN(pan)
		}
	}
	return o
}

// terminalTags are the data objects whose source is the terminal or the
// issuer (Book 3 Annex A); a card's copy never replaces them.
var terminalTags = map[emv.Tag]bool{
	emv.TagAmountAuthorised: true, emv.TagAmountOther: true, emv.TagAmountAuthorisedBinary: true,
	emv.TagAmountOtherBinary: true, emv.TagTerminalCountryCode: true, emv.TagTransactionCurrencyCode: true,
	emv.TagTransactionCurrencyExponent: true, emv.TagTransactionDate: true, emv.TagTransactionTime: true,
	emv.TagTransactionType: true, emv.TagTerminalType: true, emv.TagTerminalCapabilities: true,
	emv.TagAdditionalTerminalCapabilities: true, emv.TagUnpredictableNumber: true,
	emv.TagTransactionSequenceCounter: true, emv.TagPOSEntryMode: true, emv.TagTerminalFloorLimit: true,
	emv.TagMerchantCategoryCode: true, emv.TagTerminalIdentification: true,
	emv.TagInterfaceDeviceSerialNumber: true, emv.TagMerchantIdentifier: true,
	emv.TagMerchantNameAndLocation: true, emv.TagTerminalVerificationResults: true,
	emv.TagTransactionStatusInformation: true, emv.TagCVMResults: true,
	emv.TagApplicationIdentifierTerminal: true, emv.TagApplicationVersionNumberTerminal: true,
	emv.TagAuthorisationResponseCode: true, emv.TagIssuerAuthenticationData: true,
	emv.TagAuthorisationCode: true, emv.TagTransactionCertificateHash: true,
	emv.TagIssuerScriptResults: true, emv.TagTransactionPINData: true,
}

func (k *transaction) isTerminalTag(t emv.Tag) bool { return terminalTags[t] }
