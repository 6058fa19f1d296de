package emv

// TerminalCapabilities is tag 9F33: how the terminal reads cards, which
// CVMs it can perform and which security functions it has (EMV 4.4 Book 4
// Annex A2). Cardholder verification checks a CVM against byte 2.
type TerminalCapabilities [3]byte

// TerminalCapabilitiesBit names one bit of 9F33: byte number<<8 | mask.
type TerminalCapabilitiesBit uint16

// Terminal capabilities bits, EMV 4.4 Book 4 Annex A2 Tables 25–27.
const (
	// Byte 1: card data input capability.
	TermCapManualKeyEntry TerminalCapabilitiesBit = 1<<8 | 0x80
	TermCapMagneticStripe TerminalCapabilitiesBit = 1<<8 | 0x40
	TermCapICWithContacts TerminalCapabilitiesBit = 1<<8 | 0x20

	// Byte 2: CVM capability.
	TermCapPlaintextPINForICC      TerminalCapabilitiesBit = 2<<8 | 0x80
	TermCapEncipheredPINOnline     TerminalCapabilitiesBit = 2<<8 | 0x40
	TermCapSignature               TerminalCapabilitiesBit = 2<<8 | 0x20
	TermCapEncipheredPINOffline    TerminalCapabilitiesBit = 2<<8 | 0x10 // RSA offline PIN encipherment
	TermCapNoCVMRequired           TerminalCapabilitiesBit = 2<<8 | 0x08
	TermCapOnlineBiometric         TerminalCapabilitiesBit = 2<<8 | 0x04
	TermCapOfflineBiometric        TerminalCapabilitiesBit = 2<<8 | 0x02
	TermCapEncipheredPINOfflineECC TerminalCapabilitiesBit = 2<<8 | 0x01

	// Byte 3: security capability.
	TermCapSDA         TerminalCapabilitiesBit = 3<<8 | 0x80
	TermCapDDA         TerminalCapabilitiesBit = 3<<8 | 0x40
	TermCapCardCapture TerminalCapabilitiesBit = 3<<8 | 0x20
	TermCapCDA         TerminalCapabilitiesBit = 3<<8 | 0x08
	TermCapXDA         TerminalCapabilitiesBit = 3<<8 | 0x04
)

var termCapNames = []bitName{
	{uint16(TermCapManualKeyEntry), "manual key entry"},
	{uint16(TermCapMagneticStripe), "magnetic stripe"},
	{uint16(TermCapICWithContacts), "IC with contacts"},
	{uint16(TermCapPlaintextPINForICC), "plaintext PIN for ICC verification"},
	{uint16(TermCapEncipheredPINOnline), "enciphered PIN for online verification"},
	{uint16(TermCapSignature), "signature"},
	{uint16(TermCapEncipheredPINOffline), "enciphered PIN for offline verification"},
	{uint16(TermCapNoCVMRequired), "no CVM required"},
	{uint16(TermCapOnlineBiometric), "online biometric"},
	{uint16(TermCapOfflineBiometric), "offline biometric"},
	{uint16(TermCapEncipheredPINOfflineECC), "enciphered PIN for offline verification (ECC ODE)"},
	{uint16(TermCapSDA), "SDA"},
	{uint16(TermCapDDA), "DDA"},
	{uint16(TermCapCardCapture), "card capture"},
	{uint16(TermCapCDA), "CDA"},
	{uint16(TermCapXDA), "XDA"},
}

// ParseTerminalCapabilities reads the 3 bytes of tag 9F33.
func ParseTerminalCapabilities(b []byte) (TerminalCapabilities, error) {
	var c TerminalCapabilities
	return c, parseBits(c[:], b, TagTerminalCapabilities)
}

// Set sets bit b.
func (c *TerminalCapabilities) Set(b TerminalCapabilitiesBit) { setBit(c[:], uint16(b)) }

// Clear clears bit b.
func (c *TerminalCapabilities) Clear(b TerminalCapabilitiesBit) { clearBit(c[:], uint16(b)) }

// Has reports whether bit b is set.
func (c TerminalCapabilities) Has(b TerminalCapabilitiesBit) bool { return hasBit(c[:], uint16(b)) }

// String lists the set bits in words, or "none".
func (c TerminalCapabilities) String() string { return bitsString(c[:], termCapNames) }

// String is the bit's name in words.
func (b TerminalCapabilitiesBit) String() string { return bitWord(termCapNames, uint16(b)) }
