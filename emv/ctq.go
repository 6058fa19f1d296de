package emv

// CTQ is the Card Transaction Qualifiers (tag 9F6C): the card's contactless
// requirements, returned to the reader (EMV Contactless Book C-3 Annex A.2;
// Visa VCPS).
type CTQ [2]byte

// CTQBit names one bit of the CTQ: byte number<<8 | mask.
type CTQBit uint16

// CTQ bits, EMV Contactless Book C-3 Annex A.2; byte 1 bit 1 from the Visa
// VCPS Supplemental Requirements Annex D. Every position checked against
// openemv/emv-utils (src/emv_tags.h, EMV_CTQ_…).
const (
	CTQOnlinePINRequired               CTQBit = 1<<8 | 0x80
	CTQSignatureRequired               CTQBit = 1<<8 | 0x40
	CTQGoOnlineIfODAFails              CTQBit = 1<<8 | 0x20 // and the reader is online capable
	CTQSwitchInterfaceIfODAFails       CTQBit = 1<<8 | 0x10 // and the reader supports contact chip
	CTQGoOnlineIfApplicationExpired    CTQBit = 1<<8 | 0x08
	CTQSwitchInterfaceForCash          CTQBit = 1<<8 | 0x04
	CTQSwitchInterfaceForCashback      CTQBit = 1<<8 | 0x02
	CTQNotValidForContactlessATM       CTQBit = 1<<8 | 0x01
	CTQConsumerDeviceCVMPerformed      CTQBit = 2<<8 | 0x80
	CTQIssuerUpdateProcessingSupported CTQBit = 2<<8 | 0x40
)

var ctqNames = []bitName{
	{uint16(CTQOnlinePINRequired), "online PIN required"},
	{uint16(CTQSignatureRequired), "signature required"},
	{uint16(CTQGoOnlineIfODAFails), "go online if offline data authentication fails and reader is online capable"},
	{uint16(CTQSwitchInterfaceIfODAFails), "switch interface if offline data authentication fails and reader supports contact chip"},
	{uint16(CTQGoOnlineIfApplicationExpired), "go online if application expired"},
	{uint16(CTQSwitchInterfaceForCash), "switch interface for cash transactions"},
	{uint16(CTQSwitchInterfaceForCashback), "switch interface for cashback transactions"},
	{uint16(CTQNotValidForContactlessATM), "not valid for contactless ATM transactions"},
	{uint16(CTQConsumerDeviceCVMPerformed), "consumer device CVM performed"},
	{uint16(CTQIssuerUpdateProcessingSupported), "card supports issuer update processing at the POS"},
}

// ParseCTQ reads the 2 bytes of tag 9F6C.
func ParseCTQ(b []byte) (CTQ, error) {
	var q CTQ
	return q, parseBits(q[:], b, TagCardTransactionQualifiers)
}

// Set sets bit b.
func (q *CTQ) Set(b CTQBit) { setBit(q[:], uint16(b)) }

// Clear clears bit b.
func (q *CTQ) Clear(b CTQBit) { clearBit(q[:], uint16(b)) }

// Has reports whether bit b is set.
func (q CTQ) Has(b CTQBit) bool { return hasBit(q[:], uint16(b)) }

// String lists the set bits in words, or "none".
func (q CTQ) String() string { return bitsString(q[:], ctqNames) }

// String is the bit's name in words.
func (b CTQBit) String() string { return bitWord(ctqNames, uint16(b)) }
