package emv

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Digits as openemv/emv-utils src/emv_fields.h defines them for 9F35
// (EMV_TERM_TYPE_OPERATIONAL_CONTROL_* 0x10/0x20/0x30 and
// EMV_TERM_TYPE_ENV_* 1–6, citing EMV 4.4 Book 4 Annex A1 Table 24).
func TestTerminalTypeMatchesSource(t *testing.T) {
	assert.Equal(t, TerminalType(0x20|0x01), TerminalTypeAttendedOnlineOnly)
	assert.Equal(t, TerminalType(0x20|0x02), TerminalTypeAttendedOnlineOffline)
	assert.Equal(t, TerminalType(0x20|0x03), TerminalTypeAttendedOfflineOnly)
	assert.Equal(t, TerminalType(0x20|0x04), TerminalTypeUnattendedOnlineOnly)
	assert.Equal(t, TerminalType(0x20|0x05), TerminalTypeUnattendedOnlineOffline)
	assert.Equal(t, TerminalType(0x20|0x06), TerminalTypeUnattendedOfflineOnly)
	assert.Equal(t, TerminalOperator(0x10>>4), TerminalOperatorFinancialInstitution)
	assert.Equal(t, TerminalOperator(0x20>>4), TerminalOperatorMerchant)
	assert.Equal(t, TerminalOperator(0x30>>4), TerminalOperatorCardholder)
}

func TestTerminalType(t *testing.T) {
	tests := []struct {
		tt                                                 TerminalType
		valid, attended, unattended, onOnly, both, offOnly bool
		op                                                 TerminalOperator
		want                                               string
	}{
		{0x22, true, true, false, false, true, false, TerminalOperatorMerchant, "22 attended, offline with online capability, operated by merchant"},
		{0x25, true, false, true, false, true, false, TerminalOperatorMerchant, "25 unattended, offline with online capability, operated by merchant"},
		{0x14, true, false, true, true, false, false, TerminalOperatorFinancialInstitution, "14 unattended, online only, operated by financial institution"},
		{0x11, true, true, false, true, false, false, TerminalOperatorFinancialInstitution, "11 attended, online only, operated by financial institution"},
		{0x36, true, false, true, false, false, true, TerminalOperatorCardholder, "36 unattended, offline only, operated by cardholder"},
		{0x23, true, true, false, false, false, true, TerminalOperatorMerchant, "23 attended, offline only, operated by merchant"},
		{0x31, false, true, false, true, false, false, TerminalOperatorCardholder, "31 (invalid terminal type)"},
		{0x27, false, false, false, false, false, false, TerminalOperatorMerchant, "27 (invalid terminal type)"},
		{0x00, false, false, false, false, false, false, 0, "00 (invalid terminal type)"},
		{0x4A, false, false, false, false, false, false, 4, "4A (invalid terminal type)"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.valid, tc.tt.Valid())
			assert.Equal(t, tc.attended, tc.tt.Attended())
			assert.Equal(t, tc.unattended, tc.tt.Unattended())
			assert.Equal(t, tc.onOnly, tc.tt.OnlineOnly())
			assert.Equal(t, tc.both, tc.tt.OfflineWithOnline())
			assert.Equal(t, tc.offOnly, tc.tt.OfflineOnly())
			assert.Equal(t, tc.onOnly || tc.both, tc.tt.OnlineCapable())
			assert.Equal(t, tc.op, tc.tt.OperatedBy())
			assert.Equal(t, tc.want, tc.tt.String())
		})
	}
	assert.Equal(t, TerminalType(0x14), TerminalTypeUnattendedOnlineOnly.WithOperator(TerminalOperatorFinancialInstitution))
	assert.Equal(t, "operator 4", TerminalOperator(4).String())
}
