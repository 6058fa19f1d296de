package cryptogram

import "fmt"

// CVV computes the card verification value of the magnetic stripe (Visa
// CVV, Mastercard CVC) with the double-length key cvk (CVK A || CVK B):
// PAN || expiry || service code, right padded with zeros to two blocks, is
// run through the retail MAC and the result decimalised; the first three
// digits are the CVV. expiry is four digits as the issuer encodes it
// (usually YYMM).
func CVV(cvk Key, pan, expiry, serviceCode string) (string, error) {
	if err := checkPAN(pan); err != nil {
		return "", err
	}
	if len(expiry) != 4 || !isDigits(expiry) {
		return "", fmt.Errorf("%w: expiry", ErrDigits)
	}
	if len(serviceCode) != 3 || !isDigits(serviceCode) {
		return "", fmt.Errorf("%w: service code", ErrDigits)
	}
	var d [32]byte
	n := copy(d[:], pan)
	n += copy(d[n:], expiry)
	copy(d[n:], serviceCode)
	return cvvOver(cvk, &d)
}

// CVV2 is the value printed on the card: CVV with service code 000.
func CVV2(cvk Key, pan, expiry string) (string, error) { return CVV(cvk, pan, expiry, "000") }

// ICVV is the CVV of the track 2 equivalent data on the chip: CVV with
// service code 999, so stripe data copied from the chip does not pass as a
// stripe.
func ICVV(cvk Key, pan, expiry string) (string, error) { return CVV(cvk, pan, expiry, "999") }

// DCVV is a dynamic CVV (Visa contactless magnetic-stripe mode): the CVV
// computation with the card's dCVV key (MK-AC, Option A or B with PAN
// sequence number 00) over the ATC as four hex digits in place of the PAN's
// first four digits, then expiry and service code: ATC || PAN[4:] || expiry
// || service code, so the value changes with every transaction. The layout
// is the one jPOS (JCESecurityModule.calculatedCVV) and spochic/gep3
// (dsc.generate_dcvv) publish vectors for.
func DCVV(k Key, pan, expiry, serviceCode string, atc [2]byte) (string, error) {
	if err := checkPAN(pan); err != nil {
		return "", err
	}
	if len(expiry) != 4 || !isDigits(expiry) || len(serviceCode) != 3 || !isDigits(serviceCode) {
		return "", fmt.Errorf("%w: expiry or service code", ErrDigits)
	}
	const hexdigits = "0123456789ABCDEF"
	var d [32]byte
	d[0], d[1], d[2], d[3] = hexdigits[atc[0]>>4], hexdigits[atc[0]&0xF], hexdigits[atc[1]>>4], hexdigits[atc[1]&0xF]
	n := 4 + copy(d[4:], pan[4:])
	n += copy(d[n:], expiry)
	copy(d[n:], serviceCode)
	return cvvOver(k, &d)
}

// cvvOver MACs 32 hex characters (zero bytes count as '0') and decimalises.
func cvvOver(k Key, d *[32]byte) (string, error) {
	var blocks [16]byte
	for i, c := range d {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		}
		blocks[i/2] |= v << (4 * (1 - i%2))
	}
	m, err := RetailMAC(k, blocks[:], PaddingMethod1)
	if err != nil {
		return "", err
	}
	var out [3]byte
	n := 0
	for pass := 0; pass < 2 && n < 3; pass++ {
		for i := 0; i < 16 && n < 3; i++ {
			nib := m[i/2] >> (4 * (1 - i%2)) & 0xF
			switch {
			case pass == 0 && nib < 10:
				out[n] = '0' + nib
				n++
			case pass == 1 && nib >= 10:
				out[n] = '0' + nib - 10
				n++
			}
		}
	}
	return string(out[:]), nil
}
