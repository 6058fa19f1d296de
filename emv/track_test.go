package emv

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTrack2EquivalentVector(t *testing.T) {
	vecs := foundationVectors(t, "track_vectors.txt")
	raw := unhex(t, vecs["t2eq_hex"])
	tr, err := ParseTrack2Equivalent(raw)
	require.NoError(t, err)
	sc, err := ParseServiceCode(vecs["t2eq_service"])
	require.NoError(t, err)
	assert.Equal(t, Track2{PAN: vecs["t2eq_pan"], Expiry: vecs["t2eq_expiry"], ServiceCode: sc, Discretionary: vecs["t2eq_dd"]}, tr)
	out, err := tr.Append(nil)
	require.NoError(t, err)
	assert.Equal(t, raw, out)
	assert.Equal(t, "4761739001010119=22122011758928889", tr.Data())
	assert.Equal(t, "track 2 PAN 476173******0119 expiry 2212 service code 201", tr.String())
	assert.NotContains(t, tr.String(), "1758928889")
	assert.True(t, tr.ServiceCode.ChipPresent())
}

func TestTrack2EquivalentOddLength(t *testing.T) {
	tr := Track2{PAN: "123456789012", Expiry: "2512", ServiceCode: ServiceCode{1, 0, 1}, Discretionary: "12"}
	b, err := tr.Append(nil)
	require.NoError(t, err)
	// 12 + 1 + 4 + 3 + 2 = 22 nibbles: even, no pad.
	assert.Equal(t, []byte{0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0xD2, 0x51, 0x21, 0x01, 0x12}, b)
	tr.Discretionary = "123"
	b, err = tr.Append(nil)
	require.NoError(t, err)
	assert.Equal(t, byte(0x3F), b[len(b)-1], "odd count padded with one F")
	back, err := ParseTrack2Equivalent(b)
	require.NoError(t, err)
	assert.Equal(t, tr, back)
}

func TestParseTrack2EquivalentErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"no separator", []byte{0x12, 0x34, 0x56, 0x78}, ErrTrackSeparator},
		{"empty PAN", []byte{0xD2, 0x51, 0x21, 0x01}, ErrTrackPAN},
		{"PAN 20 digits", append(fillBytes(0x11, 10), 0xD2, 0x51, 0x21, 0x01), ErrTrackPAN},
		{"short after separator", []byte{0x12, 0x3D, 0x25, 0x12, 0x1F}, ErrTrackExpiry},
		{"month 13", []byte{0x12, 0x3D, 0x25, 0x13, 0x20, 0x1F}, ErrTrackExpiry},
		{"F in the middle", []byte{0x12, 0xF3, 0xD2, 0x51, 0x22, 0x01}, ErrTrackPadding},
		{"two F", []byte{0x12, 0x3D, 0x25, 0x12, 0x20, 0x1F, 0xFF}, ErrTrackPadding},
		{"A nibble", []byte{0x1A, 0x3D, 0x25, 0x12, 0x20, 0x1F}, ErrNotDecimal},
		{"second separator", []byte{0x12, 0x3D, 0x25, 0x12, 0x20, 0x1D}, ErrTrackDiscretionary},
		{"too long", fillBytes(0x11, 20), ErrTrackLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTrack2Equivalent(tt.in)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func fillBytes(b byte, n int) []byte { return []byte(strings.Repeat(string(rune(b)), n)) }

func TestStripeVectors(t *testing.T) {
	vecs := foundationVectors(t, "track_vectors.txt")
	sc, err := ParseServiceCode(vecs["stripe_service"])
	require.NoError(t, err)

	t1, err := ParseTrack1(vecs["stripe_t1"])
	require.NoError(t, err)
	assert.Equal(t, Track1{PAN: vecs["stripe_pan"], Name: vecs["stripe_name"], Expiry: vecs["stripe_expiry"], ServiceCode: sc, Discretionary: vecs["stripe_t1_dd"]}, t1)
	assert.Equal(t, vecs["stripe_t1"][1:len(vecs["stripe_t1"])-1], t1.Data())
	assert.Equal(t, "track 1 PAN 535029******5177 expiry 1604 service code 201", t1.String())

	t2, err := ParseTrack2(vecs["stripe_t2"])
	require.NoError(t, err)
	assert.Equal(t, Track2{PAN: vecs["stripe_pan"], Expiry: vecs["stripe_expiry"], ServiceCode: sc, Discretionary: vecs["stripe_t2_dd"]}, t2)
	assert.Equal(t, vecs["stripe_t2"], t2.Track()[:len(t2.Track())-1], "Track adds only the LRC")

	// With the LRC the tracks still parse, and a wrong LRC is refused.
	for _, s := range []string{t1.Track(), t2.Track()} {
		bad := s[:len(s)-1] + string(s[len(s)-1]^1)
		if s[0] == '%' {
			_, err := ParseTrack1(s)
			require.NoError(t, err)
			_, err = ParseTrack1(bad)
			assert.ErrorIs(t, err, ErrTrackLRC)
		} else {
			_, err := ParseTrack2(s)
			require.NoError(t, err)
			_, err = ParseTrack2(bad)
			assert.ErrorIs(t, err, ErrTrackLRC)
		}
	}
	// Without sentinels, as an authorisation request carries the tracks.
	t2b, err := ParseTrack2(t2.Data())
	require.NoError(t, err)
	assert.Equal(t, t2, t2b)
	t1b, err := ParseTrack1(t1.Data())
	require.NoError(t, err)
	assert.Equal(t, t1, t1b)
}

func TestLRCVectors(t *testing.T) {
	vecs := foundationVectors(t, "track_vectors.txt")
	assert.Equal(t, vecs["lrc2_lrc"], string(lrcTrack2(vecs["lrc2_track"])))
	assert.Equal(t, vecs["lrc1_lrc"], string(lrcTrack1(vecs["lrc1_track"])))
}

func TestParseTrack2Errors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"no end sentinel", ";4761739001010119=2212201", ErrTrackSentinel},
		{"two chars after end", ";4761739001010119=2212201?12", ErrTrackSentinel},
		{"end without start", "4761739001010119=2212201?", ErrTrackSentinel},
		{"no separator", ";4761739001010119?", ErrTrackSeparator},
		{"letters in PAN", ";47617390A1010119=2212201?", ErrTrackPAN},
		{"letters in DD", ";4761739001010119=2212201AB?", ErrTrackDiscretionary},
		{"bad service code", ";4761739001010119=22122X1?", ErrServiceCode},
		{"too long", ";" + strings.Repeat("1", 19) + "=2212201" + strings.Repeat("0", 12) + "?", ErrTrackLength},
		{"38 data characters with sentinels, no LRC", ";" + strings.Repeat("1", 16) + "=2212201" + strings.Repeat("0", 14) + "?", ErrTrackLength},
		{"unframed 38 characters", strings.Repeat("1", 16) + "=2212201" + strings.Repeat("0", 14), ErrTrackLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTrack2(tt.in)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func TestParseTrack1Errors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"format A", "%A4761739001010119^DOE/J^2212201?", ErrTrackFormatCode},
		{"empty", "", ErrTrackFormatCode},
		{"one separator", "%B4761739001010119^DOE/J?", ErrTrackSeparator},
		{"no separator", "%B4761739001010119?", ErrTrackSeparator},
		{"name short", "%B4761739001010119^D^2212201?", ErrTrackName},
		{"name lower case", "%B4761739001010119^doe/j^2212201?", ErrTrackName},
		{"name too long", "%B4761739001010119^" + strings.Repeat("X", 27) + "^2212201?", ErrTrackName},
		{"bad expiry", "%B4761739001010119^DOE/J^2200201?", ErrTrackExpiry},
		{"bad DD", "%B4761739001010119^DOE/J^2212201abc?", ErrTrackDiscretionary},
		{"PAN empty", "%B^DOE/J^2212201?", ErrTrackPAN},
		{"too long", "%B4761739001010119^DOE/J^2212201" + strings.Repeat("0", 60) + "?", ErrTrackLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTrack1(tt.in)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func TestTrack2AppendErrors(t *testing.T) {
	good := Track2{PAN: "4761739001010119", Expiry: "2212", ServiceCode: ServiceCode{2, 0, 1}}
	tests := []struct {
		name string
		edit func(*Track2)
		want error
	}{
		{"PAN letters", func(t *Track2) { t.PAN = "47A1" }, ErrTrackPAN},
		{"expiry short", func(t *Track2) { t.Expiry = "221" }, ErrTrackExpiry},
		{"service code out of range", func(t *Track2) { t.ServiceCode = ServiceCode{12, 0, 0} }, ErrServiceCode},
		{"DD letters", func(t *Track2) { t.Discretionary = "12X" }, ErrTrackDiscretionary},
		{"too long", func(t *Track2) { t.Discretionary = strings.Repeat("1", 20) }, ErrTrackDiscretionary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := good
			tt.edit(&tr)
			out, err := tr.Append([]byte{7})
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, []byte{7}, out)
		})
	}
}

func TestServiceCode(t *testing.T) {
	tests := []struct {
		code  string
		check map[string]bool
		words string
	}{
		{"201", map[string]bool{"chip": true, "intl": true, "normal": true, "norestr": true, "pin": false}, "201 (international, chip; normal authorisation; no restrictions)"},
		{"101", map[string]bool{"chip": false, "intl": true, "normal": true, "norestr": true}, "101 (international; normal authorisation; no restrictions)"},
		{"620", map[string]bool{"chip": true, "national": true, "issuer": true, "pin": true, "norestr": true}, "620 (national, chip; authorisation by issuer; no restrictions, PIN required)"},
		{"226", map[string]bool{"chip": true, "issuer": true, "prompt": true, "norestr": true, "pin": false}, "226 (international, chip; authorisation by issuer; no restrictions, PIN if PIN pad)"},
		{"703", map[string]bool{"private": true, "atm": true, "pin": true, "norestr": false}, "703 (private; normal authorisation; ATM only, PIN required)"},
		{"544", map[string]bool{"national": true, "bilateral": true, "cash": true, "pin": false}, "544 (national; authorisation by issuer unless bilateral agreement; cash only)"},
		{"905", map[string]bool{"test": true, "goods": true, "pin": true}, "905 (test; normal authorisation; goods and services only, PIN required)"},
		{"127", map[string]bool{"goods": true, "prompt": true}, "127 (international; authorisation by issuer; goods and services only, PIN if PIN pad)"},
		{"312", map[string]bool{"intl": false, "goods": true}, "312 (RFU; RFU; goods and services only)"},
		{"898", map[string]bool{}, "898 (RFU; RFU; RFU)"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			sc, err := ParseServiceCode(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.code, sc.Digits())
			assert.Equal(t, tt.words, sc.String())
			got := map[string]bool{
				"chip": sc.ChipPresent(), "intl": sc.International(), "national": sc.National(),
				"private": sc.Private(), "test": sc.Test(), "normal": sc.AuthorisationNormal(),
				"issuer": sc.AuthorisationByIssuer(), "bilateral": sc.AuthorisationByIssuerUnlessBilateral(),
				"pin": sc.PINRequired(), "prompt": sc.PromptForPINIfPINPad(), "norestr": sc.NoRestrictions(),
				"goods": sc.GoodsAndServicesOnly(), "atm": sc.ATMOnly(), "cash": sc.CashOnly(),
			}
			for k, want := range tt.check {
				assert.Equal(t, want, got[k], k)
			}
		})
	}
	for _, bad := range []string{"", "20", "2011", "2a1", " 01"} {
		_, err := ParseServiceCode(bad)
		assert.ErrorIs(t, err, ErrServiceCode, bad)
	}
}

func TestMaskPAN(t *testing.T) {
	tests := map[string]string{
		"4761739001010119":    "476173******0119",
		"5350290149345177":    "535029******5177",
		"3714496353984310000": "371449*********0000",
		"12345678901":         "123456*8901",
		"1234567890":          "******7890",
		"12345":               "*2345",
		"1234":                "****",
		"":                    "",
	}
	for in, want := range tests {
		assert.Equal(t, want, MaskPAN(in), in)
	}
}

func BenchmarkParseTrack2Equivalent(b *testing.B) {
	raw := []byte{0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x01, 0x19, 0xD2, 0x21, 0x22, 0x01, 0x17, 0x58, 0x92, 0x88, 0x89}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseTrack2Equivalent(raw)
	}
}

func FuzzParseTrack2Equivalent(f *testing.F) {
	f.Add([]byte{0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x01, 0x19, 0xD2, 0x21, 0x22, 0x01, 0x17, 0x58, 0x92, 0x88, 0x89})
	f.Add([]byte{0x12, 0x3D, 0x25, 0x12, 0x20, 0x1F})
	f.Add([]byte{0x12, 0xF3, 0xD2, 0x51, 0x22, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := ParseTrack2Equivalent(b)
		if err != nil {
			return
		}
		out, err := tr.Append(nil)
		require.NoError(t, err)
		require.Equal(t, b, out)
		if len(tr.Data()) <= maxTrack2Chars-3 { // 57 may hold more than a stripe
			back, err := ParseTrack2(tr.Track())
			require.NoError(t, err)
			require.Equal(t, tr, back)
		}
	})
}

func FuzzParseTrack2(f *testing.F) {
	f.Add(";5350290149345177=16042010000056700100?")
	f.Add(";5350290149345177=16042010000056700100?5")
	f.Add("4761739001010119=22122011758928889")
	f.Add(";0?4")
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := ParseTrack2(s)
		if err != nil {
			return
		}
		back, err := ParseTrack2(tr.Track())
		require.NoError(t, err)
		require.Equal(t, tr, back)
		if len(s) > 0 && s[0] == ';' {
			require.True(t, strings.HasPrefix(tr.Track(), s[:len(s)-1]))
		} else {
			require.Equal(t, s, tr.Data())
		}
		if b, err := tr.Append(nil); err == nil {
			eq, err := ParseTrack2Equivalent(b)
			require.NoError(t, err)
			require.Equal(t, tr, eq)
		}
	})
}

func FuzzParseTrack1(f *testing.F) {
	f.Add("%B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000?")
	f.Add("B5350290149345177^FATEHI/SUALEH^1604201")
	f.Add("%B1^AB^2212201?%")
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := ParseTrack1(s)
		if err != nil {
			return
		}
		back, err := ParseTrack1(tr.Track())
		require.NoError(t, err)
		require.Equal(t, tr, back)
		if len(s) > 0 && s[0] != '%' {
			require.Equal(t, s, tr.Data())
		}
		require.NotContains(t, tr.String(), "^")
	})
}

func ExampleParseTrack2Equivalent() {
	t2, err := ParseTrack2Equivalent([]byte{0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x01, 0x19, 0xD2, 0x21, 0x22, 0x01, 0x17, 0x58, 0x92, 0x88, 0x89})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t2)
	fmt.Println(t2.ServiceCode)
	fmt.Println("chip present:", t2.ServiceCode.ChipPresent())
	// Output:
	// track 2 PAN 476173******0119 expiry 2212 service code 201
	// 201 (international, chip; normal authorisation; no restrictions)
	// chip present: true
}
