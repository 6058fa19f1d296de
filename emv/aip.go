package emv

// AIP is the Application Interchange Profile (tag 82): what the card
// supports and what the terminal is to perform (EMV 4.4 Book 3 Annex C1;
// byte 2 and byte 1 bit 2 from the contactless kernels).
type AIP [2]byte

// AIPBit names one bit of the AIP: byte number<<8 | mask.
type AIPBit uint16

// AIP bits, EMV 4.4 Book 3 Annex C1 Table 41.
const (
	AIPXDASupported                        AIPBit = 1<<8 | 0x80
	AIPSDASupported                        AIPBit = 1<<8 | 0x40
	AIPDDASupported                        AIPBit = 1<<8 | 0x20
	AIPCardholderVerificationSupported     AIPBit = 1<<8 | 0x10
	AIPTerminalRiskManagementToBePerformed AIPBit = 1<<8 | 0x08
	AIPIssuerAuthenticationSupported       AIPBit = 1<<8 | 0x04
	AIPCDASupported                        AIPBit = 1<<8 | 0x01
)

// AIP bits the EMV contactless kernels define (Book C-2 Annex A; byte 1
// bit 2 is reserved for them in Book 3). Visa's Book C-3 once used byte 2
// bit 8 for "MSD supported". These and the Book 3 bits above are checked
// against openemv/emv-utils (src/emv_tags.h, EMV_AIP_…).
const (
	AIPOnDeviceCardholderVerificationSupported AIPBit = 1<<8 | 0x02
	AIPEMVModeSupported                        AIPBit = 2<<8 | 0x80
	AIPMobilePhone                             AIPBit = 2<<8 | 0x40
	AIPContactlessTransaction                  AIPBit = 2<<8 | 0x20
	AIPRelayResistanceProtocolSupported        AIPBit = 2<<8 | 0x01
)

var aipNames = []bitName{
	{uint16(AIPXDASupported), "XDA supported"},
	{uint16(AIPSDASupported), "SDA supported"},
	{uint16(AIPDDASupported), "DDA supported"},
	{uint16(AIPCardholderVerificationSupported), "cardholder verification is supported"},
	{uint16(AIPTerminalRiskManagementToBePerformed), "terminal risk management is to be performed"},
	{uint16(AIPIssuerAuthenticationSupported), "issuer authentication is supported"},
	{uint16(AIPOnDeviceCardholderVerificationSupported), "on device cardholder verification is supported"},
	{uint16(AIPCDASupported), "CDA supported"},
	{uint16(AIPEMVModeSupported), "EMV mode supported"},
	{uint16(AIPMobilePhone), "mobile phone"},
	{uint16(AIPContactlessTransaction), "contactless transaction"},
	{uint16(AIPRelayResistanceProtocolSupported), "relay resistance protocol supported"},
}

// ParseAIP reads an AIP from the 2 bytes of tag 82.
func ParseAIP(b []byte) (AIP, error) {
	var a AIP
	return a, parseBits(a[:], b, TagApplicationInterchangeProfile)
}

// Set sets bit b.
func (a *AIP) Set(b AIPBit) { setBit(a[:], uint16(b)) }

// Clear clears bit b.
func (a *AIP) Clear(b AIPBit) { clearBit(a[:], uint16(b)) }

// Has reports whether bit b is set.
func (a AIP) Has(b AIPBit) bool { return hasBit(a[:], uint16(b)) }

// String lists the set bits in words, or "none".
func (a AIP) String() string { return bitsString(a[:], aipNames) }

// String is the bit's name in words.
func (b AIPBit) String() string { return bitWord(aipNames, uint16(b)) }
