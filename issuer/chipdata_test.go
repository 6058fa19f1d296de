package issuer

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

func TestParseChipData(t *testing.T) {
	f := newFixture(t)
	d := newDriver(t, f.card)
	d.start()
	d.tx = txData{amount: 1234, date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), tvr: [5]byte{0, 0, 0, 0x80, 0}, un: [4]byte{1, 2, 3, 4}, cvm: [3]byte{0x41, 0x03, 0x02}}
	d.firstAC()
	good := d.request("x", emv.EntryModeChip).ICCData

	cd, err := parseChipData(good)
	require.NoError(t, err)
	assert.Equal(t, d.arqc.ac, cd.arqc)
	assert.Equal(t, d.arqc.atc, cd.atc)
	assert.Equal(t, uint64(1234), cd.amount)
	assert.Equal(t, d.cdol1()[:29], cd.terminal[:], "the cryptogram's terminal data in CDOL1 order")
	assert.Equal(t, emv.TVR{0, 0, 0, 0x80, 0}, cd.tvr)
	assert.True(t, cd.isARQC())
	assert.True(t, cd.offlinePINSucceeded(), "41 03 02: plaintext offline PIN, successful")

	drop := func(tag emv.Tag) []byte {
		var out []byte
		s := emv.NewScanner(good)
		for s.Next() {
			if o := s.Object(); o.Tag != tag {
				out = append(out, o.Raw...)
			}
		}
		return out
	}
	noOther, err := parseChipData(drop(emv.TagAmountOther))
	require.NoError(t, err, "9F03 may be absent")
	assert.Equal(t, make([]byte, 6), noOther.terminal[6:12])

	tests := []struct {
		name string
		b    []byte
	}{
		{"no cryptogram", drop(emv.TagApplicationCryptogram)},
		{"no IAD", drop(emv.TagIssuerApplicationData)},
		{"no UN", drop(emv.TagUnpredictableNumber)},
		{"no amount", drop(emv.TagAmountAuthorised)},
		{"ATC twice", emv.AppendTLV(append([]byte(nil), good...), emv.TagApplicationTransactionCounter, []byte{0, 9})},
		{"TVR twice", emv.AppendTLV(append([]byte(nil), good...), emv.TagTerminalVerificationResults, make([]byte, 5))},
		{"short ATC", replaceTLV(good, emv.TagApplicationTransactionCounter, []byte{1})},
		{"long UN", replaceTLV(good, emv.TagUnpredictableNumber, make([]byte, 5))},
		{"amount not BCD", replaceTLV(good, emv.TagAmountAuthorised, []byte{0, 0, 0, 0, 0, 0x1A})},
		{"CVM results of 2 bytes", replaceTLV(good, emv.TagCVMResults, []byte{1, 2})},
		{"IAD too long", replaceTLV(good, emv.TagIssuerApplicationData, make([]byte, 33))},
		{"truncated", good[:len(good)-2]},
		{"empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseChipData(tt.b)
			require.ErrorIs(t, err, ErrRequest)
		})
	}
}

func TestDescribeFacts(t *testing.T) {
	cd := chipData{iad: []byte{0x06, 0x01, 0x01, 0x03, 0xA0, 0x40, 0x18}, tvr: emv.TVR{0, 0, 0x20, 0, 0}}
	got := describeFacts(cryptogram.AmexCVN01, &cd)
	assert.Contains(t, got, "card: PIN try limit exceeded")
	assert.Contains(t, got, "card: 1 script commands run last time")
	assert.Contains(t, got, "card: script failed last time")
	assert.Contains(t, got, "TVR: ")
	assert.Empty(t, describeFacts(cryptogram.AmexCVN01, &chipData{iad: []byte{0x06, 0x01, 0x01, 0x03, 0xA0, 0x00, 0x00}}))
}
