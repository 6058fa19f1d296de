package oda

import "github.com/emvsim/emvsim/emv"

// Record is one record the AFL marks for offline data authentication, as
// READ RECORD returned it (response data without SW1 SW2).
type Record struct {
	SFI int
	Raw []byte
}

// StaticData builds the static data to be authenticated (Book 3 §10.3,
// Book 2 §5.4 and §6.4) from the original record bytes: for SFI 1-10 the
// value of template 70 without its tag and length, for SFI 11-30 the whole
// record; then, if the SDA Tag List (9F4A, sdaTagList its value) is present,
// the value of the AIP. The tag list may only name the AIP (82).
func StaticData(records []Record, sdaTagList, aip []byte) ([]byte, error) {
	var out []byte
	for _, r := range records {
		switch {
		case r.SFI >= 1 && r.SFI <= 10:
			objs, err := emv.ParseObjects(r.Raw)
			if err != nil {
				return nil, fail("static data", ErrMalformedTLV)
			}
			// A record is exactly one template 70; padding bytes the scanner
			// skips would otherwise escape authentication.
			if len(objs) != 1 || objs[0].Tag != 0x70 || len(objs[0].Raw) != len(r.Raw) {
				return nil, fail("static data", ErrRecordTemplate)
			}
			out = append(out, objs[0].Value...)
		case r.SFI >= 11 && r.SFI <= 30:
			out = append(out, r.Raw...)
		default:
			return nil, fail("static data", ErrRecordTemplate)
		}
	}
	if len(sdaTagList) == 0 {
		return out, nil
	}
	if len(sdaTagList) != 1 || sdaTagList[0] != 0x82 {
		return nil, fail("static data", ErrSDATagList)
	}
	if len(aip) != 2 {
		return nil, fail("static data", ErrMissingAIP)
	}
	return append(out, aip...), nil
}
