package emv

import (
	"errors"
	"strconv"
	"time"
)

// Errors of the numeric codecs (Book 3 §4.3: formats n and cn are packed
// BCD, two decimal digits per byte).
var (
	ErrNotDecimal      = errors.New("emv: nibble is not a decimal digit")
	ErrNumericOverflow = errors.New("emv: numeric value does not fit")
	ErrCNPadding       = errors.New("emv: compressed numeric has a digit after its F padding")
	ErrDate            = errors.New("emv: not a valid YYMMDD date")
	ErrTime            = errors.New("emv: not a valid HHMMSS time")
)

// NibbleError reports a nibble that is not a decimal digit where format n or
// cn requires one. It unwraps to ErrNotDecimal.
type NibbleError struct {
	Index  int  // nibble position from the left, 0-based
	Nibble byte // the offending value, 0xA–0xF
}

// Error names the nibble and its position.
func (e *NibbleError) Error() string {
	return ErrNotDecimal.Error() + ": " + strconv.FormatUint(uint64(e.Nibble), 16) + " at nibble " + strconv.Itoa(e.Index)
}

// Unwrap returns ErrNotDecimal.
func (e *NibbleError) Unwrap() error { return ErrNotDecimal }

// maxNDigits bounds ParseN: 19 nines fit a uint64, 20 do not.
const maxNDigits = 19

// ParseN decodes a format n value: BCD digits, right-justified, leading
// zeros (9F02 amount, 9A date, 5F2A currency code …).
func ParseN(b []byte) (uint64, error) {
	var v uint64
	digits := 0
	for i, c := range b {
		for j, d := range [2]byte{c >> 4, c & 0x0F} {
			if d > 9 {
				return 0, &NibbleError{Index: 2*i + j, Nibble: d}
			}
			if v == 0 && d == 0 {
				continue // leading zeros do not count against the width
			}
			if digits++; digits > maxNDigits {
				return 0, ErrNumericOverflow
			}
			v = v*10 + uint64(d)
		}
	}
	return v, nil
}

// AppendN appends v as a format n value of exactly nbytes bytes. Digits that
// do not fit are dropped from the left, as Book 3 §5.4 truncates format n.
func AppendN(dst []byte, v uint64, nbytes int) []byte {
	if nbytes <= 0 {
		return dst
	}
	start := len(dst)
	dst = append(dst, make([]byte, nbytes)...)
	for i := start + nbytes - 1; i >= start && v > 0; i-- {
		lo := byte(v % 10)
		v /= 10
		hi := byte(v % 10)
		v /= 10
		dst[i] = hi<<4 | lo
	}
	return dst
}

// ParseCN decodes a format cn value: BCD digits, left-justified, padded on
// the right with F nibbles (5A PAN). It returns the digits as a string.
func ParseCN(b []byte) (string, error) {
	buf := make([]byte, 0, 2*len(b))
	padded := false
	for i, c := range b {
		for j, d := range [2]byte{c >> 4, c & 0x0F} {
			switch {
			case d == 0xF:
				padded = true
			case padded:
				return "", ErrCNPadding
			case d > 9:
				return "", &NibbleError{Index: 2*i + j, Nibble: d}
			default:
				buf = append(buf, '0'+d)
			}
		}
	}
	return string(buf), nil
}

// AppendCN appends the decimal digits as a format cn value of nbytes bytes,
// padded with F nibbles; nbytes ≤ 0 takes the fewest bytes that hold them.
func AppendCN(dst []byte, digits string, nbytes int) ([]byte, error) {
	if nbytes <= 0 {
		nbytes = (len(digits) + 1) / 2
	}
	if len(digits) > 2*nbytes {
		return dst, ErrNumericOverflow
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return dst, ErrNotDecimal
		}
	}
	for i := 0; i < nbytes; i++ {
		dst = append(dst, cnNibble(digits, 2*i)<<4|cnNibble(digits, 2*i+1))
	}
	return dst, nil
}

func cnNibble(digits string, i int) byte {
	if i < len(digits) {
		return digits[i] - '0'
	}
	return 0xF
}

// MaxAmountN is the largest amount an n 12 field (9F02, 9F03) holds.
const MaxAmountN = 999_999_999_999

// AmountN decodes a 6-byte n 12 amount (Amount, Authorised 9F02; Amount,
// Other 9F03) in minor units of the transaction currency.
func AmountN(b []byte) (int64, error) {
	if len(b) != 6 {
		return 0, ErrNumericOverflow
	}
	v, err := ParseN(b)
	return int64(v), err
}

// AppendAmountN appends amount as a 6-byte n 12 value. Amounts below zero or
// above MaxAmountN do not fit.
func AppendAmountN(dst []byte, amount int64) ([]byte, error) {
	if amount < 0 || amount > MaxAmountN {
		return dst, ErrNumericOverflow
	}
	return AppendN(dst, uint64(amount), 6), nil
}

// ParseDate decodes an n 6 YYMMDD date (9A, 5F24, 5F25) to midnight UTC.
// YY 00–49 means 2000–2049 and 50–99 means 1950–1999, the window of Book 4
// date management.
func ParseDate(b []byte) (time.Time, error) {
	if len(b) != 3 {
		return time.Time{}, ErrDate
	}
	var f [3]int
	for i, c := range b {
		hi, lo := c>>4, c&0x0F
		if hi > 9 || lo > 9 {
			return time.Time{}, ErrDate
		}
		f[i] = int(hi)*10 + int(lo)
	}
	year := 2000 + f[0]
	if f[0] >= 50 {
		year = 1900 + f[0]
	}
	month, day := time.Month(f[1]), f[2]
	if month < time.January || month > time.December || day < 1 {
		return time.Time{}, ErrDate
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Month() != month { // 31 April rolled over into May
		return time.Time{}, ErrDate
	}
	return t, nil
}

// AppendDate appends t's calendar date as n 6 YYMMDD.
func AppendDate(dst []byte, t time.Time) []byte {
	return appendBCD2(dst, t.Year()%100, int(t.Month()), t.Day())
}

// ParseTime decodes an n 6 HHMMSS time (9F21) to the time of day it names.
func ParseTime(b []byte) (time.Duration, error) {
	if len(b) != 3 {
		return 0, ErrTime
	}
	var f [3]int
	for i, c := range b {
		hi, lo := c>>4, c&0x0F
		if hi > 9 || lo > 9 {
			return 0, ErrTime
		}
		f[i] = int(hi)*10 + int(lo)
	}
	if f[0] > 23 || f[1] > 59 || f[2] > 59 {
		return 0, ErrTime
	}
	return time.Duration(f[0])*time.Hour + time.Duration(f[1])*time.Minute + time.Duration(f[2])*time.Second, nil
}

// AppendTime appends t's time of day as n 6 HHMMSS.
func AppendTime(dst []byte, t time.Time) []byte {
	return appendBCD2(dst, t.Hour(), t.Minute(), t.Second())
}

// appendBCD2 appends each value (0–99) as one BCD byte.
func appendBCD2(dst []byte, vs ...int) []byte {
	for _, v := range vs {
		dst = append(dst, byte(v/10)<<4|byte(v%10))
	}
	return dst
}

// ExpiryDate turns a YYMM expiry date, as the tracks carry it, into the last
// day of that month at midnight UTC, the value an Application Expiration
// Date (5F24) of the same card holds. YY uses the window of ParseDate.
func ExpiryDate(yymm string) (time.Time, error) {
	if len(yymm) != 4 || !isDigits(yymm) {
		return time.Time{}, ErrDate
	}
	yy := int(yymm[0]-'0')*10 + int(yymm[1]-'0')
	month := time.Month(int(yymm[2]-'0')*10 + int(yymm[3]-'0'))
	if month < time.January || month > time.December {
		return time.Time{}, ErrDate
	}
	year := 2000 + yy
	if yy >= 50 {
		year = 1900 + yy
	}
	// Day 0 of the next month is the last day of this one.
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC), nil
}
