package card

// Cryptogram information data, b8-b7: the cryptogram type (Book 3 §6.5.5.4,
// Table 15).
const (
	cidAAC  byte = 0x00
	cidTC   byte = 0x40
	cidARQC byte = 0x80
)
