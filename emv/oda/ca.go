package oda

import "io"

// CertificationAuthority is a simulated payment-system CA. Real CA private
// keys are not public, so a simulation makes its own key pair and publishes
// the public half to terminals as a CAPublicKey.
type CertificationAuthority struct {
	rid   RID
	index byte
	key   *PrivateKey
}

// NewCertificationAuthority generates a CA key of the given size (bits, a
// multiple of 8 up to 1984) and exponent (3 or 65537) from r; the same
// seeded reader gives the same CA.
func NewCertificationAuthority(r io.Reader, rid RID, index byte, bits, exponent int) (*CertificationAuthority, error) {
	k, err := GenerateKey(r, bits, exponent)
	if err != nil {
		return nil, fail("certification authority", err)
	}
	return &CertificationAuthority{rid: rid, index: index, key: k}, nil
}

// PublicKey is the key terminals load, with its checksum.
func (ca *CertificationAuthority) PublicKey() CAPublicKey {
	k := CAPublicKey{RID: ca.rid, Index: ca.index, Key: PublicKey{
		Modulus: clone(ca.key.Public.Modulus), Exponent: clone(ca.key.Public.Exponent)}}
	k.Checksum = k.ComputeChecksum()
	return k
}

// String names the CA without its key.
func (ca *CertificationAuthority) String() string { return "simulated " + ca.PublicKey().String() }

// SignIssuerCertificate certifies an issuer key (Book 2 §5.1 Table 6). It
// returns tag 90 and the remainder for tag 92 (nil when the key fits).
// c.RID and c.CAIndex are ignored; the CA's own are implied.
func (ca *CertificationAuthority) SignIssuerCertificate(c IssuerCertificate) (cert, remainder []byte, err error) {
	cert, remainder, err = signCert(ca.key, formatIss, certFields{id: c.IssuerIdentifier[:], expiry: c.Expiry, serial: c.Serial, key: c.Key}, nil)
	if err != nil {
		return nil, nil, fail(objIssuerCert, err)
	}
	return cert, remainder, nil
}
