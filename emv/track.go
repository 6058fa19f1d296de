package emv

import (
	"errors"
	"strings"
)

// Errors of the track codecs (ISO/IEC 7813 for the stripe, Book 3 Annex A
// for track 2 equivalent data 57).
var (
	ErrTrackPAN           = errors.New("emv: track PAN missing, longer than 19 digits or not digits")
	ErrTrackSeparator     = errors.New("emv: track field separator missing")
	ErrTrackExpiry        = errors.New("emv: track expiry date is not YYMM")
	ErrTrackDiscretionary = errors.New("emv: track discretionary data holds a character the track cannot")
	ErrTrackPadding       = errors.New("emv: track 2 equivalent data padded other than with one final F")
	ErrTrackSentinel      = errors.New("emv: track start or end sentinel missing or misplaced")
	ErrTrackLRC           = errors.New("emv: track LRC does not match")
	ErrTrackLength        = errors.New("emv: track longer than ISO/IEC 7813 allows")
	ErrTrackFormatCode    = errors.New("emv: track 1 format code is not B")
	ErrTrackName          = errors.New("emv: track 1 name not 2-26 characters of the track 1 set")
	ErrServiceCode        = errors.New("emv: service code is not 3 decimal digits")
)

// Track limits of ISO/IEC 7813: whole tracks with start sentinel, end
// sentinel and LRC, and the PAN of ISO/IEC 7812.
const (
	maxTrack1Chars = 79
	maxTrack2Chars = 40
	maxPANDigits   = 19
	maxTrack2Bytes = 19 // 57 is "b, var. up to 19" in Book 3 Annex A
)

// Track2 is the content of track 2, as the stripe carries it and as the chip
// copies it into track 2 equivalent data (57).
type Track2 struct {
	PAN           string // up to 19 digits
	Expiry        string // YYMM
	ServiceCode   ServiceCode
	Discretionary string // digits: PVKI, PVV, CVV, or iCVV on the chip …
}

// ParseTrack2Equivalent decodes track 2 equivalent data (57): BCD digits,
// the separator D between PAN and expiry date, and one F to fill the last
// byte when the digit count is odd.
func ParseTrack2Equivalent(b []byte) (Track2, error) {
	if len(b) > maxTrack2Bytes {
		return Track2{}, ErrTrackLength
	}
	var buf [2 * maxTrack2Bytes]byte
	s := buf[:0]
	for i, c := range b {
		for j, d := range [2]byte{c >> 4, c & 0x0F} {
			switch {
			case d <= 9:
				s = append(s, '0'+d)
			case d == 0xD:
				s = append(s, '=')
			case d == 0xF && i == len(b)-1 && j == 1:
				// the single pad nibble
			case d == 0xF:
				return Track2{}, ErrTrackPadding
			default:
				return Track2{}, &NibbleError{Index: 2*i + j, Nibble: d}
			}
		}
	}
	return parseTrack2Data(string(s))
}

// Append appends the track as track 2 equivalent data (57).
func (t Track2) Append(dst []byte) ([]byte, error) {
	if err := t.check(); err != nil {
		return dst, err
	}
	s := t.Data()
	nib := func(i int) byte {
		switch {
		case i >= len(s):
			return 0xF
		case s[i] == '=':
			return 0xD
		default:
			return s[i] - '0'
		}
	}
	for i := 0; i < len(s); i += 2 {
		dst = append(dst, nib(i)<<4|nib(i+1))
	}
	return dst, nil
}

// ParseTrack2 reads track 2 as a stripe reader gives it: ";PAN=YYMMSSSDD?"
// followed by the LRC character where the reader passes it on, or the same
// without sentinels. A present LRC is checked.
func ParseTrack2(s string) (Track2, error) {
	data, err := unframeTrack(s, ';', maxTrack2Chars, lrcTrack2)
	if err != nil {
		return Track2{}, err
	}
	return parseTrack2Data(data)
}

// parseTrack2Data reads "PAN=YYMMSSSDD".
func parseTrack2Data(s string) (Track2, error) {
	pan, rest, ok := strings.Cut(s, "=")
	if !ok {
		return Track2{}, ErrTrackSeparator
	}
	var t Track2
	var err error
	if t.PAN, err = checkPAN(pan); err != nil {
		return Track2{}, err
	}
	if t.Expiry, t.ServiceCode, rest, err = parseExpiryService(rest); err != nil {
		return Track2{}, err
	}
	if !isDigits(rest) {
		return Track2{}, ErrTrackDiscretionary
	}
	t.Discretionary = rest
	return t, nil
}

// Data is the track without sentinels and LRC, "PAN=YYMMSSSDD", as an
// authorisation request carries it.
func (t Track2) Data() string {
	return t.PAN + "=" + t.Expiry + t.ServiceCode.Digits() + t.Discretionary
}

// Track is the track as the stripe holds it: start sentinel, data, end
// sentinel and LRC.
func (t Track2) Track() string { return frameTrack(';', t.Data(), lrcTrack2) }

// String describes the track with the PAN masked and no discretionary data.
func (t Track2) String() string {
	return "track 2 PAN " + MaskPAN(t.PAN) + " expiry " + t.Expiry + " service code " + t.ServiceCode.Digits()
}

func (t Track2) check() error {
	if _, err := checkPAN(t.PAN); err != nil {
		return err
	}
	if _, _, _, err := parseExpiryService(t.Expiry + "000"); err != nil || len(t.Expiry) != 4 {
		return ErrTrackExpiry
	}
	if !t.ServiceCode.valid() {
		return ErrServiceCode
	}
	if !isDigits(t.Discretionary) || (len(t.Data())+1)/2 > maxTrack2Bytes {
		return ErrTrackDiscretionary
	}
	return nil
}

// Track1 is the content of track 1 in format B: PAN, cardholder name,
// expiry date, service code and discretionary data.
type Track1 struct {
	PAN           string
	Name          string // "SURNAME/GIVEN NAME", 2–26 characters
	Expiry        string // YYMM
	ServiceCode   ServiceCode
	Discretionary string
}

// ParseTrack1 reads track 1 as a stripe reader gives it:
// "%BPAN^NAME^YYMMSSSDD?" followed by the LRC character where the reader
// passes it on, or the same without sentinels. A present LRC is checked.
func ParseTrack1(s string) (Track1, error) {
	data, err := unframeTrack(s, '%', maxTrack1Chars, lrcTrack1)
	if err != nil {
		return Track1{}, err
	}
	if len(data) == 0 || data[0] != 'B' {
		return Track1{}, ErrTrackFormatCode
	}
	pan, rest, ok := strings.Cut(data[1:], "^")
	if !ok {
		return Track1{}, ErrTrackSeparator
	}
	name, rest, ok := strings.Cut(rest, "^")
	if !ok {
		return Track1{}, ErrTrackSeparator
	}
	var t Track1
	if t.PAN, err = checkPAN(pan); err != nil {
		return Track1{}, err
	}
	if len(name) < 2 || len(name) > 26 || !isTrack1Text(name) {
		return Track1{}, ErrTrackName
	}
	t.Name = name
	if t.Expiry, t.ServiceCode, rest, err = parseExpiryService(rest); err != nil {
		return Track1{}, err
	}
	if !isTrack1Text(rest) {
		return Track1{}, ErrTrackDiscretionary
	}
	t.Discretionary = rest
	return t, nil
}

// Data is the track without sentinels and LRC, "BPAN^NAME^YYMMSSSDD".
func (t Track1) Data() string {
	return "B" + t.PAN + "^" + t.Name + "^" + t.Expiry + t.ServiceCode.Digits() + t.Discretionary
}

// Track is the track as the stripe holds it: start sentinel, data, end
// sentinel and LRC.
func (t Track1) Track() string { return frameTrack('%', t.Data(), lrcTrack1) }

// String describes the track with the PAN masked, and neither name nor
// discretionary data.
func (t Track1) String() string {
	return "track 1 PAN " + MaskPAN(t.PAN) + " expiry " + t.Expiry + " service code " + t.ServiceCode.Digits()
}

// unframeTrack strips the start sentinel, end sentinel and LRC. Without a
// start sentinel the whole string is data.
func unframeTrack(s string, start byte, maxLen int, lrc func(string) byte) (string, error) {
	if len(s) > maxLen {
		return "", ErrTrackLength
	}
	if len(s) == 0 || s[0] != start {
		if strings.IndexByte(s, '?') >= 0 {
			return "", ErrTrackSentinel
		}
		if len(s) > maxLen-3 { // room for the sentinels and the LRC
			return "", ErrTrackLength
		}
		return s, nil
	}
	end := strings.IndexByte(s, '?')
	switch {
	case end < 0 || end < len(s)-2:
		return "", ErrTrackSentinel
	case end > maxLen-2:
		return "", ErrTrackLength
	case end == len(s)-2 && s[end+1] != lrc(s[:end+1]):
		return "", ErrTrackLRC
	}
	return s[1:end], nil
}

func frameTrack(start byte, data string, lrc func(string) byte) string {
	framed := string(start) + data + "?"
	return framed + string(lrc(framed))
}

// lrcTrack2 is the LRC of ISO/IEC 7811-2 over 4-bit characters: each data bit
// of the LRC makes its column even over start sentinel to end sentinel, and
// the character set maps '0'…'?' to 0…15.
func lrcTrack2(s string) byte {
	var x byte
	for i := 0; i < len(s); i++ {
		x ^= (s[i] - 0x30) & 0x0F
	}
	return 0x30 + x
}

// lrcTrack1 is the same over the 6-bit track 1 set, which maps ' '…'_' to
// 0…63.
func lrcTrack1(s string) byte {
	var x byte
	for i := 0; i < len(s); i++ {
		x ^= (s[i] - 0x20) & 0x3F
	}
	return 0x20 + x
}

// checkPAN accepts 1 to 19 decimal digits.
func checkPAN(pan string) (string, error) {
	if len(pan) == 0 || len(pan) > maxPANDigits || !isDigits(pan) {
		return "", ErrTrackPAN
	}
	return pan, nil
}

// parseExpiryService reads YYMM and the service code from the front of s.
func parseExpiryService(s string) (string, ServiceCode, string, error) {
	if len(s) < 7 || !isDigits(s[:4]) {
		return "", ServiceCode{}, "", ErrTrackExpiry
	}
	if mm := (s[2]-'0')*10 + s[3] - '0'; mm < 1 || mm > 12 {
		return "", ServiceCode{}, "", ErrTrackExpiry
	}
	sc, err := ParseServiceCode(s[4:7])
	if err != nil {
		return "", ServiceCode{}, "", err
	}
	return s[:4], sc, s[7:], nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isTrack1Text accepts the track 1 character set (ISO/IEC 7811-2: ' '…'_')
// without the sentinels and the field separator.
func isTrack1Text(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x5F || c == '%' || c == '^' || c == '?' {
			return false
		}
	}
	return true
}

// MaskPAN keeps the first six and last four digits of a PAN and stars the
// rest, the display PCI DSS allows; PANs of ten digits or fewer keep only the
// last four.
func MaskPAN(pan string) string {
	n := len(pan)
	if n <= 4 {
		return strings.Repeat("*", n)
	}
	head := 6
	if n <= 10 {
		head = 0
	}
	return pan[:head] + strings.Repeat("*", n-head-4) + pan[n-4:]
}

// ServiceCode is the 3-digit service code of the magnetic stripe and of
// track 2 equivalent data (ISO/IEC 7813; also 5F30), one decimal digit value
// (0–9) per element: interchange and technology, authorisation processing,
// and allowed services with PIN requirements.
type ServiceCode [3]byte

// ParseServiceCode reads a service code from three ASCII digits ("201").
func ParseServiceCode(s string) (ServiceCode, error) {
	var sc ServiceCode
	if len(s) != 3 {
		return sc, ErrServiceCode
	}
	for i := range 3 {
		if s[i] < '0' || s[i] > '9' {
			return ServiceCode{}, ErrServiceCode
		}
		sc[i] = s[i] - '0'
	}
	return sc, nil
}

// Digits is the service code as three ASCII digits.
func (sc ServiceCode) Digits() string {
	return string([]byte{'0' + sc[0]%10, '0' + sc[1]%10, '0' + sc[2]%10})
}

func (sc ServiceCode) valid() bool { return sc[0] <= 9 && sc[1] <= 9 && sc[2] <= 9 }

// International reports a first digit of 1 or 2: international interchange.
func (sc ServiceCode) International() bool { return sc[0] == 1 || sc[0] == 2 }

// National reports a first digit of 5 or 6: national interchange only,
// except under bilateral agreement.
func (sc ServiceCode) National() bool { return sc[0] == 5 || sc[0] == 6 }

// Private reports a first digit of 7: no interchange except under bilateral
// agreement.
func (sc ServiceCode) Private() bool { return sc[0] == 7 }

// Test reports a first digit of 9: a test card.
func (sc ServiceCode) Test() bool { return sc[0] == 9 }

// ChipPresent reports a first digit of 2 or 6: the card carries an
// integrated circuit, which a chip-capable terminal uses in preference to the
// stripe.
func (sc ServiceCode) ChipPresent() bool { return sc[0] == 2 || sc[0] == 6 }

// AuthorisationNormal reports a second digit of 0: normal authorisation
// rules.
func (sc ServiceCode) AuthorisationNormal() bool { return sc[1] == 0 }

// AuthorisationByIssuer reports a second digit of 2: transactions are
// authorised online by the issuer.
func (sc ServiceCode) AuthorisationByIssuer() bool { return sc[1] == 2 }

// AuthorisationByIssuerUnlessBilateral reports a second digit of 4: online
// authorisation by the issuer except under bilateral agreement.
func (sc ServiceCode) AuthorisationByIssuerUnlessBilateral() bool { return sc[1] == 4 }

// PINRequired reports a third digit of 0, 3 or 5: a PIN is required.
func (sc ServiceCode) PINRequired() bool { return sc[2] == 0 || sc[2] == 3 || sc[2] == 5 }

// PromptForPINIfPINPad reports a third digit of 6 or 7: prompt for the PIN
// where a PIN pad is present.
func (sc ServiceCode) PromptForPINIfPINPad() bool { return sc[2] == 6 || sc[2] == 7 }

// NoRestrictions reports a third digit of 0, 1 or 6: any service allowed.
func (sc ServiceCode) NoRestrictions() bool { return sc[2] == 0 || sc[2] == 1 || sc[2] == 6 }

// GoodsAndServicesOnly reports a third digit of 2, 5 or 7: no cash.
func (sc ServiceCode) GoodsAndServicesOnly() bool { return sc[2] == 2 || sc[2] == 5 || sc[2] == 7 }

// ATMOnly reports a third digit of 3.
func (sc ServiceCode) ATMOnly() bool { return sc[2] == 3 }

// CashOnly reports a third digit of 4.
func (sc ServiceCode) CashOnly() bool { return sc[2] == 4 }

var (
	scFirst = [10]string{
		1: "international", 2: "international, chip",
		5: "national", 6: "national, chip",
		7: "private", 9: "test",
	}
	scSecond = [10]string{
		0: "normal authorisation", 2: "authorisation by issuer",
		4: "authorisation by issuer unless bilateral agreement",
	}
	scThird = [10]string{
		0: "no restrictions, PIN required", 1: "no restrictions",
		2: "goods and services only", 3: "ATM only, PIN required",
		4: "cash only", 5: "goods and services only, PIN required",
		6: "no restrictions, PIN if PIN pad", 7: "goods and services only, PIN if PIN pad",
	}
)

// String is the code with each digit's meaning in words, "201 (international,
// chip; normal authorisation; no restrictions)". Reserved digits read RFU.
func (sc ServiceCode) String() string {
	word := func(table *[10]string, d byte) string {
		if d < 10 && table[d] != "" {
			return table[d]
		}
		return "RFU"
	}
	var b strings.Builder
	b.WriteString(sc.Digits())
	b.WriteString(" (")
	b.WriteString(word(&scFirst, sc[0]))
	b.WriteString("; ")
	b.WriteString(word(&scSecond, sc[1]))
	b.WriteString("; ")
	b.WriteString(word(&scThird, sc[2]))
	b.WriteString(")")
	return b.String()
}
