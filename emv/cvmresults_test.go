package emv

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Result codes and '3F' as openemv/emv-utils src/emv_fields.h defines them
// (EMV_CVM_RESULT_UNKNOWN 0x00, _FAILED 0x01, _SUCCESSFUL 0x02 and
// EMV_CVM_NOT_PERFORMED 0x3F, citing EMV 4.4 Book 4 Annex A4 Table 33).
func TestCVMResultCodesMatchSource(t *testing.T) {
	assert.Equal(t, byte(0x00), byte(CVMResultUnknown))
	assert.Equal(t, byte(0x01), byte(CVMResultFailed))
	assert.Equal(t, byte(0x02), byte(CVMResultSuccessful))
	assert.Equal(t, byte(0x3F), byte(CVMNoCVMPerformed))
}

func TestCVMResults(t *testing.T) {
	tests := []struct {
		name  string
		r     CVMResults
		bytes [3]byte
		want  string
	}{
		{"offline PIN ok", NewCVMResults(NewCVMMethod(CVMPlaintextPIN, true), CVMConditionTerminalSupportsCVM, CVMResultSuccessful),
			[3]byte{0x41, 0x03, 0x02}, "offline plaintext PIN (if terminal supports the CVM): successful"},
		{"signature", NewCVMResults(NewCVMMethod(CVMSignature, false), CVMConditionTerminalSupportsCVM, CVMResultUnknown),
			[3]byte{0x1E, 0x03, 0x00}, "signature (if terminal supports the CVM): unknown"},
		{"none applied", NewCVMResults(CVMNoCVMPerformed, CVMConditionAlways, CVMResultFailed),
			[3]byte{0x3F, 0x00, 0x01}, "no CVM performed: failed"},
		{"odd result", CVMResults{0x02, 0x00, 0x07}, [3]byte{0x02, 0x00, 0x07}, "online enciphered PIN (always): RFU result 07"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, CVMResults(tc.bytes), tc.r)
			assert.Equal(t, tc.want, tc.r.String())
			parsed, err := ParseCVMResults(tc.bytes[:])
			require.NoError(t, err)
			assert.Equal(t, tc.r, parsed)
			assert.Equal(t, CVMMethod(tc.bytes[0]), parsed.Method())
			assert.Equal(t, CVMCondition(tc.bytes[1]), parsed.Condition())
			assert.Equal(t, CVMResult(tc.bytes[2]), parsed.Result())
		})
	}
}
