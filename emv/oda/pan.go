package oda

// Identifiers in certificates are compressed numeric (cn): digits packed two
// a byte, padded on the right with F nibbles.

// digits unpacks cn bytes up to the first F nibble and checks that only F
// follows it.
func digits(cn []byte) ([]byte, error) {
	out := make([]byte, 0, 2*len(cn))
	padding := false
	for _, b := range cn {
		for _, n := range [2]byte{b >> 4, b & 0x0F} {
			switch {
			case n == 0x0F:
				padding = true
			case padding || n > 9:
				return nil, ErrIdentifierFormat
			default:
				out = append(out, '0'+n)
			}
		}
	}
	return out, nil
}

// packDigits packs a digit string into n cn bytes, F-padded.
func packDigits(d string, n int) ([]byte, error) {
	if len(d) > 2*n {
		return nil, ErrIdentifierFormat
	}
	out := make([]byte, n)
	for i := range out {
		out[i] = 0xFF
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c < '0' || c > '9' {
			return nil, ErrIdentifierFormat
		}
		shift := 4 * (1 - i%2)
		out[i/2] &^= 0x0F << shift
		out[i/2] |= (c - '0') << shift
	}
	return out, nil
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
	if err != nil || len(got) < len(want) || string(got[:len(want)]) != string(want) {
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
	if err1 != nil || err2 != nil || len(a) == 0 || string(a) != string(b) {
		return ErrPANMismatch
	}
	return nil
}

// MaskPAN renders a cn PAN for people: the first six and last four digits,
// the rest as '*'. Invalid input gives "invalid PAN".
func MaskPAN(pan []byte) string {
	d, err := digits(pan)
	if err != nil {
		return "invalid PAN"
	}
	for i := range d {
		if i >= 6 && i < len(d)-4 {
			d[i] = '*'
		}
	}
	return string(d)
}
