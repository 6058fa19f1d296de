package oda

import "time"

// Expiry is a certificate expiration date, MMYY in BCD as in Book 2 Tables
// 6 and 14. The certificate is valid through the last day of that month.
type Expiry [2]byte

// ExpiryOf returns the MMYY expiry for the month containing t.
func ExpiryOf(t time.Time) Expiry {
	m, y := int(t.Month()), t.Year()%100
	return Expiry{byte(m/10<<4 | m%10), byte(y/10<<4 | y%10)}
}

// yearMonth decodes the BCD date. Years 00-49 are 20xx and 50-99 are 19xx,
// the Book 3 convention for two-digit years.
func (e Expiry) yearMonth() (year, month int, err error) {
	for _, b := range e {
		if b>>4 > 9 || b&0x0F > 9 {
			return 0, 0, ErrBadDate
		}
	}
	month = int(e[0]>>4)*10 + int(e[0]&0x0F)
	year = int(e[1]>>4)*10 + int(e[1]&0x0F)
	if month < 1 || month > 12 {
		return 0, 0, ErrBadDate
	}
	if year < 50 {
		year += 2000
	} else {
		year += 1900
	}
	return year, month, nil
}

// check fails if today (the transaction date) is after the last day of the
// expiry month (Book 2 §5.3 step 9, §6.4 step 9).
func (e Expiry) check(today time.Time) error {
	y, m, err := e.yearMonth()
	if err != nil {
		return err
	}
	if today.Year() > y || (today.Year() == y && int(today.Month()) > m) {
		return ErrExpired
	}
	return nil
}

// String is MM/YY.
func (e Expiry) String() string {
	const hex = "0123456789ABCDEF"
	return string([]byte{hex[e[0]>>4], hex[e[0]&15], '/', hex[e[1]>>4], hex[e[1]&15]})
}
