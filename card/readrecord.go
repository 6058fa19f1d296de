package card

import (
	"io"

	"github.com/emvsim/emvsim/emv"
)

// readRecord is READ RECORD (Book 3 §6.5.11): P1 the record number, P2 the
// SFI in its five high bits and 100 ("P1 is a record number"). In the PSE
// it reads the directory, in an application its files and its transaction
// log (SFI 11).
func (c *Card) readRecord(cmd emv.Command) emv.SW {
	if cmd.P1 == 0 || cmd.P2&0x07 != 0x04 || len(cmd.Data) != 0 {
		return emv.SWIncorrectP1P2
	}
	sfi, n := int(cmd.P2>>3), int(cmd.P1)
	switch c.s.df {
	case dfPSE:
		if sfi != pseSFI {
			return emv.SWFileNotFound
		}
		rec, ok := c.pseRecord(n)
		if !ok {
			return emv.SWRecordNotFound
		}
		c.out = emv.AppendTLV(c.out, emv.TagReadRecordResponseTemplate, rec)
		return emv.SWSuccess
	case dfApp:
	default:
		return emv.SWConditionsNotSatisfied
	}
	i := c.s.app
	a := &c.profile.Applications[i]
	if sfi == logSFI && a.LogEntries > 0 && c.apps[i].logEntryLen > 0 {
		st := &c.work.Apps[i]
		if n > int(st.LogCount) {
			return emv.SWRecordNotFound
		}
		// Record 1 is the most recent transaction (Book 3 Annex D4).
		size := a.LogEntries
		idx := (int(st.LogNext) - n + 2*size) % size
		c.out = append(c.out, st.Log[idx][:c.apps[i].logEntryLen]...)
		return emv.SWSuccess
	}
	found := false
	for _, r := range a.Records {
		if r.SFI != sfi {
			continue
		}
		found = true
		if r.Number == n {
			c.out = emv.AppendTLV(c.out, emv.TagReadRecordResponseTemplate, r.Data)
			return emv.SWSuccess
		}
	}
	if !found {
		return emv.SWFileNotFound
	}
	return emv.SWRecordNotFound
}

// getData is GET DATA (Book 3 §6.5.7) for the data objects a terminal
// reads that way: ATC, last online ATC, PIN try counter, log format, the
// consecutive offline limits.
func (c *Card) getData(cmd emv.Command) emv.SW {
	if c.s.df != dfApp {
		return emv.SWConditionsNotSatisfied
	}
	i := c.s.app
	st := &c.work.Apps[i]
	t := emv.Tag(uint16(cmd.P1)<<8 | uint16(cmd.P2))
	var v []byte
	switch t {
	case emv.TagApplicationTransactionCounter:
		v = []byte{byte(st.ATC >> 8), byte(st.ATC)}
	case emv.TagLastOnlineATCRegister:
		v = []byte{byte(st.LastOnlineATC >> 8), byte(st.LastOnlineATC)}
	case emv.TagPINTryCounter:
		// A card without PIN reference data reports 0 tries, so the
		// terminal sets "PIN try limit exceeded" (Book 3 §10.5.1).
		v = []byte{c.work.PINTries}
	case emv.TagLogFormat:
		if len(c.profile.Applications[i].LogFormat) == 0 {
			return emv.SWReferencedDataNotFound
		}
		v = c.profile.Applications[i].LogFormat
	case emv.TagLowerConsecutiveOfflineLimit:
		v = []byte{st.LCOL}
	case emv.TagUpperConsecutiveOfflineLimit:
		v = []byte{st.UCOL}
	default:
		return emv.SWReferencedDataNotFound
	}
	c.out = emv.AppendTLV(c.out, t, v)
	return emv.SWSuccess
}

// getChallenge is GET CHALLENGE (Book 3 §6.5.6): eight random bytes, which
// an enciphered PIN must then carry.
func (c *Card) getChallenge(cmd emv.Command) emv.SW {
	if cmd.P1 != 0 || cmd.P2 != 0 || len(cmd.Data) != 0 {
		return emv.SWIncorrectP1P2
	}
	if _, err := io.ReadFull(c.rand, c.s.challenge[:]); err != nil {
		return emv.SWUnknown
	}
	c.s.challengeOK = true
	c.out = append(c.out, c.s.challenge[:]...)
	return emv.SWSuccess
}
