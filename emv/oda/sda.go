package oda

const objSSAD = "signed static application data"

// SignStaticData is the issuer signing a card's static data for SDA (Book 2
// §5.2, Table 7): format 03, the Data Authentication Code dac (tag 9F45,
// chosen by the issuer), BB padding. The result is tag 93.
func SignStaticData(issuer *PrivateKey, dac [2]byte, staticData []byte) ([]byte, error) {
	if issuer == nil || issuer.n == nil {
		return nil, fail(objSSAD, ErrInvalidPrivate)
	}
	if issuer.Size() < overhead+4 {
		return nil, fail(objSSAD, ErrModulusTooShort)
	}
	data := []byte{formatSSA, hashSHA1, dac[0], dac[1]}
	data = padTo(data, issuer.Size()-overhead)
	sig, err := signBlock(issuer, data, staticData)
	if err != nil {
		return nil, fail(objSSAD, err)
	}
	return sig, nil
}

// VerifySDA is the terminal's SDA (Book 2 §5.4): ssad is tag 93, issuer the
// recovered issuer key, staticData the static data to be authenticated. It
// returns the Data Authentication Code, which the terminal stores as 9F45.
func VerifySDA(issuer PublicKey, ssad, staticData []byte) ([2]byte, error) {
	var dac [2]byte
	x, err := recoverSigned(issuer, ssad)
	if err != nil {
		return dac, fail(objSSAD, err)
	}
	b := body(x)
	if len(b) < 4 {
		return dac, fail(objSSAD, ErrModulusTooShort)
	}
	if b[0] != formatSSA {
		return dac, fail(objSSAD, ErrFormat)
	}
	if b[1] != hashSHA1 {
		return dac, fail(objSSAD, ErrHashAlgorithm)
	}
	if err := checkHash(x, staticData); err != nil {
		return dac, fail(objSSAD, err)
	}
	copy(dac[:], b[2:4])
	return dac, nil
}
