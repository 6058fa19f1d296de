package cryptogram

import "fmt"

// IADLayout is the layout of the Issuer Application Data (9F10) a version
// builds and parses.
type IADLayout uint8

// IAD layouts.
const (
	// IADVisa is the Visa layout: length 06, derivation key index,
	// cryptogram version number, 4-byte CVR (its first byte the CVR length
	// 03), then optional issuer discretionary data.
	IADVisa IADLayout = iota + 1
	// IADMChip is the M/Chip layout of 18 bytes: derivation key index,
	// cryptogram version number, 6-byte CVR, 2-byte DAC/ICC dynamic number,
	// 8 bytes of counters.
	IADMChip
)

// IAD is the content of the Issuer Application Data.
type IAD struct {
	DKI byte    // derivation key index
	CVN byte    // cryptogram version number
	CVR [6]byte // card verification results; the Visa layout uses the first 4 bytes
	// DAC is the data authentication code or ICC dynamic number (M/Chip).
	DAC [2]byte
	// Counters are the M/Chip counters field.
	Counters [8]byte
	// Discretionary is what follows the first 7 bytes of a Visa layout IAD,
	// kept as raw bytes (its own length byte included).
	Discretionary []byte
}

// AppendIAD appends the version's IAD encoding of iad; the CVN written is
// the version's.
func (v Version) AppendIAD(dst []byte, iad IAD) ([]byte, error) {
	switch v.IAD {
	case IADVisa:
		if len(iad.Discretionary) > 25 {
			return dst, fmt.Errorf("%w: %d bytes of discretionary data", ErrIAD, len(iad.Discretionary))
		}
		dst = append(dst, 0x06, iad.DKI, v.CVN)
		dst = append(dst, iad.CVR[:4]...)
		return append(dst, iad.Discretionary...), nil
	case IADMChip:
		dst = append(dst, iad.DKI, v.CVN)
		dst = append(dst, iad.CVR[:6]...)
		dst = append(dst, iad.DAC[:]...)
		return append(dst, iad.Counters[:]...), nil
	}
	return dst, ErrVersion
}

// ParseIAD decodes an IAD of the version's layout and checks its CVN.
func (v Version) ParseIAD(b []byte) (IAD, error) {
	var iad IAD
	switch v.IAD {
	case IADVisa:
		if len(b) < 7 || len(b) > 32 || b[0] != 0x06 {
			return IAD{}, fmt.Errorf("%w: not a Visa layout IAD of %d bytes", ErrIAD, len(b))
		}
		iad.DKI, iad.CVN = b[1], b[2]
		copy(iad.CVR[:4], b[3:7])
		if len(b) > 7 {
			iad.Discretionary = append([]byte(nil), b[7:]...)
		}
	case IADMChip:
		if len(b) != 18 {
			return IAD{}, fmt.Errorf("%w: M/Chip IAD of %d bytes, want 18", ErrIAD, len(b))
		}
		iad.DKI, iad.CVN = b[0], b[1]
		copy(iad.CVR[:], b[2:8])
		copy(iad.DAC[:], b[8:10])
		copy(iad.Counters[:], b[10:18])
	default:
		return IAD{}, ErrVersion
	}
	if iad.CVN != v.CVN {
		return IAD{}, fmt.Errorf("%w: CVN %02X, the version is %02X", ErrIAD, iad.CVN, v.CVN)
	}
	return iad, nil
}

// cvr slices the CVR out of a raw IAD.
func (l IADLayout) cvr(b []byte) ([]byte, error) {
	switch l {
	case IADVisa:
		if len(b) < 7 {
			return nil, fmt.Errorf("%w: Visa layout IAD of %d bytes", ErrIAD, len(b))
		}
		return b[3:7], nil
	case IADMChip:
		if len(b) < 8 {
			return nil, fmt.Errorf("%w: M/Chip IAD of %d bytes", ErrIAD, len(b))
		}
		return b[2:8], nil
	}
	return nil, ErrVersion
}

// counters slices the counters out of a raw M/Chip IAD.
func (l IADLayout) counters(b []byte) ([]byte, error) {
	if l != IADMChip {
		return nil, ErrVersion
	}
	if len(b) != 18 {
		return nil, fmt.Errorf("%w: M/Chip IAD of %d bytes, want 18", ErrIAD, len(b))
	}
	return b[10:18], nil
}
