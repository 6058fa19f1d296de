package issuer

import (
	"math/big"
	"strconv"

	"github.com/emvsim/emvsim/emv"
)

// maxPANTries bounds the search for a free PAN before the range counts as
// full.
const maxPANTries = 64

// newPAN draws a Luhn-valid PAN in the BIN range that no card has yet and
// reserves it.
func (iss *Issuer) newPAN() (string, error) {
	low, _ := strconv.ParseUint(iss.cfg.BIN.Low, 10, 64)
	high, _ := strconv.ParseUint(iss.cfg.BIN.High, 10, 64)
	width := len(iss.cfg.BIN.Low)
	for range maxPANTries {
		pick, err := iss.randomDigits(width + 1)
		if err != nil {
			return "", err
		}
		n, _ := new(big.Int).SetString(pick, 10)
		bin := low + new(big.Int).Mod(n, new(big.Int).SetUint64(high-low+1)).Uint64()
		body, err := iss.randomDigits(iss.cfg.PANLength - width - 1)
		if err != nil {
			return "", err
		}
		s := strconv.FormatUint(bin, 10)
		for len(s) < width {
			s = "0" + s
		}
		pan := s + body
		pan += string('0' + luhnDigit(pan))
		iss.mu.Lock()
		if iss.accounts[pan] == nil && !iss.reserved[pan] {
			iss.reserved[pan] = true
			iss.mu.Unlock()
			return pan, nil
		}
		iss.mu.Unlock()
	}
	return "", ErrPANsExhausted
}

// release frees a reserved PAN whose card was not made.
func (iss *Issuer) release(pan string) {
	iss.mu.Lock()
	delete(iss.reserved, pan)
	iss.mu.Unlock()
}

// luhnDigit is the check digit that makes body+digit pass the Luhn
// (ISO/IEC 7812-1 Annex B) check.
func luhnDigit(body string) byte {
	sum := 0
	for i := 0; i < len(body); i++ {
		d := int(body[len(body)-1-i] - '0')
		if i%2 == 0 { // doubled: the check digit will sit to its right
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte((10 - sum%10) % 10)
}

// LuhnValid reports whether pan is decimal digits passing the Luhn check.
func LuhnValid(pan string) bool {
	if len(pan) < 2 || !isDigits(pan) {
		return false
	}
	return luhnDigit(pan[:len(pan)-1]) == pan[len(pan)-1]-'0'
}

// packedPAN is the PAN as tag 5A holds it: BCD, F-padded.
func packedPAN(pan string) []byte {
	b, _ := emv.AppendCN(nil, pan, (len(pan)+1)/2)
	return b
}

// appendTemplate70 wraps record data in its template 70, as READ RECORD
// returns it.
func appendTemplate70(dst, data []byte) []byte {
	return emv.AppendTLV(dst, emv.TagReadRecordResponseTemplate, data)
}
