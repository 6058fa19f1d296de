package cryptogram_test

import (
	"encoding/hex"
	"fmt"

	"github.com/emvsim/emvsim/emv/cryptogram"
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// A Visa CVN 10 card and its issuer: the issuer derives the card's keys,
// the card computes the ARQC, the issuer verifies it and answers with an
// ARPC and a PIN CHANGE script that the card checks and reads.
func Example() {
	imkAC, _ := cryptogram.NewTDESKey(mustHex("0123456789ABCDEFFEDCBA9876543210"))
	imkSMI, _ := cryptogram.NewTDESKey(mustHex("FEDCBA98765432100123456789ABCDEF"))
	imkSMC, _ := cryptogram.NewTDESKey(mustHex("89ABCDEF0123456776543210FEDCBA98"))
	v := cryptogram.VisaCVN10
	keys, err := v.DeriveICCKeys(imkAC, imkSMI, imkSMC, "1234567890123456", 0x00)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("keys:", keys.AC) // keys never print their bytes

	// CDOL1 data as the card received it: 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37.
	p := cryptogram.ACParams{
		TerminalData: mustHex("0000000040000000000000000124800004800001241911050152BF4585"),
		AIP:          [2]byte{0x18, 0x00},
		ATC:          [2]byte{0x00, 0x1C},
		IAD:          mustHex("06010A03A06010"),
	}
	arqc, _ := v.ApplicationCryptogram(keys.AC, p)
	fmt.Printf("ARQC: %X\n", arqc)
	fmt.Println("issuer verifies:", v.VerifyApplicationCryptogram(keys.AC, p, arqc) == nil)

	d91, _ := v.AppendIssuerAuthenticationData(nil, keys.AC, cryptogram.ARPCParams{ARQC: arqc, ATC: p.ATC, ARC: [2]byte{'0', '0'}})
	fmt.Printf("91: %X\n", d91)

	ctx := cryptogram.ScriptContext{ATC: p.ATC, ARQC: arqc}
	cmd, _ := v.PINChangeCommand(keys, "9999", "", ctx)
	raw, _ := cmd.Bytes()
	fmt.Printf("script: %X\n", raw)
	pin, err := v.RecoverScriptPIN(keys, cmd, "", ctx)
	fmt.Println("card reads a PIN of", len(pin), "digits, error:", err)
	// Output:
	// keys: cryptogram.Key(TDES, 16 bytes)
	// ARQC: 29CCA15AE665FA2E
	// issuer verifies: true
	// 91: 28993816AFAE4AEB3030
	// script: 8424000218BB221AF527377A2811D2B6EBC396A9391A965A5CB2CE62DA
	// card reads a PIN of 4 digits, error: <nil>
}

// Stripe values: the CVV of the magnetic stripe and the iCVV of the chip's
// track 2 equivalent data differ, so stripe data copied from the chip fails.
func ExampleCVV() {
	cvk, _ := cryptogram.NewTDESKey(mustHex("0123456789ABCDEFFEDCBA9876543210"))
	cvv, _ := cryptogram.CVV(cvk, "4123456789012345", "8701", "101")
	icvv, _ := cryptogram.ICVV(cvk, "4123456789012345", "8701")
	fmt.Println(cvv, icvv != cvv)
	// Output: 561 true
}

// One Visa CVN 18 transaction under a Session: the session key is derived
// once for the ATC, then the ARQC, the issuer's check and its ARPC use it.
// The inputs and both results are pyemv's HSM-checked CVN 18 vector.
func ExampleVersion_NewSession() {
	imkAC, _ := cryptogram.NewTDESKey(mustHex("0123456789ABCDEFFEDCBA9876543210"))
	v := cryptogram.VisaCVN18
	mkAC, _ := cryptogram.DeriveMasterKey(imkAC, v.MasterKey, "1234567890123456", 0x00)
	p := cryptogram.ACParams{
		TerminalData: mustHex("0000000040000000000000000124800004800001241911050152BF4585"),
		AIP:          [2]byte{0x18, 0x00},
		ATC:          [2]byte{0x00, 0x1C},
		IAD:          mustHex("06011203A0B800"),
	}
	s, err := v.NewSession(mkAC, p.ATC, p.UN)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)
	arqc, _ := s.ApplicationCryptogram(p)
	fmt.Printf("ARQC: %X, verifies: %v\n", arqc, s.VerifyApplicationCryptogram(p, arqc) == nil)
	d91, _ := s.AppendIssuerAuthenticationData(nil, cryptogram.ARPCParams{ARQC: arqc, ATC: p.ATC})
	fmt.Printf("91: %X\n", d91)
	_, err = s.ApplicationCryptogram(cryptogram.ACParams{TerminalData: p.TerminalData, ATC: [2]byte{0x00, 0x1D}})
	fmt.Println(err)
	// Output:
	// cryptogram.Session(Visa CVN 18, ATC 001C)
	// ARQC: 7A788EA6B8A3E733, verifies: true
	// 91: 9AF514C100000000
	// cryptogram: data of another transaction than the session's: ATC 001D is not the session's 001C (or its unpredictable number differs)
}
