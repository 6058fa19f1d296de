package terminal

import (
	"bytes"
	"crypto/des"
	"crypto/rand"
	"crypto/rsa"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// encipheredPINCard is a scripted card whose only CVM is enciphered
// offline PIN (44 00): its issuer key is certified by the test CA and its
// ICC key (an RSA key the card deciphers with) by the issuer.
func encipheredPINCard(t *testing.T, pin string) *scriptCard {
	t.Helper()
	ca := simulatedCA(t)
	issKey, err := oda.GenerateKey(seeded(21), 1024, 3)
	require.NoError(t, err)
	id, err := oda.IssuerIdentifier("374245")
	require.NoError(t, err)
	exp := oda.ExpiryOf(time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC))
	issCert, issRem, err := ca.SignIssuerCertificate(oda.IssuerCertificate{IssuerIdentifier: id, Expiry: exp, Serial: [3]byte{0, 0, 1}, Key: issKey.Public})
	require.NoError(t, err)
	icc, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	iccPub := oda.PublicKey{Modulus: icc.N.Bytes(), Exponent: big.NewInt(int64(icc.E)).Bytes()}
	pan := mustHex("374245001751006F")
	panField, err := oda.PANField(pan)
	require.NoError(t, err)
	// No record takes part in ODA and there is no SDA tag list: the static
	// data the ICC certificate covers are empty.
	iccCert, iccRem, err := oda.SignICCCertificate(issKey, oda.ICCCertificate{PAN: panField, Expiry: exp, Serial: [3]byte{0, 0, 2}, Key: iccPub}, nil)
	require.NoError(t, err)

	var r1, r2 []byte
	r1 = emv.AppendTLV(r1, emv.TagApplicationPAN, pan)
	r1 = emv.AppendTLV(r1, emv.TagApplicationExpirationDate, mustHex("301231"))
	r1 = emv.AppendTLV(r1, emv.TagCardRiskManagementDOL1, mustHex("9F02069F3704"))
	r1 = emv.AppendTLV(r1, emv.TagCardRiskManagementDOL2, mustHex("8A02"))
	r1 = emv.AppendTLV(r1, emv.TagCVMList, mustHex("00000000000000004400"))
	r1 = emv.AppendTLV(r1, emv.TagCAPublicKeyIndexCard, []byte{0x0F})
	r1 = emv.AppendTLV(r1, emv.TagIssuerPublicKeyExponent, []byte{0x03})
	if len(issRem) > 0 {
		r1 = emv.AppendTLV(r1, emv.TagIssuerPublicKeyRemainder, issRem)
	}
	r2 = emv.AppendTLV(r2, emv.TagIssuerPublicKeyCertificate, issCert)
	r2 = emv.AppendTLV(r2, emv.TagICCPublicKeyCertificate, iccCert)
	r2 = emv.AppendTLV(r2, emv.TagICCPublicKeyExponent, iccPub.Exponent)
	if len(iccRem) > 0 {
		r2 = emv.AppendTLV(r2, emv.TagICCPublicKeyRemainder, iccRem)
	}
	records := map[byte][]byte{1: emv.AppendTLV(nil, emv.TagReadRecordResponseTemplate, r1), 2: emv.AppendTLV(nil, emv.TagReadRecordResponseTemplate, r2)}
	aid := mustHex("A000000025010801")
	block, err := plaintextPINBlock([]byte(pin))
	require.NoError(t, err)
	tries := 3
	var challenge []byte
	ok := func(b []byte) []byte { return append(bytes.Clone(b), 0x90, 0x00) }
	return &scriptCard{handle: func(c emv.Command) []byte {
		switch c.INS {
		case emv.INSSelect:
			if bytes.HasPrefix(aid, c.Data) && c.P2 == 0 {
				return fciOf(aid, "AMERICAN EXPRESS", 1)
			}
			return mustHex("6A82")
		case emv.INSGetProcessingOptions:
			return ok(mustHex("80061000" + "08010200"))
		case emv.INSReadRecord:
			if r, found := records[c.P1]; found && c.P2 == 0x0C {
				return ok(r)
			}
			return mustHex("6A83")
		case emv.INSGetData:
			return ok([]byte{0x9F, 0x17, 0x01, byte(tries)})
		case emv.INSGetChallenge:
			challenge = []byte{1, 2, 3, 4, 5, 6, 7, 8}
			return ok(challenge)
		case emv.INSVerify:
			if c.P2 != emv.P2EncipheredPIN {
				return mustHex("6A86")
			}
			m := new(big.Int).Exp(new(big.Int).SetBytes(c.Data), icc.D, icc.N).FillBytes(make([]byte, len(iccPub.Modulus)))
			if m[0] != 0x7F || !bytes.Equal(m[9:17], challenge) {
				return mustHex("6984")
			}
			if !bytes.Equal(m[1:9], block[:]) {
				tries--
				return []byte{0x63, 0xC0 | byte(tries)}
			}
			tries = 3
			return mustHex("9000")
		case emv.INSGenerateAC:
			return ok(mustHex("800B0000011122334455667788"))
		}
		return nil
	}}
}

func TestEncipheredOfflinePIN(t *testing.T) {
	card := encipheredPINCard(t, "2468")
	cfg := ConvenienceStore()
	cfg.CAKeys = caStore(t)
	var seen *[]PINRequest
	cfg.PINPad, seen = wrongThenRight(1, "2468")
	o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), card, Transaction{Amount: 100})
	assert.Equal(t, emv.CVMEncipheredPIN, o.CVM)
	assert.Equal(t, cvmr("440002"), o.CVMResults, o.CVMResults.String())
	assert.Equal(t, byte(0), o.TVR[2], o.TVR.String())
	require.Len(t, *seen, 2)
	assert.Equal(t, PINOfflineEnciphered, (*seen)[0].Kind)
	assert.Equal(t, []int{3, 2}, []int{(*seen)[0].TriesLeft, (*seen)[1].TriesLeft})
	var verifies int
	for _, e := range o.Trace {
		if e.Name == "VERIFY" {
			verifies++
			assert.True(t, strings.HasPrefix(e.Command, "00200088"), e.Command)
			assert.True(t, strings.HasSuffix(e.Command, "****"), "enciphered PIN data not shown")
		}
	}
	assert.Equal(t, 2, verifies)
	assert.Contains(t, o.Trace.Decisions(), "card returned AAC (CID 00)")
}

func TestEncipheredPINWithoutCAKey(t *testing.T) {
	card := encipheredPINCard(t, "2468")
	cfg := ConvenienceStore()
	cfg.PINPad = pinPad("2468")
	o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), card, Transaction{Amount: 100})
	assert.Equal(t, cvmr("440001"), o.CVMResults)
	// PIN pad "not working" for this CVM, and verification failed.
	assert.Equal(t, byte(0x90), o.TVR[2], o.TVR.String())
}

func TestOnlinePINBlock(t *testing.T) {
	// Published ISO 9564-1 format 0 vector (testdata/pinblock_vectors.txt):
	// PIN 1234, PAN 5544332211009966 → clear block 041277CDDEEFF669.
	key := mustHex("0123456789ABCDEFFEDCBA9876543210")
	got, err := format0PINBlock(key, []byte("1234"), "5544332211009966")
	require.NoError(t, err)
	b, err := des.NewTripleDESCipher(append(bytes.Clone(key), key[:8]...))
	require.NoError(t, err)
	clear := make([]byte, 8)
	b.Decrypt(clear, got)
	assert.Equal(t, mustHex("041277CDDEEFF669"), clear)
	_, err = format0PINBlock(key, []byte("12a4"), "5544332211009966")
	assert.Error(t, err)
	_, err = format0PINBlock(key, []byte("1234"), "554433")
	assert.Error(t, err)
}
