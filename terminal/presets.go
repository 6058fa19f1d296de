package terminal

import (
	"github.com/emvsim/emvsim/emv"
)

// Japan's ISO 3166 and ISO 4217 numeric codes; the yen has no minor unit.
const (
	countryJapan = 392
	currencyJPY  = 392
)

// Action codes of the presets (Book 3 §10.7). TAC-online sends to the
// issuer what a typical acquirer does: failed or absent offline data
// authentication, an expired card, online PIN, the floor limit, velocity,
// random selection and merchant forcing, and a new card. TAC-default is the
// same without the online-only reasons. TAC-denial refuses a service the
// card does not allow.
var (
	tacDenial  = emv.TVR{0x00, 0x10, 0x00, 0x00, 0x00}
	tacOnline  = emv.TVR{0xDC, 0x48, 0x04, 0xF8, 0x00}
	tacDefault = emv.TVR{0xDC, 0x40, 0x00, 0xA8, 0x00}
	// An unattended PIN-only terminal also denies when the cardholder could
	// not be verified: nobody is there to take a signature instead.
	tacDenialUnattended = emv.TVR{0x00, 0x10, 0x80, 0x00, 0x00}
)

// jpApplications are the AIDs a Japanese acquirer accepts, American
// Express first, each with partial selection and the given denial code.
func jpApplications(denial emv.TVR) []Application {
	aids := [][]byte{
		{0xA0, 0x00, 0x00, 0x00, 0x25, 0x01},       // American Express
		{0xA0, 0x00, 0x00, 0x00, 0x65, 0x10, 0x10}, // JCB
		{0xA0, 0x00, 0x00, 0x00, 0x03, 0x10, 0x10}, // Visa credit/debit
		{0xA0, 0x00, 0x00, 0x00, 0x04, 0x10, 0x10}, // Mastercard
	}
	apps := make([]Application, len(aids))
	for i, aid := range aids {
		apps[i] = Application{AID: aid, PartialSelection: true, TACDenial: denial, TACOnline: tacOnline, TACDefault: tacDefault}
	}
	return apps
}

// defaultDDOL asks for the unpredictable number only (Book 2 §6.5.1).
var defaultDDOL = []byte{0x9F, 0x37, 0x04}

// ConvenienceStore is a Japanese convenience-store till: attended, offline
// with online capability (terminal type 22, Book 4 Annex A1); contact,
// contactless and stripe readers; offline plaintext and enciphered PIN,
// signature and "No CVM required" (9F33 E0 B8 C8: no online PIN); a floor
// limit of zero, so chip transactions go online; and no signature below
// ¥10,000 (see SignatureWaiverLimit). Set CAKeys, PINPad and Cardholder
// before New.
func ConvenienceStore() Config {
	c := attendedJapanese()
	c.TerminalID, c.MerchantID = "CVS00001", "KONBINI000001"
	c.MerchantNameLocation, c.MerchantCategoryCode = "KONBINI SHINJUKU TOKYO JP", 5411
	c.FloorLimit = 0
	c.SignatureWaiverLimit = 10000
	c.Readers = Readers{Contact: true, Contactless: true, Stripe: true}
	c.Contactless = ContactlessConfig{TransactionLimit: 100000, CVMRequiredLimit: 10000}
	return c
}

// TicketMachine is an unattended station ticket machine: offline with
// online capability (terminal type 25, Book 4 Annex A1), contact chip and
// stripe, offline PIN only — plaintext and enciphered, no signature, no
// "No CVM required" (9F33 60 90 C8). Its TAC-denial includes "cardholder
// verification was not successful", so a card whose PIN cannot be verified
// is declined. Set CAKeys and PINPad before New.
func TicketMachine() Config {
	return Config{
		TerminalID:             "TKT00001",
		MerchantID:             "RAILWAY000001",
		MerchantNameLocation:   "SHINJUKU STATION TOKYO JP",
		MerchantCategoryCode:   4111,
		Type:                   emv.TerminalTypeUnattendedOnlineOffline,
		Capabilities:           emv.TerminalCapabilities{0x60, 0x90, 0xC8},
		AdditionalCapabilities: emv.AdditionalTerminalCapabilities{0x40, 0x00, 0x80, 0x10, 0x01},
		CountryCode:            countryJapan,
		CurrencyCode:           currencyJPY,
		CurrencyExponent:       0,
		Applications:           jpApplications(tacDenialUnattended),
		FloorLimit:             0,
		DefaultDDOL:            defaultDDOL,
		// Over the CVM-required limit a tap would need a CVM this machine
		// cannot take (no signature, no online PIN), so the limits coincide
		// in effect: larger sums go to the chip.
		Readers:     Readers{Contact: true, Contactless: true, Stripe: true},
		Contactless: ContactlessConfig{TransactionLimit: 20000, CVMRequiredLimit: 10000},
	}
}

// AttendedPOS is a plain attended shop terminal: type 22, contact chip,
// stripe and key entry, offline PIN (plaintext and enciphered), signature
// and "No CVM required" (9F33 E0 B8 C8), a ¥5,000 floor limit with random
// selection below it, and no signature waiver. Online PIN needs an
// OnlinePINKey and the 9F33 byte 2 bit 7.
func AttendedPOS() Config {
	c := attendedJapanese()
	c.TerminalID, c.MerchantID = "POS00001", "SHOP00000001"
	c.MerchantNameLocation, c.MerchantCategoryCode = "SHOP TOKYO JP", 5999
	c.FloorLimit = 5000
	c.RandomSelection = RandomSelection{TargetPercent: 5, MaxTargetPercent: 25, Threshold: 2000}
	c.Readers = Readers{Contact: true, Stripe: true}
	return c
}

// attendedJapanese is what the attended presets share: a Japanese
// terminal of type 22 taking yen, with the same capabilities, AIDs and
// default DDOL.
func attendedJapanese() Config {
	return Config{
		Type:                   emv.TerminalTypeAttendedOnlineOffline,
		Capabilities:           emv.TerminalCapabilities{0xE0, 0xB8, 0xC8},
		AdditionalCapabilities: emv.AdditionalTerminalCapabilities{0x60, 0x00, 0xB0, 0xF0, 0x01},
		CountryCode:            countryJapan,
		CurrencyCode:           currencyJPY,
		CurrencyExponent:       0,
		Applications:           jpApplications(tacDenial),
		DefaultDDOL:            defaultDDOL,
	}
}
