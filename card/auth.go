package card

import (
	"io"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/emv/oda"
)

// externalAuthenticate is EXTERNAL AUTHENTICATE (Book 3 §6.5.4): the issuer
// authentication data (91) of the online response, checked against this
// transaction's ARQC. Allowed once, between an ARQC and the second GENERATE
// AC, on the contact face. A wrong ARPC answers 6300 and is remembered: the
// next transaction reports it and goes online.
func (c *Card) externalAuthenticate(cmd emv.Command) emv.SW {
	if c.s.face != faceContact {
		return emv.SWINSNotSupported
	}
	if cmd.P1 != 0 || cmd.P2 != 0 {
		return emv.SWIncorrectP1P2
	}
	if c.s.df != dfApp || c.s.phase != phaseOnline || c.s.iaDone {
		return emv.SWConditionsNotSatisfied
	}
	if len(cmd.Data) < 8 || len(cmd.Data) > 16 {
		return emv.SWWrongLength
	}
	if !c.issuerAuthenticate(c.s.app, cmd.Data) {
		return emv.SWAuthenticationFailed
	}
	return emv.SWSuccess
}

// issuerAuthenticate checks an ARPC and records the result.
func (c *Card) issuerAuthenticate(i int, data []byte) bool {
	ak := &c.apps[i]
	atc := c.work.Apps[i].ATC
	atcB := [2]byte{byte(atc >> 8), byte(atc)}
	s, err := ak.acSession(atcB, c.s.un)
	if err == nil {
		_, err = s.VerifyIssuerAuthenticationData(cryptogram.ARPCParams{ARQC: c.s.ac, ATC: atcB, UN: c.s.un}, data)
	}
	c.s.iaDone = true
	c.s.iaFailed = err != nil
	if c.s.iaFailed != c.work.Apps[i].IssuerAuthFailed {
		c.w().Apps[i].IssuerAuthFailed = c.s.iaFailed
	}
	return err == nil
}

// internalAuthenticate is INTERNAL AUTHENTICATE (Book 3 §6.5.9): dynamic
// data authentication, the DDOL data signed with a fresh ICC dynamic number
// (Book 2 §6.5). The response is format 1, 80 holding the SDAD.
func (c *Card) internalAuthenticate(cmd emv.Command) emv.SW {
	if cmd.P1 != 0 || cmd.P2 != 0 {
		return emv.SWIncorrectP1P2
	}
	if c.s.df != dfApp || c.s.phase != phaseInitiated {
		return emv.SWConditionsNotSatisfied
	}
	ak := &c.apps[c.s.app]
	if ak.icc == nil || ak.aip[0]&aipDDA == 0 {
		return emv.SWFunctionNotSupported
	}
	if len(cmd.Data) == 0 || len(cmd.Data) > 128 {
		return emv.SWWrongLength
	}
	var idn [8]byte
	if _, err := io.ReadFull(c.rand, idn[:]); err != nil {
		return emv.SWUnknown
	}
	sdad, err := oda.SignDDA(ak.icc, idn[:], cmd.Data)
	if err != nil {
		return emv.SWWrongLength
	}
	c.s.ddaDone = true
	c.out = emv.AppendTLV(c.out, emv.TagResponseMessageTemplateFormat1, sdad)
	return emv.SWSuccess
}
