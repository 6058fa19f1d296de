package terminal

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// Config is a terminal's fixed parameters: what Book 4 Annex A calls the
// terminal's capabilities and type, and the acquirer's and payment systems'
// parameters the kernel uses in Book 3 §10 (application list, action codes,
// floor limit, random selection, CA keys). New copies it; it does not change
// afterwards.
type Config struct {
	// TerminalID (9F1C), MerchantID (9F16), MerchantNameLocation (9F4E) and
	// MerchantCategoryCode (9F15) identify the acceptor.
	TerminalID           string
	MerchantID           string
	MerchantNameLocation string
	MerchantCategoryCode uint16

	// Type is the terminal type 9F35 (Book 4 Annex A1): the second digit
	// says attended (1–3) or unattended (4–6) and online capability.
	Type emv.TerminalType
	// Capabilities is 9F33 (Book 4 Annex A2): card data input, CVM and
	// security capabilities.
	Capabilities emv.TerminalCapabilities
	// AdditionalCapabilities is 9F40 (Book 4 Annex A3).
	AdditionalCapabilities emv.AdditionalTerminalCapabilities

	// CountryCode is 9F1A and CurrencyCode 5F2A (ISO 3166 and ISO 4217
	// numeric); CurrencyExponent is 5F36.
	CountryCode      uint16
	CurrencyCode     uint16
	CurrencyExponent byte

	// Applications are the AIDs the terminal accepts, in its order of
	// preference (Book 1 §12.3.2 list of AIDs).
	Applications []Application

	// FloorLimit is the terminal floor limit in minor units (9F1B; Book 3
	// §10.6.1). Transactions at or above it go online.
	FloorLimit int64
	// RandomSelection drives random transaction selection (Book 3 §10.6.2).
	RandomSelection RandomSelection
	// ExceptionFile lists PANs the terminal must not accept offline (Book 3
	// §10.6.1 exception file check).
	ExceptionFile []string

	// CAKeys are the certification authority public keys for offline data
	// authentication (Book 2 §5–6), and Revoked the issuer certificates the
	// payment systems revoked. A nil store means no ODA is possible.
	CAKeys  *oda.CAStore
	Revoked *oda.RevocationList

	// DefaultDDOL and DefaultTDOL are used when the card gives none (Book 3
	// §10.3 and §9.2.2); an AID's own override them.
	DefaultDDOL []byte
	DefaultTDOL []byte

	// PINPad enters PINs; nil means no PIN pad (Book 3 §10.5.1: "PIN pad not
	// present or not working").
	PINPad PINPad
	// Cardholder chooses between applications and confirms one; nil means
	// the terminal offers no choice (Book 1 §12.4).
	Cardholder CardholderInterface

	// Readers are the card readers the terminal has; the zero value means
	// contact and stripe as Capabilities byte 1 says, and no contactless
	// reader. Contactless holds the contactless reader's limits and
	// kernels (EMV Contactless Book A §5, Book B §3).
	Readers     Readers
	Contactless ContactlessConfig

	// SignatureWaiverLimit is the amount (minor units) below which the
	// merchant does not collect a signature: for such amounts the terminal
	// does not offer the signature CVM, so the card's CVM list falls through
	// to "No CVM required" where the card allows it (see cvm.go). Zero
	// disables the waiver.
	SignatureWaiverLimit int64

	// OnlinePINKey enciphers online PINs for the host: 16 or 24 bytes of a
	// TDES PIN encryption key. Nil means online PIN is not offered even if
	// Capabilities says so.
	OnlinePINKey []byte

	// Rand supplies unpredictable numbers and random selection; nil means
	// crypto/rand. Now is the clock; nil means time.Now. Both, like PINPad,
	// Cardholder and Trace, must be safe for concurrent use when Run is
	// called from several goroutines.
	Rand io.Reader
	Now  func() time.Time

	// Trace, when set, receives each trace line as it happens (the same
	// entries Outcome.Trace holds). ShowPAN prints PANs in full in the
	// trace; they are masked otherwise.
	Trace   io.Writer
	ShowPAN bool
}

// Application is one AID the terminal accepts and the payment system's
// parameters for it.
type Application struct {
	// AID is the terminal's AID (9F06), 5 to 16 bytes.
	AID []byte
	// PartialSelection allows a card AID that starts with AID and is longer
	// (Book 1 §12.3.1).
	PartialSelection bool
	// Versions are the application version numbers (9F09) the terminal
	// supports; the first is sent to the card. Empty means any.
	Versions [][2]byte
	// TACDenial, TACOnline and TACDefault are the terminal action codes
	// (Book 3 §10.7).
	TACDenial, TACOnline, TACDefault emv.TVR
	// DDOL and TDOL override the terminal's defaults for this AID.
	DDOL, TDOL []byte
}

// RandomSelection holds the parameters of Book 3 §10.6.2: below Threshold a
// transaction goes online with TargetPercent probability; between Threshold
// and the floor limit the probability rises linearly to MaxTargetPercent.
type RandomSelection struct {
	TargetPercent    int
	MaxTargetPercent int
	Threshold        int64
}

func (c Config) validate() error {
	if len(c.Applications) == 0 {
		return fmt.Errorf("%w: no applications", ErrConfig)
	}
	for i, a := range c.Applications {
		if len(a.AID) < 5 || len(a.AID) > 16 {
			return fmt.Errorf("%w: Applications[%d].AID must be 5 to 16 bytes", ErrConfig, i)
		}
	}
	if !c.Type.Valid() {
		return fmt.Errorf("%w: terminal type %02X", ErrConfig, byte(c.Type))
	}
	if c.Capabilities.Has(emv.TermCapEncipheredPINOnline) && len(c.OnlinePINKey) == 0 {
		return fmt.Errorf("%w: online PIN capability needs an OnlinePINKey", ErrConfig)
	}
	if c.CountryCode > 999 || c.CurrencyCode > 999 {
		return fmt.Errorf("%w: country and currency codes are three digits", ErrConfig)
	}
	if n := len(c.OnlinePINKey); n != 0 && n != 16 && n != 24 {
		return fmt.Errorf("%w: online PIN key must be 16 or 24 bytes", ErrConfig)
	}
	if c.FloorLimit < 0 || c.SignatureWaiverLimit < 0 || c.RandomSelection.Threshold < 0 {
		return fmt.Errorf("%w: negative limit", ErrConfig)
	}
	if err := c.Contactless.validate(c.Applications); err != nil {
		return err
	}
	r := c.RandomSelection
	if r.TargetPercent < 0 || r.TargetPercent > 99 || r.MaxTargetPercent < r.TargetPercent || r.MaxTargetPercent > 99 {
		return fmt.Errorf("%w: random selection percentages", ErrConfig)
	}
	return nil
}

// clone copies the slices so a caller's later edits cannot reach a running
// terminal.
func (c Config) clone() Config {
	apps := make([]Application, len(c.Applications))
	for i, a := range c.Applications {
		a.AID = bytes.Clone(a.AID)
		a.Versions = slices.Clone(a.Versions)
		a.DDOL = bytes.Clone(a.DDOL)
		a.TDOL = bytes.Clone(a.TDOL)
		apps[i] = a
	}
	c.Applications = apps
	c.ExceptionFile = slices.Clone(c.ExceptionFile)
	c.DefaultDDOL = bytes.Clone(c.DefaultDDOL)
	c.DefaultTDOL = bytes.Clone(c.DefaultTDOL)
	c.OnlinePINKey = bytes.Clone(c.OnlinePINKey)
	c.Contactless = c.Contactless.clone()
	return c
}
