package oda

import "time"

// IssuerCertificate is the content of an Issuer Public Key Certificate
// (tag 90, format 02, Book 2 §5.1 Table 6).
type IssuerCertificate struct {
	IssuerIdentifier [4]byte // leftmost 3-8 PAN digits, F-padded (IssuerIdentifier helper)
	Expiry           Expiry
	Serial           [3]byte // unique per certificate from this CA
	Key              PublicKey

	// Set on recovery: the CA key that signed the certificate, so that the
	// certificate can be checked against a revocation list.
	RID     RID
	CAIndex byte
}

const objIssuerCert = "issuer certificate"

// RecoverIssuerKey is the terminal's retrieval of the issuer public key
// (Book 2 §5.3, Book 3 §10.3): cert is tag 90, remainder tag 92 (may be
// empty), exponent tag 9F32, pan tag 5A, today the transaction date.
// revoked may be nil. Every failed check returns an *Error wrapping its
// sentinel.
func RecoverIssuerKey(ca CAPublicKey, cert, remainder, exponent, pan []byte, today time.Time, revoked *RevocationList) (IssuerCertificate, error) {
	c, err := recoverCert(ca.Key, cert, remainder, exponent, formatIss, 4, nil)
	if err != nil {
		return IssuerCertificate{}, fail(objIssuerCert, err)
	}
	ic := IssuerCertificate{Expiry: c.expiry, Serial: c.serial, Key: c.key, RID: ca.RID, CAIndex: ca.Index}
	copy(ic.IssuerIdentifier[:], c.id)
	if err := matchIssuer(c.id, pan); err != nil {
		return IssuerCertificate{}, fail(objIssuerCert, err)
	}
	if err := c.expiry.check(today); err != nil {
		return IssuerCertificate{}, fail(objIssuerCert, err)
	}
	if revoked.Contains(ca.RID, ca.Index, c.serial) {
		return IssuerCertificate{}, fail(objIssuerCert, ErrRevoked)
	}
	return ic, nil
}

// String summarises the certificate for traces.
func (c IssuerCertificate) String() string {
	return "issuer certificate " + hexString(c.IssuerIdentifier[:]) + " serial " + hexString(c.Serial[:]) +
		" expires " + c.Expiry.String() + " key " + itoa(c.Key.Size()*8) + " bits"
}
