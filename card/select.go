package card

import (
	"bytes"

	"github.com/emvsim/emvsim/emv"
)

// Directory names (Book 1 §12.2.2 for the PSE, EMV Contactless Book B §3.3
// for the PPSE).
var (
	namePSE  = []byte("1PAY.SYS.DDF01")
	namePPSE = []byte("2PAY.SYS.DDF01")
)

// pseSFI is the short file identifier of the PSE directory.
const pseSFI = 1

// P2 of SELECT (Book 1 §11.3.2, Table 39 / ISO/IEC 7816-4).
const (
	selectFirst byte = 0x00
	selectNext  byte = 0x02
)

// selectFile is SELECT by DF name (Book 1 §11.3, Book 3 §12.3): the PSE on
// the contact face, the PPSE on the contactless face, or an application by
// its full or partial AID, with P2 02 asking for the next matching one.
func (c *Card) selectFile(cmd emv.Command) emv.SW {
	if cmd.P1 != 0x04 || (cmd.P2 != selectFirst && cmd.P2 != selectNext) {
		return emv.SWIncorrectP1P2
	}
	if len(cmd.Data) < 1 || len(cmd.Data) > 16 {
		return emv.SWWrongLength
	}
	name := cmd.Data
	switch {
	case bytes.Equal(name, namePSE):
		if c.s.face != faceContact || !c.profile.PSE || cmd.P2 != selectFirst {
			return emv.SWFileNotFound
		}
		c.deselect()
		c.s.df = dfPSE
		c.out = c.appendPSEFCI(c.out)
		return emv.SWSuccess
	case bytes.Equal(name, namePPSE):
		if c.s.face != faceContactless || cmd.P2 != selectFirst {
			return emv.SWFileNotFound
		}
		c.deselect()
		c.s.df = dfPPSE
		c.out = c.appendPPSEFCI(c.out)
		return emv.SWSuccess
	}
	start := 0
	if cmd.P2 == selectNext {
		start = c.s.lastHit + 1
	}
	for i := start; i < len(c.profile.Applications); i++ {
		a := &c.profile.Applications[i]
		if !bytes.HasPrefix(a.AID, name) {
			continue
		}
		if c.s.face == faceContactless && !a.Contactless.Enabled {
			continue
		}
		c.deselect()
		c.s.lastHit = i
		c.s.df, c.s.app, c.s.phase = dfApp, i, phaseSelected
		c.out = c.appendAppFCI(c.out, i)
		if c.work.Apps[i].Blocked {
			return emv.SWSelectedFileInvalidated
		}
		return emv.SWSuccess
	}
	return emv.SWFileNotFound
}

// deselect ends the current selection and transaction.
func (c *Card) deselect() {
	f, hit := c.s.face, c.s.lastHit
	c.s.reset()
	c.s.face, c.s.lastHit = f, hit
}

// appendPSEFCI is the FCI of the PSE: 6F { 84 name, A5 { 88 SFI, 5F2D } }.
func (c *Card) appendPSEFCI(dst []byte) []byte {
	var a5 []byte
	a5 = emv.AppendTLV(a5, emv.TagSFI, []byte{pseSFI})
	if lang := c.profile.Applications[0].LanguagePreference; lang != "" {
		a5 = emv.AppendTLV(a5, emv.TagLanguagePreference, []byte(lang))
	}
	var body []byte
	body = emv.AppendTLV(body, emv.TagDedicatedFileName, namePSE)
	body = emv.AppendTLV(body, emv.TagFCIProprietaryTemplate, a5)
	return emv.AppendTLV(dst, emv.TagFCITemplate, body)
}

// appendDirectoryEntry is one application's entry 61 { 4F, 50, 87 } of a
// directory.
func appendDirectoryEntry(dst []byte, a *Application) []byte {
	var e []byte
	e = emv.AppendTLV(e, emv.TagApplicationIdentifierCard, a.AID)
	if a.Label != "" {
		e = emv.AppendTLV(e, emv.TagApplicationLabel, []byte(a.Label))
	}
	if a.Priority != 0 {
		e = emv.AppendTLV(e, emv.TagApplicationPriorityIndicator, []byte{a.Priority})
	}
	return emv.AppendTLV(dst, emv.TagApplicationTemplate, e)
}

// appendPPSEFCI is the FCI of the PPSE: 6F { 84 name, A5 { BF0C { 61 … } } }
// with one entry per contactless application.
func (c *Card) appendPPSEFCI(dst []byte) []byte {
	var dir []byte
	for i := range c.profile.Applications {
		a := &c.profile.Applications[i]
		if a.Contactless.Enabled {
			dir = appendDirectoryEntry(dir, a)
		}
	}
	var a5 []byte
	a5 = emv.AppendTLV(a5, emv.TagFCIIssuerDiscretionaryData, dir)
	var body []byte
	body = emv.AppendTLV(body, emv.TagDedicatedFileName, namePPSE)
	body = emv.AppendTLV(body, emv.TagFCIProprietaryTemplate, a5)
	return emv.AppendTLV(dst, emv.TagFCITemplate, body)
}

// pseRecord is record n of the PSE directory: 70 { 61 … }, one application
// per record (Book 1 §12.2.3).
func (c *Card) pseRecord(n int) ([]byte, bool) {
	if n < 1 || n > len(c.profile.Applications) {
		return nil, false
	}
	return appendDirectoryEntry(nil, &c.profile.Applications[n-1]), true
}

// appendAppFCI is an application's FCI (Book 1 §11.3.4, Table 43):
// 6F { 84 AID, A5 { 50, 87, 9F38, 5F2D, 9F11, 9F12, BF0C { 9F4D } } }.
func (c *Card) appendAppFCI(dst []byte, i int) []byte {
	a := &c.profile.Applications[i]
	var a5 []byte
	if a.Label != "" {
		a5 = emv.AppendTLV(a5, emv.TagApplicationLabel, []byte(a.Label))
	}
	if a.Priority != 0 {
		a5 = emv.AppendTLV(a5, emv.TagApplicationPriorityIndicator, []byte{a.Priority})
	}
	pdol := a.PDOL
	if c.s.face == faceContactless {
		pdol = a.Contactless.PDOL
	}
	if len(pdol) > 0 {
		a5 = emv.AppendTLV(a5, emv.TagProcessingOptionsDOL, pdol)
	}
	if a.LanguagePreference != "" {
		a5 = emv.AppendTLV(a5, emv.TagLanguagePreference, []byte(a.LanguagePreference))
	}
	if a.IssuerCodeTableIndex != 0 {
		a5 = emv.AppendTLV(a5, emv.TagIssuerCodeTableIndex, []byte{a.IssuerCodeTableIndex})
	}
	if a.PreferredName != "" {
		a5 = emv.AppendTLV(a5, emv.TagApplicationPreferredName, []byte(a.PreferredName))
	}
	if a.LogEntries > 0 && len(a.LogFormat) > 0 {
		a5 = emv.AppendTLV(a5, emv.TagFCIIssuerDiscretionaryData,
			emv.AppendTLV(nil, emv.TagLogEntry, []byte{logSFI, byte(a.LogEntries)}))
	}
	var body []byte
	body = emv.AppendTLV(body, emv.TagDedicatedFileName, a.AID)
	body = emv.AppendTLV(body, emv.TagFCIProprietaryTemplate, a5)
	return emv.AppendTLV(dst, emv.TagFCITemplate, body)
}
