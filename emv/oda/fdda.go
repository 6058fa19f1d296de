package oda

// fDDA (fast DDA) is the contactless form of DDA: the card signs during GET
// PROCESSING OPTIONS or READ RECORD instead of INTERNAL AUTHENTICATE, over
// terminal dynamic data fixed by the scheme rather than a DDOL. Version 01
// signs Unpredictable Number (9F37) ‖ Amount, Authorised (9F02) ‖
// Transaction Currency Code (5F2A) ‖ Card Authentication Related Data
// (9F69); the signature itself is the Book 2 SDAD, which this package
// signs in format 05 and which Visa cards sign in format 95 (a real card's
// 9F4B recovers to 6A 95 01 …; see the terminal package's recorded tap).

// FDDAVersion is the fDDA version number this package produces.
const FDDAVersion = 0x01

// CardAuthenticationRelatedData is tag 9F69 for fDDA version 01: the
// version, the card's unpredictable number and its Card Transaction
// Qualifiers.
func CardAuthenticationRelatedData(cardUN [4]byte, ctq [2]byte) []byte {
	return []byte{FDDAVersion, cardUN[0], cardUN[1], cardUN[2], cardUN[3], ctq[0], ctq[1]}
}

// FDDATerminalData concatenates the terminal dynamic data fDDA version 01
// signs.
func FDDATerminalData(un [4]byte, amount [6]byte, currency [2]byte, cardAuthData []byte) []byte {
	out := make([]byte, 0, 12+len(cardAuthData))
	out = append(out, un[:]...)
	out = append(out, amount[:]...)
	out = append(out, currency[:]...)
	return append(out, cardAuthData...)
}

// SignFDDA is the card's fDDA signature (tag 9F4B) over terminalData from
// FDDATerminalData.
func SignFDDA(icc *PrivateKey, idn, terminalData []byte) ([]byte, error) {
	return SignDDA(icc, idn, terminalData)
}

// formatFDDAVisa is the signed data format of Visa's fDDA signatures.
const formatFDDAVisa = 0x95

// VerifyFDDA is the reader's fDDA check; it returns the ICC Dynamic Number.
// It accepts the SDAD in format 05 or in Visa's format 95.
func VerifyFDDA(icc PublicKey, sdad, terminalData []byte) ([]byte, error) {
	return verifyDynamicNumber(icc, sdad, terminalData, formatSDA, formatFDDAVisa)
}
