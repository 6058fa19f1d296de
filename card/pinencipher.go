package card

import (
	"errors"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// decipherPIN recovers the PIN block of an enciphered offline PIN (Book 2
// §7.2) with the ICC private key: the data must be one modulus long, start
// with 7F and carry the number of the last GET CHALLENGE, which is good for
// one VERIFY only. Without a challenge the answer is 6985; data that do not
// decipher to that layout are 6A80 and cost no PIN try.
func (c *Card) decipherPIN(data []byte) ([]byte, emv.SW) {
	ak := &c.apps[c.s.app]
	if ak.icc == nil {
		return nil, emv.SWFunctionNotSupported
	}
	if !c.s.challengeOK {
		return nil, emv.SWConditionsNotSatisfied
	}
	if len(data) != ak.icc.Size() {
		return nil, emv.SWWrongLength
	}
	un := c.s.challenge
	c.s.challengeOK = false
	c.challengeUsed = true // even if the command is refused
	block, err := oda.DecipherPIN(ak.icc, data, un)
	switch {
	case errors.Is(err, oda.ErrWrongLength):
		return nil, emv.SWWrongLength
	case err != nil:
		return nil, emv.SWWrongData
	}
	return block[:], emv.SWSuccess
}
