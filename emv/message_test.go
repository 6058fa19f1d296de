package emv

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestAuthorizationRequestString(t *testing.T) {
	req := AuthorizationRequest{
		ID:                "T1-000042",
		TerminalID:        "TICKET01",
		MerchantID:        "JR-EAST",
		EntryMode:         EntryModeChip,
		PAN:               "374245455400126",
		PANSequenceNumber: 0,
		Amount:            1200,
		CurrencyCode:      CurrencyJPY,
		TransactionType:   0x00,
		Time:              time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC),
		ICCData:           []byte{0x9F, 0x26, 0x08, 1, 2, 3, 4, 5, 6, 7, 8},
		Track2:            "374245455400126=29122011234567890",
		PINBlock:          []byte{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88},
		Expiry:            "2912",
		SecurityCode:      "1234",
	}
	s := req.String()
	assert.Equal(t, `authorisation request "T1-000042" terminal "TICKET01" chip PAN 374245*****0126 seq 0 amount 1200 currency JPY type 00 ICC data 11 bytes track data security code online PIN`, s)
	assert.Equal(t, s, fmt.Sprintf("%+v", req), "fmt uses String")
	for _, secret := range []string{"374245455400126", "1234567890", "1122334455", "11 22", "1234 ", "2912"} {
		assert.NotContains(t, s, secret)
	}

	cnp := AuthorizationRequest{ID: "W-1", EntryMode: EntryModeCredentialOnFile, PAN: "4761739001010119", PANSequenceNumber: -1,
		Amount: 1999, AmountOther: 500, CurrencyCode: 123, TransactionType: 0x09}
	assert.Equal(t, `authorisation request "W-1" terminal "" credential on file PAN 476173******0119 amount 1999 other 500 currency 123 type 09`, cnp.String())
}

func TestEntryMode(t *testing.T) {
	tests := []struct {
		m    EntryMode
		name string
		chip bool
	}{
		{EntryModeUnknown, "unknown", false},
		{EntryModeManual, "manual", false},
		{EntryModeChip, "chip", true},
		{EntryModeContactlessChip, "contactless chip", true},
		{EntryModeFallback, "fallback stripe", false},
		{EntryModeMagstripe, "stripe", false},
		{EntryModeContactlessMagstripe, "contactless stripe", false},
		{EntryModeCredentialOnFile, "credential on file", false},
		{EntryMode(0x42), "entry mode 42", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.name, tt.m.String())
		assert.Equal(t, tt.chip, tt.m.IsChip(), tt.name)
	}
	assert.True(t, ResponseApproved.Approved())
	assert.False(t, ResponseDoNotHonour.Approved())
}

func TestAdviceString(t *testing.T) {
	tests := []struct {
		a    Advice
		want string
	}{
		{Advice{Kind: AdviceCompletion, RequestID: "T1-1", Amount: 1200, CurrencyCode: CurrencyJPY}, `completion "T1-1" amount 1200 JPY`},
		{Advice{Kind: AdviceReversal, RequestID: "T1-2", Amount: 500, CurrencyCode: 1}, `reversal "T1-2" amount 500 currency 1`},
		{Advice{Kind: AdviceOffline, PAN: "4761739001010119", PANSequenceNumber: 1, Amount: 300, CurrencyCode: CurrencyUSD}, `offline advice "" PAN 476173******0119 amount 300 USD`},
		{Advice{Kind: 9}, `advice kind 9 "" amount 0 currency 0`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.String())
		assert.Equal(t, tt.want, fmt.Sprint(tt.a), "fmt uses String")
	}
}
