package card

import (
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// Public test issuer master keys. They are published test values — the
// first is the well-known EMV test IMK — and protect nothing: use them only
// for simulated cards. Real profiles get their keys from issuance.
var (
	TestIMKAC  = mustHex("0123456789ABCDEF FEDCBA9876543210")
	TestIMKSMI = mustHex("0123456789ABCDEF 0123456789ABCDEF")
	TestIMKSMC = mustHex("FEDCBA9876543210 0123456789ABCDEF")
)

// TestKeys derives a card's ICC master keys from the public test IMKs for
// the PAN and PAN sequence number, with the derivation of the cryptogram
// version named (see Application.CryptogramVersion).
func TestKeys(version, pan string, psn byte) (Keys, error) {
	v, ok := cryptogram.VersionByName(version)
	if !ok {
		return Keys{}, ErrCryptogramVersion
	}
	ac, _ := cryptogram.NewTDESKey(TestIMKAC)
	smi, _ := cryptogram.NewTDESKey(TestIMKSMI)
	smc, _ := cryptogram.NewTDESKey(TestIMKSMC)
	ks, err := v.DeriveICCKeys(ac, smi, smc, pan, psn)
	if err != nil {
		return Keys{}, err
	}
	return Keys{AC: ks.AC.Bytes(), SMI: ks.SMI.Bytes(), SMC: ks.SMC.Bytes()}, nil
}

// Data object lists the presets share. CDOL1 starts with the 29 bytes of
// terminal data Book 2 §8.1.1 recommends for the cryptogram (9F02 9F03 9F1A
// 95 5F2A 9A 9C 9F37), then asks for the terminal type and the CVM results;
// CDOL2 starts with the same 29 bytes and adds the authorisation response
// code (8A).
var (
	presetCDOL1 = mustHex("9F0206 9F0306 9F1A02 9505 5F2A02 9A03 9C01 9F3704 9F3501 9F3403")
	presetCDOL2 = mustHex("9F0206 9F0306 9F1A02 9505 5F2A02 9A03 9C01 9F3704 8A02")
	// presetCDOL2ARPC adds the issuer authentication data, for the
	// Mastercard style that checks the ARPC in the second GENERATE AC.
	presetCDOL2ARPC = mustHex("9F0206 9F0306 9F1A02 9505 5F2A02 9A03 9C01 9F3704 8A02 910A")
	presetDDOL      = mustHex("9F3704")
	// presetQPDOL is a qVSDC / ExpressPay style contactless PDOL: the
	// reader's qualifiers, then the cryptogram's terminal data.
	presetQPDOL = mustHex("9F6604 9F0206 9F0306 9F1A02 9505 5F2A02 9A03 9C01 9F3704")
	// presetIAC* are issuer action codes as Visa-style issuers set them.
	presetIACDenial  = mustHex("0010000000")
	presetIACOnline  = mustHex("DC4004F800")
	presetIACDefault = mustHex("DC4000A800")
	// presetLogFormat is the transaction log entry layout (9F4F).
	presetLogFormat = mustHex("9A03 9F2103 9F0206 5F2A02 9F1A02 9C01 9F3602 9F2701")
)

// presetApplication fills what all presets share. AIP: cardholder
// verification, terminal risk management and issuer authentication, plus
// SDA, DDA and CDA when the keys carry an ICC key or signed static data.
func presetApplication(pan string, psn byte, keys Keys) Application {
	aip := Hex{aipCVM | aipTRM | aipIssuerAuth, 0x00}
	if keys.ICCPrivateKey != nil || keys.ICCKeySeed != nil {
		aip[0] |= aipDDA | aipCDA
	}
	if len(keys.SignedStaticData) > 0 {
		aip[0] |= aipSDA
	}
	a := Application{
		PAN: pan, PANSequenceNumber: psn,
		EffectiveDate: "250101", ExpiryDate: "301231", ServiceCode: "201",
		CardholderName: "TEST/CARDHOLDER",
		AIP:            aip,
		CDOL1:          presetCDOL1, CDOL2: presetCDOL2, DDOL: presetDDOL,
		IACDenial: presetIACDenial, IACOnline: presetIACOnline, IACDefault: presetIACDefault,
		AUC:       mustHex("FF00"),
		LogFormat: presetLogFormat, LogEntries: 10,
		LCOL: 3, UCOL: 5,
		Keys: keys,
	}
	a.Track2Equivalent = Track2Equivalent(pan, "3012", "201", "0000000000")
	return a
}

// finishPreset lays out the records and the stripe.
func finishPreset(p Profile) Profile {
	a := &p.Applications[0]
	a.LayOutRecords()
	p.Stripe = StripeTracks(a.CardholderName, a.PAN, a.ExpiryDate[:4], a.ServiceCode, "0000", "000")
	return p
}

// AmexProfile is the American Express card of the story: AID
// A000000025010801, label AMERICAN EXPRESS, yen (392) in Japan (392), CVM
// list "plaintext PIN by the ICC if the terminal supports it, else signature
// if supported, else no CVM", each rule with "apply succeeding CV rule if
// this one fails" (Book 3 Annex C3: 41 03, 5E 03, 5F 03), and no PIN on the
// chip: the PIN arrives later by issuer script. Contactless ExpressPay-style
// one-tap face. Cryptogram version AEIPS CVN 01.
func AmexProfile(pan string, psn byte, keys Keys) Profile {
	a := presetApplication(pan, psn, keys)
	a.AID = mustHex("A000000025010801")
	a.Label = "AMERICAN EXPRESS"
	a.Priority = 0x01
	a.LanguagePreference = "jaen"
	a.CurrencyCode, a.CountryCode = 392, 392
	a.CVMList = mustHex("00000000 00000000 4103 5E03 5F03")
	a.Version = mustHex("0001")
	a.CryptogramVersion = cryptogram.AmexCVN01.Name
	a.Contactless = Contactless{Enabled: true, OneTap: true, PDOL: presetQPDOL, CTQ: mustHex("0000")}
	return finishPreset(Profile{
		Name: "American Express (story card, no PIN on chip)", Protocol: T1, PSE: true,
		Applications: []Application{a},
		PIN:          PIN{TryLimit: 3},
	})
}

// VisaProfile is a Visa credit card on the public test AID A0000000031010,
// CVN 10, with an offline PIN on the chip, T=0.
func VisaProfile(pan string, psn byte, keys Keys, pin string) Profile {
	a := presetApplication(pan, psn, keys)
	a.AID = mustHex("A0000000031010")
	a.Label = "VISA CREDIT"
	a.Priority = 0x01
	a.CurrencyCode, a.CountryCode = 392, 392
	a.CVMList = mustHex("00000000 00000000 4103 4203 5E03 1F03")
	a.Version = mustHex("008C")
	a.CryptogramVersion = cryptogram.VisaCVN10.Name
	a.Contactless = Contactless{Enabled: true, OneTap: true, PDOL: presetQPDOL, CTQ: mustHex("8000")}
	return finishPreset(Profile{
		Name: "Visa test card", Protocol: T0, PSE: true,
		Applications: []Application{a},
		PIN:          PIN{Digits: pin, TryLimit: 3},
	})
}

// MastercardProfile is a Mastercard credit card on the public test AID
// A0000000041010, CVN 16, checking the ARPC in the second GENERATE AC.
func MastercardProfile(pan string, psn byte, keys Keys, pin string) Profile {
	a := presetApplication(pan, psn, keys)
	a.AID = mustHex("A0000000041010")
	a.Label = "MASTERCARD"
	a.Priority = 0x01
	a.CurrencyCode, a.CountryCode = 392, 392
	a.CDOL2 = presetCDOL2ARPC
	a.CVMList = mustHex("00000000 00000000 4103 4203 5E03 1F03")
	a.Version = mustHex("0002")
	a.CryptogramVersion = cryptogram.MastercardCVN16.Name
	return finishPreset(Profile{
		Name: "Mastercard test card", Protocol: T1,
		Applications: []Application{a},
		PIN:          PIN{Digits: pin, TryLimit: 3},
	})
}

// JCBProfile is a JCB card on the public test AID A0000000651010, using the
// common-session-key version (Visa CVN 18 rules).
func JCBProfile(pan string, psn byte, keys Keys, pin string) Profile {
	a := presetApplication(pan, psn, keys)
	a.AID = mustHex("A0000000651010")
	a.Label = "JCB"
	a.Priority = 0x01
	a.LanguagePreference = "jaen"
	a.CurrencyCode, a.CountryCode = 392, 392
	a.CVMList = mustHex("00000000 00000000 4103 4203 5E03 1F03")
	a.Version = mustHex("0200")
	a.CryptogramVersion = cryptogram.VisaCVN18.Name
	return finishPreset(Profile{
		Name: "JCB test card", Protocol: T1, PSE: true,
		Applications: []Application{a},
		PIN:          PIN{Digits: pin, TryLimit: 3},
	})
}
