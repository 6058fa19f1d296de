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
	t   testing.TB
	tr  emv.PoweredTransport
	aid []byte
	pan string
	psn int
	aip []byte
	tx  txData
	// The card's CDOL1 and CDOL2 (8C, 8D) as read from its records.
	cdol1List, cdol2List emv.DOL
	arqc                 arqcResponse

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

func newDriver(t testing.TB, c *card.Card) *driver {
	return &driver{t: t, tr: c.Contact(), aid: c.Profile().Applications[0].AID}
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
	switch r.SW.SW1() {
	case 0x61: // T=0: the data wait for GET RESPONSE
		return d.send(emv.Command{CLA: emv.CLAInterindustry, INS: emv.INSGetResponse, Le: int(r.SW.SW2())})
	case 0x6C: // T=0: wrong Le, resend with the exact one
		c.Le = int(r.SW.SW2())
		return d.send(c)
	}
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
			if o, ok, _ := emv.Find(rec, emv.TagCardRiskManagementDOL1); ok {
				d.cdol1List, err = emv.ParseDOL(o.Value)
				require.NoError(d.t, err)
			}
			if o, ok, _ := emv.Find(rec, emv.TagCardRiskManagementDOL2); ok {
				d.cdol2List, err = emv.ParseDOL(o.Value)
				require.NoError(d.t, err)
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

// terminalData gives the terminal's value of a data element, for DOLs.
func (d *driver) terminalData(extra map[emv.Tag][]byte) func(emv.Tag) ([]byte, bool) {
	return func(t emv.Tag) ([]byte, bool) {
		if v, ok := extra[t]; ok {
			return v, true
		}
		switch t {
		case emv.TagAmountAuthorised:
			return bcdAmount(d.tx.amount), true
		case emv.TagAmountOther:
			return bcdAmount(0), true
		case emv.TagTerminalCountryCode, emv.TagTransactionCurrencyCode:
			return []byte{0x03, 0x92}, true
		case emv.TagTerminalVerificationResults:
			return d.tx.tvr[:], true
		case emv.TagTransactionDate:
			return bcdDate(d.tx.date), true
		case emv.TagTransactionType:
			return []byte{0x00}, true
		case emv.TagUnpredictableNumber:
			return d.tx.un[:], true
		case emv.TagTerminalType:
			return []byte{0x22}, true
		case emv.TagCVMResults:
			return d.tx.cvm[:], true
		}
		return nil, false
	}
}

// cdol1 is the card's CDOL1 data; the card presets' CDOL1 is 9F02 9F03 9F1A
// 95 5F2A 9A 9C 9F37 9F35 9F34 (the preset list when the records were not
// read).
func (d *driver) cdol1() []byte {
	l := d.cdol1List
	if l == nil {
		l, _ = emv.ParseDOL([]byte{0x9F, 0x02, 6, 0x9F, 0x03, 6, 0x9F, 0x1A, 2, 0x95, 5, 0x5F, 0x2A, 2, 0x9A, 3, 0x9C, 1, 0x9F, 0x37, 4, 0x9F, 0x35, 1, 0x9F, 0x34, 3})
	}
	return l.Append(nil, d.terminalData(nil))
}

// firstAC asks for an ARQC and reads the answer, format 1 (80) or 2 (77).
func (d *driver) firstAC() {
	d.t.Helper()
	d.arqc = d.parseAC(d.ok(emv.GenerateACCommand(emv.P1ARQC, d.cdol1())))
}

func (d *driver) parseAC(resp []byte) arqcResponse {
	d.t.Helper()
	var r arqcResponse
	if o, ok, _ := emv.Find(resp, 0x80); ok {
		v := o.Value
		require.GreaterOrEqual(d.t, len(v), 11)
		r.cid = v[0]
		copy(r.atc[:], v[1:3])
		copy(r.ac[:], v[3:11])
		r.iad = append([]byte(nil), v[11:]...)
		return r
	}
	get := func(t emv.Tag) []byte {
		o, ok, err := emv.Find(resp, t)
		require.NoError(d.t, err)
		require.True(d.t, ok, "format 2 response lacks %s", t)
		return o.Value
	}
	r.cid = get(emv.TagCryptogramInformationData)[0]
	copy(r.atc[:], get(emv.TagApplicationTransactionCounter))
	copy(r.ac[:], get(emv.TagApplicationCryptogram))
	r.iad = append([]byte(nil), get(emv.TagIssuerApplicationData)...)
	return r
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
	extra := map[emv.Tag][]byte{emv.TagAuthorisationResponseCode: []byte(resp.Code)}
	if o, ok, _ := emv.Find(resp.ICCData, emv.TagIssuerAuthenticationData); ok {
		extra[emv.TagIssuerAuthenticationData] = o.Value
		if _, inCDOL2 := d.cdol2List.Value(make([]byte, d.cdol2List.DataLen()), emv.TagIssuerAuthenticationData); !inCDOL2 {
			d.ok(emv.ExternalAuthenticateCommand(o.Value))
		}
	}
	cdol2 := d.cdol2List.Append(nil, d.terminalData(extra))
	p1 := emv.P1TC
	if !resp.Code.Approved() || d.declineAfter {
		p1 = emv.P1AAC
	}
	cid = d.parseAC(d.ok(emv.GenerateACCommand(p1, cdol2))).cid

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
