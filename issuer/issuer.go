package issuer

import (
	"crypto/rand"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
)

// Config describes an issuer. Keys are test keys: a simulator has no
// business holding real ones.
type Config struct {
	// Name is a label for String.
	Name string

	// IMKAC, IMKSMI and IMKSMC are the issuer master keys for application
	// cryptograms and secure messaging (integrity, confidentiality), 16-byte
	// TDES or AES; the ICC master keys are derived from them per card
	// (Book 2 A1.4).
	IMKAC, IMKSMI, IMKSMC cryptogram.Key
	// CVK is the double-length card verification key (CVK A || CVK B) of
	// the stripe CVV, the chip iCVV and the printed back code.
	CVK cryptogram.Key

	// CA certifies the issuer's RSA key. Nil issues cards without offline
	// data authentication material.
	CA *oda.CertificationAuthority
	// IssuerKey is the issuer's RSA key; nil makes one of IssuerKeyBits
	// (default 1024) from Rand when CA is set.
	IssuerKey     *oda.PrivateKey
	IssuerKeyBits int
	// ICCKeyBits is the size of the cards' RSA keys (default 768).
	ICCKeyBits int
	// SDA also signs the cards' static data for static data
	// authentication (tag 93), beside the ICC key for DDA and CDA. It
	// needs CA.
	SDA bool

	// BIN is the range of issuer identification numbers the PANs start
	// with; PANLength their length, 12 to 19 (default 16; American Express
	// uses 15).
	BIN       BINRange
	PANLength int

	// Version is the cryptogram version of the cards (default
	// cryptogram.AmexCVN01).
	Version cryptogram.Version

	// PIN is the PIN policy.
	PIN PINPolicy

	// CreditLimit is a new account's limit in minor units (default 100000).
	CreditLimit int64
	// MaxATCGap is how far ahead of the last online ATC a request's ATC may
	// be (offline transactions between them); default 50.
	MaxATCGap int

	// MaxAttempts is the number of failed identity checks that lock a card's
	// registration (default 3), for LockOut (default 24 hours).
	MaxAttempts int
	LockOut     time.Duration
	// OneTimeCodeValidity is how long a one-time code lasts (default 10
	// minutes).
	OneTimeCodeValidity time.Duration

	// Notifier delivers one-time codes. Nil refuses to send any.
	Notifier Notifier
	// Rand is the source of PANs, codes and keys (default crypto/rand).
	Rand io.Reader
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// BINRange is an inclusive range of issuer identification numbers of equal
// length (6 or 8 digits): "374245" to "374249". With a CA, one issuer
// certificate names the whole range by the leading digits its ends share,
// so they must share at least 3.
type BINRange struct {
	Low, High string
}

// issuerIdentifier is the leftmost PAN digits every BIN in the range
// shares: the Issuer Identifier of the issuer certificate (Book 2 §5.3,
// Table 6: the leftmost 3–8 PAN digits, F-padded), which a terminal checks
// against each card's PAN. With Low alone, cards from the range's other
// BINs would fail that check.
func (r BINRange) issuerIdentifier() string {
	n := 0
	for n < len(r.Low) && n < len(r.High) && r.Low[n] == r.High[n] {
		n++
	}
	return r.Low[:n]
}

// Option changes an issuer's configuration in New.
type Option func(*Config)

// WithRand sets the random source.
func WithRand(r io.Reader) Option { return func(c *Config) { c.Rand = r } }

// WithClock sets the clock.
func WithClock(now func() time.Time) Option { return func(c *Config) { c.Now = now } }

// WithNotifier sets the one-time code notifier.
func WithNotifier(n Notifier) Option { return func(c *Config) { c.Notifier = n } }

// Issuer is a simulated card issuer's host: it issues cards, registers
// PINs, authorises transactions and sends issuer scripts. It is safe for
// concurrent use: many terminals may authorise at once.
type Issuer struct {
	cfg Config

	issuerKey  *oda.PrivateKey
	issuerCert []byte // 90
	issuerRem  []byte // 92
	issuerExp  []byte // 9F32

	randMu sync.Mutex

	mu       sync.RWMutex
	accounts map[string]*account
	reserved map[string]bool // PANs drawn for cards being made
	auths    map[string]*authorisation

	scripts   atomic.Uint32 // script identifiers handed out
	approvals atomic.Uint64 // authorisation codes handed out
}

// New checks cfg, fills its defaults and, when a CA is given, certifies the
// issuer key.
func New(cfg Config, opts ...Option) (*Issuer, error) {
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	iss := &Issuer{cfg: cfg, accounts: map[string]*account{}, reserved: map[string]bool{}, auths: map[string]*authorisation{}}
	if cfg.CA != nil {
		if err := iss.certify(); err != nil {
			return nil, err
		}
	}
	return iss, nil
}

func (c *Config) fill() error {
	if c.Rand == nil {
		c.Rand = rand.Reader
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Notifier == nil {
		c.Notifier = discardNotifier{}
	}
	if c.Version.CVN == 0 && c.Version.Name == "" {
		c.Version = cryptogram.AmexCVN01
	}
	if c.PANLength == 0 {
		c.PANLength = 16
	}
	if c.IssuerKeyBits == 0 {
		c.IssuerKeyBits = 1024
	}
	if c.ICCKeyBits == 0 {
		c.ICCKeyBits = 768
	}
	if c.CreditLimit == 0 {
		c.CreditLimit = 100000
	}
	if c.MaxATCGap == 0 {
		c.MaxATCGap = 50
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 3
	}
	if c.LockOut == 0 {
		c.LockOut = 24 * time.Hour
	}
	if c.OneTimeCodeValidity == 0 {
		c.OneTimeCodeValidity = 10 * time.Minute
	}
	switch {
	case c.IMKAC.Algorithm() == 0 || c.IMKSMI.Algorithm() == 0 || c.IMKSMC.Algorithm() == 0:
		return fmt.Errorf("%w: issuer master keys missing", ErrConfig)
	case c.CVK.Algorithm() != cryptogram.TDES || c.CVK.Len() != 16:
		return fmt.Errorf("%w: CVK must be a 16-byte TDES key", ErrConfig)
	case len(c.BIN.Low) != len(c.BIN.High) || (len(c.BIN.Low) != 6 && len(c.BIN.Low) != 8) ||
		!isDigits(c.BIN.Low) || !isDigits(c.BIN.High) || c.BIN.Low > c.BIN.High:
		return fmt.Errorf("%w: BIN range must be two 6- or 8-digit numbers, low first", ErrConfig)
	case c.PANLength < max(12, len(c.BIN.Low)+2) || c.PANLength > 19:
		return fmt.Errorf("%w: PAN length %d", ErrConfig, c.PANLength)
	case c.PIN.length() < 4 || c.PIN.length() > 12 || c.PIN.tryLimit() < 1 || c.PIN.tryLimit() > 15:
		return fmt.Errorf("%w: PIN policy", ErrConfig)
	case c.CreditLimit < 0 || c.MaxATCGap < 1 || c.MaxAttempts < 1 || c.LockOut < 0 || c.OneTimeCodeValidity < 0:
		return fmt.Errorf("%w: limits must be positive", ErrConfig)
	}
	return nil
}

// certify makes the issuer key if needed and has the CA sign it.
func (iss *Issuer) certify() error {
	k := iss.cfg.IssuerKey
	if k == nil {
		var err error
		iss.randMu.Lock()
		k, err = oda.GenerateKey(iss.cfg.Rand, iss.cfg.IssuerKeyBits, 3)
		iss.randMu.Unlock()
		if err != nil {
			return fmt.Errorf("%w: issuer key: %w", ErrConfig, err)
		}
	}
	id, err := oda.IssuerIdentifier(iss.cfg.BIN.issuerIdentifier())
	if err != nil {
		return fmt.Errorf("%w: issuer identifier: BIN range %s-%s shares fewer than 3 leading digits: %w",
			ErrConfig, iss.cfg.BIN.Low, iss.cfg.BIN.High, err)
	}
	var serial [3]byte
	if err := iss.read(serial[:]); err != nil {
		return err
	}
	cert, rem, err := iss.cfg.CA.SignIssuerCertificate(oda.IssuerCertificate{
		IssuerIdentifier: id,
		Expiry:           oda.ExpiryOf(iss.cfg.Now().AddDate(10, 0, 0)),
		Serial:           serial,
		Key:              k.Public,
	})
	if err != nil {
		return fmt.Errorf("%w: issuer certificate: %w", ErrConfig, err)
	}
	iss.issuerKey, iss.issuerCert, iss.issuerRem = k, cert, rem
	iss.issuerExp = append([]byte(nil), k.Public.Exponent...)
	return nil
}

// String names the issuer without its keys.
func (iss *Issuer) String() string {
	iss.mu.RLock()
	n := len(iss.accounts)
	iss.mu.RUnlock()
	return fmt.Sprintf("issuer %q (BIN %s-%s, %d cards)", iss.cfg.Name, iss.cfg.BIN.Low, iss.cfg.BIN.High, n)
}

// read fills b from the random source, serialised because an io.Reader
// need not be safe for concurrent use.
func (iss *Issuer) read(b []byte) error {
	iss.randMu.Lock()
	defer iss.randMu.Unlock()
	if _, err := io.ReadFull(iss.cfg.Rand, b); err != nil {
		return fmt.Errorf("%w: %w", ErrRandom, err)
	}
	return nil
}

// randomDigits returns n decimal digits drawn without modulo bias.
func (iss *Issuer) randomDigits(n int) (string, error) {
	out := make([]byte, 0, n)
	var buf [16]byte
	for len(out) < n {
		if err := iss.read(buf[:]); err != nil {
			return "", err
		}
		for _, c := range buf {
			if c < 250 && len(out) < n {
				out = append(out, '0'+c%10)
			}
		}
	}
	return string(out), nil
}

// lookup finds a card's account.
func (iss *Issuer) lookup(pan string) (*account, error) {
	iss.mu.RLock()
	a := iss.accounts[pan]
	iss.mu.RUnlock()
	if a == nil {
		return nil, &CardError{PAN: emv.MaskPAN(pan), Err: ErrUnknownCard}
	}
	return a, nil
}

// Account returns a snapshot of the card's account, its log included.
func (iss *Issuer) Account(pan string) (Account, error) {
	a, err := iss.lookup(pan)
	if err != nil {
		return Account{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.snapshot(), nil
}

// SetStatus changes a card account's status (a card reported lost, a
// blocked account).
func (iss *Issuer) SetStatus(pan string, s AccountStatus) error {
	if s < AccountActive || s > AccountLost {
		return fmt.Errorf("%w: account status %d", ErrRequest, s)
	}
	a, err := iss.lookup(pan)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.status = s
	a.append(iss.cfg.Now(), LogEntry{Event: EventStatusChanged, ATC: -1, Detail: s.String()})
	return nil
}

// RequestPINUnblock records the cardholder's request to unblock the chip
// PIN after too many wrong entries: the next online contact-chip
// transaction in which the card reports its PIN blocked carries a PIN
// UNBLOCK script. It needs a PIN on the chip.
func (iss *Issuer) RequestPINUnblock(pan string) error {
	a, err := iss.lookup(pan)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.pin.State != PINOnChip {
		return &CardError{PAN: a.masked(), Err: ErrNoUnblock}
	}
	a.pin.UnblockRequested = true
	a.append(iss.cfg.Now(), LogEntry{Event: EventUnblockRequested, ATC: -1})
	return nil
}

// GoString is String, so %#v does not print accounts or keys.
func (iss *Issuer) GoString() string { return iss.String() }

// String describes the configuration without keys, notifier contents or
// random state.
func (c Config) String() string {
	return fmt.Sprintf("issuer.Config{%q BIN %s-%s, PAN length %d, %s, PIN at issuance %t}",
		c.Name, c.BIN.Low, c.BIN.High, c.PANLength, c.Version.Name, c.PIN.AtIssuance)
}

// GoString is String.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb, so no verb reaches a key.
func (c Config) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }
