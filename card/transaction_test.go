package card

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// acResponse is a GENERATE AC answer, decoded the way a terminal does.
type acResponse struct {
	CID byte
	ATC [2]byte
	AC  [8]byte
	IAD []byte
}

// parseAC reads format 1 (80) or format 2 (77) without CDA.
func parseAC(t testing.TB, resp []byte) acResponse {
	t.Helper()
	r, err := emv.ParseResponse(resp)
	require.NoError(t, err)
	require.Equal(t, emv.SWSuccess, r.SW, "GENERATE AC answered %s", r.SW)
	o, _, err := parseOne(r.Data)
	require.NoError(t, err)
	var a acResponse
	switch o.Tag {
	case emv.TagResponseMessageTemplateFormat1:
		v := o.Value
		require.GreaterOrEqual(t, len(v), 11)
		a.CID = v[0]
		copy(a.ATC[:], v[1:3])
		copy(a.AC[:], v[3:11])
		a.IAD = v[11:]
	case emv.TagResponseMessageTemplateFormat2:
		s := o.Children()
		for s.Next() {
			x := s.Object()
			switch x.Tag {
			case emv.TagCryptogramInformationData:
				a.CID = x.Value[0]
			case emv.TagApplicationTransactionCounter:
				copy(a.ATC[:], x.Value)
			case emv.TagApplicationCryptogram:
				copy(a.AC[:], x.Value)
			case emv.TagIssuerApplicationData:
				a.IAD = x.Value
			}
		}
		require.NoError(t, s.Err())
	default:
		t.Fatalf("GENERATE AC template %s", o.Tag)
	}
	return a
}

// issuerKeys are the ICC keys an issuer derives; the tests play issuer.
func issuerKeys(t testing.TB, p Profile) (cryptogram.Version, cryptogram.ICCKeys) {
	t.Helper()
	a := p.Applications[0]
	v, _ := cryptogram.VersionByName(a.CryptogramVersion)
	ac, err := newKey(a.Keys.AC)
	require.NoError(t, err)
	smi, err := newKey(a.Keys.SMI)
	require.NoError(t, err)
	smc, err := newKey(a.Keys.SMC)
	require.NoError(t, err)
	return v, cryptogram.ICCKeys{AC: ac, SMI: smi, SMC: smc}
}

// verifyAC checks a cryptogram as the issuer does, from what the terminal
// forwards: the CDOL data, AIP, ATC, UN and IAD.
func verifyAC(t testing.TB, p Profile, cdolData []byte, a acResponse) {
	t.Helper()
	v, k := issuerKeys(t, p)
	var aip [2]byte
	copy(aip[:], p.Applications[0].AIP)
	var un [4]byte
	copy(un[:], cdolData[25:29])
	require.NoError(t, v.VerifyApplicationCryptogram(k.AC, cryptogram.ACParams{
		TerminalData: cdolData, AIP: aip, ATC: a.ATC, UN: un, IAD: a.IAD,
	}, a.AC), "the issuer must accept the card's cryptogram")
}

// startContact powers the card up, selects the first application and runs
// GET PROCESSING OPTIONS (no PDOL).
func startContact(t testing.TB, c *Card) emv.PoweredTransport {
	t.Helper()
	tr := c.Contact()
	_, err := tr.PowerOn()
	require.NoError(t, err)
	aid := hex.EncodeToString(c.profile.Applications[0].AID)
	resp := send(t, tr, "00A40400"+hex.EncodeToString([]byte{byte(len(aid) / 2)})+aid+"00")
	require.Contains(t, []string{"9000", "6283"}, sw(resp))
	resp = send(t, tr, "80A8000002830000")
	require.Equal(t, "9000", sw(resp))
	return tr
}

// arpc builds the issuer authentication data (91) for an ARQC.
func arpc(t testing.TB, p Profile, a acResponse, code string) []byte {
	t.Helper()
	v, k := issuerKeys(t, p)
	ia, err := v.AppendIssuerAuthenticationData(nil, k.AC, cryptogram.ARPCParams{
		ARQC: a.AC, ATC: a.ATC, UN: [4]byte{0x11, 0x22, 0x33, 0x44}, ARC: [2]byte{code[0], code[1]},
		CSU: [4]byte{0x00, 0x82, 0x00, 0x00},
	})
	require.NoError(t, err)
	return ia
}

// pinScript builds the PIN CHANGE/UNBLOCK command (84 24 00 02) the issuer
// sends to write pin, as the issuer does with emv/cryptogram.
func pinScript(t testing.TB, p Profile, a acResponse, pin string) string {
	t.Helper()
	v, k := issuerKeys(t, p)
	cmd, err := v.PINChangeCommand(k, pin, "", cryptogram.ScriptContext{ATC: a.ATC, ARQC: a.AC})
	require.NoError(t, err)
	b, err := cmd.Bytes()
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// TestStoryFirstInsert follows the story on the card's side: the new
// American Express card has no PIN; its first contact transaction goes
// online; the issuer's script writes the PIN; the next transaction verifies
// it offline.
func TestStoryFirstInsert(t *testing.T) {
	p := amexProfile(t)
	c := newCard(t, p)
	assert.Equal(t, PINNotRegistered, c.PINStatus())
	c.SetPINRegistered()
	assert.Equal(t, PINRegistered, c.PINStatus())

	tr := c.Contact()
	atr, err := tr.PowerOn()
	require.NoError(t, err)
	assert.Equal(t, unhex(t, "3BE000FF81317C4192"), atr)

	// Application selection through the PSE.
	assert.Equal(t, "6F1C840E315041592E5359532E4444463031A50A8801015F2D046A61656E9000",
		send(t, tr, "00A404000E315041592E5359532E444446303100"))
	assert.Equal(t, "7021611F4F08A0000000250108015010414D45524943414E20455850524553538701019000",
		send(t, tr, "00B2010C00"))
	assert.Equal(t, "6A83", send(t, tr, "00B2020C00"))
	assert.Equal(t, "6F308408A000000025010801A5245010414D45524943414E20455850524553538701015F2D046A61656EBF0C059F4D020B0A9000",
		send(t, tr, "00A4040008A00000002501080100"))
	// GPO: format 1, AIP 1C00 (CVM, TRM, issuer authentication), AFL.
	assert.Equal(t, "800A1C0008010100100101019000", send(t, tr, "80A8000002830000"))
	assert.Equal(t, "70255711374245455400126D30122010000000000F5F200F544553542F43415244484F4C4445529000",
		send(t, tr, "00B2010C00"))
	rec := send(t, tr, "00B2011400")
	assert.Equal(t, "9000", sw(rec))
	assert.Contains(t, rec, "8E0E000000000000000041035E035F03", "CVM list: PIN, signature, no CVM, each apply-succeeding if the terminal supports it")

	// No PIN on the chip: the try counter reads 0 and VERIFY says 6984.
	assert.Equal(t, "9F1701009000", send(t, tr, "80CA9F1700"))
	assert.Equal(t, "6984", send(t, tr, "0020008008241234FFFFFFFFFF"))

	// The terminal asks for a TC; the new card without a PIN goes online.
	data := unhex(t, cdol1)
	resp := xmit(t, tr, genAC(emv.P1TC, cdol1))
	assert.Equal(t, unhex(t, "8012 80 0001 9C8AE449C66863D6 06010103A05000 9000"), resp)
	a := parseAC(t, resp)
	assert.Equal(t, cidARQC, a.CID)
	assert.Equal(t, [2]byte{0x00, 0x01}, a.ATC)
	// IAD: Visa layout, DKI 01, CVN 01, CVR 03 A0 50 00 = ARQC in the first
	// AC, second not requested; PIN try limit exceeded; new card.
	assert.Equal(t, unhex(t, "06010103A05000"), a.IAD)
	verifyAC(t, p, data, a)

	// Online: the issuer approves, authenticates itself and sends the PIN.
	assert.Equal(t, "9000", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, p, a, "00"))))
	resp2 := xmit(t, tr, genAC(emv.P1TC, cdolHead+"3030"))
	a2 := parseAC(t, resp2)
	assert.Equal(t, cidTC, a2.CID)
	// CVR: TC in the second AC, ARQC in the first; PIN try limit exceeded
	// and new card still (the PIN arrives after this command).
	assert.Equal(t, unhex(t, "06010103605000"), a2.IAD)

	assert.Equal(t, "9000", send(t, tr, pinScript(t, p, a, "1234")))
	assert.Equal(t, PINOnChip, c.PINStatus())
	tr.PowerOff()

	// The next insert: PIN verified offline on the chip.
	tr = startContact(t, c)
	assert.Equal(t, "9F1701039000", send(t, tr, "80CA9F1700"))
	assert.Equal(t, "63C2", send(t, tr, "0020008008249999FFFFFFFFFF"))
	assert.Equal(t, "9000", send(t, tr, "0020008008241234FFFFFFFFFF"))
	assert.Equal(t, "9F1701039000", send(t, tr, "80CA9F1700"))
	// Online last time with issuer authentication and a PIN now: offline
	// approval is possible.
	resp3 := xmit(t, tr, genAC(emv.P1TC, cdol1))
	a3 := parseAC(t, resp3)
	assert.Equal(t, cidTC, a3.CID)
	// CVR: TC in the first AC, second not requested, offline PIN performed;
	// one script command processed in the last transaction.
	assert.Equal(t, unhex(t, "06010103940010"), a3.IAD)
	verifyAC(t, p, data, a3)
	assert.Equal(t, uint16(2), c.ATC(0))
	assert.True(t, strings.HasPrefix(send(t, tr, "80CA9F1300"), "9F13020001"))
}
