package issuer

import (
	"encoding/binary"
	"fmt"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// chipData is the DE55 of an authorisation request, as the card and
// terminal produced it.
type chipData struct {
	arqc   [8]byte
	cid    byte
	iad    []byte
	atc    [2]byte
	un     [4]byte
	aip    [2]byte
	tvr    emv.TVR
	cvm    []byte // 9F34, nil when absent
	amount uint64
	// terminal is the Book 2 §8.1.1 minimum set in CDOL1 order: 9F02 9F03
	// 9F1A 95 5F2A 9A 9C 9F37, the 29 bytes a card MACs first.
	terminal [29]byte
	track2   []byte // 57 when present
	scripts  []byte // 9F5B when present
}

// de55Field says where a DE55 object goes and how long it must be.
type de55Field struct {
	tag      emv.Tag
	length   int
	required bool
}

// terminalDataOrder is the minimum cryptogram input of Book 2 §8.1.1.
var terminalDataOrder = [...]de55Field{
	{emv.TagAmountAuthorised, 6, true},
	{emv.TagAmountOther, 6, false}, // zeros when the terminal sent none
	{emv.TagTerminalCountryCode, 2, true},
	{emv.TagTerminalVerificationResults, 5, true},
	{emv.TagTransactionCurrencyCode, 2, true},
	{emv.TagTransactionDate, 3, true},
	{emv.TagTransactionType, 1, true},
	{emv.TagUnpredictableNumber, 4, true},
}

// parseChipData reads DE55 with the bounded scanner: a malformed, duplicated
// or wrongly sized object is a format error.
func parseChipData(b []byte) (chipData, error) {
	var d chipData
	seen := map[emv.Tag][]byte{}
	s := emv.NewScanner(b)
	for s.Next() {
		o := s.Object()
		if _, dup := seen[o.Tag]; dup {
			return chipData{}, fmt.Errorf("%w: DE55 has tag %s twice", ErrRequest, o.Tag)
		}
		seen[o.Tag] = o.Value
	}
	if err := s.Err(); err != nil {
		return chipData{}, fmt.Errorf("%w: DE55: %w", ErrRequest, err)
	}
	fixed := func(t emv.Tag, dst []byte) error {
		v, ok := seen[t]
		if !ok || len(v) != len(dst) {
			return fmt.Errorf("%w: DE55 tag %s missing or not %d bytes", ErrRequest, t, len(dst))
		}
		copy(dst, v)
		return nil
	}
	var cid [1]byte
	for _, f := range []struct {
		t   emv.Tag
		dst []byte
	}{
		{emv.TagApplicationCryptogram, d.arqc[:]},
		{emv.TagCryptogramInformationData, cid[:]},
		{emv.TagApplicationTransactionCounter, d.atc[:]},
		{emv.TagUnpredictableNumber, d.un[:]},
		{emv.TagApplicationInterchangeProfile, d.aip[:]},
		{emv.TagTerminalVerificationResults, d.tvr[:]},
	} {
		if err := fixed(f.t, f.dst); err != nil {
			return chipData{}, err
		}
	}
	d.cid = cid[0]
	iad, ok := seen[emv.TagIssuerApplicationData]
	if !ok || len(iad) == 0 || len(iad) > 32 {
		return chipData{}, fmt.Errorf("%w: DE55 issuer application data missing or too long", ErrRequest)
	}
	d.iad = iad
	off := 0
	for _, f := range terminalDataOrder {
		v, ok := seen[f.tag]
		switch {
		case !ok && f.required, ok && len(v) != f.length:
			return chipData{}, fmt.Errorf("%w: DE55 tag %s missing or not %d bytes", ErrRequest, f.tag, f.length)
		case ok:
			copy(d.terminal[off:], v)
		}
		off += f.length
	}
	amount, err := emv.ParseN(seen[emv.TagAmountAuthorised])
	if err != nil {
		return chipData{}, fmt.Errorf("%w: DE55 amount: %w", ErrRequest, err)
	}
	d.amount = amount
	if v, ok := seen[emv.TagCVMResults]; ok && len(v) == 3 {
		d.cvm = v
	}
	if v, ok := seen[emv.TagTrack2EquivalentData]; ok {
		d.track2 = v
	}
	if v, ok := seen[emv.TagIssuerScriptResults]; ok {
		d.scripts = v
	}
	return d, nil
}

// atcValue is the ATC as a number.
func (d *chipData) atcValue() int { return int(binary.BigEndian.Uint16(d.atc[:])) }

// isARQC reports an authorisation request cryptogram (9F27 b8-b7 = 10).
func (d *chipData) isARQC() bool { return d.cid&0xC0 == 0x80 }

// acParams is the cryptogram input as the card had it.
func (d *chipData) acParams() cryptogram.ACParams {
	return cryptogram.ACParams{TerminalData: d.terminal[:], AIP: d.aip, ATC: d.atc, UN: d.un, IAD: d.iad}
}

// offlinePINSucceeded reports CVM results 9F34 saying an offline PIN (plain
// or enciphered, CVM codes 01, 03, 04, 05 with or without the "apply
// succeeding rule" bit) was verified successfully (result 02): proof the
// chip holds a PIN (Book 3 Annex A, C3).
func (d *chipData) offlinePINSucceeded() bool {
	if d.cvm == nil {
		return false
	}
	switch d.cvm[0] & 0x3F {
	case 0x01, 0x03, 0x04, 0x05:
		return d.cvm[2] == 0x02
	}
	return false
}
