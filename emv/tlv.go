package emv

import (
	"errors"
	"strconv"
)

// Errors returned by the TLV scanner. Each wraps into a *TLVError that says
// where in the input the problem was found.
var (
	ErrLengthTruncated  = errors.New("emv: length field runs past the end of the data")
	ErrIndefiniteLength = errors.New("emv: indefinite length is not allowed in EMV")
	ErrLengthTooLong    = errors.New("emv: length field longer than 3 bytes")
	ErrValueTruncated   = errors.New("emv: value runs past the end of the data")
	ErrNotConstructed   = errors.New("emv: data object is not a template")
)

// TLVError locates a malformed data object in its input.
type TLVError struct {
	Offset int   // where the bad object starts in the scanned bytes
	Err    error // one of the Err… sentinels above
}

// Error names the fault and where it starts.
func (e *TLVError) Error() string { return e.Err.Error() + " at offset " + strconv.Itoa(e.Offset) }

// Unwrap returns the sentinel.
func (e *TLVError) Unwrap() error { return e.Err }

// Object is one BER-TLV data object as it stood in its input. Value and Raw
// alias that input: Raw is the whole object (tag, length and value) exactly
// as received, which offline data authentication and issuer scripts need.
type Object struct {
	Tag   Tag
	Value []byte
	Raw   []byte
}

// Children scans the objects inside a constructed object.
func (o Object) Children() Scanner {
	if !o.Tag.Constructed() {
		return Scanner{err: &TLVError{Err: ErrNotConstructed}}
	}
	return NewScanner(o.Value)
}

// Scanner walks untrusted BER-TLV bytes one object at a time without
// allocating. It never panics; it stops at the first malformed object and
// reports it through Err. Padding bytes 00 and FF between objects are
// skipped, as Book 3 Annex B allows and real cards emit.
//
//	s := emv.NewScanner(b)
//	for s.Next() {
//		o := s.Object()
//		…
//	}
//	if err := s.Err(); err != nil { … }
type Scanner struct {
	buf []byte
	off int
	obj Object
	err error
}

// NewScanner returns a scanner over b. It does not copy b.
func NewScanner(b []byte) Scanner { return Scanner{buf: b} }

// Next advances to the next object and reports whether there is one.
func (s *Scanner) Next() bool {
	if s.err != nil {
		return false
	}
	for s.off < len(s.buf) && (s.buf[s.off] == 0x00 || s.buf[s.off] == 0xFF) {
		s.off++
	}
	if s.off >= len(s.buf) {
		return false
	}
	obj, n, err := parseObject(s.buf[s.off:])
	if err != nil {
		s.err = &TLVError{Offset: s.off, Err: err}
		return false
	}
	s.obj = obj
	s.off += n
	return true
}

// Object is the object Next found.
func (s *Scanner) Object() Object { return s.obj }

// Err is the first malformed object's error, or nil.
func (s *Scanner) Err() error { return s.err }

// parseObject reads one object at the start of b. It inlines ParseTag and
// the length rules of Book 3 Annex B: this is the walker's hot path.
func parseObject(b []byte) (Object, int, error) {
	if len(b) == 0 {
		return Object{}, 0, ErrTagTruncated
	}
	tag := Tag(b[0])
	i := 1
	if b[0]&0x1F == 0x1F {
		for {
			if i >= len(b) {
				return Object{}, 0, ErrTagTruncated
			}
			if i >= 3 {
				return Object{}, 0, ErrTagTooLong
			}
			c := b[i]
			tag = tag<<8 | Tag(c)
			i++
			if c&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return Object{}, 0, ErrLengthTruncated
	}
	length := int(b[i])
	i++
	if length >= 0x80 {
		switch length {
		case 0x80:
			return Object{}, 0, ErrIndefiniteLength
		case 0x81:
			if i >= len(b) {
				return Object{}, 0, ErrLengthTruncated
			}
			length = int(b[i])
			i++
		case 0x82:
			if i+1 >= len(b) {
				return Object{}, 0, ErrLengthTruncated
			}
			length = int(b[i])<<8 | int(b[i+1])
			i += 2
		default:
			return Object{}, 0, ErrLengthTooLong
		}
	}
	if length > len(b)-i {
		return Object{}, 0, ErrValueTruncated
	}
	end := i + length
	return Object{Tag: tag, Value: b[i:end:end], Raw: b[:end:end]}, end, nil
}

// ParseObjects returns the top-level objects of b.
func ParseObjects(b []byte) ([]Object, error) {
	var objs []Object
	s := NewScanner(b)
	for s.Next() {
		objs = append(objs, s.Object())
	}
	return objs, s.Err()
}

// Find looks for the first object with tag t anywhere in b, depth first,
// descending into every template (unlike a search that stops at the first
// constructed object). It returns false if t is absent, and an error if the
// bytes it had to read on the way were malformed or nested deeper than
// MaxDepth.
func Find(b []byte, t Tag) (Object, bool, error) { return find(b, t, 0) }

func find(b []byte, t Tag, depth int) (Object, bool, error) {
	if depth >= MaxDepth {
		return Object{}, false, &TLVError{Err: ErrTooDeep}
	}
	s := NewScanner(b)
	for s.Next() {
		o := s.Object()
		if o.Tag == t {
			return o, true, nil
		}
		if o.Tag.Constructed() {
			if found, ok, err := find(o.Value, t, depth+1); ok || err != nil {
				return found, ok, err
			}
		}
	}
	return Object{}, false, s.Err()
}

// AppendLength appends the BER definite length encoding of n to dst.
func AppendLength(dst []byte, n int) []byte {
	switch {
	case n < 0x80:
		return append(dst, byte(n))
	case n <= 0xFF:
		return append(dst, 0x81, byte(n))
	default:
		return append(dst, 0x82, byte(n>>8), byte(n))
	}
}

// AppendTLV appends the data object t with value v to dst.
func AppendTLV(dst []byte, t Tag, v []byte) []byte {
	dst = t.Append(dst)
	dst = AppendLength(dst, len(v))
	return append(dst, v...)
}
