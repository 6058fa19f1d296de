package emv

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// foundationVectors reads a testdata file of "name = value" lines.
func foundationVectors(t testing.TB, file string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	require.NoError(t, err)
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, " = ")
		require.True(t, ok, "bad line %q", line)
		m[k] = v
	}
	require.NoError(t, sc.Err())
	return m
}

func TestNumericVectors(t *testing.T) {
	vecs := foundationVectors(t, "numeric_vectors.txt")
	split := func(name string) ([]byte, string) {
		raw, want, ok := strings.Cut(vecs[name], " ; ")
		require.True(t, ok, name)
		return unhex(t, raw), want
	}
	for _, name := range []string{"amount_9F02", "amount_9F03", "currency_5F2A", "country_9F1A", "psn_5F34"} {
		t.Run(name, func(t *testing.T) {
			b, want := split(name)
			v, err := ParseN(b)
			require.NoError(t, err)
			assert.Equal(t, want, formatUint(v))
			assert.Equal(t, b, AppendN(nil, v, len(b)))
		})
	}
	for _, name := range []string{"date_9A", "expiry_5F24"} {
		t.Run(name, func(t *testing.T) {
			b, want := split(name)
			d, err := ParseDate(b)
			require.NoError(t, err)
			assert.Equal(t, want, d.Format(time.DateOnly))
			assert.Equal(t, b, AppendDate(nil, d))
		})
	}
	t.Run("pan_5A", func(t *testing.T) {
		b, want := split("pan_5A")
		pan, err := ParseCN(b)
		require.NoError(t, err)
		assert.Equal(t, want, pan)
		out, err := AppendCN(nil, pan, 0)
		require.NoError(t, err)
		assert.Equal(t, b, out)
	})
	t.Run("amount", func(t *testing.T) {
		b, _ := split("amount_9F02")
		a, err := AmountN(b)
		require.NoError(t, err)
		assert.Equal(t, int64(123456789), a)
		out, err := AppendAmountN(nil, a)
		require.NoError(t, err)
		assert.Equal(t, b, out)
	})
}

func formatUint(v uint64) string {
	if v == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for v > 0 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return string(buf[i:])
}

func TestParseN(t *testing.T) {
	tests := []struct {
		in      []byte
		want    uint64
		wantErr error
	}{
		{nil, 0, nil},
		{[]byte{0x00}, 0, nil},
		{[]byte{0x09, 0x78}, 978, nil},
		{[]byte{0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99}, 0, ErrNumericOverflow}, // 20 digits
		{[]byte{0x09, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99}, 9999999999999999999, nil},
		{[]byte{0x00, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99}, 999999999999999999, nil},
		{[]byte{0x1A}, 0, ErrNotDecimal},
		{[]byte{0xF1}, 0, ErrNotDecimal},
	}
	for _, tt := range tests {
		got, err := ParseN(tt.in)
		if tt.wantErr != nil {
			require.ErrorIs(t, err, tt.wantErr, "%X", tt.in)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%X", tt.in)
	}
	var ne *NibbleError
	_, err := ParseN([]byte{0x12, 0x3C})
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, 3, ne.Index)
	assert.Equal(t, byte(0xC), ne.Nibble)
	assert.Equal(t, "emv: nibble is not a decimal digit: c at nibble 3", err.Error())
}

func TestAppendN(t *testing.T) {
	assert.Equal(t, []byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00}, AppendN(nil, 1000, 6))
	assert.Equal(t, []byte{0x03, 0x92}, AppendN(nil, 392, 2))
	assert.Equal(t, []byte{0x34, 0x56}, AppendN(nil, 123456, 2), "cut on the left")
	assert.Equal(t, []byte{0xAA}, AppendN([]byte{0xAA}, 5, 0))
}

func TestCN(t *testing.T) {
	_, err := ParseCN([]byte{0x12, 0xF3})
	assert.ErrorIs(t, err, ErrCNPadding)
	_, err = ParseCN([]byte{0x1A})
	assert.ErrorIs(t, err, ErrNotDecimal)
	s, err := ParseCN([]byte{0x12, 0x3F, 0xFF})
	require.NoError(t, err)
	assert.Equal(t, "123", s)

	b, err := AppendCN(nil, "123", 3)
	require.NoError(t, err)
	assert.Equal(t, []byte{0x12, 0x3F, 0xFF}, b)
	_, err = AppendCN(nil, "12345", 2)
	assert.ErrorIs(t, err, ErrNumericOverflow)
	_, err = AppendCN(nil, "12a", 0)
	assert.ErrorIs(t, err, ErrNotDecimal)
}

func TestAmountN(t *testing.T) {
	_, err := AmountN([]byte{0x01})
	assert.ErrorIs(t, err, ErrNumericOverflow)
	_, err = AmountN([]byte{0, 0, 0, 0, 0, 0x0A})
	assert.ErrorIs(t, err, ErrNotDecimal)
	_, err = AppendAmountN(nil, -1)
	assert.ErrorIs(t, err, ErrNumericOverflow)
	_, err = AppendAmountN(nil, MaxAmountN+1)
	assert.ErrorIs(t, err, ErrNumericOverflow)
	b, err := AppendAmountN(nil, MaxAmountN)
	require.NoError(t, err)
	assert.Equal(t, []byte{0x99, 0x99, 0x99, 0x99, 0x99, 0x99}, b)
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   []byte
		want string // "" for an error
	}{
		{[]byte{0x49, 0x12, 0x31}, "2049-12-31"},
		{[]byte{0x50, 0x01, 0x01}, "1950-01-01"},
		{[]byte{0x24, 0x02, 0x29}, "2024-02-29"},
		{[]byte{0x23, 0x02, 0x29}, ""},
		{[]byte{0x22, 0x04, 0x31}, ""},
		{[]byte{0x22, 0x13, 0x01}, ""},
		{[]byte{0x22, 0x00, 0x01}, ""},
		{[]byte{0x22, 0x01, 0x00}, ""},
		{[]byte{0x22, 0x01, 0x3A}, ""},
		{[]byte{0x22, 0x01}, ""},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if tt.want == "" {
			assert.ErrorIs(t, err, ErrDate, "%X", tt.in)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tt.want, d.Format(time.DateOnly))
	}
}

func TestExpiryDate(t *testing.T) {
	tests := map[string]string{
		"2212": "2022-12-31",
		"2204": "2022-04-30",
		"2402": "2024-02-29",
		"2302": "2023-02-28",
		"9901": "1999-01-31",
		"4912": "2049-12-31",
	}
	for in, want := range tests {
		d, err := ExpiryDate(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, d.Format(time.DateOnly), in)
	}
	for _, bad := range []string{"", "221", "22123", "2213", "2200", "22A1"} {
		_, err := ExpiryDate(bad)
		assert.ErrorIs(t, err, ErrDate, bad)
	}
	// 5F24 of the emv-utils card matches its track 2 equivalent expiry 2212.
	d, _ := ExpiryDate("2212")
	assert.Equal(t, []byte{0x22, 0x12, 0x31}, AppendDate(nil, d))
}

func TestTime(t *testing.T) {
	d, err := ParseTime([]byte{0x23, 0x59, 0x58})
	require.NoError(t, err)
	assert.Equal(t, 23*time.Hour+59*time.Minute+58*time.Second, d)
	for _, bad := range [][]byte{{0x24, 0, 0}, {0, 0x60, 0}, {0, 0, 0x60}, {0, 0, 0x0A}, {0, 0}} {
		_, err := ParseTime(bad)
		assert.ErrorIs(t, err, ErrTime, "%X", bad)
	}
	at := time.Date(2026, 11, 25, 9, 5, 7, 0, time.UTC)
	assert.Equal(t, []byte{0x09, 0x05, 0x07}, AppendTime(nil, at))
	assert.Equal(t, []byte{0x26, 0x11, 0x25}, AppendDate(nil, at))
}

func TestCurrency(t *testing.T) {
	jpy, ok := LookupCurrency(CurrencyJPY)
	require.True(t, ok)
	assert.Equal(t, Currency{392, "JPY", 0}, jpy)
	usd, ok := LookupCurrencyAlpha("USD")
	require.True(t, ok)
	assert.Equal(t, Currency{840, "USD", 2}, usd)
	eur, _ := LookupCurrency(CurrencyEUR)
	assert.Equal(t, 2, eur.Exponent)
	gbp, _ := LookupCurrency(CurrencyGBP)
	assert.Equal(t, "GBP", gbp.Alpha)
	_, ok = LookupCurrency(999)
	assert.False(t, ok)
	_, ok = LookupCurrencyAlpha("XXX")
	assert.False(t, ok)

	jp, ok := LookupCountry(CountryJapan)
	require.True(t, ok)
	assert.Equal(t, Country{392, "JP", "JPN"}, jp)
	us, _ := LookupCountry(CountryUnitedStates)
	assert.Equal(t, "USA", us.Alpha3)
	gb, _ := LookupCountry(CountryUnitedKingdom)
	assert.Equal(t, "GB", gb.Alpha2)
	_, ok = LookupCountry(0)
	assert.False(t, ok)
	// 9F1A 0392 as the terminal sends it.
	assert.Equal(t, []byte{0x03, 0x92}, AppendN(nil, uint64(CountryJapan), 2))
}

func FuzzParseN(f *testing.F) {
	f.Add([]byte{0x00, 0x01, 0x23, 0x45, 0x67, 0x89})
	f.Add([]byte{0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x01, 0x19})
	f.Add([]byte{0x24, 0x02, 0x17})
	f.Fuzz(func(t *testing.T, b []byte) {
		if v, err := ParseN(b); err == nil && len(b) > 0 {
			if len(b) <= 10 {
				assert.Equal(t, b, AppendN(nil, v, len(b)))
			}
		}
		if s, err := ParseCN(b); err == nil {
			out, err := AppendCN(nil, s, len(b))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(b, out))
		}
		if d, err := ParseDate(b); err == nil {
			assert.Equal(t, b, AppendDate(nil, d))
		}
		_, _ = ParseTime(b)
		_, _ = AmountN(b)
		if d, err := ExpiryDate(string(b)); err == nil {
			require.Equal(t, string(b), d.Format("0601"))
		}
	})
}
