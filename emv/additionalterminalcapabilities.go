package emv

// AdditionalTerminalCapabilities is tag 9F40: the transaction types the
// terminal can do and its keys, printers, displays and code tables (EMV 4.4
// Book 4 Annex A3).
type AdditionalTerminalCapabilities [5]byte

// AdditionalTerminalCapabilitiesBit names one bit of 9F40: byte
// number<<8 | mask.
type AdditionalTerminalCapabilitiesBit uint16

// Additional terminal capabilities bits, EMV 4.4 Book 4 Annex A3
// Tables 28–32.
const (
	// Bytes 1 and 2: transaction type capability.
	AddTermCapCash           AdditionalTerminalCapabilitiesBit = 1<<8 | 0x80
	AddTermCapGoods          AdditionalTerminalCapabilitiesBit = 1<<8 | 0x40
	AddTermCapServices       AdditionalTerminalCapabilitiesBit = 1<<8 | 0x20
	AddTermCapCashback       AdditionalTerminalCapabilitiesBit = 1<<8 | 0x10
	AddTermCapInquiry        AdditionalTerminalCapabilitiesBit = 1<<8 | 0x08
	AddTermCapTransfer       AdditionalTerminalCapabilitiesBit = 1<<8 | 0x04
	AddTermCapPayment        AdditionalTerminalCapabilitiesBit = 1<<8 | 0x02
	AddTermCapAdministrative AdditionalTerminalCapabilitiesBit = 1<<8 | 0x01
	AddTermCapCashDeposit    AdditionalTerminalCapabilitiesBit = 2<<8 | 0x80

	// Byte 3: terminal data input capability.
	AddTermCapNumericKeys                  AdditionalTerminalCapabilitiesBit = 3<<8 | 0x80
	AddTermCapAlphabeticAndSpecialCharKeys AdditionalTerminalCapabilitiesBit = 3<<8 | 0x40
	AddTermCapCommandKeys                  AdditionalTerminalCapabilitiesBit = 3<<8 | 0x20
	AddTermCapFunctionKeys                 AdditionalTerminalCapabilitiesBit = 3<<8 | 0x10

	// Bytes 4 and 5: terminal data output capability.
	AddTermCapPrintAttendant    AdditionalTerminalCapabilitiesBit = 4<<8 | 0x80
	AddTermCapPrintCardholder   AdditionalTerminalCapabilitiesBit = 4<<8 | 0x40
	AddTermCapDisplayAttendant  AdditionalTerminalCapabilitiesBit = 4<<8 | 0x20
	AddTermCapDisplayCardholder AdditionalTerminalCapabilitiesBit = 4<<8 | 0x10
	AddTermCapCodeTable10       AdditionalTerminalCapabilitiesBit = 4<<8 | 0x02
	AddTermCapCodeTable9        AdditionalTerminalCapabilitiesBit = 4<<8 | 0x01
	AddTermCapCodeTable8        AdditionalTerminalCapabilitiesBit = 5<<8 | 0x80
	AddTermCapCodeTable7        AdditionalTerminalCapabilitiesBit = 5<<8 | 0x40
	AddTermCapCodeTable6        AdditionalTerminalCapabilitiesBit = 5<<8 | 0x20
	AddTermCapCodeTable5        AdditionalTerminalCapabilitiesBit = 5<<8 | 0x10
	AddTermCapCodeTable4        AdditionalTerminalCapabilitiesBit = 5<<8 | 0x08
	AddTermCapCodeTable3        AdditionalTerminalCapabilitiesBit = 5<<8 | 0x04
	AddTermCapCodeTable2        AdditionalTerminalCapabilitiesBit = 5<<8 | 0x02
	AddTermCapCodeTable1        AdditionalTerminalCapabilitiesBit = 5<<8 | 0x01
)

var addTermCapNames = []bitName{
	{uint16(AddTermCapCash), "cash"},
	{uint16(AddTermCapGoods), "goods"},
	{uint16(AddTermCapServices), "services"},
	{uint16(AddTermCapCashback), "cashback"},
	{uint16(AddTermCapInquiry), "inquiry"},
	{uint16(AddTermCapTransfer), "transfer"},
	{uint16(AddTermCapPayment), "payment"},
	{uint16(AddTermCapAdministrative), "administrative"},
	{uint16(AddTermCapCashDeposit), "cash deposit"},
	{uint16(AddTermCapNumericKeys), "numeric keys"},
	{uint16(AddTermCapAlphabeticAndSpecialCharKeys), "alphabetic and special characters keys"},
	{uint16(AddTermCapCommandKeys), "command keys"},
	{uint16(AddTermCapFunctionKeys), "function keys"},
	{uint16(AddTermCapPrintAttendant), "print, attendant"},
	{uint16(AddTermCapPrintCardholder), "print, cardholder"},
	{uint16(AddTermCapDisplayAttendant), "display, attendant"},
	{uint16(AddTermCapDisplayCardholder), "display, cardholder"},
	{uint16(AddTermCapCodeTable10), "code table 10"},
	{uint16(AddTermCapCodeTable9), "code table 9"},
	{uint16(AddTermCapCodeTable8), "code table 8"},
	{uint16(AddTermCapCodeTable7), "code table 7"},
	{uint16(AddTermCapCodeTable6), "code table 6"},
	{uint16(AddTermCapCodeTable5), "code table 5"},
	{uint16(AddTermCapCodeTable4), "code table 4"},
	{uint16(AddTermCapCodeTable3), "code table 3"},
	{uint16(AddTermCapCodeTable2), "code table 2"},
	{uint16(AddTermCapCodeTable1), "code table 1"},
}

// ParseAdditionalTerminalCapabilities reads the 5 bytes of tag 9F40.
func ParseAdditionalTerminalCapabilities(b []byte) (AdditionalTerminalCapabilities, error) {
	var c AdditionalTerminalCapabilities
	return c, parseBits(c[:], b, TagAdditionalTerminalCapabilities)
}

// Set sets bit b.
func (c *AdditionalTerminalCapabilities) Set(b AdditionalTerminalCapabilitiesBit) {
	setBit(c[:], uint16(b))
}

// Clear clears bit b.
func (c *AdditionalTerminalCapabilities) Clear(b AdditionalTerminalCapabilitiesBit) {
	clearBit(c[:], uint16(b))
}

// Has reports whether bit b is set.
func (c AdditionalTerminalCapabilities) Has(b AdditionalTerminalCapabilitiesBit) bool {
	return hasBit(c[:], uint16(b))
}

// String lists the set bits in words, or "none".
func (c AdditionalTerminalCapabilities) String() string { return bitsString(c[:], addTermCapNames) }

// String is the bit's name in words.
func (b AdditionalTerminalCapabilitiesBit) String() string {
	return bitWord(addTermCapNames, uint16(b))
}
