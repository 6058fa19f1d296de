package emv

// The data element dictionary. Tag numbers, names, formats, lengths, sources
// and templates follow EMV 4.4 Book 3 Annex A (Table 33), checked entry by
// entry against independent public transcriptions of it: openemv/emv-utils
// (src/emv_tags.h, src/emv_strings.c), the Denom project's EMV 4.4 Annex A
// table (TagEmv.java) and jPOS (EMVStandardTagType.java), with names also
// checked against moov-io/bertlv (emvtags.go). Contactless and scheme
// elements follow EMV Contactless Books C-2 (Mastercard), C-3 (Visa) and C-4
// (American Express) as transcribed by openemv/emv-utils and
// binaryfoo/emv-bertlv (AmexTags.java).

import (
	"slices"
	"strings"
)

// Format is the representation of a data element's value (Book 3 §4.3).
// The zero Format is FormatB, what Book 3 §5.4 applies to unknown tags.
type Format uint8

// Formats of Book 3 §4.3.
const (
	FormatB   Format = iota // binary
	FormatN                 // numeric: BCD, right-justified, leading zeros
	FormatCN                // compressed numeric: BCD, left-justified, trailing F
	FormatA                 // alphabetic
	FormatAN                // alphanumeric
	FormatANS               // alphanumeric and special characters
	FormatVar               // "var." in Annex A: templates and mixed content
)

// String is the format as Annex A writes it.
func (f Format) String() string {
	switch f {
	case FormatB:
		return "b"
	case FormatN:
		return "n"
	case FormatCN:
		return "cn"
	case FormatA:
		return "a"
	case FormatAN:
		return "an"
	case FormatANS:
		return "ans"
	case FormatVar:
		return "var"
	}
	return "Format(" + byteHex(byte(f)) + ")"
}

// Source says which party provides a data element. Elements that more than
// one party may provide (8A) have several bits set.
type Source uint8

// Sources of Annex A.
const (
	SourceCard Source = 1 << iota
	SourceTerminal
	SourceIssuer
)

// String names the sources, joined with "/" ("issuer/terminal").
func (s Source) String() string {
	var parts []string
	if s&SourceCard != 0 {
		parts = append(parts, "card")
	}
	if s&SourceIssuer != 0 {
		parts = append(parts, "issuer")
	}
	if s&SourceTerminal != 0 {
		parts = append(parts, "terminal")
	}
	if len(parts) == 0 {
		return "unknown"
	}
	return strings.Join(parts, "/")
}

// Element is a data element's dictionary entry.
type Element struct {
	Tag    Tag
	Name   string
	Format Format
	// MinLen and MaxLen bound the value's length in bytes. MaxLen 0 means
	// Annex A sets no fixed bound (key-dependent lengths such as NCA or NI,
	// and "var.").
	MinLen, MaxLen int
	Source         Source
	// Template lists the templates the element may appear in; empty for
	// elements that travel outside card templates (terminal data).
	Template []Tag
}

// Lookup returns the dictionary entry for t. It does not allocate.
func Lookup(t Tag) (Element, bool) {
	// A hand-written binary search over the keys alone: Book 3 §5.4 DOL
	// building looks up every DOL entry.
	lo, hi := 0, len(dictionaryTags)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if dictionaryTags[mid] < t {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(dictionaryTags) && dictionaryTags[lo] == t {
		return dictionary[lo], true
	}
	return Element{}, false
}

// Name is the tag's dictionary name, or "" for a tag the dictionary does not
// know.
func (t Tag) Name() string {
	e, _ := Lookup(t)
	return e.Name
}

// Elements returns a copy of the whole dictionary, in tag order.
func Elements() []Element { return slices.Clone(dictionary) }

// Templates shared by many entries.
var (
	in61    = []Tag{TagApplicationTemplate}
	in6F    = []Tag{TagFCITemplate}
	in70    = []Tag{TagReadRecordResponseTemplate}
	inA5    = []Tag{TagFCIProprietaryTemplate}
	in61A5  = []Tag{TagApplicationTemplate, TagFCIProprietaryTemplate}
	in7077  = []Tag{TagReadRecordResponseTemplate, TagResponseMessageTemplateFormat2}
	in7780  = []Tag{TagResponseMessageTemplateFormat2, TagResponseMessageTemplateFormat1}
	in7172  = []Tag{TagIssuerScriptTemplate1, TagIssuerScriptTemplate2}
	in73BF0 = []Tag{TagDirectoryDiscretionaryTemplate, TagFCIIssuerDiscretionaryData}
)

// dictionary is sorted by tag once, so Lookup can binary-search it.
var dictionary = sortedElements([]Element{
	// Book 3 Annex A.
	{TagIssuerIdentificationNumber, "Issuer Identification Number (IIN)", FormatN, 3, 3, SourceCard, in73BF0},
	{TagApplicationIdentifierCard, "Application Dedicated File (ADF) Name", FormatB, 5, 16, SourceCard, in61},
	{TagApplicationLabel, "Application Label", FormatANS, 1, 16, SourceCard, in61A5},
	{TagTrack2EquivalentData, "Track 2 Equivalent Data", FormatB, 0, 19, SourceCard, in7077},
	{TagApplicationPAN, "Application Primary Account Number (PAN)", FormatCN, 1, 10, SourceCard, in7077},
	{TagApplicationTemplate, "Application Template", FormatVar, 0, 252, SourceCard, in70},
	{TagFCITemplate, "File Control Information (FCI) Template", FormatVar, 0, 252, SourceCard, nil},
	{TagReadRecordResponseTemplate, "READ RECORD Response Message Template", FormatVar, 0, 252, SourceCard, nil},
	{TagIssuerScriptTemplate1, "Issuer Script Template 1", FormatVar, 0, 0, SourceIssuer, nil},
	{TagIssuerScriptTemplate2, "Issuer Script Template 2", FormatVar, 0, 0, SourceIssuer, nil},
	{TagDirectoryDiscretionaryTemplate, "Directory Discretionary Template", FormatVar, 0, 252, SourceCard, in61},
	{TagResponseMessageTemplateFormat2, "Response Message Template Format 2", FormatVar, 0, 0, SourceCard, nil},
	{TagResponseMessageTemplateFormat1, "Response Message Template Format 1", FormatVar, 0, 0, SourceCard, nil},
	{TagAmountAuthorisedBinary, "Amount, Authorised (Binary)", FormatB, 4, 4, SourceTerminal, nil},
	{TagApplicationInterchangeProfile, "Application Interchange Profile (AIP)", FormatB, 2, 2, SourceCard, in7780},
	{TagCommandTemplate, "Command Template", FormatB, 0, 0, SourceTerminal, nil},
	{TagDedicatedFileName, "Dedicated File (DF) Name", FormatB, 5, 16, SourceCard, in6F},
	{TagIssuerScriptCommand, "Issuer Script Command", FormatB, 0, 261, SourceIssuer, in7172},
	{TagApplicationPriorityIndicator, "Application Priority Indicator", FormatB, 1, 1, SourceCard, in61A5},
	{TagSFI, "Short File Identifier (SFI)", FormatB, 1, 1, SourceCard, inA5},
	// 89: Annex A leaves the format to the payment system; M/Chip and VCPS
	// use ans 6.
	{TagAuthorisationCode, "Authorisation Code", FormatANS, 6, 6, SourceIssuer, nil},
	{TagAuthorisationResponseCode, "Authorisation Response Code", FormatAN, 2, 2, SourceIssuer | SourceTerminal, nil},
	{TagCardRiskManagementDOL1, "Card Risk Management Data Object List 1 (CDOL1)", FormatB, 0, 252, SourceCard, in7077},
	{TagCardRiskManagementDOL2, "Card Risk Management Data Object List 2 (CDOL2)", FormatB, 0, 252, SourceCard, in7077},
	{TagCVMList, "Cardholder Verification Method (CVM) List", FormatB, 10, 252, SourceCard, in7077},
	{TagCAPublicKeyIndexCard, "Certification Authority Public Key Index", FormatB, 1, 1, SourceCard, in7077},
	{TagIssuerPublicKeyCertificate, "Issuer Public Key Certificate", FormatB, 0, 0, SourceCard, in7077},
	{TagIssuerAuthenticationData, "Issuer Authentication Data", FormatB, 8, 16, SourceIssuer, nil},
	{TagIssuerPublicKeyRemainder, "Issuer Public Key Remainder", FormatB, 0, 0, SourceCard, in7077},
	{TagSignedStaticApplicationData, "Signed Static Application Data", FormatB, 0, 0, SourceCard, in7077},
	{TagApplicationFileLocator, "Application File Locator (AFL)", FormatVar, 0, 252, SourceCard, in7780},
	{TagTerminalVerificationResults, "Terminal Verification Results (TVR)", FormatB, 5, 5, SourceTerminal, nil},
	{TagTransactionCertificateDOL, "Transaction Certificate Data Object List (TDOL)", FormatB, 0, 252, SourceCard, in7077},
	{TagTransactionCertificateHash, "Transaction Certificate (TC) Hash Value", FormatB, 20, 20, SourceTerminal, nil},
	{TagTransactionPINData, "Transaction Personal Identification Number (PIN) Data", FormatB, 0, 0, SourceTerminal, nil},
	{TagTransactionDate, "Transaction Date", FormatN, 3, 3, SourceTerminal, nil},
	{TagTransactionStatusInformation, "Transaction Status Information (TSI)", FormatB, 2, 2, SourceTerminal, nil},
	{TagTransactionType, "Transaction Type", FormatN, 1, 1, SourceTerminal, nil},
	{TagDirectoryDefinitionFileName, "Directory Definition File (DDF) Name", FormatB, 5, 16, SourceCard, in61},
	{TagFCIProprietaryTemplate, "File Control Information (FCI) Proprietary Template", FormatVar, 0, 0, SourceCard, in6F},
	{TagCardholderName, "Cardholder Name", FormatANS, 2, 26, SourceCard, in7077},
	{TagApplicationExpirationDate, "Application Expiration Date", FormatN, 3, 3, SourceCard, in7077},
	{TagApplicationEffectiveDate, "Application Effective Date", FormatN, 3, 3, SourceCard, in7077},
	{TagIssuerCountryCode, "Issuer Country Code", FormatN, 2, 2, SourceCard, in7077},
	{TagTransactionCurrencyCode, "Transaction Currency Code", FormatN, 2, 2, SourceTerminal, nil},
	{TagLanguagePreference, "Language Preference", FormatAN, 2, 8, SourceCard, inA5},
	{TagServiceCode, "Service Code", FormatN, 2, 2, SourceCard, in7077},
	{TagApplicationPANSequenceNumber, "Application PAN Sequence Number", FormatN, 1, 1, SourceCard, in7077},
	{TagTransactionCurrencyExponent, "Transaction Currency Exponent", FormatN, 1, 1, SourceTerminal, nil},
	{TagIssuerURL, "Issuer URL", FormatANS, 0, 0, SourceCard, in73BF0},
	{TagIBAN, "International Bank Account Number (IBAN)", FormatVar, 0, 34, SourceCard, in73BF0},
	{TagBankIdentifierCode, "Bank Identifier Code (BIC)", FormatVar, 8, 11, SourceCard, in73BF0},
	{TagIssuerCountryCodeAlpha2, "Issuer Country Code (alpha2 format)", FormatA, 2, 2, SourceCard, in73BF0},
	{TagIssuerCountryCodeAlpha3, "Issuer Country Code (alpha3 format)", FormatA, 3, 3, SourceCard, in73BF0},
	{TagAccountType, "Account Type", FormatN, 1, 1, SourceTerminal, nil},
	{TagBiometricInformationTemplate, "Biometric Information Template (BIT)", FormatVar, 0, 0, SourceCard | SourceTerminal, nil},
	{TagAcquirerIdentifier, "Acquirer Identifier", FormatN, 6, 6, SourceTerminal, nil},
	{TagAmountAuthorised, "Amount, Authorised (Numeric)", FormatN, 6, 6, SourceTerminal, nil},
	{TagAmountOther, "Amount, Other (Numeric)", FormatN, 6, 6, SourceTerminal, nil},
	{TagAmountOtherBinary, "Amount, Other (Binary)", FormatB, 4, 4, SourceTerminal, nil},
	{TagApplicationDiscretionaryData, "Application Discretionary Data", FormatB, 1, 32, SourceCard, in7077},
	{TagApplicationIdentifierTerminal, "Application Identifier (AID) - terminal", FormatB, 5, 16, SourceTerminal, nil},
	{TagApplicationUsageControl, "Application Usage Control", FormatB, 2, 2, SourceCard, in7077},
	{TagApplicationVersionNumberCard, "Application Version Number - card", FormatB, 2, 2, SourceCard, in7077},
	{TagApplicationVersionNumberTerminal, "Application Version Number - terminal", FormatB, 2, 2, SourceTerminal, nil},
	{TagApplicationSelectionRegisteredProprietaryData, "Application Selection Registered Proprietary Data (ASRPD)", FormatB, 0, 0, SourceCard, in73BF0},
	{TagCardholderNameExtended, "Cardholder Name Extended", FormatANS, 27, 45, SourceCard, in7077},
	{TagIssuerIdentificationNumberExtended, "Issuer Identification Number Extended (IINE)", FormatN, 3, 4, SourceCard, in73BF0},
	{TagIssuerActionCodeDefault, "Issuer Action Code - Default", FormatB, 5, 5, SourceCard, in7077},
	{TagIssuerActionCodeDenial, "Issuer Action Code - Denial", FormatB, 5, 5, SourceCard, in7077},
	{TagIssuerActionCodeOnline, "Issuer Action Code - Online", FormatB, 5, 5, SourceCard, in7077},
	{TagIssuerApplicationData, "Issuer Application Data (IAD)", FormatB, 0, 32, SourceCard, in7780},
	{TagIssuerCodeTableIndex, "Issuer Code Table Index", FormatN, 1, 1, SourceCard, inA5},
	{TagApplicationPreferredName, "Application Preferred Name", FormatANS, 1, 16, SourceCard, in61A5},
	{TagLastOnlineATCRegister, "Last Online ATC Register", FormatB, 2, 2, SourceCard, nil},
	{TagLowerConsecutiveOfflineLimit, "Lower Consecutive Offline Limit", FormatB, 1, 1, SourceCard, in7077},
	{TagMerchantCategoryCode, "Merchant Category Code", FormatN, 2, 2, SourceTerminal, nil},
	{TagMerchantIdentifier, "Merchant Identifier", FormatANS, 15, 15, SourceTerminal, nil},
	{TagPINTryCounter, "PIN Try Counter", FormatB, 1, 1, SourceCard, nil},
	{TagIssuerScriptIdentifier, "Issuer Script Identifier", FormatB, 4, 4, SourceIssuer, in7172},
	// 9F19 (n 11 in 6 bytes) is from the EMV 4.4 Annex A transcriptions named
	// above; not re-checked against a second source.
	{TagTokenRequestorID, "Token Requestor ID", FormatN, 6, 6, SourceCard, nil},
	{TagTerminalCountryCode, "Terminal Country Code", FormatN, 2, 2, SourceTerminal, nil},
	{TagTerminalFloorLimit, "Terminal Floor Limit", FormatB, 4, 4, SourceTerminal, nil},
	{TagTerminalIdentification, "Terminal Identification", FormatAN, 8, 8, SourceTerminal, nil},
	{TagTerminalRiskManagementData, "Terminal Risk Management Data", FormatB, 1, 8, SourceTerminal, nil},
	{TagInterfaceDeviceSerialNumber, "Interface Device (IFD) Serial Number", FormatAN, 8, 8, SourceTerminal, nil},
	{TagTrack1DiscretionaryData, "Track 1 Discretionary Data", FormatANS, 0, 0, SourceCard, in7077},
	{TagTrack2DiscretionaryData, "Track 2 Discretionary Data", FormatCN, 0, 0, SourceCard, in7077},
	{TagTransactionTime, "Transaction Time", FormatN, 3, 3, SourceTerminal, nil},
	{TagCAPublicKeyIndexTerminal, "Certification Authority Public Key Index - terminal", FormatB, 1, 1, SourceTerminal, nil},
	{TagUpperConsecutiveOfflineLimit, "Upper Consecutive Offline Limit", FormatB, 1, 1, SourceCard, in7077},
	{TagPaymentAccountReference, "Payment Account Reference (PAR)", FormatAN, 29, 29, SourceCard, in7077},
	{TagLast4DigitsOfPAN, "Last 4 Digits of PAN", FormatN, 2, 2, SourceCard, nil},
	{TagApplicationCryptogram, "Application Cryptogram", FormatB, 8, 8, SourceCard, in7780},
	{TagCryptogramInformationData, "Cryptogram Information Data", FormatB, 1, 1, SourceCard, in7780},
	{TagKernelIdentifier, "Kernel Identifier", FormatB, 1, 8, SourceCard, nil},
	{TagICCPINEnciphermentPublicKeyCert, "ICC PIN Encipherment Public Key Certificate", FormatB, 0, 0, SourceCard, in7077},
	{TagICCPINEnciphermentPublicKeyExponent, "ICC PIN Encipherment Public Key Exponent", FormatB, 1, 3, SourceCard, in7077},
	{TagICCPINEnciphermentPublicKeyRemainder, "ICC PIN Encipherment Public Key Remainder", FormatB, 0, 0, SourceCard, in7077},
	{TagBiometricTerminalCapabilities, "Biometric Terminal Capabilities", FormatB, 3, 3, SourceTerminal, nil},
	{TagCardBITGroupTemplate, "Card BIT Group Template", FormatVar, 0, 0, SourceCard, in70},
	{TagIssuerPublicKeyExponent, "Issuer Public Key Exponent", FormatB, 1, 3, SourceCard, in7077},
	{TagTerminalCapabilities, "Terminal Capabilities", FormatB, 3, 3, SourceTerminal, nil},
	{TagCVMResults, "Cardholder Verification Method (CVM) Results", FormatB, 3, 3, SourceTerminal, nil},
	{TagTerminalType, "Terminal Type", FormatN, 1, 1, SourceTerminal, nil},
	{TagApplicationTransactionCounter, "Application Transaction Counter (ATC)", FormatB, 2, 2, SourceCard, in7780},
	{TagUnpredictableNumber, "Unpredictable Number", FormatB, 4, 4, SourceTerminal, nil},
	{TagProcessingOptionsDOL, "Processing Options Data Object List (PDOL)", FormatB, 0, 0, SourceCard, inA5},
	{TagPOSEntryMode, "Point-of-Service (POS) Entry Mode", FormatN, 1, 1, SourceTerminal, nil},
	{TagAmountReferenceCurrency, "Amount, Reference Currency", FormatB, 4, 4, SourceTerminal, nil},
	{TagApplicationReferenceCurrency, "Application Reference Currency", FormatN, 2, 8, SourceCard, in7077},
	{TagTransactionReferenceCurrencyCode, "Transaction Reference Currency Code", FormatN, 2, 2, SourceTerminal, nil},
	{TagTransactionReferenceCurrencyExponent, "Transaction Reference Currency Exponent", FormatN, 1, 1, SourceTerminal, nil},
	{TagAdditionalTerminalCapabilities, "Additional Terminal Capabilities", FormatB, 5, 5, SourceTerminal, nil},
	{TagTransactionSequenceCounter, "Transaction Sequence Counter", FormatN, 2, 4, SourceTerminal, nil},
	{TagApplicationCurrencyCode, "Application Currency Code", FormatN, 2, 2, SourceCard, in7077},
	{TagApplicationReferenceCurrencyExponent, "Application Reference Currency Exponent", FormatN, 1, 4, SourceCard, in7077},
	{TagApplicationCurrencyExponent, "Application Currency Exponent", FormatN, 1, 1, SourceCard, in7077},
	{TagDataAuthenticationCode, "Data Authentication Code", FormatB, 2, 2, SourceCard, nil},
	{TagICCPublicKeyCertificate, "ICC Public Key Certificate", FormatB, 0, 0, SourceCard, in7077},
	{TagICCPublicKeyExponent, "ICC Public Key Exponent", FormatB, 1, 3, SourceCard, in7077},
	{TagICCPublicKeyRemainder, "ICC Public Key Remainder", FormatB, 0, 0, SourceCard, in7077},
	{TagDynamicDataAuthenticationDOL, "Dynamic Data Authentication Data Object List (DDOL)", FormatB, 0, 252, SourceCard, in7077},
	// 9F4A: Annex A gives no format; its value is a list of tags.
	{TagStaticDataAuthenticationTagList, "Static Data Authentication Tag List", FormatB, 0, 0, SourceCard, in7077},
	{TagSignedDynamicApplicationData, "Signed Dynamic Application Data", FormatB, 0, 0, SourceCard, in7780},
	{TagICCDynamicNumber, "ICC Dynamic Number", FormatB, 2, 8, SourceCard, nil},
	{TagLogEntry, "Log Entry", FormatB, 2, 2, SourceCard, in73BF0},
	{TagMerchantNameAndLocation, "Merchant Name and Location", FormatANS, 0, 0, SourceTerminal, nil},
	{TagLogFormat, "Log Format", FormatB, 0, 0, SourceCard, nil},
	{TagFCIIssuerDiscretionaryData, "File Control Information (FCI) Issuer Discretionary Data", FormatVar, 0, 222, SourceCard, inA5},
	{TagBiometricTryCountersTemplate, "Biometric Try Counters Template", FormatVar, 0, 0, SourceCard, nil},
	{TagBiometricVerificationDataTemplate, "Biometric Verification Data Template", FormatVar, 0, 0, SourceTerminal, nil},

	// Book 4 §10.3 defines Issuer Script Results without a tag; 9F5B is
	// the tag payment systems carry it in.
	{TagIssuerScriptResults, "Issuer Script Results", FormatB, 0, 0, SourceTerminal, nil},

	// Contactless kernels and scheme elements.
	{TagTrack1Data, "Track 1 Data", FormatANS, 0, 76, SourceCard, in70},
	{TagTrack2Data, "Track 2 Data", FormatB, 0, 19, SourceCard, in70},
	{TagAvailableOfflineSpendingAmount, "Available Offline Spending Amount", FormatN, 6, 6, SourceCard, nil},
	{TagTerminalTransactionQualifiers, "Terminal Transaction Qualifiers (TTQ)", FormatB, 4, 4, SourceTerminal, nil},
	// 9F69 is Visa's (C-3, fDDA) meaning; Mastercard (C-2) uses the tag for
	// the UDOL. Its length range is not re-checked against a second source.
	{TagCardAuthenticationRelatedData, "Card Authentication Related Data", FormatB, 5, 16, SourceCard, nil},
	{TagCardTransactionQualifiers, "Card Transaction Qualifiers (CTQ)", FormatB, 2, 2, SourceCard, nil},
	{TagContactlessReaderCapabilities, "Contactless Reader Capabilities", FormatB, 1, 1, SourceTerminal, nil},
	// 9F6E: American Express (C-4) terminal capabilities; Visa (C-3) uses
	// the same tag for the card's Form Factor Indicator.
	{TagEnhancedContactlessReaderCapabilities, "Enhanced Contactless Reader Capabilities / Form Factor Indicator", FormatB, 4, 4, SourceTerminal, nil},
	{TagCardInterfaceCapabilities, "Card Interface Capabilities", FormatB, 2, 2, SourceCard, nil},
	{TagMobileCVMResults, "Mobile CVM Results", FormatB, 3, 3, SourceCard, nil},
	{TagCustomerExclusiveData, "Customer Exclusive Data (CED)", FormatB, 0, 32, SourceCard, nil},
	// DF81xx: Book C-2 kernel data as transcribed by openemv/emv-utils; the
	// 6-byte Error Indication matches Book C-8 A.1.55. The other lengths are
	// not re-checked against a second source.
	{TagKernelID, "Kernel ID", FormatB, 1, 1, SourceTerminal, nil},
	{TagErrorIndication, "Error Indication", FormatB, 6, 6, SourceTerminal, nil},
	{TagUserInterfaceRequestData, "User Interface Request Data", FormatB, 22, 22, SourceTerminal, nil},
	{TagTerminalActionCodeDefault, "Terminal Action Code - Default", FormatB, 5, 5, SourceTerminal, nil},
	{TagTerminalActionCodeDenial, "Terminal Action Code - Denial", FormatB, 5, 5, SourceTerminal, nil},
	{TagTerminalActionCodeOnline, "Terminal Action Code - Online", FormatB, 5, 5, SourceTerminal, nil},
	{TagReaderContactlessFloorLimit, "Reader Contactless Floor Limit", FormatN, 6, 6, SourceTerminal, nil},
	{TagReaderContactlessTransactionLimitNoCVM, "Reader Contactless Transaction Limit (No On-device CVM)", FormatN, 6, 6, SourceTerminal, nil},
	{TagReaderContactlessTransactionLimitCVM, "Reader Contactless Transaction Limit (On-device CVM)", FormatN, 6, 6, SourceTerminal, nil},
	{TagReaderCVMRequiredLimit, "Reader CVM Required Limit", FormatN, 6, 6, SourceTerminal, nil},
	{TagOutcomeParameterSet, "Outcome Parameter Set", FormatB, 8, 8, SourceTerminal, nil},
})

// dictionaryTags holds the tags of dictionary, in the same order.
var dictionaryTags = func() []Tag {
	tags := make([]Tag, len(dictionary))
	for i, e := range dictionary {
		tags[i] = e.Tag
	}
	return tags
}()

func sortedElements(es []Element) []Element {
	slices.SortFunc(es, func(a, b Element) int {
		switch {
		case a.Tag < b.Tag:
			return -1
		case a.Tag > b.Tag:
			return 1
		}
		return 0
	})
	return es
}
