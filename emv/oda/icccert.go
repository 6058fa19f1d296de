package oda

import "time"

// ICCCertificate is the content of an ICC Public Key Certificate (tag 9F46,
// format 04, Book 2 §6.1 Table 14).
type ICCCertificate struct {
	PAN    [10]byte // Application PAN, F-padded
	Expiry Expiry
	Serial [3]byte
	Key    PublicKey
}

const objICCCert = "ICC certificate"

// SignICCCertificate is the issuer certifying a card's key. It binds the
// certificate to staticData, the static data to be authenticated (see
// StaticData). It returns tag 9F46 and the remainder for tag 9F48 (nil when
// the key fits).
func SignICCCertificate(issuer *PrivateKey, c ICCCertificate, staticData []byte) (cert, remainder []byte, err error) {
	cert, remainder, err = signCert(issuer, formatICC, certFields{id: c.PAN[:], expiry: c.Expiry, serial: c.Serial, key: c.Key}, staticData)
	if err != nil {
		return nil, nil, fail(objICCCert, err)
	}
	return cert, remainder, nil
}

// RecoverICCKey is the terminal's retrieval of the ICC public key (Book 2
// §6.4): cert is tag 9F46, remainder 9F48 (may be empty), exponent 9F47,
// staticData the static data to be authenticated, pan tag 5A, today the
// transaction date. issuer is the key from RecoverIssuerKey.
func RecoverICCKey(issuer PublicKey, cert, remainder, exponent, staticData, pan []byte, today time.Time) (ICCCertificate, error) {
	c, err := recoverCert(issuer, cert, remainder, exponent, formatICC, 10, staticData)
	if err != nil {
		return ICCCertificate{}, fail(objICCCert, err)
	}
	if err := matchPAN(c.id, pan); err != nil {
		return ICCCertificate{}, fail(objICCCert, err)
	}
	if err := c.expiry.check(today); err != nil {
		return ICCCertificate{}, fail(objICCCert, err)
	}
	ic := ICCCertificate{Expiry: c.expiry, Serial: c.serial, Key: c.key}
	copy(ic.PAN[:], c.id)
	return ic, nil
}

// PANField packs a PAN (tag 5A value) into the 10-byte F-padded field of an
// ICC certificate.
func PANField(pan []byte) ([10]byte, error) {
	var f [10]byte
	d, err := digits(pan)
	if err != nil || len(d) == 0 {
		return f, ErrIdentifierFormat
	}
	b, err := packDigits(d, 10)
	copy(f[:], b)
	return f, err
}

// String summarises the certificate for traces, with the PAN masked.
func (c ICCCertificate) String() string {
	return "ICC certificate " + maskPAN(c.PAN[:]) + " serial " + hexString(c.Serial[:]) +
		" expires " + c.Expiry.String() + " key " + itoa(c.Key.Size()*8) + " bits"
}
