package cryptogram

import "fmt"

// CardVerificationResults are the facts a card reports in the CVR inside
// its Issuer Application Data (9F10). The CVR is proprietary to each
// scheme, so its bit layout comes with the version's IAD layout: the card
// encodes with EncodeCVR and the issuer reads with ParseCVR, one
// definition for both.
//
// Neither layout has a bit for "no PIN on the chip": a card without a PIN
// reports its try counter as 0, the same as a PIN whose tries ran out
// (PINTryLimitExceeded), and only the issuer, which knows whether it sent
// the PIN, tells the two apart.
type CardVerificationResults struct {
	// FirstAC and SecondAC are the cryptogram types returned, as the CID's
	// b8-b7 (0x00 AAC, 0x40 TC, 0x80 ARQC). SecondAC 0x80 means no second
	// GENERATE AC was requested (yet).
	FirstAC, SecondAC byte

	PINPerformed bool // offline PIN verification performed
	PINFailed    bool // offline PIN verification failed
	PINOK        bool // offline PIN verification successful (M/Chip)
	UnableOnline bool // the terminal could not go online

	IssuerAuthPerformed bool // issuer authentication performed (M/Chip)
	IssuerAuthFailed    bool // issuer authentication performed and failed
	DDA                 bool // offline DDA performed (INTERNAL AUTHENTICATE)
	CDAFirst, CDASecond bool // CDA returned in the first / second GENERATE AC (M/Chip)

	LastOnlineNotCompleted    bool
	PINTryLimitExceeded       bool
	BlockedByPINTryLimit      bool // application blocked because the PIN try limit was exceeded (Visa)
	LowerOfflineLimitExceeded bool // lower consecutive offline limit (Visa: velocity checking counters)
	UpperOfflineLimitExceeded bool // upper consecutive offline limit (M/Chip)
	NewCard                   bool // never online since issuance (Visa)
	IssuerAuthFailedLast      bool // issuer authentication failed on the last online transaction (Visa)
	IssuerAuthNotPerformed    bool // no issuer authentication after the last online authorisation (Visa)
	ODAFailedLast             bool // offline data authentication failed on the last transaction (Visa)

	Scripts      uint8 // issuer script commands processed (low nibble)
	ScriptFailed bool  // issuer script processing failed
	PINTries     uint8 // PIN try counter (low nibble, M/Chip)
}

// The CVR layouts.
//
// Visa layout (VIS 1.5 CVR, 4 bytes, the first the length 03), bit by bit
// as public CVR decoders (jPOS, openemv emv-utils) read it:
//
//	byte 2: b8-7 second AC, b6-5 first AC, b4 issuer authentication
//	        failed, b3 offline PIN performed, b2 offline PIN failed,
//	        b1 unable to go online
//	byte 3: b8 last online not completed, b7 PIN try limit exceeded,
//	        b6 velocity counters exceeded, b5 new card, b4 issuer
//	        authentication failed last time, b3 issuer authentication not
//	        performed, b2 application blocked by PIN try limit, b1 SDA
//	        failed last time
//	byte 4: b8-5 script commands, b4 script failed, b3 DDA failed last
//	        time, b2 DDA performed
//
// M/Chip layout (6 bytes):
//
//	byte 1: b8-7 second AC, b6-5 first AC, b3 offline PIN performed,
//	        b1 offline PIN successful
//	byte 2: b8 DDA returned, b7 CDA in first AC, b6 CDA in second AC,
//	        b5 issuer authentication performed
//	byte 3: b8-5 script counter, b4-1 PIN try counter (low nibbles)
//	byte 4: b8 last online not completed, b7 unable to go online,
//	        b6 offline PIN not performed, b5 offline PIN failed, b4 PIN
//	        try limit exceeded
//	byte 5: b8 lower and b7 upper consecutive offline limit exceeded,
//	        b3 issuer authentication failed, b1 script failed
//
// A bit the layout does not have is neither written nor read.

// acBits codes a cryptogram type in the CVR's two-bit fields: 00 AAC,
// 01 TC, 10 ARQC (first) or "not requested" (second), 11 RFU.
func acBits(cid byte) byte { return cid >> 6 }

// EncodeCVR lays out r for the layout, in the first 4 (Visa) or 6 (M/Chip)
// bytes, as IAD.CVR holds it.
func (l IADLayout) EncodeCVR(r CardVerificationResults) ([6]byte, error) {
	var b [6]byte
	set := func(i int, mask byte, on bool) {
		if on {
			b[i] |= mask
		}
	}
	switch l {
	case IADMChip:
		b[0] = acBits(r.SecondAC)<<6 | acBits(r.FirstAC)<<4
		set(0, 0x04, r.PINPerformed)
		set(0, 0x01, r.PINOK)
		set(1, 0x80, r.DDA)
		set(1, 0x40, r.CDAFirst)
		set(1, 0x20, r.CDASecond)
		set(1, 0x10, r.IssuerAuthPerformed)
		b[2] = (r.Scripts&0x0F)<<4 | r.PINTries&0x0F
		set(3, 0x80, r.LastOnlineNotCompleted)
		set(3, 0x40, r.UnableOnline)
		set(3, 0x20, !r.PINPerformed)
		set(3, 0x10, r.PINFailed)
		set(3, 0x08, r.PINTryLimitExceeded)
		set(4, 0x80, r.LowerOfflineLimitExceeded)
		set(4, 0x40, r.UpperOfflineLimitExceeded)
		set(4, 0x04, r.IssuerAuthFailed)
		set(4, 0x01, r.ScriptFailed)
	case IADVisa:
		b[0] = 0x03
		b[1] = acBits(r.SecondAC)<<6 | acBits(r.FirstAC)<<4
		set(1, 0x08, r.IssuerAuthFailed)
		set(1, 0x04, r.PINPerformed)
		set(1, 0x02, r.PINFailed)
		set(1, 0x01, r.UnableOnline)
		set(2, 0x80, r.LastOnlineNotCompleted)
		set(2, 0x40, r.PINTryLimitExceeded)
		set(2, 0x20, r.LowerOfflineLimitExceeded)
		set(2, 0x10, r.NewCard)
		set(2, 0x08, r.IssuerAuthFailedLast)
		set(2, 0x04, r.IssuerAuthNotPerformed)
		set(2, 0x02, r.BlockedByPINTryLimit)
		set(2, 0x01, r.ODAFailedLast)
		b[3] = (r.Scripts & 0x0F) << 4
		set(3, 0x08, r.ScriptFailed)
		set(3, 0x04, r.ODAFailedLast)
		set(3, 0x02, r.DDA)
	default:
		return b, ErrVersion
	}
	return b, nil
}

// ParseCVR reads a CVR of the layout: at least 4 bytes, the first 03
// (Visa), or 6 bytes (M/Chip).
func (l IADLayout) ParseCVR(b []byte) (CardVerificationResults, error) {
	var r CardVerificationResults
	on := func(i int, mask byte) bool { return b[i]&mask != 0 }
	switch l {
	case IADMChip:
		if len(b) < 6 {
			return r, fmt.Errorf("%w: M/Chip CVR of %d bytes", ErrIAD, len(b))
		}
		r.SecondAC, r.FirstAC = b[0]>>6<<6, (b[0]>>4&3)<<6
		r.PINPerformed, r.PINOK = on(0, 0x04), on(0, 0x01)
		r.DDA, r.CDAFirst, r.CDASecond, r.IssuerAuthPerformed = on(1, 0x80), on(1, 0x40), on(1, 0x20), on(1, 0x10)
		r.Scripts, r.PINTries = b[2]>>4, b[2]&0x0F
		r.LastOnlineNotCompleted, r.UnableOnline = on(3, 0x80), on(3, 0x40)
		r.PINFailed, r.PINTryLimitExceeded = on(3, 0x10), on(3, 0x08)
		r.LowerOfflineLimitExceeded, r.UpperOfflineLimitExceeded = on(4, 0x80), on(4, 0x40)
		r.IssuerAuthFailed, r.ScriptFailed = on(4, 0x04), on(4, 0x01)
	case IADVisa:
		if len(b) < 4 || b[0] != 0x03 {
			return r, fmt.Errorf("%w: not a Visa CVR (%d bytes)", ErrIAD, len(b))
		}
		r.SecondAC, r.FirstAC = b[1]>>6<<6, (b[1]>>4&3)<<6
		r.IssuerAuthFailed, r.PINPerformed, r.PINFailed, r.UnableOnline = on(1, 0x08), on(1, 0x04), on(1, 0x02), on(1, 0x01)
		r.LastOnlineNotCompleted, r.PINTryLimitExceeded = on(2, 0x80), on(2, 0x40)
		r.LowerOfflineLimitExceeded, r.NewCard = on(2, 0x20), on(2, 0x10)
		r.IssuerAuthFailedLast, r.IssuerAuthNotPerformed = on(2, 0x08), on(2, 0x04)
		r.BlockedByPINTryLimit = on(2, 0x02)
		r.ODAFailedLast = on(2, 0x01) || on(3, 0x04)
		r.Scripts, r.ScriptFailed, r.DDA = b[3]>>4, on(3, 0x08), on(3, 0x02)
	default:
		return r, ErrVersion
	}
	return r, nil
}
