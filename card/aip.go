package card

// Bits of the first byte of the Application Interchange Profile (Book 3
// Annex C1, Table 37).
const (
	aipSDA        byte = 0x40
	aipDDA        byte = 0x20
	aipCVM        byte = 0x10
	aipTRM        byte = 0x08
	aipIssuerAuth byte = 0x04
	aipCDA        byte = 0x01
)
