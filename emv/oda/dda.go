package oda

import "slices"

const objSDAD = "signed dynamic application data"

// SignDynamicData is the card's signature for DDA, fDDA and CDA (Book 2
// §6.5.1 Table 17, §6.6.1): format 05, the ICC Dynamic Data, BB padding,
// hashed together with terminalData (the DDOL data for DDA, the terminal
// dynamic data for fDDA, the Unpredictable Number for CDA). The result is
// tag 9F4B.
func SignDynamicData(icc *PrivateKey, iccDynamicData, terminalData []byte) ([]byte, error) {
	if icc == nil || icc.n == nil {
		return nil, fail(objSDAD, ErrInvalidPrivate)
	}
	if len(iccDynamicData) > 255 || len(iccDynamicData)+overhead+3 > icc.Size() {
		return nil, fail(objSDAD, ErrModulusTooShort)
	}
	data := []byte{formatSDA, hashSHA1, byte(len(iccDynamicData))}
	data = append(data, iccDynamicData...)
	data = padTo(data, icc.Size()-overhead)
	sig, err := signBlock(icc, data, terminalData)
	if err != nil {
		return nil, fail(objSDAD, err)
	}
	return sig, nil
}

// RecoverDynamicData recovers and checks an SDAD (Book 2 §6.5.2 steps 1-8)
// and returns the ICC Dynamic Data it carries.
func RecoverDynamicData(icc PublicKey, sdad, terminalData []byte) ([]byte, error) {
	return recoverDynamicData(icc, sdad, terminalData, formatSDA)
}

// recoverDynamicData is RecoverDynamicData accepting any of formats.
func recoverDynamicData(icc PublicKey, sdad, terminalData []byte, formats ...byte) ([]byte, error) {
	x, err := recoverSigned(icc, sdad)
	if err != nil {
		return nil, fail(objSDAD, err)
	}
	b := body(x)
	if len(b) < 3 {
		return nil, fail(objSDAD, ErrModulusTooShort)
	}
	if !slices.Contains(formats, b[0]) {
		return nil, fail(objSDAD, ErrFormat)
	}
	if b[1] != hashSHA1 {
		return nil, fail(objSDAD, ErrHashAlgorithm)
	}
	n := int(b[2])
	if n > len(b)-3 {
		return nil, fail(objSDAD, ErrDynamicData)
	}
	if err := checkHash(x, terminalData); err != nil {
		return nil, fail(objSDAD, err)
	}
	return clone(b[3 : 3+n]), nil
}

// ICCDynamicData is the ICC Dynamic Data of DDA and fDDA: the length of the
// ICC Dynamic Number (tag 9F4C, 2 to 8 bytes) and the number itself.
func ICCDynamicData(idn []byte) []byte { return append([]byte{byte(len(idn))}, idn...) }

// iccDynamicNumber reads the ICC Dynamic Number at the start of the ICC
// Dynamic Data.
func iccDynamicNumber(dd []byte) ([]byte, []byte, error) {
	if len(dd) < 1 || dd[0] < 2 || dd[0] > 8 || int(dd[0]) > len(dd)-1 {
		return nil, nil, ErrDynamicData
	}
	n := int(dd[0])
	return dd[1 : 1+n], dd[1+n:], nil
}

// SignDDA is the card's INTERNAL AUTHENTICATE signature: idn is its ICC
// Dynamic Number, ddolData the data the terminal sent (built from the DDOL).
func SignDDA(icc *PrivateKey, idn, ddolData []byte) ([]byte, error) {
	if len(idn) < 2 || len(idn) > 8 {
		return nil, fail(objSDAD, ErrDynamicData)
	}
	return SignDynamicData(icc, ICCDynamicData(idn), ddolData)
}

// VerifyDDA is the terminal's dynamic signature verification (Book 2
// §6.5.2): sdad is tag 9F4B from INTERNAL AUTHENTICATE, ddolData the data
// sent in that command. It returns the ICC Dynamic Number (9F4C).
func VerifyDDA(icc PublicKey, sdad, ddolData []byte) ([]byte, error) {
	return verifyDynamicNumber(icc, sdad, ddolData, formatSDA)
}

// verifyDynamicNumber recovers an SDAD of one of formats and returns its
// ICC Dynamic Number.
func verifyDynamicNumber(icc PublicKey, sdad, terminalData []byte, formats ...byte) ([]byte, error) {
	dd, err := recoverDynamicData(icc, sdad, terminalData, formats...)
	if err != nil {
		return nil, err
	}
	idn, _, err := iccDynamicNumber(dd)
	if err != nil {
		return nil, fail(objSDAD, err)
	}
	return idn, nil
}
