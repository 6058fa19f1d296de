package emv

// TSI is the Transaction Status Information (tag 9B): which functions the
// terminal performed during the transaction (EMV 4.4 Book 3 Annex C6).
type TSI [2]byte

// TSIBit names one bit of the TSI: byte number<<8 | mask.
type TSIBit uint16

// TSI bits, EMV 4.4 Book 3 Annex C6 Table 47. Byte 2 is RFU.
const (
	TSIOfflineDataAuthenticationPerformed TSIBit = 1<<8 | 0x80
	TSICardholderVerificationPerformed    TSIBit = 1<<8 | 0x40
	TSICardRiskManagementPerformed        TSIBit = 1<<8 | 0x20
	TSIIssuerAuthenticationPerformed      TSIBit = 1<<8 | 0x10
	TSITerminalRiskManagementPerformed    TSIBit = 1<<8 | 0x08
	TSIScriptProcessingPerformed          TSIBit = 1<<8 | 0x04
)

var tsiNames = []bitName{
	{uint16(TSIOfflineDataAuthenticationPerformed), "offline data authentication was performed"},
	{uint16(TSICardholderVerificationPerformed), "cardholder verification was performed"},
	{uint16(TSICardRiskManagementPerformed), "card risk management was performed"},
	{uint16(TSIIssuerAuthenticationPerformed), "issuer authentication was performed"},
	{uint16(TSITerminalRiskManagementPerformed), "terminal risk management was performed"},
	{uint16(TSIScriptProcessingPerformed), "script processing was performed"},
}

// ParseTSI reads a TSI from the 2 bytes of tag 9B.
func ParseTSI(b []byte) (TSI, error) {
	var t TSI
	return t, parseBits(t[:], b, TagTransactionStatusInformation)
}

// Set sets bit b.
func (t *TSI) Set(b TSIBit) { setBit(t[:], uint16(b)) }

// Clear clears bit b.
func (t *TSI) Clear(b TSIBit) { clearBit(t[:], uint16(b)) }

// Has reports whether bit b is set.
func (t TSI) Has(b TSIBit) bool { return hasBit(t[:], uint16(b)) }

// String lists the set bits in words, or "none".
func (t TSI) String() string { return bitsString(t[:], tsiNames) }

// String is the bit's name in words.
func (b TSIBit) String() string { return bitWord(tsiNames, uint16(b)) }
