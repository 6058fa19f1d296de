package oda_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
	"github.com/emvsim/emvsim/internal/seeded"
)

// An issuer certifies its key with a simulated CA, signs a card's static
// data for SDA, and a terminal verifies both.
func Example() {
	rand := seeded.New([]byte("example")) // reproducible keys
	ca, _ := oda.NewCertificationAuthority(rand, oda.RID{0xA0, 0, 0, 0, 0x25}, 0xC9, 1408, 3)
	issuerKey, _ := oda.GenerateKey(rand, 1152, 3)

	id, _ := oda.IssuerIdentifier("374245")
	cert, remainder, _ := ca.SignIssuerCertificate(oda.IssuerCertificate{
		IssuerIdentifier: id, Expiry: oda.Expiry{0x12, 0x30}, Serial: [3]byte{0, 0, 1}, Key: issuerKey.Public,
	})

	records := []oda.Record{{SFI: 1, Raw: []byte{0x70, 0x0A, 0x5A, 0x08, 0x37, 0x42, 0x45, 0x00, 0x17, 0x51, 0x00, 0x6F}}}
	static, _ := oda.StaticData(records, []byte{0x82}, []byte{0x39, 0x00})
	ssad, _ := oda.SignStaticData(issuerKey, [2]byte{0xDA, 0xC1}, static)

	// The terminal side.
	pan := []byte{0x37, 0x42, 0x45, 0x00, 0x17, 0x51, 0x00, 0x6F}
	today := time.Date(2026, time.November, 25, 0, 0, 0, 0, time.UTC)
	recovered, err := oda.RecoverIssuerKey(ca.PublicKey(), cert, remainder, []byte{3}, pan, today, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	dac, err := oda.VerifySDA(recovered.Key, ssad, static)
	digits, _ := emv.ParseCN(pan)
	fmt.Printf("issuer %X, key %d bits, remainder %d bytes\n", recovered.IssuerIdentifier, recovered.Key.Size()*8, len(remainder))
	fmt.Printf("SDA ok: %v, DAC %X, card %s\n", err == nil, dac, emv.MaskPAN(digits))

	// A card whose PAN the issuer certificate does not cover.
	_, err = oda.RecoverIssuerKey(ca.PublicKey(), cert, remainder, []byte{3}, []byte{0x41, 0x11, 0x11, 0x11}, today, nil)
	fmt.Println(errors.Is(err, oda.ErrPANMismatch))
	// Output:
	// issuer 374245FF, key 1152 bits, remainder 4 bytes
	// SDA ok: true, DAC DAC1, card 374245*****1006
	// true
}

// The card signs its GENERATE AC response with CDA; the terminal checks it.
func ExampleVerifyCDA() {
	icc, _ := oda.GenerateKey(seeded.New([]byte("example ICC")), 1024, 65537)
	un := []byte{0xCA, 0xFE, 0xBA, 0xBE}
	cdol1 := []byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0xCA, 0xFE, 0xBA, 0xBE}
	response := []byte{0x9F, 0x27, 0x01, 0x80, 0x9F, 0x36, 0x02, 0x00, 0x01}

	tdh, _ := oda.TransactionDataHash(nil, cdol1, nil, response)
	sdad, _ := oda.SignCDA(icc, oda.CDASignedData{IDN: []byte{0x00, 0x01}, CID: 0x80, AC: [8]byte{1, 2, 3, 4, 5, 6, 7, 8}, TransactionDataHash: tdh}, un)
	response = append(response, 0x9F, 0x4B, 0x81, byte(len(sdad)))
	response = append(response, sdad...)

	got, err := oda.VerifyCDA(icc.Public, response, un, nil, cdol1, nil)
	fmt.Printf("%v CID %02X AC %X\n", err == nil, got.CID, got.AC)
	// Output: true CID 80 AC 0102030405060708
}
