package issuer

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
)

// driver sends the APDUs a contact terminal would, so the issuer can be
// tested against a real card without the terminal package.
type driver struct {
	t    testing.TB
	tr   emv.PoweredTransport
	aid  []byte
	pan  string
	psn  int
	aip  []byte
	tx   txData
	arqc arqcResponse

	// Terminal misbehaviour and card decisions for delivery tests.
	dropScripts    bool // never pass scripts to the card
	corruptScripts bool // flip a MAC bit of every script command
	declineAfter   bool // ask for an AAC in the second GENERATE AC
}

// txData is what the terminal contributes to one transaction.
type txData struct {
	amount int64
	tvr    [5]byte
	un     [4]byte
	cvm    [3]byte
	date   time.Time
}

// arqcResponse is the first GENERATE AC's answer (format 1).
type arqcResponse struct {
	cid byte
	atc [2]byte
	ac  [8]byte
	iad []byte
}

var amexAID = []byte{0xA0, 0x00, 0x00, 0x00, 0x25, 0x01, 0x08, 0x01}

func newDriver(t testing.TB, c *card.Card) *driver {
	return &driver{t: t, tr: c.Contact(), aid: amexAID}
}

// send transmits a command and returns the data and status word.
func (d *driver) send(c emv.Command) ([]byte, emv.SW) {
	d.t.Helper()
	raw, err := c.Bytes()
	require.NoError(d.t, err)
	out, err := d.tr.Transmit(raw)
	require.NoError(d.t, err)
	r, err := emv.ParseResponse(out)
	require.NoError(d.t, err)
	return r.Data, r.SW
}

func (d *driver) ok(c emv.Command) []byte {
	d.t.Helper()
	data, sw := d.send(c)
	require.Equal(d.t, emv.SWSuccess, sw, "INS %02X: %s", c.INS, sw)
	return data
}

// start powers the card, selects the application, gets the processing
// options and reads the records.
func (d *driver) start() {
	d.t.Helper()
	_, err := d.tr.PowerOn()
	require.NoError(d.t, err)
	d.ok(emv.SelectCommand(d.aid, false))
	gpo, err := emv.GetProcessingOptionsCommand(nil)
	require.NoError(d.t, err)
	resp := d.ok(gpo)
	var afl []byte
	o, ok, err := emv.Find(resp, 0x80)
	require.NoError(d.t, err)
	if ok { // format 1: AIP || AFL
		d.aip, afl = o.Value[:2], o.Value[2:]
	} else {
		aip, _, _ := emv.Find(resp, emv.TagApplicationInterchangeProfile)
		fl, _, _ := emv.Find(resp, emv.TagApplicationFileLocator)
		d.aip, afl = aip.Value, fl.Value
	}
	for i := 0; i+4 <= len(afl); i += 4 {
		for r := afl[i+1]; r <= afl[i+2]; r++ {
			rec := d.ok(emv.ReadRecordCommand(afl[i]>>3, r))
			if o, ok, _ := emv.Find(rec, emv.TagApplicationPAN); ok {
				s, err := emv.ParseCN(o.Value)
				require.NoError(d.t, err)
				d.pan = s
			}
			if o, ok, _ := emv.Find(rec, emv.TagApplicationPANSequenceNumber); ok {
				d.psn = bcdValue(o.Value[0])
			}
		}
	}
}

// verifyPIN presents a plaintext offline PIN.
func (d *driver) verifyPIN(pin string) emv.SW {
	block := []byte{0x20 | byte(len(pin)), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}
	for i := 0; i < len(pin); i++ {
		nib := pin[i] - '0'
		if i%2 == 0 {
			block[1+i/2] = nib<<4 | 0x0F
		} else {
			block[1+i/2] = block[1+i/2]&0xF0 | nib
		}
	}
	_, sw := d.send(emv.VerifyCommand(emv.P2PlaintextPIN, block))
	return sw
}

// bcdAmount is a 6-byte n12 amount.
func bcdAmount(v int64) []byte { return emv.AppendN(nil, uint64(v), 6) }

func bcdDate(t time.Time) []byte {
	return emv.AppendN(nil, uint64((t.Year()%100)*10000+int(t.Month())*100+t.Day()), 3)
}

// cdol1 is the CDOL1 data of the card presets: 9F02 9F03 9F1A 95 5F2A 9A 9C
// 9F37 9F35 9F34.
func (d *driver) cdol1() []byte {
	var b []byte
	b = append(b, bcdAmount(d.tx.amount)...)
	b = append(b, bcdAmount(0)...)
	b = append(b, 0x03, 0x92)
	b = append(b, d.tx.tvr[:]...)
	b = append(b, 0x03, 0x92)
	b = append(b, bcdDate(d.tx.date)...)
	b = append(b, 0x00)
	b = append(b, d.tx.un[:]...)
	b = append(b, 0x22)
	return append(b, d.tx.cvm[:]...)
}

// firstAC asks for an ARQC.
func (d *driver) firstAC() {
	d.t.Helper()
	resp := d.ok(emv.GenerateACCommand(emv.P1ARQC, d.cdol1()))
	o, ok, err := emv.Find(resp, 0x80)
	require.NoError(d.t, err)
	require.True(d.t, ok, "format 1 response")
	v := o.Value
	require.GreaterOrEqual(d.t, len(v), 11)
	d.arqc.cid = v[0]
	copy(d.arqc.atc[:], v[1:3])
	copy(d.arqc.ac[:], v[3:11])
	d.arqc.iad = append([]byte(nil), v[11:]...)
}

// request is the authorisation request an acquirer forwards.
func (d *driver) request(id string, mode emv.EntryMode) emv.AuthorizationRequest {
	var de55 []byte
	add := func(t emv.Tag, v []byte) { de55 = emv.AppendTLV(de55, t, v) }
	add(emv.TagApplicationCryptogram, d.arqc.ac[:])
	add(emv.TagCryptogramInformationData, []byte{d.arqc.cid})
	add(emv.TagIssuerApplicationData, d.arqc.iad)
	add(emv.TagUnpredictableNumber, d.tx.un[:])
	add(emv.TagApplicationTransactionCounter, d.arqc.atc[:])
	add(emv.TagTerminalVerificationResults, d.tx.tvr[:])
	add(emv.TagTransactionDate, bcdDate(d.tx.date))
	add(emv.TagTransactionType, []byte{0x00})
	add(emv.TagAmountAuthorised, bcdAmount(d.tx.amount))
	add(emv.TagAmountOther, bcdAmount(0))
	add(emv.TagTransactionCurrencyCode, []byte{0x03, 0x92})
	add(emv.TagApplicationInterchangeProfile, d.aip)
	add(emv.TagTerminalCountryCode, []byte{0x03, 0x92})
	add(emv.TagCVMResults, d.tx.cvm[:])
	add(emv.TagTerminalCapabilities, []byte{0xE0, 0xB8, 0xC8})
	add(emv.TagTerminalType, []byte{0x22})
	add(emv.TagDedicatedFileName, d.aid)
	add(emv.TagApplicationPANSequenceNumber, []byte{byte(d.psn/10<<4 | d.psn%10)})
	return emv.AuthorizationRequest{
		ID: id, TerminalID: "T1", MerchantID: "M1", EntryMode: mode,
		PAN: d.pan, PANSequenceNumber: d.psn, Amount: d.tx.amount, CurrencyCode: 392,
		TransactionType: 0x00, Time: d.tx.date, ICCData: de55,
	}
}

// finish runs the online response through the card: EXTERNAL
// AUTHENTICATE with 91, the second GENERATE AC with 8A, then every script
// command of templates 72; it returns the card's cryptogram type and the
// script results (9F5B) a terminal would report.
func (d *driver) finish(resp emv.AuthorizationResponse) (cid byte, results []byte) {
	d.t.Helper()
	if o, ok, _ := emv.Find(resp.ICCData, emv.TagIssuerAuthenticationData); ok {
		d.ok(emv.ExternalAuthenticateCommand(o.Value))
	}
	cdol2 := append(d.cdol1()[:29:29], []byte(resp.Code)...)
	p1 := emv.P1TC
	if !resp.Code.Approved() || d.declineAfter {
		p1 = emv.P1AAC
	}
	ac := d.ok(emv.GenerateACCommand(p1, cdol2))
	o, ok, _ := emv.Find(ac, 0x80)
	require.True(d.t, ok)
	cid = o.Value[0]

	objs, err := emv.ParseObjects(resp.ICCData)
	require.NoError(d.t, err)
	for _, tpl := range objs {
		if tpl.Tag != emv.TagIssuerScriptTemplate2 || d.dropScripts {
			continue
		}
		var id [4]byte
		result := byte(0x20)
		seq := byte(0)
		s := tpl.Children()
		for s.Next() {
			c := s.Object()
			switch c.Tag {
			case emv.TagIssuerScriptIdentifier:
				copy(id[:], c.Value)
			case emv.TagIssuerScriptCommand:
				seq++
				cmd, err := emv.ParseCommand(c.Value)
				require.NoError(d.t, err)
				if d.corruptScripts {
					cmd.Data = append([]byte(nil), cmd.Data...)
					cmd.Data[len(cmd.Data)-1] ^= 0x01
				}
				if _, sw := d.send(cmd); !sw.OK() && result == 0x20 {
					result = 0x10 | seq
				}
			}
		}
		results = append(results, result)
		results = append(results, id[:]...)
	}
	return cid, results
}

// completion is the advice after the second GENERATE AC.
func completion(id string, cid byte, atc [2]byte, results []byte) emv.Advice {
	kind := emv.AdviceCompletion
	if cid&0xC0 == 0 {
		kind = emv.AdviceReversal
	}
	var de55 []byte
	de55 = emv.AppendTLV(de55, emv.TagCryptogramInformationData, []byte{cid})
	de55 = emv.AppendTLV(de55, emv.TagApplicationTransactionCounter, atc[:])
	if len(results) > 0 {
		de55 = emv.AppendTLV(de55, emv.TagIssuerScriptResults, results)
	}
	return emv.Advice{Kind: kind, RequestID: id, ICCData: de55}
}

// online runs a whole online contact transaction and returns the response.
func (d *driver) online(t testing.TB, iss *Issuer, id string, amount int64, un uint32) (emv.AuthorizationResponse, byte, []byte) {
	t.Helper()
	d.start()
	d.tx = txData{amount: amount, date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), cvm: [3]byte{0x1E, 0x03, 0x00}}
	binary.BigEndian.PutUint32(d.tx.un[:], un)
	d.firstAC()
	resp, err := iss.Authorize(d.request(id, emv.EntryModeChip))
	require.NoError(t, err)
	cid, results := d.finish(resp)
	return resp, cid, results
}
