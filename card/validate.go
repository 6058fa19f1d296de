package card

import (
	"fmt"
	"strconv"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// validate checks a profile the way a personalisation bureau would before
// writing it; the first problem found is returned as a *ProfileError.
func validate(p *Profile) error {
	if len(p.Applications) == 0 {
		return &ProfileError{Field: "Applications", Err: ErrNoApplication}
	}
	if len(p.Applications) > MaxApplications {
		return &ProfileError{Field: "Applications", Err: ErrTooManyApps}
	}
	if err := validatePIN(p.PIN); err != nil {
		return &ProfileError{Field: "PIN", Err: err}
	}
	seen := map[string]bool{}
	for i := range p.Applications {
		a := &p.Applications[i]
		if seen[string(a.AID)] {
			return &ProfileError{Field: fmt.Sprintf("Applications[%d].AID", i), Err: ErrDuplicateAID}
		}
		seen[string(a.AID)] = true
		if field, err := validateApplication(a); err != nil {
			return &ProfileError{Field: fmt.Sprintf("Applications[%d].%s", i, field), Err: err}
		}
	}
	return nil
}

func validatePIN(p PIN) error {
	if p.TryLimit < 0 || p.TryLimit > 15 {
		return ErrPIN
	}
	if p.Digits != "" && (len(p.Digits) < 4 || len(p.Digits) > 12 || !isDigits(p.Digits)) {
		return ErrPIN
	}
	return nil
}

// validateApplication returns the name of the bad field and why.
func validateApplication(a *Application) (string, error) {
	if len(a.AID) < 5 || len(a.AID) > 16 {
		return "AID", ErrAID
	}
	if len(a.Label) > 16 {
		return "Label", ErrDataLength
	}
	fixed := []struct {
		name string
		v    Hex
		n    int
	}{
		{"AIP", a.AIP, 2}, {"AUC", a.AUC, 2}, {"Version", a.Version, 2},
		{"IACDenial", a.IACDenial, 5}, {"IACOnline", a.IACOnline, 5}, {"IACDefault", a.IACDefault, 5},
	}
	for _, f := range fixed {
		if len(f.v) != f.n && (len(f.v) != 0 || f.name == "AIP") {
			return f.name, ErrDataLength
		}
	}
	if len(a.PAN) < 12 || len(a.PAN) > 19 || !isDigits(a.PAN) {
		return "PAN", ErrDigits
	}
	if a.PANSequenceNumber>>4 > 9 || a.PANSequenceNumber&0xF > 9 {
		return "PANSequenceNumber", ErrDigits
	}
	if !isDate(a.ExpiryDate) {
		return "ExpiryDate", ErrDigits
	}
	if a.EffectiveDate != "" && !isDate(a.EffectiveDate) {
		return "EffectiveDate", ErrDigits
	}
	if len(a.ServiceCode) != 3 || !isDigits(a.ServiceCode) {
		return "ServiceCode", ErrDigits
	}
	for _, d := range []struct {
		name string
		v    Hex
	}{{"PDOL", a.PDOL}, {"CDOL1", a.CDOL1}, {"CDOL2", a.CDOL2}, {"DDOL", a.DDOL}, {"Contactless.PDOL", a.Contactless.PDOL}} {
		if _, err := emv.ParseDOL(d.v); err != nil {
			return d.name, fmt.Errorf("%w: %w", ErrDOL, err)
		}
	}
	v, ok := cryptogram.VersionByName(a.CryptogramVersion)
	if !ok {
		return "CryptogramVersion", ErrCryptogramVersion
	}
	cdol1, _ := emv.ParseDOL(a.CDOL1)
	if cdol1.DataLen() < v.TerminalDataLen {
		return "CDOL1", fmt.Errorf("%w: CDOL1 asks for fewer bytes than the cryptogram needs", ErrDOL)
	}
	cdol2, _ := emv.ParseDOL(a.CDOL2)
	if cdol2.DataLen() < v.TerminalDataLen {
		return "CDOL2", fmt.Errorf("%w: CDOL2 asks for fewer bytes than the cryptogram needs", ErrDOL)
	}
	for _, k := range []struct {
		name string
		v    Hex
	}{{"Keys.AC", a.Keys.AC}, {"Keys.SMI", a.Keys.SMI}, {"Keys.SMC", a.Keys.SMC}} {
		if _, err := newKey(k.v); err != nil {
			return k.name, ErrKey
		}
	}
	if a.AIP[0]&(aipDDA|aipCDA) != 0 && a.Keys.ICCPrivateKey == nil && a.Keys.ICCKeySeed == nil {
		return "Keys.ICCPrivateKey", fmt.Errorf("%w: the AIP offers DDA or CDA", ErrKey)
	}
	for i, r := range a.Records {
		if r.SFI < 1 || r.SFI > 30 || r.Number < 1 || r.Number > 254 || (r.SFI == logSFI && a.LogEntries > 0) {
			return "Records[" + strconv.Itoa(i) + "]", ErrRecord
		}
		if len(r.Data) > 252 {
			return "Records[" + strconv.Itoa(i) + "].Data", ErrRecord
		}
		if _, err := emv.ParseObjects(r.Data); err != nil {
			return "Records[" + strconv.Itoa(i) + "].Data", ErrRecord
		}
		for _, o := range a.Records[:i] {
			if o.SFI == r.SFI && o.Number == r.Number {
				return "Records[" + strconv.Itoa(i) + "]", fmt.Errorf("%w: duplicate record", ErrRecord)
			}
		}
	}
	if err := checkAFL(a.AFL, a.Records); err != nil {
		return "AFL", err
	}
	c := a.Contactless
	if c.Enabled {
		if len(c.AIP) != 0 && len(c.AIP) != 2 {
			return "Contactless.AIP", ErrDataLength
		}
		if len(c.AFL) != 0 {
			if err := checkAFL(c.AFL, a.Records); err != nil {
				return "Contactless.AFL", err
			}
		}
	}
	if a.LogEntries < 0 || a.LogEntries > maxLog {
		return "LogEntries", ErrDataLength
	}
	return "", nil
}

// checkAFL checks that each AFL entry is well formed (Book 3 §10.2) and
// names records the profile holds.
func checkAFL(afl Hex, recs []Record) error {
	if len(afl)%4 != 0 || len(afl) == 0 {
		return ErrAFL
	}
	for i := 0; i < len(afl); i += 4 {
		sfi, first, last, oda := int(afl[i]>>3), int(afl[i+1]), int(afl[i+2]), int(afl[i+3])
		if afl[i]&7 != 0 || sfi < 1 || sfi > 30 || first < 1 || last < first || oda > last-first+1 {
			return ErrAFL
		}
		for n := first; n <= last; n++ {
			if findRecord(recs, sfi, n) == nil {
				return fmt.Errorf("%w: SFI %d record %d missing", ErrAFL, sfi, n)
			}
		}
	}
	return nil
}

func findRecord(recs []Record, sfi, n int) *Record {
	for i := range recs {
		if recs[i].SFI == sfi && recs[i].Number == n {
			return &recs[i]
		}
	}
	return nil
}

// newKey turns personalised key bytes into a key: 16 or 24 bytes are TDES
// unless 32; AES keys are marked by length 32 only, so a 16-byte key is
// TDES, as all the named versions use.
func newKey(b Hex) (cryptogram.Key, error) {
	if len(b) == 32 {
		return cryptogram.NewAESKey(b)
	}
	return cryptogram.NewTDESKey(b)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isDate accepts YYMMDD with a plausible month and day.
func isDate(s string) bool {
	if len(s) != 6 || !isDigits(s) {
		return false
	}
	m, _ := strconv.Atoi(s[2:4])
	d, _ := strconv.Atoi(s[4:6])
	return m >= 1 && m <= 12 && d >= 1 && d <= 31
}
