package issuer

import (
	"fmt"
	"strings"
	"time"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
)

// CardRequest is an application for a card.
type CardRequest struct {
	// CardholderName is the name as embossed and on track 1,
	// "SURNAME/GIVEN".
	CardholderName string
	// Phone and Email are where one-time codes go.
	Phone, Email string
	// TelephonePIN is the phone line's own PIN; a new cardholder has none.
	TelephonePIN string
	// PIN is the PIN from the application form, for an issuer whose policy
	// writes it at issuance; it must be empty otherwise.
	PIN string
	// CreditLimit overrides the issuer's default limit when positive.
	CreditLimit int64
	// CardOptions are passed to card.New (a seeded WithRand for a
	// reproducible card, for instance).
	CardOptions []card.Option
}

// String describes the request without PINs.
func (r CardRequest) String() string {
	return fmt.Sprintf("issuer.CardRequest{%q}", r.CardholderName)
}

// GoString is String.
func (r CardRequest) GoString() string { return r.String() }

// PrintedCodes is what the cardholder reads on the plastic: the PAN, the
// expiry date, the name, the 4-digit security code on the front and the
// 3-digit security code on the back. String masks the PAN and hides the
// codes.
type PrintedCodes struct {
	PAN            string
	Expiry         string // MM/YY as embossed
	CardholderName string
	FrontCode      string // 4 digits
	BackCode       string // 3 digits
}

// String describes the card without its codes.
func (p PrintedCodes) String() string {
	return "card " + emv.MaskPAN(p.PAN) + " expires " + p.Expiry + " " + p.CardholderName
}

// GoString is String.
func (p PrintedCodes) GoString() string { return p.String() }

// Card validity and discretionary data layout.
const (
	cardYears = 5
	// stripeServiceCode is an international chip card with normal
	// authorisation and no restrictions (ISO/IEC 7813: 2 chip, 0 normal,
	// 1 no restrictions).
	stripeServiceCode = "201"
	// icvvServiceCode replaces the service code when computing the iCVV of
	// the chip's track 2 equivalent data.
	icvvServiceCode = "999"
	// pvvField is the PIN verification key indicator and PVV of the
	// discretionary data; this issuer verifies no PIN from the stripe.
	pvvField = "0000"
)

// Issue makes a card: a fresh PAN in the BIN range, the ICC master keys
// derived from the issuer's, an ICC RSA key certified by the issuer when the
// issuer has a CA, records, the stripe with its CVV and the chip's track 2
// equivalent with its iCVV; then an account for it. It returns the
// personalised card and what is printed on it.
func (iss *Issuer) Issue(req CardRequest) (*card.Card, PrintedCodes, error) {
	if err := iss.checkRequest(req); err != nil {
		return nil, PrintedCodes{}, err
	}
	pan, err := iss.newPAN()
	if err != nil {
		return nil, PrintedCodes{}, err
	}
	c, codes, err := iss.personalise(req, pan)
	if err != nil {
		iss.release(pan)
	}
	return c, codes, err
}

// personalise makes the card and the account for a reserved PAN.
func (iss *Issuer) personalise(req CardRequest, pan string) (*card.Card, PrintedCodes, error) {
	const psn = 0x00
	now := iss.cfg.Now()
	exp := lastDayOfMonth(now.AddDate(cardYears, 0, 0))
	expiry := exp.Format("060102") // YYMMDD
	yymm := expiry[:4]

	v := iss.cfg.Version
	keys, err := v.DeriveICCKeys(iss.cfg.IMKAC, iss.cfg.IMKSMI, iss.cfg.IMKSMC, pan, psn)
	if err != nil {
		return nil, PrintedCodes{}, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	cvv, err := cryptogram.CVV(iss.cfg.CVK, pan, yymm, stripeServiceCode)
	if err != nil {
		return nil, PrintedCodes{}, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	icvv, err := cryptogram.CVV(iss.cfg.CVK, pan, yymm, icvvServiceCode)
	if err != nil {
		return nil, PrintedCodes{}, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	back, err := cryptogram.CVV2(iss.cfg.CVK, pan, yymm)
	if err != nil {
		return nil, PrintedCodes{}, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	front, err := iss.randomDigits(4)
	if err != nil {
		return nil, PrintedCodes{}, err
	}

	ck := card.Keys{AC: keys.AC.Bytes(), SMI: keys.SMI.Bytes(), SMC: keys.SMC.Bytes()}
	var iccKey *oda.PrivateKey
	if iss.cfg.CA != nil {
		iss.randMu.Lock()
		iccKey, err = oda.GenerateKey(iss.cfg.Rand, iss.cfg.ICCKeyBits, 3)
		iss.randMu.Unlock()
		if err != nil {
			return nil, PrintedCodes{}, fmt.Errorf("%w: ICC key: %w", ErrConfig, err)
		}
		ck.ICCPrivateKey = iccKey
		ck.CAPublicKeyIndex = iss.cfg.CA.PublicKey().Index
		ck.IssuerCertificate = append(card.Hex(nil), iss.issuerCert...)
		ck.IssuerRemainder = append(card.Hex(nil), iss.issuerRem...)
		ck.IssuerExponent = append(card.Hex(nil), iss.issuerExp...)
	}
	p, err := presetFor(v, pan, psn, ck)
	if err != nil {
		return nil, PrintedCodes{}, err
	}
	a := &p.Applications[0]
	a.ExpiryDate = expiry
	a.EffectiveDate = now.Format("060102")
	a.ServiceCode = stripeServiceCode
	if req.CardholderName != "" {
		a.CardholderName = req.CardholderName
	}
	a.Track2Equivalent = card.Track2Equivalent(pan, yymm, stripeServiceCode, discretionary(icvv))
	p.PIN = card.PIN{Digits: req.PIN, TryLimit: iss.cfg.PIN.tryLimit()}
	if iccKey != nil && iss.cfg.SDA {
		a.AIP = append(card.Hex(nil), a.AIP...)
		a.AIP[0] |= aipSDA
	}
	a.LayOutRecords()
	if iccKey != nil {
		if err := iss.signStaticData(a, iccKey, exp); err != nil {
			return nil, PrintedCodes{}, err
		}
	}
	p.Stripe = card.StripeTracks(a.CardholderName, pan, yymm, stripeServiceCode, pvvField, cvv)

	opts := append([]card.Option{card.WithClock(iss.cfg.Now)}, req.CardOptions...)
	c, err := card.New(p, opts...)
	if err != nil {
		return nil, PrintedCodes{}, fmt.Errorf("%w: personalisation: %w", ErrConfig, err)
	}

	acct := iss.newAccount(req, pan, psn, expiry, c, front, back)
	detail := "no PIN on chip"
	if iss.cfg.PIN.AtIssuance {
		detail = "PIN written at issuance"
	}
	acct.append(now, LogEntry{Event: EventIssued, ATC: -1, Detail: detail})

	iss.mu.Lock()
	iss.accounts[pan] = acct
	delete(iss.reserved, pan)
	iss.mu.Unlock()

	return c, PrintedCodes{
		PAN: pan, Expiry: expiry[2:4] + "/" + expiry[:2], CardholderName: a.CardholderName,
		FrontCode: front, BackCode: back,
	}, nil
}

// newAccount opens the account of a new card.
func (iss *Issuer) newAccount(req CardRequest, pan string, psn byte, expiry string, c *card.Card, front, back string) *account {
	a := &account{
		pan: pan, psn: psn, expiry: expiry, serviceCode: stripeServiceCode,
		version: iss.cfg.Version, card: c,
		status: AccountActive, limit: iss.cfg.CreditLimit, lastATC: -1,
		frontCode: front, backCode: back,
		phone: req.Phone, email: req.Email, telephonePIN: req.TelephonePIN,
		pin: PINRecord{State: PINNotRegistered},
	}
	if req.CreditLimit > 0 {
		a.limit = req.CreditLimit
	}
	if iss.cfg.PIN.AtIssuance {
		a.pin.State = PINOnChip
		a.pinDigits = req.PIN
	}
	return a
}

// checkRequest applies the PIN policy to the application form and checks
// the name fits track 1 (ISO/IEC 7813: 2 to 26 characters).
func (iss *Issuer) checkRequest(req CardRequest) error {
	switch {
	case iss.cfg.PIN.AtIssuance && req.PIN == "":
		return fmt.Errorf("%w: this issuer writes the PIN at issuance and needs one", ErrCardRequest)
	case !iss.cfg.PIN.AtIssuance && req.PIN != "":
		return fmt.Errorf("%w: this issuer takes no PIN at issuance; the cardholder registers it later", ErrCardRequest)
	case req.PIN != "":
		if err := iss.cfg.PIN.Check(req.PIN); err != nil {
			return fmt.Errorf("%w: %w", ErrCardRequest, err)
		}
	}
	if req.CreditLimit < 0 {
		return fmt.Errorf("%w: negative credit limit", ErrCardRequest)
	}
	if n := req.CardholderName; n != "" && (len(n) < 2 || len(n) > 26 || strings.Trim(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /.-") != "") {
		return fmt.Errorf("%w: cardholder name must be 2 to 26 capitals, digits, spaces or / . -", ErrCardRequest)
	}
	return nil
}

// aipSDA is the AIP's "SDA supported" bit (Book 3 Annex C1).
const aipSDA = 0x40

// signStaticData signs what the AFL marks for offline data authentication:
// the ICC public key certificate (for DDA and CDA) and, when the issuer does
// SDA, the signed static application data (93) with a fresh data
// authentication code (9F45). The records are then laid out again with the
// signatures, which sit outside the signed records.
func (iss *Issuer) signStaticData(a *card.Application, key *oda.PrivateKey, exp time.Time) error {
	var recs []oda.Record
	for _, r := range a.ODARecords() {
		recs = append(recs, oda.Record{SFI: r.SFI, Raw: appendTemplate70(nil, r.Data)})
	}
	static, err := oda.StaticData(recs, []byte{byte(emv.TagApplicationInterchangeProfile)}, a.AIP)
	if err != nil {
		return fmt.Errorf("%w: static data: %w", ErrConfig, err)
	}
	panField, err := oda.PANField(packedPAN(a.PAN))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	var serial [3]byte
	if err := iss.read(serial[:]); err != nil {
		return err
	}
	cert, rem, err := oda.SignICCCertificate(iss.issuerKey, oda.ICCCertificate{
		PAN: panField, Expiry: oda.ExpiryOf(exp), Serial: serial, Key: key.Public,
	}, static)
	if err != nil {
		return fmt.Errorf("%w: ICC certificate: %w", ErrConfig, err)
	}
	a.Keys.ICCCertificate = cert
	a.Keys.ICCRemainder = rem
	a.Keys.ICCExponent = append(card.Hex(nil), key.Public.Exponent...)
	if iss.cfg.SDA {
		var dac [2]byte
		if err := iss.read(dac[:]); err != nil {
			return err
		}
		ssad, err := oda.SignStaticData(iss.issuerKey, dac, static)
		if err != nil {
			return fmt.Errorf("%w: signed static data: %w", ErrConfig, err)
		}
		a.Keys.SignedStaticData = ssad
		a.Keys.DataAuthCode = dac[:]
	}
	a.LayOutRecords()
	return nil
}

// presetFor starts from the card preset of the cryptogram version.
func presetFor(v cryptogram.Version, pan string, psn byte, keys card.Keys) (card.Profile, error) {
	switch v.Name {
	case cryptogram.AmexCVN01.Name:
		return card.AmexProfile(pan, psn, keys), nil
	case cryptogram.VisaCVN10.Name:
		return card.VisaProfile(pan, psn, keys, ""), nil
	case cryptogram.VisaCVN18.Name:
		return card.JCBProfile(pan, psn, keys, ""), nil
	case cryptogram.MastercardCVN16.Name:
		return card.MastercardProfile(pan, psn, keys, ""), nil
	}
	return card.Profile{}, fmt.Errorf("%w: no card profile for cryptogram version %q", ErrConfig, v.Name)
}

// discretionary is the discretionary data of a track: PIN verification key
// indicator, PVV and the CVV (or iCVV), as the stripe starts it.
func discretionary(cvv string) string { return "0" + pvvField + cvv }

// cvvOffset is where the CVV starts in the discretionary data.
const cvvOffset = 5

// lastDayOfMonth is the last day of t's month.
func lastDayOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC)
}
