package emv

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dolSource serves the emv-utils source values.
func dolSource(t testing.TB, vecs map[string]string) func(Tag) ([]byte, bool) {
	values := map[Tag][]byte{}
	for _, tg := range []Tag{0x9C, 0x9A, 0x5F2A, 0x9F02, 0x9F03, 0x9F1A, 0x9F37, 0x95} {
		values[tg] = unhex(t, vecs["src_"+tg.String()])
	}
	return func(tg Tag) ([]byte, bool) {
		v, ok := values[tg]
		return v, ok
	}
}

func TestParseDOLVectors(t *testing.T) {
	vecs := foundationVectors(t, "dol_emvutils.txt")
	raw := unhex(t, vecs["dol"])
	d, err := ParseDOL(raw)
	require.NoError(t, err)
	assert.Equal(t, DOL{{0x9F02, 6}, {0x9F03, 6}, {0x9F1A, 2}, {0x95, 5}, {0x5F2A, 2}, {0x9A, 3}, {0x9C, 1}, {0x9F37, 4}}, d)
	assert.Equal(t, 29, d.DataLen())
	assert.Equal(t, raw, d.AppendList(nil))

	for _, name := range []string{"dol_truncated_length", "dol_truncated_tag"} {
		_, err := ParseDOL(unhex(t, vecs[name]))
		var de *DOLError
		require.ErrorAs(t, err, &de, name)
	}
	_, err = ParseDOL(unhex(t, vecs["dol_truncated_length"]))
	assert.ErrorIs(t, err, ErrDOLTruncated)
	assert.Equal(t, "emv: DOL entry runs past the end of the list at DOL offset 18", err.Error())
}

func TestDOLAppendVectors(t *testing.T) {
	vecs := foundationVectors(t, "dol_emvutils.txt")
	src := dolSource(t, vecs)
	tests := []struct{ dol, data string }{
		{"dol", "data_exact"},
		{"dol_lengths", "data_lengths"},
	}
	for _, tt := range tests {
		t.Run(tt.dol, func(t *testing.T) {
			d, err := ParseDOL(unhex(t, vecs[tt.dol]))
			require.NoError(t, err)
			want := unhex(t, vecs[tt.data])
			got := d.Append(nil, src)
			assert.Equal(t, want, got)
			assert.Len(t, got, d.DataLen())
			require.NoError(t, d.CheckData(got))
		})
	}
}

func TestDOLAppendRules(t *testing.T) {
	src := func(values map[Tag][]byte) func(Tag) ([]byte, bool) {
		return func(tg Tag) ([]byte, bool) { v, ok := values[tg]; return v, ok }
	}
	values := map[Tag][]byte{
		TagApplicationPAN:      {0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x01, 0x19}, // cn
		TagMerchantIdentifier:  []byte("SHOP"),                                   // ans
		TagTransactionType:     {0x00},
		TagFCITemplate:         {0x84, 0x01, 0x01}, // constructed: always zeros
		TagTerminalCountryCode: {0x03, 0x92},
	}
	tests := []struct {
		name string
		dol  DOL
		want []byte
	}{
		{"cn padded with F", DOL{{TagApplicationPAN, 10}}, []byte{0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x01, 0x19, 0xFF, 0xFF}},
		{"cn cut on the right", DOL{{TagApplicationPAN, 3}}, []byte{0x47, 0x61, 0x73}},
		{"ans padded with zeros", DOL{{TagMerchantIdentifier, 6}}, []byte{'S', 'H', 'O', 'P', 0, 0}},
		{"ans cut on the right", DOL{{TagMerchantIdentifier, 2}}, []byte{'S', 'H'}},
		{"n padded on the left", DOL{{TagTerminalCountryCode, 3}}, []byte{0x00, 0x03, 0x92}},
		{"n cut on the left", DOL{{TagTerminalCountryCode, 1}}, []byte{0x92}},
		{"absent gives zeros", DOL{{TagUnpredictableNumber, 4}}, []byte{0, 0, 0, 0}},
		{"constructed gives zeros", DOL{{TagFCITemplate, 3}}, []byte{0, 0, 0}},
		{"zero length gives nothing", DOL{{TagTransactionType, 0}, {TagTransactionType, 1}}, []byte{0x00}},
		{"negative length ignored", DOL{{TagTransactionType, -3}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.dol.Append(nil, src(values))
			assert.Equal(t, tt.want, got)
			assert.Len(t, got, tt.dol.DataLen())
		})
	}
	assert.Equal(t, []byte{0, 0}, DOL{{TagTransactionType, 2}}.Append(nil, nil), "nil source")
}

func TestDOLValue(t *testing.T) {
	d := DOL{{TagAmountAuthorised, 6}, {TagTerminalCountryCode, 2}, {TagTransactionType, 0}, {TagUnpredictableNumber, 4}}
	data := []byte{0, 0, 0, 0, 0x10, 0, 0x03, 0x92, 1, 2, 3, 4}
	v, ok := d.Value(data, TagTerminalCountryCode)
	require.True(t, ok)
	assert.Equal(t, []byte{0x03, 0x92}, v)
	v, ok = d.Value(data, TagUnpredictableNumber)
	require.True(t, ok)
	assert.Equal(t, []byte{1, 2, 3, 4}, v)
	_, ok = d.Value(data[:10], TagUnpredictableNumber)
	assert.False(t, ok)
	_, ok = d.Value(data, TagTerminalVerificationResults)
	assert.False(t, ok)
	assert.ErrorIs(t, d.CheckData(data[:11]), ErrDOLDataLength)
	assert.NoError(t, d.CheckData(data))
}

func TestDOLAppendAllocs(t *testing.T) {
	d := DOL{{TagAmountAuthorised, 6}, {TagTerminalCountryCode, 2}, {TagUnpredictableNumber, 4}}
	val := []byte{1, 2, 3}
	src := func(Tag) ([]byte, bool) { return val, true }
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(100, func() { _ = d.Append(buf[:0], src) })
	assert.Zero(t, allocs)
}

func BenchmarkDOLAppend(b *testing.B) {
	vecs := foundationVectors(b, "dol_emvutils.txt")
	d, err := ParseDOL(unhex(b, vecs["dol"]))
	require.NoError(b, err)
	src := dolSource(b, vecs)
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = d.Append(buf[:0], src)
	}
}

func BenchmarkParseDOL(b *testing.B) {
	raw := []byte{0x9F, 0x02, 0x06, 0x9F, 0x03, 0x06, 0x9F, 0x1A, 0x02, 0x95, 0x05, 0x5F, 0x2A, 0x02, 0x9A, 0x03, 0x9C, 0x01, 0x9F, 0x37, 0x04}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseDOL(raw)
	}
}

func FuzzParseDOL(f *testing.F) {
	f.Add([]byte{0x9F, 0x02, 0x06, 0x9F, 0x03, 0x06, 0x9F, 0x1A, 0x02, 0x95, 0x05, 0x5F, 0x2A, 0x02, 0x9A, 0x03, 0x9C, 0x01, 0x9F, 0x37, 0x04})
	f.Add([]byte{0x9F, 0x02, 0x03, 0x9F, 0x03, 0x07, 0x6F, 0x02, 0x9A, 0x00})
	f.Add([]byte{0x9F, 0x1F})
	f.Add([]byte{0xDF, 0xFF, 0xFF, 0x01})
	src := func(tg Tag) ([]byte, bool) {
		if tg&1 == 0 {
			return nil, false
		}
		return make([]byte, int(tg%11)), true
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseDOL(b)
		if err != nil {
			return
		}
		assert.True(t, bytes.Equal(b, d.AppendList(nil)))
		data := d.Append(nil, src)
		require.Len(t, data, d.DataLen())
		require.NoError(t, d.CheckData(data))
		for _, e := range d {
			v, ok := d.Value(data, e.Tag)
			require.True(t, ok)
			require.LessOrEqual(t, len(v), 255)
		}
	})
}

func ExampleDOL_Append() {
	// A PDOL asking for Amount, Authorised (n 12), Terminal Country Code
	// (n 3) and the Unpredictable Number.
	pdol, _ := ParseDOL([]byte{0x9F, 0x02, 0x06, 0x9F, 0x1A, 0x02, 0x9F, 0x37, 0x04})
	values := map[Tag][]byte{
		TagAmountAuthorised:    AppendN(nil, 1200, 6),
		TagTerminalCountryCode: AppendN(nil, uint64(CountryJapan), 2),
	}
	data := pdol.Append(nil, func(t Tag) ([]byte, bool) { v, ok := values[t]; return v, ok })
	fmt.Printf("% X\n", data)
	// Output: 00 00 00 00 12 00 03 92 00 00 00 00
}
