package card

import "github.com/emvsim/emvsim/emv"

// decipherPIN would recover the PIN block of an enciphered offline PIN
// (Book 2 §7.2): RSA-decipher the data with the ICC (PIN encipherment)
// private key, check the header 7F and the challenge of GET CHALLENGE.
// emv/oda offers signing with the ICC key but no raw private-key
// decipherment, so this card supports the plaintext offline PIN only and
// answers an enciphered one as a card without that function does.
func (c *Card) decipherPIN(_ []byte) ([]byte, emv.SW) {
	return nil, emv.SWFunctionNotSupported
}
