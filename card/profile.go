package card

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// Profile is everything personalisation writes into a card: its
// applications with their data, keys and certificates, the PIN, the
// transport protocol and the contactless and stripe faces. It is plain data:
// write it in Go, or load it from JSON with [ParseProfile] (byte fields are
// hex strings). [New] validates it.
//
// String and GoString never print keys or the PIN, and mask the PAN.
type Profile struct {
	// Name is a human label ("Amex test card"), not card data.
	Name string

	// Protocol is the contact transmission protocol: T=1, or T=0 with its
	// 61xx / 6Cxx conventions (ISO/IEC 7816-3, EMV Book 1 §9).
	Protocol Protocol
	// ATR overrides the answer to reset; empty means the EMV basic ATR for
	// Protocol (Book 1 §8.3).
	ATR Hex `json:",omitempty"`

	// PSE makes the contact face answer SELECT 1PAY.SYS.DDF01 with a
	// directory of the applications (Book 1 §12.2.2).
	PSE bool

	// Applications are the card's payment applications, at most
	// MaxApplications.
	Applications []Application

	// PIN is the offline PIN on the chip.
	PIN PIN

	// Stripe is the magnetic stripe.
	Stripe Stripe
}

// MaxApplications is the number of applications a card holds.
const MaxApplications = 4

// Protocol is the contact transmission protocol.
type Protocol uint8

// Transmission protocols (ISO/IEC 7816-3).
const (
	T1 Protocol = iota // block protocol: the card answers every case in one response
	T0                 // character protocol: 61xx and GET RESPONSE, 6Cxx for a wrong Le
)

// String is "T=0" or "T=1".
func (p Protocol) String() string {
	if p == T0 {
		return "T=0"
	}
	return "T=1"
}

// MarshalText writes "T=0" or "T=1".
func (p Protocol) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads "T=0" or "T=1".
func (p *Protocol) UnmarshalText(b []byte) error {
	switch string(b) {
	case "T=0":
		*p = T0
	case "T=1", "":
		*p = T1
	default:
		return &json.UnmarshalTypeError{Value: "protocol " + strconv.Quote(string(b)), Type: reflect.TypeFor[Protocol]()}
	}
	return nil
}

// PIN is the offline PIN personalisation. A card issued without a PIN on the
// chip has Digits empty: its PIN reference data is not initialised, so VERIFY
// answers 6984 and the PIN try counter reads 0, until a PIN CHANGE/UNBLOCK
// script writes one.
type PIN struct {
	// Digits is the PIN, 4 to 12 decimal digits, or empty for none.
	Digits string
	// TryLimit is the PIN try limit the try counter is reset to (1 to 15;
	// 0 means 3).
	TryLimit int
}

// Stripe is the magnetic stripe as encoded, without sentinels: track 1
// "B4761…^NAME/^2212201…" and track 2 "4761…=2212201…". A chip card's
// service code starts with 2 and the discretionary data holds the stripe
// CVV (the chip's track 2 equivalent holds the iCVV instead).
type Stripe struct {
	Track1, Track2 string
}

// Application is one payment application: its file control information,
// the data its records hold, its card risk management parameters and keys.
type Application struct {
	AID                  Hex    // 4F / 84, 5 to 16 bytes
	Label                string // 50
	PreferredName        string `json:",omitempty"` // 9F12
	IssuerCodeTableIndex byte   `json:",omitempty"` // 9F11, 0 for absent
	Priority             byte   `json:",omitempty"` // 87, 0 for absent
	LanguagePreference   string `json:",omitempty"` // 5F2D, e.g. "jaen"

	PDOL Hex `json:",omitempty"` // 9F38 in the FCI
	AIP  Hex // 82, 2 bytes
	AFL  Hex // 94: 4 bytes per entry (SFI<<3, first, last, ODA count)
	// Records are the files the AFL names. Build them with
	// [Application.LayOutRecords] or write them yourself.
	Records []Record

	// The card data the records carry, which the card also needs itself.
	PAN               string // 5A, 12 to 19 digits
	PANSequenceNumber byte   // 5F34, BCD: 0x01 is "01"
	EffectiveDate     string `json:",omitempty"` // 5F25 YYMMDD
	ExpiryDate        string // 5F24 YYMMDD
	ServiceCode       string // 5F30, 3 digits
	CardholderName    string `json:",omitempty"` // 5F20
	CurrencyCode      uint16 // 9F42, ISO 4217 numeric
	CountryCode       uint16 // 5F28, ISO 3166 numeric
	// Track2Equivalent is tag 57: PAN D YYMM service code and discretionary
	// data with the iCVV, packed, F-padded.
	Track2Equivalent Hex `json:",omitempty"`

	CDOL1, CDOL2 Hex // 8C, 8D
	DDOL         Hex `json:",omitempty"` // 9F49
	CVMList      Hex // 8E
	IACDenial    Hex // 9F0E, 5 bytes
	IACOnline    Hex // 9F0F
	IACDefault   Hex // 9F0D
	AUC          Hex // 9F07, 2 bytes
	Version      Hex // 9F08 application version number, 2 bytes
	LogFormat    Hex `json:",omitempty"` // 9F4F
	// LogEntries is the capacity of the transaction log (9F4D), 0 for none.
	LogEntries int `json:",omitempty"`

	// Card risk management (Book 3 §10.8 and the schemes' card specs).
	LCOL byte // 9F14 lower consecutive offline limit
	UCOL byte // 9F23 upper consecutive offline limit
	// OfflineAmountLimit caps the sum of amounts approved offline since the
	// last online transaction (the cumulative total, in minor units of
	// CurrencyCode); 0 means no amount check.
	OfflineAmountLimit int64 `json:",omitempty"`

	// CryptogramVersion names the cryptogram version (cryptogram.Version
	// Name): it fixes the key derivations, the cryptogram input, the IAD
	// layout and the secure messaging, and the issuer uses the same one.
	CryptogramVersion string

	// Keys are the ICC master keys and the offline data authentication
	// material.
	Keys Keys

	// Contactless is the application's contactless face.
	Contactless Contactless
}

// Record is one record of an application elementary file: SFI 1 to 30,
// record number 1 to 254, and the data objects inside its template 70.
type Record struct {
	SFI    int
	Number int
	Data   Hex
}

// Keys are an application's secret keys and its certificates.
type Keys struct {
	// ICC master keys (Book 2 A1.4), derived by the issuer from its IMKs:
	// application cryptograms, secure-messaging integrity and
	// confidentiality. 16-byte TDES or 16/24/32-byte AES.
	AC, SMI, SMC Hex

	// ICCPrivateKey signs DDA and CDA; nil for a card without either. It
	// is not written to profile files; a file names the key by ICCKeySeed.
	ICCPrivateKey *oda.PrivateKey `json:"-"`
	// ICCKeySeed, when ICCPrivateKey is nil, makes New generate the ICC key
	// deterministically from a seed (test material, reproducible across
	// runs).
	ICCKeySeed *KeySeed `json:",omitempty"`

	CAPublicKeyIndex  byte `json:",omitempty"` // 8F
	IssuerCertificate Hex  `json:",omitempty"` // 90
	IssuerRemainder   Hex  `json:",omitempty"` // 92
	IssuerExponent    Hex  `json:",omitempty"` // 9F32
	ICCCertificate    Hex  `json:",omitempty"` // 9F46
	ICCRemainder      Hex  `json:",omitempty"` // 9F48
	ICCExponent       Hex  `json:",omitempty"` // 9F47
	SignedStaticData  Hex  `json:",omitempty"` // 93, SDA
	DataAuthCode      Hex  `json:",omitempty"` // 9F45, from the SDA signature
}

// KeySeed names a test RSA key by the seed it is generated from: the same
// seed, size and exponent always give the same key.
type KeySeed struct {
	Seed     Hex
	Bits     int // 512 to 1984, a multiple of 8
	Exponent int // 3 or 65537
}

// Contactless is an application's contactless face. With OneTap the
// GET PROCESSING OPTIONS of the contactless face already returns the
// application cryptogram (format 2, qVSDC / ExpressPay style); without it
// the contactless face runs like the contact one, without VERIFY and
// scripts.
type Contactless struct {
	Enabled bool
	OneTap  bool `json:",omitempty"`
	PDOL    Hex  `json:",omitempty"` // 9F38 of the contactless FCI
	AIP     Hex  `json:",omitempty"` // 82 of the contactless GPO; empty: the contact AIP
	AFL     Hex  `json:",omitempty"` // 94 of the contactless GPO; empty: the contact AFL
	CTQ     Hex  `json:",omitempty"` // 9F6C card transaction qualifiers
	FFI     Hex  `json:",omitempty"` // 9F6E form factor indicator
}

// ProfileError says which field of a profile is wrong. Unwrap gives the
// sentinel ([ErrProfile] or a more specific one). It never quotes key or
// PIN values.
type ProfileError struct {
	Field string // "Applications[0].AFL"
	Err   error
}

// Error names the field and the problem.
func (e *ProfileError) Error() string { return "card: profile field " + e.Field + ": " + e.Err.Error() }

// Unwrap returns the sentinel.
func (e *ProfileError) Unwrap() error { return e.Err }

// ParseProfile reads a profile from JSON. Unknown fields are refused, so a
// misspelt field does not go unnoticed; a field of the wrong form comes back
// as a *ProfileError naming it. The profile is not validated here: [New]
// does that.
func ParseProfile(b []byte) (Profile, error) {
	return ReadProfile(bytes.NewReader(b))
}

// ReadProfile is ParseProfile reading from r.
func ReadProfile(r io.Reader) (Profile, error) {
	var p Profile
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	if err := d.Decode(&p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Profile{}, &ProfileError{Field: te.Field, Err: fmt.Errorf("%w: %s", ErrProfile, te.Value)}
		}
		return Profile{}, &ProfileError{Field: "(file)", Err: fmt.Errorf("%w: %s", ErrProfile, jsonReason(err))}
	}
	return p, nil
}

// jsonReason is the decoder's message, which names an unknown field or the
// syntax error's offset but never echoes a value.
func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return "JSON syntax error at offset " + strconv.FormatInt(se.Offset, 10)
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		return strings.TrimPrefix(msg, "json: ")
	}
	return "malformed JSON"
}

// String summarises the profile without keys or PIN, the PAN masked.
func (p Profile) String() string {
	var b strings.Builder
	b.WriteString("card.Profile{")
	b.WriteString(strconv.Quote(p.Name))
	b.WriteString(" " + p.Protocol.String())
	for _, a := range p.Applications {
		fmt.Fprintf(&b, " [%s %q PAN %s]", a.AID, a.Label, emv.MaskPAN(a.PAN))
	}
	if p.PIN.Digits == "" {
		b.WriteString(" no PIN on chip")
	} else {
		b.WriteString(" PIN on chip")
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, so %#v does not print secrets either.
func (p Profile) GoString() string { return p.String() }

// Format prints String for every verb, so no verb reaches the keys.
func (p Profile) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, p.String()) }

// String names the application without its keys, the PAN masked.
func (a Application) String() string {
	return fmt.Sprintf("card.Application{%s %q PAN %s %s}", a.AID, a.Label, emv.MaskPAN(a.PAN), a.CryptogramVersion)
}

// GoString is String.
func (a Application) GoString() string { return a.String() }

// Format prints String for every verb.
func (a Application) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, a.String()) }

// String summarises the PIN personalisation without the digits.
func (p PIN) String() string {
	if p.Digits == "" {
		return "card.PIN(none)"
	}
	return "card.PIN(set)"
}

// GoString is String.
func (p PIN) GoString() string { return p.String() }

// Format prints String for every verb.
func (p PIN) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, p.String()) }

// String describes the keys without their bytes.
func (k Keys) String() string {
	return fmt.Sprintf("card.Keys(AC %d, SMI %d, SMC %d bytes, RSA %t)", len(k.AC), len(k.SMI), len(k.SMC), k.ICCPrivateKey != nil || k.ICCKeySeed != nil)
}

// GoString is String.
func (k Keys) GoString() string { return k.String() }

// Format prints String for every verb.
func (k Keys) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

// String describes the seed by the key size only.
func (k KeySeed) String() string { return fmt.Sprintf("card.KeySeed(%d bits)", k.Bits) }

// GoString is String.
func (k KeySeed) GoString() string { return k.String() }

// Format prints String for every verb.
func (k KeySeed) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }
