package emv

import (
	"errors"
	"strconv"
)

// Errors of the DOL codec.
var (
	ErrDOLTruncated  = errors.New("emv: DOL entry runs past the end of the list")
	ErrDOLDataLength = errors.New("emv: DOL data length differs from the list's total")
)

// DOLError locates a malformed entry in a data object list.
type DOLError struct {
	Offset int   // where the bad entry starts
	Err    error // ErrDOLTruncated or a tag error
}

// Error says what is wrong and where.
func (e *DOLError) Error() string { return e.Err.Error() + " at DOL offset " + strconv.Itoa(e.Offset) }

// Unwrap returns the underlying sentinel.
func (e *DOLError) Unwrap() error { return e.Err }

// DOLEntry is one entry of a data object list: the tag of a data object and
// the number of bytes the card wants of it.
type DOLEntry struct {
	Tag Tag
	Len int
}

// DOL is a data object list (PDOL 9F38, CDOL1 8C, CDOL2 8D, DDOL 9F49, TDOL
// 97): the card's request for terminal data, in order (Book 3 §5.4).
type DOL []DOLEntry

// ParseDOL decodes a DOL: each entry is a BER-TLV tag followed by a one-byte
// length.
func ParseDOL(b []byte) (DOL, error) {
	d := make(DOL, 0, len(b)/2) // an entry takes at least two bytes
	for off := 0; off < len(b); {
		t, n, err := ParseTag(b[off:])
		if err != nil {
			return nil, &DOLError{Offset: off, Err: err}
		}
		if off+n >= len(b) {
			return nil, &DOLError{Offset: off, Err: ErrDOLTruncated}
		}
		d = append(d, DOLEntry{Tag: t, Len: int(b[off+n])})
		off += n + 1
	}
	return d, nil
}

// AppendList appends the list's own encoding (tag, length, …) to dst, as a
// card stores it in 9F38 or 8C. Lengths above 255 are cut to their low byte.
func (d DOL) AppendList(dst []byte) []byte {
	for _, e := range d {
		dst = e.Tag.Append(dst)
		dst = append(dst, byte(e.Len))
	}
	return dst
}

// DataLen is the number of bytes the list's data takes.
func (d DOL) DataLen() int {
	n := 0
	for _, e := range d {
		n += max(e.Len, 0)
	}
	return n
}

// Append builds the data the list asks for and appends it to dst, applying
// Book 3 §5.4: src gives each tag's value; a tag src does not know, an absent
// value and a constructed tag give zeros; a longer value is truncated and a
// shorter one padded according to its format: format n keeps its rightmost
// digits and gets leading zeros, cn gets trailing F nibbles, everything else
// keeps its leftmost bytes and gets trailing zeros. It allocates only when dst
// lacks capacity.
func (d DOL) Append(dst []byte, src func(Tag) ([]byte, bool)) []byte {
	for _, e := range d {
		if e.Len <= 0 {
			continue
		}
		var v []byte
		ok := false
		if src != nil && !e.Tag.Constructed() {
			v, ok = src(e.Tag)
		}
		if !ok {
			dst = appendFill(dst, 0x00, e.Len)
			continue
		}
		// Book 3 §5.4 pads by format; the dictionary knows it, and an
		// unknown tag's zero Element has FormatB.
		el, _ := Lookup(e.Tag)
		switch el.Format {
		case FormatN:
			if len(v) >= e.Len {
				dst = append(dst, v[len(v)-e.Len:]...)
			} else {
				dst = appendFill(dst, 0x00, e.Len-len(v))
				dst = append(dst, v...)
			}
		case FormatCN:
			dst = appendPadded(dst, v, e.Len, 0xFF)
		default:
			dst = appendPadded(dst, v, e.Len, 0x00)
		}
	}
	return dst
}

// Value returns the bytes of tag t inside data built for this list, as a
// card reads its CDOL1 data. It reports false when t is not in the list or
// data is shorter than the list says.
func (d DOL) Value(data []byte, t Tag) ([]byte, bool) {
	off := 0
	for _, e := range d {
		n := max(e.Len, 0)
		if e.Tag == t {
			if off+n > len(data) {
				return nil, false
			}
			return data[off : off+n : off+n], true
		}
		off += n
	}
	return nil, false
}

// CheckData reports ErrDOLDataLength unless data has exactly the length the
// list asks for.
func (d DOL) CheckData(data []byte) error {
	if len(data) != d.DataLen() {
		return ErrDOLDataLength
	}
	return nil
}

func appendFill(dst []byte, b byte, n int) []byte {
	for ; n > 0; n-- {
		dst = append(dst, b)
	}
	return dst
}

// appendPadded keeps v's leftmost n bytes and pads on the right with pad.
func appendPadded(dst, v []byte, n int, pad byte) []byte {
	if len(v) >= n {
		return append(dst, v[:n]...)
	}
	dst = append(dst, v...)
	return appendFill(dst, pad, n-len(v))
}
