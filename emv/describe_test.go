package emv

import (
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDescribeRealResponses(t *testing.T) {
	tests := []struct {
		vector string
		opts   []DescribeOption
		want   string
	}{
		{"ppse", nil, `6F File Control Information (FCI) Template
  84 Dedicated File (DF) Name: 325041592E5359532E4444463031
  A5 File Control Information (FCI) Proprietary Template
    BF0C File Control Information (FCI) Issuer Discretionary Data
      61 Application Template
        4F Application Dedicated File (ADF) Name: A0000000041010
        50 Application Label: "Debit MasterCard"
        87 Application Priority Indicator: 01
        9F0A Application Selection Registered Proprietary Data (ASRPD): 00010101
`},
		{"record_track2", nil, `70 READ RECORD Response Message Template
  57 Track 2 Equivalent Data: 476173******0119D*****************
  5F20 Cardholder Name: <masked, 12 bytes>
  9F1F Track 1 Discretionary Data: <masked, 14 bytes>
`},
		{"record_track2", []DescribeOption{DescribeUnmasked()}, `70 READ RECORD Response Message Template
  57 Track 2 Equivalent Data: 4761739001010119D22122011758928889
  5F20 Cardholder Name: "EXPIRED/CARD"
  9F1F Track 1 Discretionary Data: "17589096000000"
`},
		{"record_sfi2_1", nil, `70 READ RECORD Response Message Template
  5A Application Primary Account Number (PAN): 476173******0119
  5F34 Application PAN Sequence Number: 01
  5F24 Application Expiration Date: 2022-12-31
  8C Card Risk Management Data Object List 1 (CDOL1): 9F02069F03069F1A0295055F2A029A039C019F3704
  8D Card Risk Management Data Object List 2 (CDOL2): 8A029F02069F03069F1A0295055F2A029A039C019F37049108
`},
		{"record_sfi2_1", []DescribeOption{DescribeUnmasked()}, `70 READ RECORD Response Message Template
  5A Application Primary Account Number (PAN): 4761739001010119
  5F34 Application PAN Sequence Number: 01
  5F24 Application Expiration Date: 2022-12-31
  8C Card Risk Management Data Object List 1 (CDOL1): 9F02069F03069F1A0295055F2A029A039C019F3704
  8D Card Risk Management Data Object List 2 (CDOL2): 8A029F02069F03069F1A0295055F2A029A039C019F37049108
`},
		{"gpo_format2", nil, `77 Response Message Template Format 2
  82 Application Interchange Profile (AIP): 3900
  94 Application File Locator (AFL): 1801020120020400
`},
		{"gpo_format1", nil, "80 Response Message Template Format 1: 7800080202001001040018010201\n"},
	}
	for _, tt := range tests {
		var sb strings.Builder
		require.NoError(t, Describe(&sb, tlvVector(t, tt.vector), tt.opts...), tt.vector)
		assert.Equal(t, tt.want, sb.String(), tt.vector)
	}
}

func TestDescribeValues(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		masked   string
		unmasked string // "" when the same as masked
	}{
		{"date", "9A03251125", "9A Transaction Date: 2025-11-25", ""},
		{"time", "9F2103143005", "9F21 Transaction Time: 14:30:05", ""},
		{"amount", "9F0206000000001000", "9F02 Amount, Authorised (Numeric): 000000001000", ""},
		{"currency", "5F2A020392", "5F2A Transaction Currency Code: 0392", ""},
		{"bad BCD falls back to hex", "9F02060000000010A0", "9F02 Amount, Authorised (Numeric): 0000000010A0", ""},
		{"an", "9F1C083132333435363738", `9F1C Terminal Identification: "12345678"`, ""},
		{"ans with control byte", "500241 0A", `50 Application Label: "A\n"`, ""},
		{"a", "5F55024A50", `5F55 Issuer Country Code (alpha2 format): "JP"`, ""},
		{"unknown tag", "9F7F020102", "9F7F: 0102", ""},
		{"empty", "9F3700", "9F37 Unpredictable Number: ", ""},
		{"PAN with padding", "5A0837424500000000 1F", "5A Application Primary Account Number (PAN): 374245*****0001", "5A Application Primary Account Number (PAN): 374245000000001"},
		{"PAN that is not cn", "5A0447617A90", "5A Application Primary Account Number (PAN): <masked, 4 bytes>", "5A Application Primary Account Number (PAN): 47617A90"},
		{"PIN data never shown", "9908241234FFFFFFFFFF", "99 Transaction Personal Identification Number (PIN) Data: <masked, 8 bytes>", ""},
		{"PIN CHANGE script command", "860D842400020811223344556677 88", "86 Issuer Script Command: 84240002 <masked, 9 bytes>", ""},
		{"other script command", "86058418000000", "86 Issuer Script Command: 8418000000", ""},
		{"track 1", "560F42343736313733393030313031305E", `56 Track 1 Data: "B476173***1010^"`, `56 Track 1 Data: "B4761739001010^"`},
		{"track 2 without separator", "570447617390", "57 Track 2 Equivalent Data: <masked, 4 bytes>", "57 Track 2 Equivalent Data: 47617390"},
		{"IBAN as text", "5F5304444531 32", `5F53 International Bank Account Number (IBAN): "DE12"`, ""},
		{"AFL as hex", "940408010100", "94 Application File Locator (AFL): 08010100", ""},
	}
	for _, tt := range tests {
		b := unhex(t, tt.in)
		var sb strings.Builder
		require.NoError(t, Describe(&sb, b), tt.name)
		assert.Equal(t, tt.masked+"\n", sb.String(), tt.name)
		want := tt.unmasked
		if want == "" {
			want = tt.masked
		}
		sb.Reset()
		require.NoError(t, Describe(&sb, b, DescribeUnmasked()), tt.name)
		assert.Equal(t, want+"\n", sb.String(), tt.name)
	}
}

func TestDescribeMalformed(t *testing.T) {
	var sb strings.Builder
	err := Describe(&sb, tlvVector(t, "record_malformed"))
	assert.ErrorIs(t, err, ErrValueTruncated)
	assert.Equal(t, `70 READ RECORD Response Message Template
  57 Track 2 Equivalent Data: 476173******0119D*****************
  5F20 Cardholder Name: <masked, 12 bytes>
`, sb.String())
}

type failingWriter struct{ n int }

var errWrite = errors.New("write failed")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n == 0 {
		return 0, errWrite
	}
	w.n--
	return len(p), nil
}

func TestDescribeWriteError(t *testing.T) {
	w := &failingWriter{n: 2}
	assert.ErrorIs(t, Describe(w, tlvVector(t, "ppse")), errWrite)
	// A write error wins over a malformed input seen later.
	w = &failingWriter{n: 1}
	assert.ErrorIs(t, Describe(w, tlvVector(t, "record_malformed")), errWrite)
}

func ExampleDescribe() {
	// A READ RECORD response of the emv-utils Visa test card.
	record, _ := hex.DecodeString("70465A0847617390010101195F3401015F24032212318C159F02069F03069F1A0295055F2A029A039C019F37048D198A029F02069F03069F1A0295055F2A029A039C019F37049108")
	_ = Describe(os.Stdout, record)
	// Output:
	// 70 READ RECORD Response Message Template
	//   5A Application Primary Account Number (PAN): 476173******0119
	//   5F34 Application PAN Sequence Number: 01
	//   5F24 Application Expiration Date: 2022-12-31
	//   8C Card Risk Management Data Object List 1 (CDOL1): 9F02069F03069F1A0295055F2A029A039C019F3704
	//   8D Card Risk Management Data Object List 2 (CDOL2): 8A029F02069F03069F1A0295055F2A029A039C019F37049108
}

func ExampleFind() {
	// The SELECT PPSE response of a Debit Mastercard: the AID sits four
	// templates deep (6F A5 BF0C 61).
	ppse, _ := hex.DecodeString("6F3C840E325041592E5359532E4444463031A52ABF0C2761254F07A000000004101050104465626974204D6173746572436172648701019F0A0400010101")
	aid, ok, err := Find(ppse, TagApplicationIdentifierCard)
	if err != nil || !ok {
		return
	}
	os.Stdout.WriteString(hex.EncodeToString(aid.Value) + " " + TagApplicationIdentifierCard.Name() + "\n")
	// Output:
	// a0000000041010 Application Dedicated File (ADF) Name
}
