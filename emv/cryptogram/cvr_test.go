package cryptogram

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCVR checks each layout's bit positions (as the public CVR decoders
// of jPOS and openemv emv-utils place them) both ways.
func TestCVR(t *testing.T) {
	tests := []struct {
		name   string
		layout IADLayout
		r      CardVerificationResults
		want   string // the layout's bytes, 6 in all
	}{
		{"Visa: first ARQC, no second", IADVisa,
			CardVerificationResults{FirstAC: 0x80, SecondAC: 0x80}, "03a000000000"},
		{"Visa: TC after online, offline PIN performed", IADVisa,
			CardVerificationResults{FirstAC: 0x80, SecondAC: 0x40, PINPerformed: true}, "036400000000"},
		{"Visa: PIN try limit exceeded, new card", IADVisa,
			CardVerificationResults{FirstAC: 0x00, SecondAC: 0x80, PINTryLimitExceeded: true, NewCard: true}, "038050000000"},
		{"Visa: issuer authentication failed, unable online, PIN failed", IADVisa,
			CardVerificationResults{FirstAC: 0x80, SecondAC: 0x00, IssuerAuthFailed: true, PINFailed: true, UnableOnline: true}, "032b00000000"},
		{"Visa: last online not completed, velocity, IA failed last, IA not performed, blocked", IADVisa,
			CardVerificationResults{SecondAC: 0x80, LastOnlineNotCompleted: true, LowerOfflineLimitExceeded: true,
				IssuerAuthFailedLast: true, IssuerAuthNotPerformed: true, BlockedByPINTryLimit: true}, "0380ae000000"},
		{"Visa: 2 scripts, script failed, ODA failed last, DDA", IADVisa,
			CardVerificationResults{SecondAC: 0x80, Scripts: 2, ScriptFailed: true, ODAFailedLast: true, DDA: true}, "0380012e0000"},
		{"M/Chip: first ARQC, PIN not performed, tries 3", IADMChip,
			CardVerificationResults{FirstAC: 0x80, SecondAC: 0x80, PINTries: 3}, "a00003200000"},
		{"M/Chip: PIN OK, DDA, CDA first, IA performed", IADMChip,
			CardVerificationResults{FirstAC: 0x80, SecondAC: 0x40, PINPerformed: true, PINOK: true, DDA: true, CDAFirst: true, IssuerAuthPerformed: true, PINTries: 3}, "65d003000000"},
		{"M/Chip: PIN try limit exceeded and failed, script 1, CDA second", IADMChip,
			CardVerificationResults{FirstAC: 0x80, SecondAC: 0x40, PINPerformed: true, PINFailed: true, PINTryLimitExceeded: true, CDASecond: true, Scripts: 1}, "642010180000"},
		{"M/Chip: not completed, unable online, offline limits, IA failed, script failed", IADMChip,
			CardVerificationResults{FirstAC: 0x00, SecondAC: 0x00, LastOnlineNotCompleted: true, UnableOnline: true,
				LowerOfflineLimitExceeded: true, UpperOfflineLimitExceeded: true, IssuerAuthFailed: true, ScriptFailed: true}, "000000e0c500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.layout.EncodeCVR(tt.r)
			require.NoError(t, err)
			assert.Equal(t, tt.want, hex.EncodeToString(b[:]))
			n := 4
			if tt.layout == IADMChip {
				n = 6
			}
			got, err := tt.layout.ParseCVR(b[:n])
			require.NoError(t, err)
			assert.Equal(t, tt.r, got)
		})
	}
}

// TestCVRNoPINBit: neither layout tells "no PIN on the chip" from "PIN try
// limit exceeded": a card without a PIN (try counter 0) encodes exactly as
// one whose tries ran out.
func TestCVRNoPINBit(t *testing.T) {
	for _, l := range []IADLayout{IADVisa, IADMChip} {
		r := CardVerificationResults{FirstAC: 0x80, SecondAC: 0x80, PINTryLimitExceeded: true}
		b, err := l.EncodeCVR(r)
		require.NoError(t, err)
		got, err := l.ParseCVR(b[:])
		require.NoError(t, err)
		assert.True(t, got.PINTryLimitExceeded)
	}
}

func TestCVRErrors(t *testing.T) {
	_, err := IADLayout(0).EncodeCVR(CardVerificationResults{})
	require.ErrorIs(t, err, ErrVersion)
	tests := []struct {
		layout IADLayout
		cvr    string
		want   error
	}{
		{IADVisa, "03a000", ErrIAD},
		{IADVisa, "04a00000", ErrIAD},
		{IADMChip, "a000032000", ErrIAD},
		{IADLayout(9), "03a00000", ErrVersion},
	}
	for _, tt := range tests {
		b, _ := hex.DecodeString(tt.cvr)
		_, err := tt.layout.ParseCVR(b)
		assert.ErrorIs(t, err, tt.want, tt.cvr)
	}
}

// FuzzParseCVR: any bytes parse or fail cleanly, and what parses encodes
// to a CVR that parses to the same facts.
func FuzzParseCVR(f *testing.F) {
	for _, s := range []string{"03a00000", "0380ae2e", "a00003200000", "ffffffffffff", "", "03"} {
		b, _ := hex.DecodeString(s)
		f.Add(byte(IADVisa), b)
		f.Add(byte(IADMChip), b)
	}
	f.Fuzz(func(t *testing.T, layout byte, b []byte) {
		l := IADLayout(layout)
		r, err := l.ParseCVR(b)
		if err != nil {
			return
		}
		enc, err := l.EncodeCVR(r)
		if err != nil {
			t.Fatalf("parsed but does not encode: %v", err)
		}
		again, err := l.ParseCVR(enc[:])
		if err != nil || again != r {
			t.Fatalf("round trip: %+v then %+v (%v)", r, again, err)
		}
	})
}

func TestVersionByName(t *testing.T) {
	for _, v := range []Version{VisaCVN10, VisaCVN18, MastercardCVN16, MastercardCVN17, AmexCVN01} {
		got, ok := VersionByName(v.Name)
		require.True(t, ok, v.Name)
		assert.Equal(t, v, got)
	}
	for _, name := range []string{"", "visa cvn 10", "Visa CVN 10 ", interacCVN133.Name} {
		_, ok := VersionByName(name)
		assert.False(t, ok, name)
	}
}
