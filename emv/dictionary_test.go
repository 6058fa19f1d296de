package emv

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected rows are EMV 4.4 Book 3 Annex A as transcribed by the Denom
// project (TagEmv.java) and openemv/emv-utils (emv_strings.c); contactless
// rows as emv-utils and binaryfoo/emv-bertlv transcribe Books C-3 and C-4.
func TestLookup(t *testing.T) {
	tests := []struct {
		tag      Tag
		name     string
		format   Format
		min, max int
		source   Source
		template []Tag
	}{
		{0x9F02, "Amount, Authorised (Numeric)", FormatN, 6, 6, SourceTerminal, nil},
		{0x81, "Amount, Authorised (Binary)", FormatB, 4, 4, SourceTerminal, nil},
		{0x5A, "Application Primary Account Number (PAN)", FormatCN, 1, 10, SourceCard, []Tag{0x70, 0x77}},
		{0x57, "Track 2 Equivalent Data", FormatB, 0, 19, SourceCard, []Tag{0x70, 0x77}},
		{0x5F20, "Cardholder Name", FormatANS, 2, 26, SourceCard, []Tag{0x70, 0x77}},
		{0x5F24, "Application Expiration Date", FormatN, 3, 3, SourceCard, []Tag{0x70, 0x77}},
		{0x5F2D, "Language Preference", FormatAN, 2, 8, SourceCard, []Tag{0xA5}},
		{0x5F55, "Issuer Country Code (alpha2 format)", FormatA, 2, 2, SourceCard, []Tag{0x73, 0xBF0C}},
		{0x5F57, "Account Type", FormatN, 1, 1, SourceTerminal, nil},
		{0x50, "Application Label", FormatANS, 1, 16, SourceCard, []Tag{0x61, 0xA5}},
		{0x8A, "Authorisation Response Code", FormatAN, 2, 2, SourceIssuer | SourceTerminal, nil},
		{0x8E, "Cardholder Verification Method (CVM) List", FormatB, 10, 252, SourceCard, []Tag{0x70, 0x77}},
		{0x91, "Issuer Authentication Data", FormatB, 8, 16, SourceIssuer, nil},
		{0x94, "Application File Locator (AFL)", FormatVar, 0, 252, SourceCard, []Tag{0x77, 0x80}},
		{0x9F01, "Acquirer Identifier", FormatN, 6, 6, SourceTerminal, nil},
		{0x9F0B, "Cardholder Name Extended", FormatANS, 27, 45, SourceCard, []Tag{0x70, 0x77}},
		{0x9F10, "Issuer Application Data (IAD)", FormatB, 0, 32, SourceCard, []Tag{0x77, 0x80}},
		{0x9F11, "Issuer Code Table Index", FormatN, 1, 1, SourceCard, []Tag{0xA5}},
		{0x9F16, "Merchant Identifier", FormatANS, 15, 15, SourceTerminal, nil},
		{0x9F18, "Issuer Script Identifier", FormatB, 4, 4, SourceIssuer, []Tag{0x71, 0x72}},
		{0x9F1C, "Terminal Identification", FormatAN, 8, 8, SourceTerminal, nil},
		{0x9F1E, "Interface Device (IFD) Serial Number", FormatAN, 8, 8, SourceTerminal, nil},
		{0x9F20, "Track 2 Discretionary Data", FormatCN, 0, 0, SourceCard, []Tag{0x70, 0x77}},
		{0x9F21, "Transaction Time", FormatN, 3, 3, SourceTerminal, nil},
		{0x9F35, "Terminal Type", FormatN, 1, 1, SourceTerminal, nil},
		{0x9F37, "Unpredictable Number", FormatB, 4, 4, SourceTerminal, nil},
		{0x9F41, "Transaction Sequence Counter", FormatN, 2, 4, SourceTerminal, nil},
		{0x9F4C, "ICC Dynamic Number", FormatB, 2, 8, SourceCard, nil},
		{0x9F4D, "Log Entry", FormatB, 2, 2, SourceCard, []Tag{0x73, 0xBF0C}},
		{0xBF0C, "File Control Information (FCI) Issuer Discretionary Data", FormatVar, 0, 222, SourceCard, []Tag{0xA5}},
		{0x9F66, "Terminal Transaction Qualifiers (TTQ)", FormatB, 4, 4, SourceTerminal, nil},
		{0x9F6C, "Card Transaction Qualifiers (CTQ)", FormatB, 2, 2, SourceCard, nil},
		{0x9F6D, "Contactless Reader Capabilities", FormatB, 1, 1, SourceTerminal, nil},
		{0x9F70, "Card Interface Capabilities", FormatB, 2, 2, SourceCard, nil},
		{0x9F71, "Mobile CVM Results", FormatB, 3, 3, SourceCard, nil},
		{0x56, "Track 1 Data", FormatANS, 0, 76, SourceCard, []Tag{0x70}},
		{0xDF8129, "Outcome Parameter Set", FormatB, 8, 8, SourceTerminal, nil},
	}
	for _, tt := range tests {
		e, ok := Lookup(tt.tag)
		require.True(t, ok, tt.tag.String())
		assert.Equal(t, Element{tt.tag, tt.name, tt.format, tt.min, tt.max, tt.source, tt.template}, e)
		assert.Equal(t, tt.name, tt.tag.Name())
	}

	_, ok := Lookup(0x9F7F)
	assert.False(t, ok)
	assert.Empty(t, Tag(0xDF7F).Name())
}

// Each constant names the element the dictionary gives that tag.
func TestTagConstantsMatchDictionary(t *testing.T) {
	tests := map[Tag]string{
		TagAmountAuthorised:                      "Amount, Authorised (Numeric)",
		TagApplicationIdentifierCard:             "Application Dedicated File (ADF) Name",
		TagApplicationIdentifierTerminal:         "Application Identifier (AID) - terminal",
		TagCAPublicKeyIndexCard:                  "Certification Authority Public Key Index",
		TagCAPublicKeyIndexTerminal:              "Certification Authority Public Key Index - terminal",
		TagIssuerScriptResults:                   "Issuer Script Results",
		TagTrack1Data:                            "Track 1 Data",
		TagTrack2Data:                            "Track 2 Data",
		TagTrack2EquivalentData:                  "Track 2 Equivalent Data",
		TagTransactionPINData:                    "Transaction Personal Identification Number (PIN) Data",
		TagEnhancedContactlessReaderCapabilities: "Enhanced Contactless Reader Capabilities / Form Factor Indicator",
		TagCustomerExclusiveData:                 "Customer Exclusive Data (CED)",
		TagReaderCVMRequiredLimit:                "Reader CVM Required Limit",
		TagPSEDirectoryRecord:                    "READ RECORD Response Message Template",
	}
	for tag, name := range tests {
		assert.Equal(t, name, tag.Name(), tag.String())
	}
	assert.Equal(t, TagFormFactorIndicator, TagEnhancedContactlessReaderCapabilities, "9F6E: one tag, two kernels")
}

func TestDictionaryConsistent(t *testing.T) {
	es := Elements()
	require.Greater(t, len(es), 150)
	for i, e := range es {
		if i > 0 {
			assert.Less(t, es[i-1].Tag, e.Tag, "sorted and unique at %s", e.Tag)
		}
		assert.NotEmpty(t, e.Name, e.Tag.String())
		assert.NotZero(t, e.Source, e.Tag.String())
		if e.MaxLen != 0 {
			assert.LessOrEqual(t, e.MinLen, e.MaxLen, e.Tag.String())
		}
		if e.Tag.Constructed() {
			assert.Equal(t, FormatVar, e.Format, "template %s", e.Tag)
		}
		_, _, err := ParseTag(e.Tag.Append(nil))
		assert.NoError(t, err, "%s is a well-formed tag", e.Tag)
		for _, tpl := range e.Template {
			// 80 holds its elements' values without tags and lengths.
			assert.True(t, tpl.Constructed() || tpl == TagResponseMessageTemplateFormat1, "%s in %s", e.Tag, tpl)
		}
	}
	es[0].Name = "changed"
	assert.NotEqual(t, "changed", es[0].Tag.Name(), "Elements returns a copy")
}

func TestLookupDoesNotAllocate(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		e, _ := Lookup(TagAmountAuthorised)
		_ = e.Format
		_, _ = Lookup(0x9F7F)
	})
	assert.Zero(t, allocs)
}

func TestFormatAndSourceStrings(t *testing.T) {
	assert.Equal(t, []string{"b", "n", "cn", "a", "an", "ans", "var", "Format(07)"}, []string{
		FormatB.String(), FormatN.String(), FormatCN.String(), FormatA.String(),
		FormatAN.String(), FormatANS.String(), FormatVar.String(), Format(7).String(),
	})
	assert.Equal(t, "card", SourceCard.String())
	assert.Equal(t, "issuer/terminal", (SourceIssuer | SourceTerminal).String())
	assert.Equal(t, "unknown", Source(0).String())
}

func BenchmarkLookup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		e, _ := Lookup(TagTransactionCurrencyCode)
		_ = e.Format
	}
}

func ExampleLookup() {
	// What Book 3 §5.4 needs to fill a DOL entry for 9F02.
	e, ok := Lookup(TagAmountAuthorised)
	fmt.Println(ok, e.Tag, e.Name, e.Format, e.MaxLen, e.Source)
	// Output:
	// true 9F02 Amount, Authorised (Numeric) n 6 terminal
}
