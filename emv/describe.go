package emv

import (
	"encoding/hex"
	"io"
	"strconv"
	"strings"
)

// DescribeOption changes what Describe shows.
type DescribeOption func(*describer)

// DescribeUnmasked shows PANs, track data, discretionary data and cardholder
// names in clear. PIN data (99) and the data of PIN CHANGE/UNBLOCK script
// commands stay masked regardless.
func DescribeUnmasked() DescribeOption { return func(d *describer) { d.unmasked = true } }

// Describe writes the data objects of b to w as an indented tree, one object
// a line: tag, dictionary name and, for primitive objects, the value decoded
// as its format says (n and cn as digits, dates as 20YY-MM-DD, times as
// HH:MM:SS, a/an/ans as quoted text, b as hex). Card-identifying data is
// masked unless DescribeUnmasked is given: the PAN keeps its first six and
// last four digits. On malformed input it writes every object before the
// fault and returns the scanner's error; it also returns w's first write
// error.
func Describe(w io.Writer, b []byte, opts ...DescribeOption) error {
	d := describer{w: w}
	for _, opt := range opts {
		opt(&d)
	}
	err := Walk(b, d.object)
	if d.err != nil {
		return d.err
	}
	return err
}

type describer struct {
	w        io.Writer
	unmasked bool
	err      error
	line     []byte
}

func (d *describer) object(o Object, depth int) {
	if d.err != nil {
		return
	}
	line := d.line[:0]
	for range depth {
		line = append(line, "  "...)
	}
	line = append(line, o.Tag.String()...)
	e, known := Lookup(o.Tag)
	if known {
		line = append(line, ' ')
		line = append(line, e.Name...)
	}
	if !o.Tag.Constructed() {
		line = append(line, ": "...)
		line = append(line, d.value(o, e, known)...)
	}
	line = append(line, '\n')
	d.line = line
	_, d.err = d.w.Write(line)
}

// value renders a primitive object's value.
func (d *describer) value(o Object, e Element, known bool) string {
	v := o.Value
	switch o.Tag {
	case TagTransactionPINData:
		return describeMasked(v)
	case TagIssuerScriptCommand:
		return describeScriptCommand(v)
	case TagApplicationPAN:
		if !d.unmasked {
			// A PAN that is not clean cn is still a PAN: never show it.
			if pan, err := ParseCN(v); err == nil {
				return MaskPAN(pan)
			}
			return describeMasked(v)
		}
	case TagTrack2EquivalentData, TagTrack2Data:
		if !d.unmasked {
			return describeTrack2(v)
		}
	case TagTrack1Data:
		if !d.unmasked {
			return describeTrack1(v)
		}
	case TagApplicationExpirationDate, TagApplicationEffectiveDate, TagTransactionDate:
		if s, ok := describeBCD(v); ok && len(s) == 6 {
			return "20" + s[0:2] + "-" + s[2:4] + "-" + s[4:6]
		}
	case TagTransactionTime:
		if s, ok := describeBCD(v); ok && len(s) == 6 {
			return s[0:2] + ":" + s[2:4] + ":" + s[4:6]
		}
	}
	if !d.unmasked && HiddenWhenMasked(o.Tag) {
		return describeMasked(v)
	}
	if !known {
		return strings.ToUpper(hex.EncodeToString(v))
	}
	switch e.Format {
	case FormatN:
		if s, ok := describeBCD(v); ok {
			return s
		}
	case FormatCN:
		if s, err := ParseCN(v); err == nil {
			return s
		}
	case FormatA, FormatAN, FormatANS:
		return strconv.Quote(string(v))
	case FormatVar:
		if describePrintable(v) {
			return strconv.Quote(string(v))
		}
	}
	return strings.ToUpper(hex.EncodeToString(v))
}

// describeBCD is v's nibbles as decimal digits, if every nibble is one.
func describeBCD(v []byte) (string, bool) {
	s := hex.EncodeToString(v)
	for i := 0; i < len(s); i++ {
		if s[i] > '9' {
			return "", false
		}
	}
	return s, true
}

func describePrintable(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	for _, c := range v {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// HiddenWhenMasked reports whether masked output (Describe, and traces
// that follow it) hides the whole value of tag t: cardholder names and
// track discretionary data. PANs and tracks keep their masked forms.
func HiddenWhenMasked(t Tag) bool {
	switch t {
	case TagCardholderName, TagCardholderNameExtended, TagTrack1DiscretionaryData, TagTrack2DiscretionaryData:
		return true
	}
	return false
}

func describeMasked(v []byte) string { return "<masked, " + strconv.Itoa(len(v)) + " bytes>" }

// describeTrack2 keeps the masked PAN and the separator of track 2 data and
// stars everything after it: expiry, service code and discretionary data.
func describeTrack2(v []byte) string {
	s := strings.ToUpper(hex.EncodeToString(v))
	sep := strings.IndexByte(s, 'D')
	if sep < 0 {
		return describeMasked(v)
	}
	if !isDigits(s[:sep]) {
		return describeMasked(v)
	}
	return MaskPAN(s[:sep]) + "D" + strings.Repeat("*", len(s)-sep-1)
}

// describeTrack1 keeps the format code and masked PAN of track 1 data
// (B PAN ^ NAME ^ …) and stars the rest.
func describeTrack1(v []byte) string {
	s := string(v)
	sep := strings.IndexByte(s, '^')
	if len(s) < 2 || sep < 1 || !isDigits(s[1:sep]) {
		return describeMasked(v)
	}
	return strconv.Quote(s[:1] + MaskPAN(s[1:sep]) + "^" + strings.Repeat("*", len(s)-sep-1))
}

// describeScriptCommand shows an issuer script command's header and length
// but masks the data of PIN CHANGE/UNBLOCK, which carries a PIN block.
func describeScriptCommand(v []byte) string {
	const insPINChangeUnblock = 0x24
	if len(v) > 4 && v[1] == insPINChangeUnblock {
		return strings.ToUpper(hex.EncodeToString(v[:4])) + " " + describeMasked(v[4:])
	}
	return strings.ToUpper(hex.EncodeToString(v))
}
