package card

import "github.com/emvsim/emvsim/emv/cryptogram"

// Cryptogram information data, b8-b7: the cryptogram type (Book 3 §6.5.5.4,
// Table 15).
const (
	cidAAC  byte = 0x00
	cidTC   byte = 0x40
	cidARQC byte = 0x80
)

// cvrFacts are the facts the card verification results report. The CVR
// is proprietary to each scheme; the layout comes with the cryptogram
// version's IAD layout, so card and issuer agree.
type cvrFacts struct {
	first, second   byte // CIDs; second 0xFF while no second GENERATE AC
	pinPerformed    bool
	pinFailed       bool
	pinOK           bool
	unableOnline    bool
	iaPerformed     bool
	iaFailed        bool
	cda1, cda2      bool
	dda             bool
	lastNotComplete bool
	ptlExceeded     bool
	velocity        bool // lower consecutive offline limit reached
	upperVelocity   bool
	newCard         bool
	iaFailedLast    bool
	iaNotPerformed  bool
	odaFailedLast   bool
	scripts         uint8
	scriptFailed    bool
	pinTries        uint8
}

// acBits encodes a cryptogram type in the two-bit CVR fields: 00 AAC,
// 01 TC, 10 ARQC (first) or "not requested" (second).
func acBits(cid byte) byte {
	switch cid {
	case cidTC:
		return 1
	case cidARQC, 0xFF:
		return 2
	}
	return 0
}

// cvr lays out the facts for the version's IAD.
//
// Visa layout (VIS 1.5 CVR, 4 bytes: length 03 then three bytes): byte 2
// b8-7 second AC, b6-5 first AC, b4 issuer authentication failed, b3
// offline PIN performed, b2 offline PIN failed, b1 unable to go online;
// byte 3 b8 last online transaction not completed, b7 PIN try limit
// exceeded, b6 velocity counters exceeded, b5 new card, b4 issuer
// authentication failure on last online transaction, b3 issuer
// authentication not performed after online authorisation, b2 application
// blocked for PIN, b1 SDA failed last; byte 4 b8-5 script commands, b4
// script processing failed, b3 DDA failed last, b2 DDA performed.
//
// M/Chip layout (6 bytes): byte 1 b8-7 second AC, b6-5 first AC, b3
// offline PIN performed, b1 offline PIN successful; byte 2 b8 DDA returned,
// b7 CDA in first AC, b6 CDA in second AC, b5 issuer authentication
// performed; byte 3 script counter and PIN try counter nibbles; byte 4 b8
// last online not completed, b7 unable to go online, b6 offline PIN not
// performed, b5 offline PIN failed, b4 PIN try limit exceeded; byte 5 b8
// lower and b7 upper consecutive offline limit exceeded, b3 issuer
// authentication failed, b1 script failed.
func (f cvrFacts) cvr(layout cryptogram.IADLayout) [6]byte {
	var b [6]byte
	set := func(i int, bit byte, on bool) {
		if on {
			b[i] |= bit
		}
	}
	if layout == cryptogram.IADMChip {
		b[0] = acBits(f.second)<<6 | acBits(f.first)<<4
		set(0, 0x04, f.pinPerformed)
		set(0, 0x01, f.pinOK)
		set(1, 0x80, f.dda)
		set(1, 0x40, f.cda1)
		set(1, 0x20, f.cda2)
		set(1, 0x10, f.iaPerformed)
		b[2] = (f.scripts&0x0F)<<4 | f.pinTries&0x0F
		set(3, 0x80, f.lastNotComplete)
		set(3, 0x40, f.unableOnline)
		set(3, 0x20, !f.pinPerformed)
		set(3, 0x10, f.pinFailed)
		set(3, 0x08, f.ptlExceeded)
		set(4, 0x80, f.velocity)
		set(4, 0x40, f.upperVelocity)
		set(4, 0x04, f.iaFailed)
		set(4, 0x01, f.scriptFailed)
		return b
	}
	b[0] = 0x03
	b[1] = acBits(f.second)<<6 | acBits(f.first)<<4
	set(1, 0x08, f.iaFailed)
	set(1, 0x04, f.pinPerformed)
	set(1, 0x02, f.pinFailed)
	set(1, 0x01, f.unableOnline)
	set(2, 0x80, f.lastNotComplete)
	set(2, 0x40, f.ptlExceeded)
	set(2, 0x20, f.velocity)
	set(2, 0x10, f.newCard)
	set(2, 0x08, f.iaFailedLast)
	set(2, 0x04, f.iaNotPerformed)
	set(2, 0x01, f.odaFailedLast)
	b[3] = (f.scripts & 0x0F) << 4
	set(3, 0x08, f.scriptFailed)
	set(3, 0x04, f.odaFailedLast)
	set(3, 0x02, f.dda)
	return b
}
