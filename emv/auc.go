package emv

// AUC is the Application Usage Control (tag 9F07): the issuer's
// restrictions on where and for what the application may be used (EMV 4.4
// Book 3 Annex C2), checked in processing restrictions.
type AUC [2]byte

// AUCBit names one bit of the AUC: byte number<<8 | mask.
type AUCBit uint16

// AUC bits, EMV 4.4 Book 3 Annex C2 Table 42.
const (
	AUCDomesticCash                 AUCBit = 1<<8 | 0x80
	AUCInternationalCash            AUCBit = 1<<8 | 0x40
	AUCDomesticGoods                AUCBit = 1<<8 | 0x20
	AUCInternationalGoods           AUCBit = 1<<8 | 0x10
	AUCDomesticServices             AUCBit = 1<<8 | 0x08
	AUCInternationalServices        AUCBit = 1<<8 | 0x04
	AUCATMs                         AUCBit = 1<<8 | 0x02
	AUCNonATMTerminals              AUCBit = 1<<8 | 0x01
	AUCDomesticCashbackAllowed      AUCBit = 2<<8 | 0x80
	AUCInternationalCashbackAllowed AUCBit = 2<<8 | 0x40
)

var aucNames = []bitName{
	{uint16(AUCDomesticCash), "valid for domestic cash transactions"},
	{uint16(AUCInternationalCash), "valid for international cash transactions"},
	{uint16(AUCDomesticGoods), "valid for domestic goods"},
	{uint16(AUCInternationalGoods), "valid for international goods"},
	{uint16(AUCDomesticServices), "valid for domestic services"},
	{uint16(AUCInternationalServices), "valid for international services"},
	{uint16(AUCATMs), "valid at ATMs"},
	{uint16(AUCNonATMTerminals), "valid at terminals other than ATMs"},
	{uint16(AUCDomesticCashbackAllowed), "domestic cashback allowed"},
	{uint16(AUCInternationalCashbackAllowed), "international cashback allowed"},
}

// ParseAUC reads an AUC from the 2 bytes of tag 9F07.
func ParseAUC(b []byte) (AUC, error) {
	var a AUC
	return a, parseBits(a[:], b, TagApplicationUsageControl)
}

// Set sets bit b.
func (a *AUC) Set(b AUCBit) { setBit(a[:], uint16(b)) }

// Clear clears bit b.
func (a *AUC) Clear(b AUCBit) { clearBit(a[:], uint16(b)) }

// Has reports whether bit b is set.
func (a AUC) Has(b AUCBit) bool { return hasBit(a[:], uint16(b)) }

// String lists the set bits in words, or "none".
func (a AUC) String() string { return bitsString(a[:], aucNames) }

// String is the bit's name in words.
func (b AUCBit) String() string { return bitWord(aucNames, uint16(b)) }
