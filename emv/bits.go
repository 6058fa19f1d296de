package emv

import (
	"errors"
	"math/bits"
	"strconv"
	"strings"
)

// The bit-field types (TVR, TSI, AIP, AUC, terminal capabilities, TTQ, CTQ)
// name each bit with a typed constant holding the book's byte number (1 for
// the leftmost byte) in the high byte and the bit's mask in the low byte:
// byte 2 bit 4 ('08') is 2<<8 | 0x08. The helpers below work on that
// encoding for all of them.

// ErrBitFieldLength is returned when a bit field read from outside has the
// wrong number of bytes.
var ErrBitFieldLength = errors.New("emv: bit field has the wrong length")

// BitFieldLengthError says which bit field had the wrong length.
type BitFieldLengthError struct {
	Tag       Tag // the data object, e.g. TagTerminalVerificationResults
	Want, Got int
}

// Error says which field, how long it must be and how long it was.
func (e *BitFieldLengthError) Error() string {
	return "emv: " + e.Tag.String() + " must be " + strconv.Itoa(e.Want) + " bytes, got " + strconv.Itoa(e.Got)
}

// Unwrap returns ErrBitFieldLength.
func (e *BitFieldLengthError) Unwrap() error { return ErrBitFieldLength }

// parseBits copies b into dst if the lengths match.
func parseBits(dst []byte, b []byte, t Tag) error {
	if len(b) != len(dst) {
		return &BitFieldLengthError{Tag: t, Want: len(dst), Got: len(b)}
	}
	copy(dst, b)
	return nil
}

// bitName is one named bit: byte number<<8 | mask, and its words.
type bitName struct {
	bit  uint16
	name string
}

// bitPos splits an encoded bit into a zero-based byte index and a mask;
// ok is false when the bit falls outside a field of n bytes.
func bitPos(bit uint16, n int) (idx int, mask byte, ok bool) {
	idx = int(bit>>8) - 1
	mask = byte(bit)
	return idx, mask, idx >= 0 && idx < n && mask != 0
}

func hasBit(b []byte, bit uint16) bool {
	idx, mask, ok := bitPos(bit, len(b))
	return ok && b[idx]&mask == mask
}

func setBit(b []byte, bit uint16) {
	if idx, mask, ok := bitPos(bit, len(b)); ok {
		b[idx] |= mask
	}
}

func clearBit(b []byte, bit uint16) {
	if idx, mask, ok := bitPos(bit, len(b)); ok {
		b[idx] &^= mask
	}
}

// bitWord is the words for one bit, or "byte N bit M" for a bit the table
// does not name.
func bitWord(names []bitName, bit uint16) string {
	for _, n := range names {
		if n.bit == bit {
			return n.name
		}
	}
	return unnamedBit(bit)
}

func unnamedBit(bit uint16) string {
	return "byte " + strconv.Itoa(int(bit>>8)) + " bit " + strconv.Itoa(bits.TrailingZeros8(byte(bit))+1)
}

// bitsString lists the set bits of b, leftmost byte and highest bit first,
// in words separated by commas; unnamed set bits read "byte N bit M (RFU)".
// A field with no bit set reads "none".
func bitsString(b []byte, names []bitName) string {
	var sb strings.Builder
	for i, v := range b {
		for mask := byte(0x80); mask != 0; mask >>= 1 {
			if v&mask == 0 {
				continue
			}
			if sb.Len() > 0 {
				sb.WriteString(", ")
			}
			bit := uint16(i+1)<<8 | uint16(mask)
			found := false
			for _, n := range names {
				if n.bit == bit {
					sb.WriteString(n.name)
					found = true
					break
				}
			}
			if !found {
				sb.WriteString(unnamedBit(bit))
				sb.WriteString(" (RFU)")
			}
		}
	}
	if sb.Len() == 0 {
		return "none"
	}
	return sb.String()
}
