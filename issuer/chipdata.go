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

// parseChipData reads DE55 with the bounded scanner: a malformed object, a
// data element the issuer reads given twice, or one of the wrong size is a
// format error.
func parseChipData(b []byte) (chipData, error) {
	var d chipData
	var cid [1]byte
	var term [len(terminalDataOrder)][]byte
	var seen uint32
	s := emv.NewScanner(b)
	for s.Next() {
		o := s.Object()
		var dst []byte // fixed-size destination, nil for variable-size fields
		bit := uint32(0)
		switch o.Tag {
		case emv.TagApplicationCryptogram:
			dst, bit = d.arqc[:], 1<<0
		case emv.TagCryptogramInformationData:
			dst, bit = cid[:], 1<<1
		case emv.TagApplicationTransactionCounter:
			dst, bit = d.atc[:], 1<<2
		case emv.TagApplicationInterchangeProfile:
			dst, bit = d.aip[:], 1<<3
		case emv.TagIssuerApplicationData:
			d.iad, bit = o.Value, 1<<4
		case emv.TagCVMResults:
			d.cvm, bit = o.Value, 1<<5
		case emv.TagTrack2EquivalentData:
			d.track2, bit = o.Value, 1<<6
		case emv.TagIssuerScriptResults:
			d.scripts, bit = o.Value, 1<<7
		default:
			for i, f := range terminalDataOrder {
				if f.tag == o.Tag {
					if len(o.Value) != f.length {
						return chipData{}, fmt.Errorf("%w: DE55 tag %s not %d bytes", ErrRequest, f.tag, f.length)
					}
					term[i], bit = o.Value, 1<<(8+i)
				}
			}
		}
		if seen&bit != 0 {
			return chipData{}, fmt.Errorf("%w: DE55 has tag %s twice", ErrRequest, o.Tag)
		}
		seen |= bit
		if dst != nil {
			if len(o.Value) != len(dst) {
				return chipData{}, fmt.Errorf("%w: DE55 tag %s not %d bytes", ErrRequest, o.Tag, len(dst))
			}
			copy(dst, o.Value)
		}
	}
	if err := s.Err(); err != nil {
		return chipData{}, fmt.Errorf("%w: DE55: %w", ErrRequest, err)
	}
	if seen&0x1F != 0x1F {
		return chipData{}, fmt.Errorf("%w: DE55 lacks the cryptogram, its CID, ATC, AIP or IAD", ErrRequest)
	}
	if len(d.iad) == 0 || len(d.iad) > 32 {
		return chipData{}, fmt.Errorf("%w: DE55 issuer application data of %d bytes", ErrRequest, len(d.iad))
	}
	if d.cvm != nil && len(d.cvm) != 3 {
		return chipData{}, fmt.Errorf("%w: DE55 CVM results not 3 bytes", ErrRequest)
	}
	d.cid = cid[0]
	off := 0
	for i, f := range terminalDataOrder {
		switch {
		case term[i] != nil:
			copy(d.terminal[off:], term[i])
		case f.required:
			return chipData{}, fmt.Errorf("%w: DE55 lacks tag %s", ErrRequest, f.tag)
		}
		off += f.length
	}
	// 95 and 9F37 sit at positions 3 and 7 of terminalDataOrder.
	copy(d.tvr[:], term[3])
	copy(d.un[:], term[7])
	amount, err := emv.ParseN(term[0])
	if err != nil {
		return chipData{}, fmt.Errorf("%w: DE55 amount: %w", ErrRequest, err)
	}
	d.amount = amount
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
