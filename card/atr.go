package card

// EMV basic ATRs (Book 1 §8.3, ISO/IEC 7816-3 §8), direct convention (3B).
//
// T=0: T0 = 60 (TB1 and TC1 follow, no historical bytes), TB1 = 00 (no
// programming voltage), TC1 = 00 (no extra guard time).
//
// T=1: T0 = E0 (TB1, TC1, TD1 follow), TB1 = 00, TC1 = FF (minimum guard
// time), TD1 = 81 (TD2 follows, T=1), TD2 = 31 (TA3 and TB3 follow, T=1),
// TA3 = 7C (IFSC 124), TB3 = 41 (BWI 4, CWI 1), and TCK = 92, the XOR of
// T0 to TB3. testdata/atr.txt names the public source of both.
var (
	atrT0 = []byte{0x3B, 0x60, 0x00, 0x00}
	atrT1 = []byte{0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0x7C, 0x41, 0x92}
)

// atr is the profile's ATR or the basic one for its protocol.
func (c *Card) atr() []byte {
	switch {
	case len(c.profile.ATR) > 0:
		return c.profile.ATR
	case c.profile.Protocol == T0:
		return atrT0
	}
	return atrT1
}
