package card

import (
	"encoding/hex"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
	"github.com/emvsim/emvsim/internal/seeded"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pki is a simulated CA and issuer that certify a card's ICC key, as
// issuance does.
type pki struct {
	ca     *oda.CertificationAuthority
	issuer *oda.PrivateKey
}

var (
	pkiOnce sync.Once
	testPKI pki
)

func getPKI(t testing.TB) pki {
	t.Helper()
	pkiOnce.Do(func() {
		ca, err := oda.NewCertificationAuthority(seeded.New([]byte("test CA")), oda.RID{0xA0, 0, 0, 0, 0x03}, 0x92, 1152, 3)
		require.NoError(t, err)
		iss, err := oda.GenerateKey(seeded.New([]byte("test issuer")), 1024, 3)
		require.NoError(t, err)
		testPKI = pki{ca: ca, issuer: iss}
	})
	return testPKI
}

// readRaw is what READ RECORD returns for a record: template 70.
func readRaw(r Record) []byte { return emv.AppendTLV(nil, emv.TagReadRecordResponseTemplate, r.Data) }

// odaProfile personalises p's application with an ICC key and the
// certificate chain, the way an issuer does: lay out, hash the static data,
// certify, lay out again.
func odaProfile(t testing.TB, p Profile) Profile {
	t.Helper()
	k := getPKI(t)
	a := &p.Applications[0]
	a.Keys.ICCKeySeed = &KeySeed{Seed: []byte("icc " + a.PAN), Bits: 768, Exponent: 3}
	a.AIP[0] |= aipDDA | aipCDA
	a.LayOutRecords()
	iccKey, err := a.Keys.ICCKeySeed.generate()
	require.NoError(t, err)

	id, err := oda.IssuerIdentifier(a.PAN[:6])
	require.NoError(t, err)
	icert, irem, err := k.ca.SignIssuerCertificate(oda.IssuerCertificate{
		IssuerIdentifier: id, Expiry: oda.ExpiryOf(time.Date(2030, 12, 1, 0, 0, 0, 0, time.UTC)),
		Serial: [3]byte{0, 0, 1}, Key: k.issuer.Public,
	})
	require.NoError(t, err)
	var recs []oda.Record
	for _, r := range a.ODARecords() {
		recs = append(recs, oda.Record{SFI: r.SFI, Raw: readRaw(r)})
	}
	static, err := oda.StaticData(recs, []byte{0x82}, a.AIP)
	require.NoError(t, err)
	panField, err := oda.PANField(packPAN(a.PAN))
	require.NoError(t, err)
	ccert, crem, err := oda.SignICCCertificate(k.issuer, oda.ICCCertificate{
		PAN: panField, Expiry: oda.ExpiryOf(time.Date(2030, 12, 1, 0, 0, 0, 0, time.UTC)),
		Serial: [3]byte{0, 0, 2}, Key: iccKey.Public,
	}, static)
	require.NoError(t, err)
	a.Keys.CAPublicKeyIndex = 0x92
	a.Keys.IssuerCertificate, a.Keys.IssuerRemainder, a.Keys.IssuerExponent = icert, irem, k.issuer.Public.Exponent
	a.Keys.ICCCertificate, a.Keys.ICCRemainder, a.Keys.ICCExponent = ccert, crem, iccKey.Public.Exponent
	a.LayOutRecords()
	return p
}

// readICCKey plays the terminal: read the records, recover the issuer and
// ICC keys from the certificates.
func readICCKey(t testing.TB, tr emv.Transport, c *Card) oda.PublicKey {
	t.Helper()
	a := c.profile.Applications[0]
	var recs []oda.Record
	var all []byte
	for i := 0; i+4 <= len(a.AFL); i += 4 {
		sfi := a.AFL[i] >> 3
		for n := a.AFL[i+1]; n <= a.AFL[i+2]; n++ {
			r := xmit(t, tr, hex.EncodeToString([]byte{0x00, 0xB2, n, sfi<<3 | 4, 0x00}))
			require.Equal(t, []byte{0x90, 0x00}, r[len(r)-2:])
			raw := r[:len(r)-2]
			if int(n) < int(a.AFL[i+1])+int(a.AFL[i+3]) {
				recs = append(recs, oda.Record{SFI: int(sfi), Raw: raw})
			}
			all = append(all, raw...)
		}
	}
	find := func(tag emv.Tag) []byte {
		o, ok, err := emv.Find(all, tag)
		require.NoError(t, err)
		if !ok {
			return nil
		}
		return o.Value
	}
	k := getPKI(t)
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	ic, err := oda.RecoverIssuerKey(k.ca.PublicKey(), find(0x90), find(0x92), find(0x9F32), find(0x5A), today, nil)
	require.NoError(t, err)
	static, err := oda.StaticData(recs, find(0x9F4A), a.AIP)
	require.NoError(t, err)
	cc, err := oda.RecoverICCKey(ic.Key, find(0x9F46), find(0x9F48), find(0x9F47), static, find(0x5A), today)
	require.NoError(t, err)
	return cc.Key
}

// TestDDAAndCDA: INTERNAL AUTHENTICATE and GENERATE AC with CDA give
// signatures a terminal verifies with the certified ICC key.
func TestDDAAndCDA(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Profile
	}{
		{"Visa", visaProfile(t)},
		{"Mastercard", mcProfile(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := odaProfile(t, tc.p)
			c := newCard(t, p)
			tr := startContact(t, c)
			iccKey := readICCKey(t, tr, c)

			// DDA over the DDOL data (9F37).
			r := xmit(t, tr, "008800000411223344"+"00")
			require.Equal(t, []byte{0x90, 0x00}, r[len(r)-2:])
			o, _, err := parseOne(r[:len(r)-2])
			require.NoError(t, err)
			require.Equal(t, emv.TagResponseMessageTemplateFormat1, o.Tag)
			idn, err := oda.VerifyDDA(iccKey, o.Value, unhex(t, "11223344"))
			require.NoError(t, err)
			assert.Equal(t, unhex(t, "0001020304050607"), idn, "ICC dynamic number from the card's Rand")

			// First GENERATE AC with CDA: ARQC signed.
			r = xmit(t, tr, genAC(emv.P1ARQC|emv.P1CDA, cdol1))
			require.Equal(t, []byte{0x90, 0x00}, r[len(r)-2:])
			o, _, err = parseOne(r[:len(r)-2])
			require.NoError(t, err)
			require.Equal(t, emv.TagResponseMessageTemplateFormat2, o.Tag)
			sd, err := oda.VerifyCDA(iccKey, o.Value, unhex(t, "11223344"), nil, unhex(t, cdol1), nil)
			require.NoError(t, err)
			assert.Equal(t, cidARQC, sd.CID)
			iad, ok, err := emv.Find(o.Value, emv.TagIssuerApplicationData)
			require.NoError(t, err)
			require.True(t, ok)
			verifyAC(t, p, unhex(t, cdol1), acResponse{CID: sd.CID, ATC: [2]byte{0, 1}, AC: sd.AC, IAD: iad.Value})

			// Online approval, second GENERATE AC with CDA: TC signed.
			a := acResponse{CID: sd.CID, ATC: [2]byte{0, 1}, AC: sd.AC}
			cdol2 := cdolHead + "3030"
			if c.apps[0].cdol2HasARPC {
				cdol2 += hex.EncodeToString(arpc(t, p, a, "00"))
			} else {
				require.Equal(t, "9000", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, p, a, "00"))))
			}
			r = xmit(t, tr, genAC(emv.P1TC|emv.P1CDA, cdol2))
			require.Equal(t, []byte{0x90, 0x00}, r[len(r)-2:])
			o, _, err = parseOne(r[:len(r)-2])
			require.NoError(t, err)
			sd2, err := oda.VerifyCDA(iccKey, o.Value, unhex(t, "11223344"), nil, unhex(t, cdol1), unhex(t, cdol2))
			require.NoError(t, err)
			assert.Equal(t, cidTC, sd2.CID)
			assert.Equal(t, uint16(1), c.state.Apps[0].LastOnlineATC, "issuer authenticated: last online ATC set")
		})
	}
}

// TestContactlessOneTap: PPSE, SELECT, and a GPO that returns the
// cryptogram; an online-capable reader gets an ARQC the issuer verifies,
// an offline-only reader a TC signed with fDDA once the card has been
// online.
func TestContactlessOneTap(t *testing.T) {
	p := odaProfile(t, amexProfile(t))
	c := newCard(t, p)
	cl := c.Contactless()
	assert.Equal(t, "6F36840E325041592E5359532E4444463031A524BF0C21611F4F08A0000000250108015010414D45524943414E20455850524553538701019000",
		send(t, cl, "00A404000E325041592E5359532E444446303100"))
	assert.Equal(t, "6A82", send(t, cl, "00A404000E315041592E5359532E444446303100"), "no PSE on the contactless face")
	sel := send(t, cl, "00A4040008A00000002501080100")
	assert.Equal(t, "9000", sw(sel))
	assert.Contains(t, sel, "9F38189F66049F02069F03069F1A0295055F2A029A039C019F3704", "the contactless PDOL")
	assert.Equal(t, "6D00", send(t, cl, "0020008008241234FFFFFFFFFF"), "no VERIFY on the contactless face")

	pdolData := "36000000" + cdolHead // TTQ: qVSDC, EMV contact, online capable
	gpo := func(data string) []byte {
		data = strings.ReplaceAll(data, " ", "")
		return xmit(t, cl, "80A80000"+hex.EncodeToString([]byte{byte(len(data)/2 + 2), 0x83, byte(len(data) / 2)})+data+"00")
	}
	r := gpo(pdolData)
	require.Equal(t, []byte{0x90, 0x00}, r[len(r)-2:])
	o, _, err := parseOne(r[:len(r)-2])
	require.NoError(t, err)
	require.Equal(t, emv.TagResponseMessageTemplateFormat2, o.Tag)
	get := func(tag emv.Tag) []byte {
		x, ok, err := emv.Find(o.Value, tag)
		require.NoError(t, err)
		require.True(t, ok, "tag %s", tag)
		return x.Value
	}
	assert.Equal(t, []byte{cidARQC}, get(emv.TagCryptogramInformationData))
	assert.Equal(t, p.Applications[0].Track2Equivalent, Hex(get(emv.TagTrack2EquivalentData)))
	var a acResponse
	a.CID = cidARQC
	copy(a.ATC[:], get(emv.TagApplicationTransactionCounter))
	copy(a.AC[:], get(emv.TagApplicationCryptogram))
	a.IAD = get(emv.TagIssuerApplicationData)
	verifyAC(t, p, unhex(t, cdolHead), a)
	assert.Equal(t, "6985", send(t, cl, genAC(emv.P1TC, cdol1)), "the tap is complete")
	assert.Equal(t, PINNotRegistered, c.PINStatus(), "a tap writes no PIN")

	// The card goes online once by contact; then an offline-only reader
	// gets a TC with fDDA.
	tr, ac := arqc(t, c)
	require.Equal(t, "9000", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, p, ac, "00"))))
	require.Equal(t, "9000", sw(send(t, tr, genAC(emv.P1TC, cdolHead+"3030"))))
	tr.PowerOff()
	require.Equal(t, "9000", sw(send(t, cl, "00A4040008A00000002501080100")))
	// A card without a PIN has "PIN try limit exceeded": no offline TC.
	r = gpo("28000000" + cdolHead)
	o, _, err = parseOne(r[:len(r)-2])
	require.NoError(t, err)
	assert.Equal(t, []byte{cidAAC}, get(emv.TagCryptogramInformationData))
}

// TestOneTapOffline: an offline-only reader, a card with PIN that was
// online before, gets a TC with an fDDA signature.
func TestOneTapOffline(t *testing.T) {
	p := odaProfile(t, visaProfile(t))
	c := newCard(t, p)
	tr, ac := arqc(t, c)
	iccKey := readICCKey(t, tr, c)
	require.Equal(t, "9000", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, p, ac, "00"))))
	require.Equal(t, "9000", sw(send(t, tr, genAC(emv.P1TC, cdolHead+"3030"))))
	tr.PowerOff()

	cl := c.Contactless()
	require.Equal(t, "9000", sw(send(t, cl, "00A4040007A000000003101000")))
	data := strings.ReplaceAll("28000000"+cdolHead, " ", "") // TTQ: qVSDC, offline-only reader
	r := xmit(t, cl, "80A80000"+hex.EncodeToString([]byte{byte(len(data)/2 + 2), 0x83, byte(len(data) / 2)})+data+"00")
	o, _, err := parseOne(r[:len(r)-2])
	require.NoError(t, err)
	get := func(tag emv.Tag) []byte {
		x, ok, err := emv.Find(o.Value, tag)
		require.NoError(t, err)
		require.True(t, ok, "tag %s", tag)
		return x.Value
	}
	assert.Equal(t, []byte{cidTC}, get(emv.TagCryptogramInformationData))
	var un [4]byte
	copy(un[:], unhex(t, "11223344"))
	var amt [6]byte
	copy(amt[:], unhex(t, "000000001000"))
	idn, err := oda.VerifyFDDA(iccKey, get(emv.TagSignedDynamicApplicationData),
		oda.FDDATerminalData(un, amt, [2]byte{0x03, 0x92}, get(emv.TagCardAuthenticationRelatedData)))
	require.NoError(t, err)
	assert.Equal(t, []byte{0x00, 0x02}, idn, "the ATC is the ICC dynamic number")
	_ = cryptogram.VisaCVN10
}

// TestEncipheredPIN: VERIFY P2 88 with the PIN block enciphered under the
// ICC public key with the card's challenge (Book 2 §7.2).
func TestEncipheredPIN(t *testing.T) {
	p := odaProfile(t, visaProfile(t))
	c := newCard(t, p)
	tr := startContact(t, c)
	iccKey := readICCKey(t, tr, c)
	encipher := func(pin string) string {
		ch := xmit(t, tr, "0084000000")
		require.Len(t, ch, 10)
		var un, block [8]byte
		copy(un[:], ch[:8])
		copy(block[:], unhex(t, "24"+pin+"FFFFFFFFFF"))
		enc, err := oda.EncipherPIN(iccKey, block, un, &countingReader{n: 0x40})
		require.NoError(t, err)
		return hex.EncodeToString(append([]byte{0x00, 0x20, 0x00, 0x88, byte(len(enc))}, enc...))
	}
	assert.Equal(t, "6985", send(t, tr, "0020008860"+hex.EncodeToString(make([]byte, 96))), "no challenge yet")
	wrong := encipher("9999")
	assert.Equal(t, "63C2", send(t, tr, wrong))
	assert.Equal(t, "6985", send(t, tr, wrong), "the challenge is good for one VERIFY")
	right := encipher("1234")
	assert.Equal(t, "9000", send(t, tr, right))
	assert.Equal(t, uint8(3), c.state.PINTries)
	send(t, tr, "0084000000")
	assert.Equal(t, "6A80", send(t, tr, "0020008860"+hex.EncodeToString(make([]byte, 96))), "garbage costs no try")
	assert.Equal(t, uint8(3), c.state.PINTries)
	assert.Equal(t, "6985", send(t, tr, "0020008860"+hex.EncodeToString(make([]byte, 96))), "but uses up the challenge")
	assert.Equal(t, "6A81", send(t, startContact(t, newCard(t, visaProfile(t))), right), "no ICC key: no enciphered PIN")
}
