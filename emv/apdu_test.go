package emv

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCommandVectors(t *testing.T) {
	vecs := foundationVectors(t, "apdu_vectors.txt")
	tests := []struct {
		name string
		want Command
	}{
		{"read_record_sfi1_rec2", Command{CLA: 0x00, INS: INSReadRecord, P1: 0x02, P2: 0x0C, Le: 256}},
		{"read_record_sfi2_rec1", Command{CLA: 0x00, INS: INSReadRecord, P1: 0x01, P2: 0x14, Le: 256}},
		{"gpo_case4", Command{CLA: CLAProprietary, INS: INSGetProcessingOptions, Data: []byte{0x83, 0x04, 0xA0, 0xC0, 0x16, 0x70}, Le: 256}},
		{"get_data_pin_try_counter", Command{CLA: CLAProprietary, INS: INSGetData, P1: 0x9F, P2: 0x17, Le: 256}},
		{"select_pse", Command{CLA: CLAInterindustry, INS: INSSelect, P1: P1SelectByName, P2: P2SelectFirst, Data: []byte("1PAY.SYS.DDF01"), Le: 256}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := unhex(t, vecs[tt.name])
			got, err := ParseCommand(raw)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			out, err := tt.want.Bytes()
			require.NoError(t, err)
			assert.Equal(t, raw, out)
		})
	}
	// READ RECORD P2 as the AFL entry for SFI 1 gives it.
	assert.Equal(t, byte(0x0C), AFLEntry{SFI: 1}.ReadRecordP2())
}

func TestParseCommandCases(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    Command
		wantErr error
	}{
		{"case 1", []byte{0x00, 0xA4, 0x04, 0x00}, Command{INS: 0xA4, P1: 0x04}, nil},
		{"case 2 Le 10", []byte{0x00, 0x84, 0x00, 0x00, 0x08}, Command{INS: 0x84, Le: 8}, nil},
		{"case 2 Le 00 is 256", []byte{0x00, 0x84, 0x00, 0x00, 0x00}, Command{INS: 0x84, Le: 256}, nil},
		{"case 3", []byte{0x00, 0x20, 0x00, 0x80, 0x02, 0x24, 0x12}, Command{INS: 0x20, P2: 0x80, Data: []byte{0x24, 0x12}}, nil},
		{"case 4", []byte{0x80, 0xAE, 0x80, 0x00, 0x01, 0xAA, 0x00}, Command{CLA: 0x80, INS: 0xAE, P1: 0x80, Data: []byte{0xAA}, Le: 256}, nil},
		{"case 4 Le 01", []byte{0x80, 0xAE, 0x80, 0x00, 0x01, 0xAA, 0x01}, Command{CLA: 0x80, INS: 0xAE, P1: 0x80, Data: []byte{0xAA}, Le: 1}, nil},
		{"short header", []byte{0x00, 0xA4, 0x04}, Command{}, ErrAPDUTooShort},
		{"empty", nil, Command{}, ErrAPDUTooShort},
		{"Lc 00 extended case 3", []byte{0x00, 0x20, 0x00, 0x80, 0x00, 0x00, 0x01, 0x24}, Command{}, ErrAPDUExtended},
		{"extended case 2", []byte{0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x00}, Command{}, ErrAPDUExtended},
		{"Lc 00 then one byte", []byte{0x00, 0x20, 0x00, 0x80, 0x00, 0x24}, Command{}, ErrAPDUExtended},
		{"Lc longer than data", []byte{0x00, 0x20, 0x00, 0x80, 0x03, 0x24, 0x12}, Command{}, ErrAPDULength},
		{"Lc shorter than data", []byte{0x00, 0x20, 0x00, 0x80, 0x01, 0x24, 0x12, 0x00}, Command{}, ErrAPDULength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCommand(tt.in)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Equal(t, Command{}, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			out, err := got.Append([]byte{0xEE})
			require.NoError(t, err)
			assert.Equal(t, append([]byte{0xEE}, tt.in...), out, "round trip appends after dst")
		})
	}
}

func TestCommandAppendErrors(t *testing.T) {
	_, err := Command{Data: make([]byte, 256)}.Bytes()
	assert.ErrorIs(t, err, ErrAPDUDataLong)
	_, err = Command{Le: 257}.Bytes()
	assert.ErrorIs(t, err, ErrAPDULength)
	_, err = Command{Le: -1}.Bytes()
	assert.ErrorIs(t, err, ErrAPDULength)
	dst := []byte{1}
	out, err := Command{Le: 300}.Append(dst)
	require.Error(t, err)
	assert.Equal(t, []byte{1}, out, "dst unchanged on error")
	b, err := Command{CLA: 0x80, INS: 0xCA, Data: make([]byte, 255), Le: 256}.Bytes()
	require.NoError(t, err)
	assert.Len(t, b, 4+1+255+1)
	assert.Equal(t, byte(0xFF), b[4])
	assert.Equal(t, byte(0x00), b[len(b)-1])
}

func TestParseResponse(t *testing.T) {
	vecs := foundationVectors(t, "apdu_vectors.txt")
	r, err := ParseResponse(unhex(t, vecs["response_6985"]))
	require.NoError(t, err)
	assert.Equal(t, Response{Data: []byte{}, SW: SWConditionsNotSatisfied}, r)
	assert.ErrorIs(t, r.Err(), ErrConditionsNotSatisfied)

	raw := unhex(t, vecs["response_record"])
	r, err = ParseResponse(raw)
	require.NoError(t, err)
	assert.Equal(t, []byte{0x70, 0x03, 0x8F, 0x01, 0x94}, r.Data)
	assert.Equal(t, SWSuccess, r.SW)
	assert.NoError(t, r.Err())
	assert.Equal(t, raw, r.Append(nil))

	_, err = ParseResponse([]byte{0x90})
	assert.ErrorIs(t, err, ErrResponseShort)
	_, err = ParseResponse(nil)
	assert.ErrorIs(t, err, ErrResponseShort)
}

func TestINSName(t *testing.T) {
	tests := map[byte]string{
		0x1E: "APPLICATION BLOCK", 0x18: "APPLICATION UNBLOCK", 0x16: "CARD BLOCK",
		0x82: "EXTERNAL AUTHENTICATE", 0xAE: "GENERATE AC", 0x84: "GET CHALLENGE",
		0xCA: "GET DATA", 0xA8: "GET PROCESSING OPTIONS", 0x88: "INTERNAL AUTHENTICATE",
		0x24: "PIN CHANGE/UNBLOCK", 0xDA: "PUT DATA", 0xB2: "READ RECORD", 0xA4: "SELECT",
		0x20: "VERIFY", 0xC0: "GET RESPONSE", 0xDC: "UPDATE RECORD", 0x5A: "INS 5A",
	}
	for ins, want := range tests {
		assert.Equal(t, want, INSName(ins))
	}
}

func TestGenerateACP1(t *testing.T) {
	// Book 3 Table 12: b8-b7 00 AAC, 01 TC, 10 ARQC; b5 CDA signature requested.
	assert.Equal(t, byte(0x00), P1AAC)
	assert.Equal(t, byte(0x40), P1TC)
	assert.Equal(t, byte(0x80), P1ARQC)
	assert.Equal(t, byte(0x90), P1ARQC|P1CDA)
	assert.Equal(t, P1TC, (P1TC|P1CDA)&P1ACTypeMask)
}

func TestSWTriesLeft(t *testing.T) {
	for x := range 16 {
		sw := SW(0x63C0 + x)
		n, ok := sw.TriesLeft()
		require.True(t, ok, "%04X", uint16(sw))
		assert.Equal(t, x, n)
		err := sw.Err()
		assert.ErrorIs(t, err, ErrVerificationFailed)
		var se *StatusError
		require.ErrorAs(t, err, &se)
		n, ok = se.TriesLeft()
		assert.True(t, ok)
		assert.Equal(t, x, n)
		assert.Equal(t, fmt.Sprintf("%04X verification failed, %d tries left", 0x63C0+x, x), sw.String())
	}
	for _, sw := range []SW{0x6300, 0x63B1, 0x63D0, 0x9000, 0x6983} {
		_, ok := sw.TriesLeft()
		assert.False(t, ok, "%04X", uint16(sw))
	}
}

func TestSWT0Counts(t *testing.T) {
	n, ok := SW(0x6110).BytesAvailable()
	assert.True(t, ok)
	assert.Equal(t, 16, n)
	n, ok = SW(0x6100).BytesAvailable()
	assert.True(t, ok)
	assert.Equal(t, 256, n)
	_, ok = SW(0x6C10).BytesAvailable()
	assert.False(t, ok)
	n, ok = SW(0x6C1D).ExactLength()
	assert.True(t, ok)
	assert.Equal(t, 29, n)
	n, ok = SW(0x6C00).ExactLength()
	assert.True(t, ok)
	assert.Equal(t, 256, n)
	_, ok = SWSuccess.ExactLength()
	assert.False(t, ok)
}

func TestStatusErrorUnwrap(t *testing.T) {
	tests := []struct {
		sw   SW
		want error
	}{
		{0x6100, ErrMoreData},
		{0x6110, ErrMoreData},
		{0x6200, ErrWarning},
		{0x6281, ErrWarning},
		{0x6282, ErrWarning},
		{0x6283, ErrApplicationBlocked},
		{0x6300, ErrAuthenticationFailed},
		{0x63C2, ErrVerificationFailed},
		{0x6381, ErrWarning},
		{0x6400, ErrCardStatus},
		{0x6581, ErrMemory},
		{0x6700, ErrWrongLength},
		{0x6C10, ErrWrongLength},
		{0x6881, ErrCardStatus},
		{0x6981, ErrCommandNotAllowed},
		{0x6982, ErrSecurityStatus},
		{0x6983, ErrAuthMethodBlocked},
		{0x6984, ErrReferenceDataNotUsable},
		{0x6985, ErrConditionsNotSatisfied},
		{0x6986, ErrCommandNotAllowed},
		{0x6987, ErrSecureMessaging},
		{0x6988, ErrSecureMessaging},
		{0x6A80, ErrWrongData},
		{0x6A81, ErrFunctionNotSupported},
		{0x6A82, ErrNotFound},
		{0x6A83, ErrNotFound},
		{0x6A84, ErrMemory},
		{0x6A85, ErrWrongData},
		{0x6A86, ErrWrongParameters},
		{0x6A87, ErrWrongParameters},
		{0x6A88, ErrNotFound},
		{0x6B00, ErrWrongParameters},
		{0x6D00, ErrINSNotSupported},
		{0x6E00, ErrCLANotSupported},
		{0x6F00, ErrCardStatus},
	}
	sentinels := []error{ErrVerificationFailed, ErrAuthenticationFailed, ErrApplicationBlocked, ErrWrongLength,
		ErrSecurityStatus, ErrAuthMethodBlocked, ErrReferenceDataNotUsable, ErrConditionsNotSatisfied,
		ErrCommandNotAllowed, ErrSecureMessaging, ErrWrongData, ErrFunctionNotSupported, ErrNotFound,
		ErrWrongParameters, ErrINSNotSupported, ErrCLANotSupported, ErrMoreData, ErrWarning, ErrMemory, ErrCardStatus}
	for _, tt := range tests {
		err := tt.sw.Err()
		require.Error(t, err)
		for _, s := range sentinels {
			assert.Equal(t, s == tt.want, errors.Is(err, s), "%04X vs %v", uint16(tt.sw), s)
		}
	}
	assert.NoError(t, SWSuccess.Err())
	assert.NoError(t, SWSuccess.ErrFor(INSVerify))
}

func TestStatusErrorMessage(t *testing.T) {
	assert.Equal(t, "emv: card answered 6985 conditions of use not satisfied", SWConditionsNotSatisfied.Err().Error())
	assert.Equal(t, "emv: card answered 63C1 verification failed, 1 tries left to VERIFY", SW(0x63C1).ErrFor(INSVerify).Error())
	assert.Equal(t, "emv: card answered 6A82 file or application not found to SELECT", SWFileNotFound.ErrFor(INSSelect).Error())
	assert.Equal(t, "6110 16 bytes available", SW(0x6110).String())
	assert.Equal(t, "6C20 wrong Le, exact length 32", SW(0x6C20).String())
	assert.Equal(t, "1234", SW(0x1234).String())
	assert.Equal(t, byte(0x6A), SWFileNotFound.SW1())
	assert.Equal(t, byte(0x82), SWFileNotFound.SW2())
	for sw, name := range swNames {
		assert.NotEmpty(t, name)
		assert.Equal(t, fmt.Sprintf("%04X %s", uint16(sw), name), sw.String())
	}
}

func BenchmarkParseCommand(b *testing.B) {
	raw := []byte{0x80, 0xAE, 0x80, 0x00, 0x1D, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x92, 0, 0, 0, 0, 0, 0x03, 0x92, 0x26, 0x11, 0x25, 0x00, 1, 2, 3, 4, 0x00}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseCommand(raw)
	}
}

func BenchmarkCommandAppend(b *testing.B) {
	c := Command{CLA: 0x80, INS: INSGenerateAC, P1: P1ARQC, Data: make([]byte, 29), Le: 256}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = c.Append(buf[:0])
	}
}

func FuzzParseCommand(f *testing.F) {
	f.Add([]byte{0x00, 0xB2, 0x02, 0x0C, 0x00})
	f.Add([]byte{0x80, 0xA8, 0x00, 0x00, 0x06, 0x83, 0x04, 0xA0, 0xC0, 0x16, 0x70, 0x00})
	f.Add([]byte{0x00, 0xA4, 0x04, 0x00})
	f.Add([]byte{0x00, 0x20, 0x00, 0x80, 0x00, 0x00, 0x01, 0x24})
	f.Add([]byte{0x00, 0x20, 0x00, 0x80, 0x02, 0x24})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCommand(b)
		if err != nil {
			require.Equal(t, Command{}, c)
			return
		}
		require.LessOrEqual(t, len(c.Data), 255)
		require.True(t, c.Le >= 0 && c.Le <= 256)
		out, err := c.Bytes()
		require.NoError(t, err)
		require.Equal(t, b, out)
	})
}

func FuzzParseResponse(f *testing.F) {
	f.Add([]byte{0x70, 0x03, 0x8F, 0x01, 0x94, 0x90, 0x00})
	f.Add([]byte{0x69, 0x85})
	f.Add([]byte{0x63, 0xC2})
	f.Add([]byte{0x61})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseResponse(b)
		if err != nil {
			require.Less(t, len(b), 2)
			return
		}
		require.Equal(t, b, r.Append(nil))
		_ = r.SW.String()
		if err := r.Err(); err != nil {
			var se *StatusError
			require.ErrorAs(t, err, &se)
			require.NotNil(t, errors.Unwrap(err))
			_ = err.Error()
		}
	})
}

func ExampleSW_Err() {
	resp, _ := ParseResponse([]byte{0x63, 0xC2})
	err := resp.SW.ErrFor(INSVerify)
	var se *StatusError
	if errors.As(err, &se) {
		n, _ := se.TriesLeft()
		fmt.Println(errors.Is(err, ErrVerificationFailed), n)
	}
	fmt.Println(err)
	// Output:
	// true 2
	// emv: card answered 63C2 verification failed, 2 tries left to VERIFY
}

func TestCommandConstructors(t *testing.T) {
	vecs := foundationVectors(t, "apdu_vectors.txt")
	gpo, err := GetProcessingOptionsCommand([]byte{0xA0, 0xC0, 0x16, 0x70})
	require.NoError(t, err)
	gpoEmpty, err := GetProcessingOptionsCommand(nil)
	require.NoError(t, err)
	_, err = GetProcessingOptionsCommand(make([]byte, 254))
	assert.ErrorIs(t, err, ErrAPDUDataLong)
	tests := []struct {
		name string
		cmd  Command
		want []byte
	}{
		{"select PSE", SelectCommand([]byte("1PAY.SYS.DDF01"), false), unhex(t, vecs["select_pse"])},
		{"read record", ReadRecordCommand(1, 2), unhex(t, vecs["read_record_sfi1_rec2"])},
		{"read record SFI 2", ReadRecordCommand(2, 1), unhex(t, vecs["read_record_sfi2_rec1"])},
		{"GPO", gpo, unhex(t, vecs["gpo_case4"])},
		{"get data PTC", GetDataCommand(TagPINTryCounter), unhex(t, vecs["get_data_pin_try_counter"])},
		{"GPO empty PDOL", gpoEmpty, []byte{0x80, 0xA8, 0x00, 0x00, 0x02, 0x83, 0x00, 0x00}},
		{"select next", SelectCommand([]byte{0xA0, 0x00, 0x00, 0x00, 0x25}, true), []byte{0x00, 0xA4, 0x04, 0x02, 0x05, 0xA0, 0x00, 0x00, 0x00, 0x25, 0x00}},
		{"generate AC ARQC CDA", GenerateACCommand(P1ARQC|P1CDA, []byte{1, 2}), []byte{0x80, 0xAE, 0x90, 0x00, 0x02, 1, 2, 0x00}},
		{"get data one-byte tag", GetDataCommand(0x5A), []byte{0x80, 0xCA, 0x00, 0x5A, 0x00}},
		{"verify plaintext", VerifyCommand(P2PlaintextPIN, []byte{0x24, 0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}), []byte{0x00, 0x20, 0x00, 0x80, 0x08, 0x24, 0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}},
		{"get challenge", GetChallengeCommand(), []byte{0x00, 0x84, 0x00, 0x00, 0x00}},
		{"internal authenticate", InternalAuthenticateCommand([]byte{1, 2, 3, 4}), []byte{0x00, 0x88, 0x00, 0x00, 0x04, 1, 2, 3, 4, 0x00}},
		{"external authenticate", ExternalAuthenticateCommand([]byte{1, 2, 3, 4, 5, 6, 7, 8, 0x30, 0x30}), []byte{0x00, 0x82, 0x00, 0x00, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 0x30, 0x30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.cmd.Bytes()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
