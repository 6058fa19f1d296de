package emv

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAFLVectors(t *testing.T) {
	vecs := foundationVectors(t, "afl_emvutils.txt")
	tests := []struct {
		name    string
		want    []AFLEntry
		wantErr error
		index   int
	}{
		{name: "valid3", want: []AFLEntry{{1, 2, 2, 0}, {2, 1, 4, 0}, {3, 1, 2, 1}}},
		{name: "valid4", want: []AFLEntry{{1, 2, 2, 0}, {12, 1, 1, 1}, {2, 1, 2, 1}, {11, 1, 1, 1}}},
		{name: "bad_sfi_bits", wantErr: ErrAFLSFI, index: 0},
		{name: "bad_last", wantErr: ErrAFLLastRecord, index: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := unhex(t, vecs[tt.name])
			got, err := ParseAFL(raw)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var ae *AFLError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tt.index, ae.Index)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, raw, AppendAFL(nil, got))
		})
	}
}

func TestParseAFLChecks(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		wantErr error
	}{
		{"empty", nil, nil},
		{"short", []byte{0x08, 0x01, 0x01}, ErrAFLLength},
		{"five bytes", []byte{0x08, 0x01, 0x01, 0x00, 0x08}, ErrAFLLength},
		{"SFI 0", []byte{0x00, 0x01, 0x01, 0x00}, ErrAFLSFI},
		{"SFI 31", []byte{0xF8, 0x01, 0x01, 0x00}, ErrAFLSFI},
		{"SFI 30", []byte{0xF0, 0x01, 0x01, 0x00}, nil},
		{"first record 0", []byte{0x08, 0x00, 0x01, 0x00}, ErrAFLFirstRecord},
		{"last before first", []byte{0x08, 0x03, 0x02, 0x00}, ErrAFLLastRecord},
		{"ODA count too big", []byte{0x08, 0x01, 0x02, 0x03}, ErrAFLODACount},
		{"ODA count all", []byte{0x08, 0x01, 0x02, 0x02}, nil},
		{"ODA over full range", []byte{0x08, 0x01, 0xFF, 0xFF}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAFL(tt.in)
			if tt.wantErr == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tt.wantErr)
			}
		})
	}
	_, err := ParseAFL([]byte{1})
	assert.Equal(t, "emv: AFL length is not a multiple of 4", err.Error())
	_, err = ParseAFL([]byte{0x08, 0x01, 0x01, 0x00, 0x08, 0x00, 0x01, 0x00})
	assert.Equal(t, "emv: AFL first record number is 0 in entry 1", err.Error())
}

func TestAFLRecords(t *testing.T) {
	e := AFLEntry{SFI: 2, First: 1, Last: 4, ODACount: 2}
	type rec struct {
		n   byte
		oda bool
	}
	var got []rec
	for n, oda := range e.Records() {
		got = append(got, rec{n, oda})
	}
	assert.Equal(t, []rec{{1, true}, {2, true}, {3, false}, {4, false}}, got)
	for n := range e.Records() {
		if n == 2 {
			break // early stop must not panic
		}
	}
	assert.False(t, e.InODA(0))
	assert.False(t, e.InODA(5))
	assert.Equal(t, byte(0x14), e.ReadRecordP2(), "SFI 2 → P2 14 as in the emv-utils READ RECORD 00 B2 01 14 00")

	full := AFLEntry{SFI: 1, First: 1, Last: 255, ODACount: 255}
	count := 0
	for _, oda := range full.Records() {
		require.True(t, oda)
		count++
	}
	assert.Equal(t, 255, count)
	for range (AFLEntry{}).Records() {
		t.Fatal("an entry with first record 0 has no records")
	}
}

func FuzzParseAFL(f *testing.F) {
	f.Add([]byte{0x08, 0x02, 0x02, 0x00, 0x10, 0x01, 0x04, 0x00, 0x18, 0x01, 0x02, 0x01})
	f.Add([]byte{0x09, 0x02, 0x02, 0x00})
	f.Add([]byte{0x08, 0x01, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := ParseAFL(b)
		if err != nil {
			require.Nil(t, entries)
			return
		}
		assert.True(t, bytes.Equal(b, AppendAFL(nil, entries)))
		for _, e := range entries {
			require.NoError(t, e.Check())
			n, oda := 0, 0
			for r, in := range e.Records() {
				require.GreaterOrEqual(t, r, e.First)
				n++
				if in {
					oda++
				}
			}
			require.Equal(t, int(e.Last)-int(e.First)+1, n)
			require.Equal(t, int(e.ODACount), oda)
		}
	})
}
