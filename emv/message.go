package emv

import (
	"strconv"
	"strings"
	"time"
)

// EntryMode is the POS entry mode an acquirer forwards (ISO 8583 DE22
// positions 1–2): how the card data were read.
type EntryMode byte

// POS entry modes. EntryModeFallback marks a stripe read after the chip
// failed at this terminal, for the issuer to judge.
const (
	EntryModeUnknown              EntryMode = 0x00
	EntryModeManual               EntryMode = 0x01 // key entered, card not present
	EntryModeChip                 EntryMode = 0x05 // contact chip
	EntryModeContactlessChip      EntryMode = 0x07 // contactless, EMV data
	EntryModeFallback             EntryMode = 0x80 // stripe after chip failure
	EntryModeMagstripe            EntryMode = 0x90 // full stripe read
	EntryModeContactlessMagstripe EntryMode = 0x91 // contactless, stripe data
	EntryModeCredentialOnFile     EntryMode = 0x10 // card not present, stored credential
)

var entryModeNames = map[EntryMode]string{
	EntryModeUnknown:              "unknown",
	EntryModeManual:               "manual",
	EntryModeChip:                 "chip",
	EntryModeContactlessChip:      "contactless chip",
	EntryModeFallback:             "fallback stripe",
	EntryModeMagstripe:            "stripe",
	EntryModeContactlessMagstripe: "contactless stripe",
	EntryModeCredentialOnFile:     "credential on file",
}

// String names the entry mode in words.
func (m EntryMode) String() string {
	if n, ok := entryModeNames[m]; ok {
		return n
	}
	return "entry mode " + strconv.FormatUint(uint64(m), 16)
}

// IsChip reports whether the entry mode came from an EMV chip (contact or
// contactless), so the request carries ICC data.
func (m EntryMode) IsChip() bool { return m == EntryModeChip || m == EntryModeContactlessChip }

// ChipCapability says whether a terminal has a working contact chip
// reader, as an acquirer forwards it in the card data input capability
// (ISO 8583:1993 DE22 position 1: 0 unknown, 2 stripe, 5 contact chip …).
// The zero value is ChipCapabilityUnknown, so a request that does not say
// is told apart from one that says "stripe only".
type ChipCapability byte

// Chip capabilities of the terminal that read the card.
const (
	ChipCapabilityUnknown ChipCapability = iota // not given
	ChipCapable                                 // a working contact chip reader
	NotChipCapable                              // no chip reader (stripe only, or the chip reader is out of order)
)

// AuthorizationRequest is what an acquirer forwards to the issuer for an
// online authorisation (an ISO 8583 0100/0200 in essence). A terminal fills
// it from the card's data and its own; the issuer answers with an
// AuthorizationResponse. Its String masks the PAN and never shows track
// data, security codes or PIN blocks.
type AuthorizationRequest struct {
	// ID is unique per request from one terminal; completions refer to it.
	ID string
	// TerminalID and MerchantID identify the acceptor.
	TerminalID, MerchantID string
	// EntryMode says how the card was read.
	EntryMode EntryMode
	// TerminalChipCapable says whether the terminal has a working contact
	// chip reader (DE22 position 1). The issuer refuses a chip card's
	// stripe read without the fallback indicator unless the terminal is
	// NotChipCapable; an unknown capability is treated as chip capable.
	TerminalChipCapable ChipCapability
	// PAN as digits. For chip reads the issuer trusts the ICC data instead.
	PAN string
	// PANSequenceNumber is 5F34, -1 when absent.
	PANSequenceNumber int
	// Amount and AmountOther in minor units of CurrencyCode (ISO 4217 numeric).
	Amount, AmountOther int64
	CurrencyCode        uint16
	// TransactionType is 9C (00 goods and services, 01 cash, …).
	TransactionType byte
	// Time is the terminal's local transaction date and time.
	Time time.Time
	// ICCData is the chip data as DE55 carries it: a concatenation of
	// BER-TLV objects (9F26, 9F27, 9F10, 9F37, 9F36, 95, 9A, 9C, 9F02, 5F2A,
	// 82, 9F1A, 9F34, 9F33, 9F35, 84, 9F5B of a previous transaction…).
	ICCData []byte
	// Track2 is the track 2 data for stripe reads (ASCII, without sentinels
	// and LRC) and Track1 the track 1 data where read.
	Track1, Track2 string
	// PINBlock is an enciphered online PIN block, nil when no online PIN.
	PINBlock []byte
	// Expiry is the expiry date as YYMM for card-not-present and manual
	// entries, which carry neither ICC data nor a track.
	Expiry string
	// SecurityCode is the code printed on the card (CVC2, CVV2, the 4-digit
	// CID on the front of an American Express card) for card-not-present
	// entries; empty when not given.
	SecurityCode string
}

// String summarises the request for logs: PAN masked, amounts, entry mode,
// and whether ICC data, tracks and a PIN block are present, never their
// content.
func (r AuthorizationRequest) String() string {
	var b strings.Builder
	b.WriteString("authorisation request ")
	b.WriteString(strconv.Quote(r.ID))
	b.WriteString(" terminal ")
	b.WriteString(strconv.Quote(r.TerminalID))
	b.WriteString(" ")
	b.WriteString(r.EntryMode.String())
	b.WriteString(" PAN ")
	b.WriteString(MaskPAN(r.PAN))
	if r.PANSequenceNumber >= 0 {
		b.WriteString(" seq ")
		b.WriteString(strconv.Itoa(r.PANSequenceNumber))
	}
	b.WriteString(" amount ")
	b.WriteString(strconv.FormatInt(r.Amount, 10))
	if r.AmountOther != 0 {
		b.WriteString(" other ")
		b.WriteString(strconv.FormatInt(r.AmountOther, 10))
	}
	b.WriteString(" currency ")
	if c, ok := LookupCurrency(r.CurrencyCode); ok {
		b.WriteString(c.Alpha)
	} else {
		b.WriteString(strconv.Itoa(int(r.CurrencyCode)))
	}
	b.WriteString(" type ")
	b.WriteString(strconv.Itoa(int(r.TransactionType>>4)) + strconv.Itoa(int(r.TransactionType&0x0F)))
	if len(r.ICCData) > 0 {
		b.WriteString(" ICC data ")
		b.WriteString(strconv.Itoa(len(r.ICCData)))
		b.WriteString(" bytes")
	}
	if r.Track1 != "" || r.Track2 != "" {
		b.WriteString(" track data")
	}
	if r.SecurityCode != "" {
		b.WriteString(" security code")
	}
	if len(r.PINBlock) > 0 {
		b.WriteString(" online PIN")
	}
	return b.String()
}

// ResponseCode is the two-character authorisation response code (ISO 8583
// DE39, and tag 8A in the card's second GENERATE AC).
type ResponseCode string

// Response codes emvsim's issuer gives.
const (
	ResponseApproved           ResponseCode = "00"
	ResponseReferToIssuer      ResponseCode = "01"
	ResponseDoNotHonour        ResponseCode = "05"
	ResponseInvalidTransaction ResponseCode = "12"
	ResponseInvalidAmount      ResponseCode = "13"
	ResponseInvalidCard        ResponseCode = "14"
	ResponseFormatError        ResponseCode = "30"
	ResponseLostCard           ResponseCode = "41"
	ResponseInsufficientFunds  ResponseCode = "51"
	ResponseExpiredCard        ResponseCode = "54"
	ResponseIncorrectPIN       ResponseCode = "55"
	ResponseNotPermitted       ResponseCode = "57"
	ResponsePINTriesExceeded   ResponseCode = "75"
	ResponseSecurityViolation  ResponseCode = "63"
	ResponseCryptographicError ResponseCode = "88"
	ResponseIssuerUnavailable  ResponseCode = "91"
	ResponseChipCardUseChip    ResponseCode = "5C" // stripe read of a chip card without fallback
)

// Approved reports whether the code approves the transaction.
func (c ResponseCode) Approved() bool { return c == ResponseApproved }

// AuthorizationResponse is the issuer's answer.
type AuthorizationResponse struct {
	// RequestID echoes AuthorizationRequest.ID.
	RequestID string
	// Code is the response code; the terminal passes it to the card as 8A.
	Code ResponseCode
	// AuthorisationCode is the approval code (tag 89), empty when declined.
	AuthorisationCode string
	// ICCData is the chip data of the response as DE55 carries it:
	// issuer authentication data (91) and issuer script templates (71, 72),
	// each object's bytes exactly as the issuer built them.
	ICCData []byte
}

// AdviceKind says what a completion message reports.
type AdviceKind int

// Completion messages a terminal sends after the card's final decision.
const (
	// AdviceCompletion confirms an approved transaction with the card's TC
	// and the issuer script results.
	AdviceCompletion AdviceKind = iota + 1
	// AdviceReversal undoes an online approval the card then declined.
	AdviceReversal
	// AdviceOffline reports a transaction the card approved offline.
	AdviceOffline
)

// Advice is a completion message: an advice, a reversal or a clearing record.
type Advice struct {
	Kind AdviceKind
	// RequestID refers to the authorisation it completes ("" for offline).
	RequestID string
	// TerminalID identifies the terminal that sends the advice, as in the
	// authorisation request it completes.
	TerminalID string
	// PAN and PANSequenceNumber identify the card for offline advices.
	PAN               string
	PANSequenceNumber int
	Amount            int64
	CurrencyCode      uint16
	// ICCData carries the final cryptogram (9F26, 9F27), TVR (95) and the
	// issuer script results (9F5B).
	ICCData []byte
}

// String names the advice kind.
func (k AdviceKind) String() string {
	switch k {
	case AdviceCompletion:
		return "completion"
	case AdviceReversal:
		return "reversal"
	case AdviceOffline:
		return "offline advice"
	}
	return "advice kind " + strconv.Itoa(int(k))
}

// String summarises the advice with the PAN masked.
func (a Advice) String() string {
	s := a.Kind.String() + " " + strconv.Quote(a.RequestID)
	if a.PAN != "" {
		s += " PAN " + MaskPAN(a.PAN)
	}
	s += " amount " + strconv.FormatInt(a.Amount, 10)
	if c, ok := LookupCurrency(a.CurrencyCode); ok {
		s += " " + c.Alpha
	} else {
		s += " currency " + strconv.Itoa(int(a.CurrencyCode))
	}
	return s
}
