package card

import (
	"errors"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// claSecureInterindustry is CLA 04: an interindustry command with secure
// messaging, the class PUT DATA scripts may use.
const claSecureInterindustry byte = 0x04

// maxScriptCount is the largest count the CVR's script nibble holds.
const maxScriptCount = 15

// script runs a post-issuance command from an issuer script (Book 3 §6.5.1,
// §6.5.2, §6.5.3, §6.5.10, Book 2 §9): PIN CHANGE/UNBLOCK, APPLICATION
// BLOCK and UNBLOCK, CARD BLOCK and PUT DATA. Each must carry a secure
// messaging MAC under this card's MK-SMI session key for this transaction's
// ATC and ARQC, so it is accepted only on the contact face, after the first
// GENERATE AC of the current transaction returned an ARQC. A wrong MAC
// answers 6988 and changes nothing; outside such a transaction the answer
// is 6985.
func (c *Card) script(cmd emv.Command) emv.SW {
	if c.s.face != faceContact || c.s.df != dfApp || c.s.firstCID != cidARQC ||
		(c.s.phase != phaseOnline && c.s.phase != phaseDone) {
		return emv.SWConditionsNotSatisfied
	}
	i := c.s.app
	ak := &c.apps[i]
	v := ak.version
	atc := c.work.Apps[i].ATC
	ctx := cryptogram.ScriptContext{ATC: [2]byte{byte(atc >> 8), byte(atc)}, ARQC: c.s.ac}

	var sw emv.SW
	switch cmd.INS {
	case emv.INSPINChangeUnblock:
		sw = c.pinChange(v, ak, cmd, ctx)
	case emv.INSApplicationBlock, emv.INSApplicationUnblock, emv.INSCardBlock:
		if cmd.P1 != 0 || cmd.P2 != 0 {
			return emv.SWIncorrectP1P2
		}
		data, err := v.VerifyScriptCommand(ak.keys.SMI, cmd, ctx)
		if err != nil || len(data) != 0 {
			return c.scriptRefused()
		}
		switch cmd.INS {
		case emv.INSApplicationBlock:
			c.w().Apps[i].Blocked = true
		case emv.INSApplicationUnblock:
			c.w().Apps[i].Blocked = false
		case emv.INSCardBlock:
			c.w().CardBlocked = true
		}
		sw = emv.SWSuccess
	case emv.INSPutData:
		sw = c.putData(v, ak, cmd, ctx)
	}
	if sw == emv.SWSuccess {
		c.s.scriptsOK++
		if n := c.work.Apps[i].ScriptCount; n < maxScriptCount {
			c.w().Apps[i].ScriptCount = n + 1
		}
	}
	return sw
}

// scriptRefused notes a failed script command for this transaction's CVR
// (kept across the refusal) and answers 6988.
func (c *Card) scriptRefused() emv.SW {
	c.scriptFailed = true
	return emv.SWSMDataObjectsIncorrect
}

// pinChange is PIN CHANGE/UNBLOCK (Book 3 §6.5.10): P2 00 unblocks (resets
// the try counter), 01 changes the PIN given the current one, 02 writes a
// PIN without it — how the story's card receives its first PIN. The new PIN
// block is enciphered under the MK-SMC session key.
func (c *Card) pinChange(v cryptogram.Version, ak *appKeys, cmd emv.Command, ctx cryptogram.ScriptContext) emv.SW {
	if cmd.P1 != 0 || cmd.P2 > 2 {
		return emv.SWIncorrectP1P2
	}
	var cur [12]byte
	n := int(c.work.PINLen)
	for k := 0; k < n; k++ {
		cur[k] = '0' + c.work.PIN[k]
	}
	pin, err := v.RecoverScriptPIN(ak.keys, cmd, string(cur[:n]), ctx)
	switch {
	case errors.Is(err, cryptogram.ErrPINBlock), errors.Is(err, cryptogram.ErrPIN):
		if _, macErr := v.VerifyScriptCommand(ak.keys.SMI, cmd, ctx); macErr == nil {
			// Authentic, but the PIN inside is unusable.
			c.scriptFailed = true
			return emv.SWWrongData
		}
		return c.scriptRefused()
	case err != nil:
		return c.scriptRefused()
	}
	if pin == "" { // PIN UNBLOCK
		if c.work.PINLen == 0 {
			c.scriptFailed = true
			return emv.SWReferenceDataNotUsable
		}
		c.w().PINTries = uint8(tryLimit(&c.profile))
		return emv.SWSuccess
	}
	st := c.w()
	st.PIN = [12]byte{}
	for k := 0; k < len(pin); k++ {
		st.PIN[k] = pin[k] - '0'
	}
	st.PINLen = uint8(len(pin))
	st.PINTries = uint8(tryLimit(&c.profile))
	return emv.SWSuccess
}

// putData is PUT DATA (the ISO/IEC 7816-4 command, as scheme specs use it) for the
// card risk management data an issuer tunes: the lower and upper
// consecutive offline limits.
func (c *Card) putData(v cryptogram.Version, ak *appKeys, cmd emv.Command, ctx cryptogram.ScriptContext) emv.SW {
	data, err := v.VerifyScriptCommand(ak.keys.SMI, cmd, ctx)
	if err != nil {
		return c.scriptRefused()
	}
	i := c.s.app
	switch t := emv.Tag(uint16(cmd.P1)<<8 | uint16(cmd.P2)); t {
	case emv.TagLowerConsecutiveOfflineLimit, emv.TagUpperConsecutiveOfflineLimit:
		if len(data) != 1 {
			c.scriptFailed = true
			return emv.SWWrongLength
		}
		if t == emv.TagLowerConsecutiveOfflineLimit {
			c.w().Apps[i].LCOL = data[0]
		} else {
			c.w().Apps[i].UCOL = data[0]
		}
		return emv.SWSuccess
	}
	c.scriptFailed = true
	return emv.SWReferencedDataNotFound
}
