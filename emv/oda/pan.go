package oda

import "github.com/emvsim/emvsim/emv"

// Identifiers in certificates are compressed numeric (cn, Book 3 §4.3):
// digits packed two a byte, padded on the right with F nibbles. The codec is
// emv's; this file maps its errors to the ODA ones.

// digits unpacks cn bytes up to the first F nibble and checks that only F
// follows it.
func digits(cn []byte) (string, error) {
	d, err := emv.ParseCN(cn)
	if err != nil {
		return "", ErrIdentifierFormat
	}
	return d, nil
}

// packDigits packs a digit string into n cn bytes, F-padded.
func packDigits(d string, n int) ([]byte, error) {
	b, err := emv.AppendCN(make([]byte, 0, n), d, n)
	if err != nil {
		return nil, ErrIdentifierFormat
	}
	return b, nil
}

// IssuerIdentifier packs the leftmost 3 to 8 digits of a PAN into the
// 4-byte Issuer Identifier of an issuer certificate (Book 2 Table 6).
func IssuerIdentifier(leftmostPANDigits string) ([4]byte, error) {
	var id [4]byte
	if len(leftmostPANDigits) < 3 || len(leftmostPANDigits) > 8 {
		return id, ErrIdentifierFormat
	}
	b, err := packDigits(leftmostPANDigits, 4)
	copy(id[:], b)
	return id, err
}

// matchIssuer checks the Issuer Identifier against the leftmost PAN digits
// (Book 2 §5.3 step 8).
func matchIssuer(id []byte, pan []byte) error {
	want, err := digits(id)
	if err != nil || len(want) < 3 {
		return ErrPANMismatch
	}
	got, err := digits(pan)
	if err != nil || len(got) < len(want) || got[:len(want)] != want {
		return ErrPANMismatch
	}
	return nil
}

// matchPAN checks the PAN in an ICC certificate against the card's PAN
// (Book 2 §6.4 step 10). Both are compared as digit strings, so their F
// padding may differ in length.
func matchPAN(certPAN, pan []byte) error {
	a, err1 := digits(certPAN)
	b, err2 := digits(pan)
	if err1 != nil || err2 != nil || len(a) == 0 || a != b {
		return ErrPANMismatch
	}
	return nil
}

// maskPAN renders a cn PAN for people with emv.MaskPAN; invalid input gives
// "invalid PAN".
func maskPAN(pan []byte) string {
	d, err := digits(pan)
	if err != nil {
		return "invalid PAN"
	}
	return emv.MaskPAN(d)
}
