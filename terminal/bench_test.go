package terminal

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
)

// BenchmarkContactOnline is a whole contact transaction that goes online —
// card, kernel and issuer in one process — with no ODA, with DDA and with
// CDA. Each has a Crypto twin: the cryptography that transaction must do,
// measured in the same run.
func BenchmarkContactOnline(b *testing.B) {
	for _, bc := range []struct {
		name  string
		ca    bool
		caps3 byte
	}{
		{"noODA", false, 0x00},
		{"DDA", true, 0xC0},
		{"CDA", true, 0xC8},
	} {
		b.Run(bc.name, func(b *testing.B) {
			iss := newIssuer(b, bc.ca)
			cfg := ConvenienceStore()
			cfg.Capabilities[2] = bc.caps3
			if bc.ca {
				cfg.CAKeys = caStore(b)
			}
			term := newTerminal(b, cfg, iss)
			ctx := context.Background()
			c := issueCard(b, iss)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%60000 == 59999 { // the ATC is 2 bytes
					b.StopTimer()
					c = issueCard(b, iss)
					b.StartTimer()
				}
				o, err := term.Run(ctx, Insert(c.Contact()), Transaction{Amount: 15000})
				if err != nil || o.Result != Approved {
					b.Fatalf("%v %v", o, err)
				}
			}
		})
		b.Run(bc.name+"Crypto", func(b *testing.B) {
			benchCrypto(b, bc.ca, bc.caps3)
		})
	}
}

// benchCrypto does the cryptography of one online transaction: the card's
// two application cryptograms and its ARPC check, the issuer's key
// derivation, ARQC check, iCVV and clone check, and ARPC; with DDA or CDA the terminal's key
// recoveries, and one (DDA) or two (CDA) signatures made and verified.
func benchCrypto(b *testing.B, withCA bool, caps3 byte) {
	iss := newIssuer(b, withCA)
	c := issueCard(b, iss)
	a := c.Profile().Applications[0]
	v := cryptogram.AmexCVN01
	imkAC := tdesKey(b, card.TestIMKAC)
	cvk := tdesKey(b, testCVK)
	mk, err := cryptogram.NewTDESKey(a.Keys.AC)
	require.NoError(b, err)
	p := cryptogram.ACParams{TerminalData: mustHex("000000015000000000000000039280002080000392261125004242424222"),
		AIP: [2]byte{0x3D, 0x00}, ATC: [2]byte{0, 1}, IAD: mustHex("06010103A05000")}
	pan, err := emv.AppendCN(nil, a.PAN, 0)
	require.NoError(b, err)
	var static []byte
	for _, r := range a.ODARecords() {
		static = append(static, r.Data...)
	}
	if !withCA {
		static = nil
	}
	static = append(static, a.AIP...)
	var ca oda.CAPublicKey
	if withCA {
		ca = simulatedCA(b).PublicKey()
	}
	un := []byte{0x42, 0x42, 0x42, 0x42}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// card: ARQC, TC
		arqc, err := v.ApplicationCryptogram(mk, p)
		require.NoError(b, err)
		_, err = v.ApplicationCryptogram(mk, p)
		require.NoError(b, err)
		// issuer: MK-AC, ARQC check, the iCVV and the clone check of the
		// track 2 equivalent data, ARPC; card: ARPC check
		issMK, err := cryptogram.DeriveMasterKey(imkAC, v.MasterKey, a.PAN, a.PANSequenceNumber)
		require.NoError(b, err)
		require.NoError(b, v.VerifyApplicationCryptogram(issMK, p, arqc))
		for _, svc := range []string{"999", "201"} {
			_, err = cryptogram.CVV(cvk, a.PAN, a.ExpiryDate[:4], svc)
			require.NoError(b, err)
		}
		ap := cryptogram.ARPCParams{ARQC: arqc, ATC: p.ATC, ARC: [2]byte{'0', '0'}}
		iad, err := v.AppendIssuerAuthenticationData(nil, issMK, ap)
		require.NoError(b, err)
		_, err = v.VerifyIssuerAuthenticationData(mk, ap, iad)
		require.NoError(b, err)
		if !withCA {
			continue
		}
		ik, err := oda.RecoverIssuerKey(ca, a.Keys.IssuerCertificate, a.Keys.IssuerRemainder, a.Keys.IssuerExponent, pan, fixedNow, nil)
		require.NoError(b, err)
		icc, err := oda.RecoverICCKey(ik.Key, a.Keys.ICCCertificate, a.Keys.ICCRemainder, a.Keys.ICCExponent, static, pan, fixedNow)
		require.NoError(b, err)
		signs := 1
		if caps3 == 0xC8 {
			signs = 2
		}
		for s := 0; s < signs; s++ {
			sdad, err := oda.SignDDA(a.Keys.ICCPrivateKey, []byte{1, 2, 3, 4, 5, 6, 7, 8}, un)
			require.NoError(b, err)
			_, err = oda.VerifyDDA(icc.Key, sdad, un)
			require.NoError(b, err)
		}
	}
}
