package card

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
)

// Card is a simulated EMV card: a chip with a contact and a contactless
// interface, and a magnetic stripe. Reach the chip only through the
// transports [Card.Contact] and [Card.Contactless] return, as a terminal
// does through a reader. A Card serialises its commands, so it is safe to
// use from several goroutines.
type Card struct {
	mu      sync.Mutex
	profile Profile
	apps    []appKeys // per application, parsed once
	rand    io.Reader
	now     func() time.Time

	state nvm     // committed persistent state
	work  nvm     // the copy the running command writes
	s     session // volatile state, lost at power-off

	// tear, when set by a test, is asked before each persistent write
	// (step 1, 2, …) and before the commit whether the power fails there.
	tear  func(step int) bool
	steps int
	torn  bool

	scriptFailed  bool // set by a refused script command, outlives the refusal
	challengeUsed bool // an enciphered PIN consumed the challenge, even if refused

	// pinRegistered is the issuer's bookkeeping, not chip state.
	pinRegistered bool

	out    []byte   // response buffer, reused
	digest [16]byte // binds saved states to the profile
}

// appKeys is what the card derives from an application's profile once.
type appKeys struct {
	version      cryptogram.Version
	keys         cryptogram.ICCKeys
	icc          *oda.PrivateKey
	pdol, cdol1  emv.DOL
	cdol2, ddol  emv.DOL
	cPDOL        emv.DOL // contactless PDOL
	aip, cAIP    [2]byte
	afl, cAFL    []byte
	logFormat    emv.DOL
	logEntryLen  int
	cdol2HasARPC bool
	// session is the last transaction's cryptogram key, kept so the second
	// GENERATE AC and issuer authentication of a transaction do not derive
	// it again; derived data only, never part of the saved state.
	session cryptogram.Session
}

// acSession returns the application's cryptogram session for an ATC and
// unpredictable number, deriving it when the last one was for another.
func (ak *appKeys) acSession(atc [2]byte, un [4]byte) (cryptogram.Session, error) {
	if ak.session.For(atc, un) {
		return ak.session, nil
	}
	s, err := ak.version.NewSession(ak.keys.AC, atc, un)
	if err != nil {
		return cryptogram.Session{}, err
	}
	ak.session = s
	return s, nil
}

// ErrPowerLost is what a transport returns when the power failed inside a
// command (only the tearing test makes that happen): the card is off and its
// state is as before the command or as after it.
var ErrPowerLost = errors.New("card: power lost during the command")

// Option configures a Card.
type Option func(*Card)

// WithRand sets the source of the card's random numbers (GET CHALLENGE,
// ICC dynamic numbers). The default is crypto/rand.
func WithRand(r io.Reader) Option { return func(c *Card) { c.rand = r } }

// WithClock sets the card's clock. A chip has no clock of its own; the
// simulator uses it only to date the transaction log when the terminal sends
// no date. The default is time.Now.
func WithClock(now func() time.Time) Option { return func(c *Card) { c.now = now } }

// New personalises a card with p. It validates the profile and returns a
// *ProfileError naming the first bad field. The card starts with the state
// personalisation leaves: ATC 0, never online, the PIN of the profile (or
// none) with a full try counter.
func New(p Profile, opts ...Option) (*Card, error) {
	if err := validate(&p); err != nil {
		return nil, err
	}
	c := &Card{profile: p, rand: rand.Reader, now: time.Now}
	for _, o := range opts {
		o(c)
	}
	for i := range p.Applications {
		ak, err := loadApp(&p.Applications[i])
		if err != nil {
			return nil, &ProfileError{Field: "Applications[" + strconv.Itoa(i) + "]." + ak.field, Err: err}
		}
		c.apps = append(c.apps, ak.appKeys)
	}
	c.state = initialState(&c.profile)
	c.digest = profileDigest(&c.profile)
	c.s.reset()
	return c, nil
}

type loaded struct {
	appKeys
	field string
}

// loadApp parses what validate has already checked.
func loadApp(a *Application) (loaded, error) {
	var l loaded
	l.version, _ = cryptogram.VersionByName(a.CryptogramVersion)
	var err error
	if l.keys.AC, err = newKey(a.Keys.AC); err != nil {
		return loaded{field: "Keys.AC"}, ErrKey
	}
	if l.keys.SMI, err = newKey(a.Keys.SMI); err != nil {
		return loaded{field: "Keys.SMI"}, ErrKey
	}
	if l.keys.SMC, err = newKey(a.Keys.SMC); err != nil {
		return loaded{field: "Keys.SMC"}, ErrKey
	}
	l.icc = a.Keys.ICCPrivateKey
	if l.icc == nil && a.Keys.ICCKeySeed != nil {
		if l.icc, err = a.Keys.ICCKeySeed.generate(); err != nil {
			return loaded{field: "Keys.ICCKeySeed"}, ErrKey
		}
	}
	l.pdol, _ = emv.ParseDOL(a.PDOL)
	l.cdol1, _ = emv.ParseDOL(a.CDOL1)
	l.cdol2, _ = emv.ParseDOL(a.CDOL2)
	l.ddol, _ = emv.ParseDOL(a.DDOL)
	l.cPDOL, _ = emv.ParseDOL(a.Contactless.PDOL)
	if d, err := emv.ParseDOL(a.LogFormat); err == nil {
		l.logFormat = d
		l.logEntryLen = d.DataLen()
		if l.logEntryLen > logEntryMax {
			return loaded{field: "LogFormat"}, ErrDataLength
		}
	}
	for _, e := range l.cdol2 {
		if e.Tag == emv.TagIssuerAuthenticationData {
			l.cdol2HasARPC = true
		}
	}
	copy(l.aip[:], a.AIP)
	l.cAIP = l.aip
	if len(a.Contactless.AIP) == 2 {
		copy(l.cAIP[:], a.Contactless.AIP)
	}
	l.afl = a.AFL
	l.cAFL = a.AFL
	if len(a.Contactless.AFL) > 0 {
		l.cAFL = a.Contactless.AFL
	}
	return l, nil
}

// Profile returns the profile the card was personalised with.
func (c *Card) Profile() Profile { return c.profile }

// PINStatus is where the cardholder's PIN is, as the story tells it.
type PINStatus int

// PIN states. The chip knows only whether it holds a PIN and its try
// counter; PINRegistered is the issuer's fact that [Card.SetPINRegistered]
// records on the card object.
const (
	PINNotRegistered PINStatus = iota // no PIN anywhere
	PINRegistered                     // held by the issuer, not yet on the chip
	PINOnChip                         // on the chip, tries remaining
	PINBlocked                        // on the chip, try counter 0
)

// String names the status.
func (s PINStatus) String() string {
	switch s {
	case PINNotRegistered:
		return "PIN not registered"
	case PINRegistered:
		return "PIN registered with the issuer, not on the chip"
	case PINOnChip:
		return "PIN on chip"
	case PINBlocked:
		return "PIN blocked"
	}
	return "unknown PIN status"
}

// PINStatus reports the card's PIN lifecycle state.
func (c *Card) PINStatus() PINStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.state.PINLen > 0 && c.state.PINTries == 0:
		return PINBlocked
	case c.state.PINLen > 0:
		return PINOnChip
	case c.pinRegistered:
		return PINRegistered
	}
	return PINNotRegistered
}

// SetPINRegistered records that the cardholder registered a PIN with the
// issuer. It is bookkeeping on the simulator object that the issuer calls,
// not chip state: the chip learns the PIN only from a PIN CHANGE/UNBLOCK
// script.
func (c *Card) SetPINRegistered() {
	c.mu.Lock()
	c.pinRegistered = true
	c.mu.Unlock()
}

// ATC reports the application transaction counter of application i (0 for
// the first), for tests and examples.
func (c *Card) ATC(i int) uint16 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i < 0 || i >= len(c.apps) {
		return 0
	}
	return c.state.Apps[i].ATC
}

// Stripe returns the magnetic stripe as a reader's head sees it, with start
// and end sentinels. The stripe carries the stripe CVV; the chip's track 2
// equivalent carries the iCVV instead.
func (c *Card) Stripe() emv.Tracks {
	var t emv.Tracks
	if c.profile.Stripe.Track1 != "" {
		t.Track1 = "%" + c.profile.Stripe.Track1 + "?"
	}
	if c.profile.Stripe.Track2 != "" {
		t.Track2 = ";" + c.profile.Stripe.Track2 + "?"
	}
	return t
}

// String describes the card by its profile, without keys, PIN or state.
func (c *Card) String() string { return "card.Card(" + c.profile.String() + ")" }

// Format prints String for every verb, so %+v of a card shows no secrets.
func (c *Card) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }
