package emv

// TTQ is the Terminal Transaction Qualifiers (tag 9F66): what a contactless
// reader supports and requires for this transaction, sent to the card in
// the PDOL (EMV Contactless Book A Table 5-4, Book C-3 Annex A.2).
type TTQ [4]byte

// TTQBit names one bit of the TTQ: byte number<<8 | mask.
type TTQBit uint16

// TTQ bits, EMV Contactless Book A Table 5-4 and Book C-3 Annex A.2; every
// position checked against openemv/emv-utils (src/emv_tags.h, EMV_TTQ_…).
const (
	TTQMagstripeModeSupported             TTQBit = 1<<8 | 0x80
	TTQEMVModeSupported                   TTQBit = 1<<8 | 0x20
	TTQEMVContactChipSupported            TTQBit = 1<<8 | 0x10
	TTQOfflineOnlyReader                  TTQBit = 1<<8 | 0x08
	TTQOnlinePINSupported                 TTQBit = 1<<8 | 0x04
	TTQSignatureSupported                 TTQBit = 1<<8 | 0x02
	TTQODAForOnlineAuthorisationSupported TTQBit = 1<<8 | 0x01

	TTQOnlineCryptogramRequired       TTQBit = 2<<8 | 0x80
	TTQCVMRequired                    TTQBit = 2<<8 | 0x40
	TTQContactChipOfflinePINSupported TTQBit = 2<<8 | 0x20

	TTQIssuerUpdateProcessingSupported TTQBit = 3<<8 | 0x80
	TTQConsumerDeviceCVMSupported      TTQBit = 3<<8 | 0x40
	TTQConsumerDeviceCVMRequired       TTQBit = 3<<8 | 0x08 // Book C-6

	TTQFDDAV1Supported TTQBit = 4<<8 | 0x80 // Book C-7
)

var ttqNames = []bitName{
	{uint16(TTQMagstripeModeSupported), "mag-stripe mode supported"},
	{uint16(TTQEMVModeSupported), "EMV mode supported"},
	{uint16(TTQEMVContactChipSupported), "EMV contact chip supported"},
	{uint16(TTQOfflineOnlyReader), "offline-only reader"},
	{uint16(TTQOnlinePINSupported), "online PIN supported"},
	{uint16(TTQSignatureSupported), "signature supported"},
	{uint16(TTQODAForOnlineAuthorisationSupported), "offline data authentication for online authorizations supported"},
	{uint16(TTQOnlineCryptogramRequired), "online cryptogram required"},
	{uint16(TTQCVMRequired), "CVM required"},
	{uint16(TTQContactChipOfflinePINSupported), "(contact chip) offline PIN supported"},
	{uint16(TTQIssuerUpdateProcessingSupported), "issuer update processing supported"},
	{uint16(TTQConsumerDeviceCVMSupported), "consumer device CVM supported"},
	{uint16(TTQConsumerDeviceCVMRequired), "consumer device CVM required"},
	{uint16(TTQFDDAV1Supported), "fDDA v1.0 supported"},
}

// ParseTTQ reads the 4 bytes of tag 9F66.
func ParseTTQ(b []byte) (TTQ, error) {
	var q TTQ
	return q, parseBits(q[:], b, TagTerminalTransactionQualifiers)
}

// Set sets bit b.
func (q *TTQ) Set(b TTQBit) { setBit(q[:], uint16(b)) }

// Clear clears bit b.
func (q *TTQ) Clear(b TTQBit) { clearBit(q[:], uint16(b)) }

// Has reports whether bit b is set.
func (q TTQ) Has(b TTQBit) bool { return hasBit(q[:], uint16(b)) }

// String lists the set bits in words, or "none".
func (q TTQ) String() string { return bitsString(q[:], ttqNames) }

// String is the bit's name in words.
func (b TTQBit) String() string { return bitWord(ttqNames, uint16(b)) }
