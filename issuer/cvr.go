package issuer

import "github.com/emvsim/emvsim/emv/cryptogram"

// cardFacts are what the card's Card Verification Results (inside the IAD)
// tell the issuer.
type cardFacts struct {
	pinTryLimitExceeded bool
	scriptsProcessed    int  // script commands with secure messaging run on the last online transaction
	scriptFailed        bool // issuer script processing failed on the last online transaction
}

// readCardFacts reads the CVR of a verified IAD. The CVR is proprietary to
// each scheme; its layout comes with the cryptogram version's IAD layout:
//
//   - Visa layout (VIS CVR, 4 bytes, the first its length 03): byte 3 b7 PIN
//     try limit exceeded, b2 application blocked because the PIN try limit
//     was exceeded; byte 4 b8-b5 number of issuer script commands with
//     secure messaging processed, b4 issuer script processing failed.
//   - M/Chip layout (6 bytes): byte 3 b8-b5 script counter; byte 4 b4 PIN
//     try limit exceeded; byte 5 b1 script failed.
func readCardFacts(v cryptogram.Version, iad []byte) cardFacts {
	switch {
	case v.IAD == cryptogram.IADVisa && len(iad) >= 7:
		cvr := iad[3:7]
		return cardFacts{
			pinTryLimitExceeded: cvr[2]&0x42 != 0,
			scriptsProcessed:    int(cvr[3] >> 4),
			scriptFailed:        cvr[3]&0x08 != 0,
		}
	case v.IAD == cryptogram.IADMChip && len(iad) >= 8:
		cvr := iad[2:8]
		return cardFacts{
			pinTryLimitExceeded: cvr[3]&0x08 != 0,
			scriptsProcessed:    int(cvr[2] >> 4),
			scriptFailed:        cvr[4]&0x01 != 0,
		}
	}
	return cardFacts{}
}
