package emv

import (
	"errors"
	"strconv"
)

// Tag is a BER-TLV tag as EMV uses it: one to three bytes, held in the low
// bytes of the integer in their wire order (9F36 is Tag(0x9F36)).
type Tag uint32

// Errors returned when a tag field cannot be read.
var (
	ErrTagTruncated = errors.New("emv: tag runs past the end of the data")
	ErrTagTooLong   = errors.New("emv: tag longer than 3 bytes")
)

// ParseTag reads the tag at the start of b and returns it with the number of
// bytes it took (Book 3 Annex B1: subsequent bytes follow while the low five
// bits of the first byte are all ones and bit 8 of the last is set).
func ParseTag(b []byte) (Tag, int, error) {
	if len(b) == 0 {
		return 0, 0, ErrTagTruncated
	}
	t := Tag(b[0])
	if b[0]&0x1F != 0x1F {
		return t, 1, nil
	}
	for i := 1; ; i++ {
		if i >= len(b) {
			return 0, 0, ErrTagTruncated
		}
		if i >= 3 {
			return 0, 0, ErrTagTooLong
		}
		t = t<<8 | Tag(b[i])
		if b[i]&0x80 == 0 {
			return t, i + 1, nil
		}
	}
}

// Len is the number of bytes the tag takes on the wire.
func (t Tag) Len() int {
	switch {
	case t > 0xFFFF:
		return 3
	case t > 0xFF:
		return 2
	default:
		return 1
	}
}

// firstByte is the tag's leading byte, which carries class and form.
func (t Tag) firstByte() byte { return byte(t >> (8 * (t.Len() - 1))) }

// Constructed reports whether the tag's form bit (b6 of the first byte) marks
// a template that holds further data objects.
func (t Tag) Constructed() bool { return t.firstByte()&0x20 != 0 }

// Class is the tag's class from b8–b7 of its first byte: 0 universal,
// 1 application, 2 context-specific, 3 private.
func (t Tag) Class() int { return int(t.firstByte() >> 6) }

// Append appends the tag's wire bytes to dst.
func (t Tag) Append(dst []byte) []byte {
	for i := t.Len() - 1; i >= 0; i-- {
		dst = append(dst, byte(t>>(8*i)))
	}
	return dst
}

// String is the tag in upper-case hex, as the books write it ("9F36").
func (t Tag) String() string {
	const digits = "0123456789ABCDEF"
	var buf [6]byte
	n := t.Len() * 2
	for i := 0; i < n; i++ {
		buf[n-1-i] = digits[(t>>(4*i))&0xF]
	}
	return string(buf[:n])
}

// GoString makes %#v print the tag as a Go literal.
func (t Tag) GoString() string { return "emv.Tag(0x" + strconv.FormatUint(uint64(t), 16) + ")" }
