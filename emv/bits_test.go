package emv

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every named bit is checked against field definitions published by
// independent projects, not against our own constants:
//
//   - emv-utils: openemv/emv-utils, src/emv_fields.h (byte/mask macros,
//     citing EMV 4.4 Book 3 Annex C1, C2, C5, C6, Book 4 Annex A2, A3 and the
//     contactless books) and src/emv_strings.c (the words).
//   - binaryfoo: binaryfoo/emv-bertlv, src/main/resources/fields/ tvr.txt,
//     tsi.txt, aip.txt, app-usage-control.txt, terminal-capabilities.txt,
//     terminal-tx-qualifiers.txt, card-tx-qualifiers.txt ("(byte,bit)=1 :
//     words").
//   - proxmark3: RfidResearchGroup/proxmark3, client/src/emv/emv_tags.c
//     (EMV_BIT(byte, bit) tables EMV_TVR, EMV_AIP, EMV_AUC, EMV_TTQ, EMV_CTQ).
//
// byteNo and mask are the source's; word is the source's wording, compared
// ignoring case and punctuation.
type bitCase struct {
	bit    uint16
	byteNo int
	mask   byte
	word   string
	source string
}

// normWord folds case and drops punctuation so "PIN Try Limit exceeded"
// matches "PIN try limit exceeded".
func normWord(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer(",", "", "(", "", ")", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// checkBits checks each case's byte, mask and word, and that the table
// names no bit the cases leave unchecked.
func checkBits(t *testing.T, names []bitName, cases []bitCase, word func(uint16) string) {
	t.Helper()
	require.Len(t, names, len(cases), "every named bit needs a sourced case")
	for _, c := range cases {
		assert.Equal(t, c.byteNo, int(c.bit>>8), "%s: byte (%s)", c.word, c.source)
		assert.Equal(t, c.mask, byte(c.bit), "%s: mask (%s)", c.word, c.source)
		assert.Equal(t, normWord(c.word), normWord(word(c.bit)), "%s: words (%s)", c.word, c.source)
	}
}

func TestTVRBitsMatchSources(t *testing.T) {
	checkBits(t, tvrNames, []bitCase{
		{uint16(TVROfflineDataAuthenticationNotPerformed), 1, 0x80, "Offline data authentication was not performed", "binaryfoo (1,8); emv-utils EMV_TVR_OFFLINE_DATA_AUTH_NOT_PERFORMED"},
		{uint16(TVRSDAFailed), 1, 0x40, "SDA failed", "binaryfoo (1,7); proxmark3 EMV_BIT(1, 7)"},
		{uint16(TVRICCDataMissing), 1, 0x20, "ICC data missing", "binaryfoo (1,6)"},
		{uint16(TVRCardOnExceptionFile), 1, 0x10, "Card appears on terminal exception file", "binaryfoo (1,5)"},
		{uint16(TVRDDAFailed), 1, 0x08, "DDA failed", "binaryfoo (1,4)"},
		{uint16(TVRCDAFailed), 1, 0x04, "CDA failed", "binaryfoo (1,3)"},
		{uint16(TVRSDASelected), 1, 0x02, "SDA selected", "binaryfoo (1,2); emv-utils EMV_TVR_SDA_SELECTED"},
		{uint16(TVRXDASelected), 1, 0x01, "XDA selected", "emv-utils EMV_TVR_XDA_SELECTED (0x01)"},
		{uint16(TVRICCAndTerminalDifferentVersions), 2, 0x80, "ICC and terminal have different application versions", "binaryfoo (2,8)"},
		{uint16(TVRExpiredApplication), 2, 0x40, "Expired application", "binaryfoo (2,7)"},
		{uint16(TVRApplicationNotYetEffective), 2, 0x20, "Application not yet effective", "binaryfoo (2,6)"},
		{uint16(TVRServiceNotAllowed), 2, 0x10, "Requested service not allowed for card product", "binaryfoo (2,5)"},
		{uint16(TVRNewCard), 2, 0x08, "New card", "binaryfoo (2,4)"},
		{uint16(TVRBiometricSuccessful), 2, 0x02, "Biometric performed and successful", "emv-utils EMV_TVR_BIOMETRIC_PERFORMED_SUCCESSFUL (0x02)"},
		{uint16(TVRBiometricTemplateFormatNotSupported), 2, 0x01, "Biometric template format not supported", "emv-utils EMV_TVR_BIOMETRIC_TEMPLATE_FORMAT_NOT_SUPPORTED (0x01)"},
		{uint16(TVRCardholderVerificationNotSuccessful), 3, 0x80, "Cardholder verification was not successful", "binaryfoo (3,8)"},
		{uint16(TVRUnrecognisedCVM), 3, 0x40, "Unrecognised CVM", "binaryfoo (3,7)"},
		{uint16(TVRPINTryLimitExceeded), 3, 0x20, "PIN try limit exceeded", "binaryfoo (3,6)"},
		{uint16(TVRPINEntryRequiredPINPadNotPresent), 3, 0x10, "PIN entry required and PIN pad not present or not working", "binaryfoo (3,5)"},
		{uint16(TVRPINEntryRequiredPINNotEntered), 3, 0x08, "PIN entry required, PIN pad present, but PIN was not entered", "binaryfoo (3,4)"},
		{uint16(TVROnlinePINEntered), 3, 0x04, "Online PIN entered", "binaryfoo (3,3); emv-utils EMV_TVR_ONLINE_CVM_CAPTURED (4.4 name)"},
		{uint16(TVRBiometricCaptureDeviceNotWorking), 3, 0x02, "Biometric required but Biometric capture device not working", "emv-utils EMV_TVR_BIOMETRIC_CAPTURE_FAILED (0x02)"},
		{uint16(TVRBiometricSubtypeBypassed), 3, 0x01, "Biometric required, Biometric capture device present, but Biometric Subtype entry was bypassed", "emv-utils EMV_TVR_BIOMETRIC_SUBTYPE_BYPASSED (0x01)"},
		{uint16(TVRTransactionExceedsFloorLimit), 4, 0x80, "Transaction exceeds floor limit", "binaryfoo (4,8)"},
		{uint16(TVRLowerConsecutiveOfflineLimitExceeded), 4, 0x40, "Lower consecutive offline limit exceeded", "binaryfoo (4,7)"},
		{uint16(TVRUpperConsecutiveOfflineLimitExceeded), 4, 0x20, "Upper consecutive offline limit exceeded", "binaryfoo (4,6)"},
		{uint16(TVRRandomlySelectedForOnline), 4, 0x10, "Transaction selected randomly for online processing", "binaryfoo (4,5)"},
		{uint16(TVRMerchantForcedOnline), 4, 0x08, "Merchant forced transaction online", "binaryfoo (4,4)"},
		{uint16(TVRBiometricTryLimitExceeded), 4, 0x04, "Biometric Try Limit exceeded", "emv-utils EMV_TVR_BIOMETRIC_TRY_LIMIT_EXCEEDED (0x04)"},
		{uint16(TVRBiometricTypeNotSupported), 4, 0x02, "A selected Biometric Type not supported", "emv-utils EMV_TVR_BIOMETRIC_TYPE_NOT_SUPPORTED (0x02)"},
		{uint16(TVRXDASignatureVerificationFailed), 4, 0x01, "XDA signature verification failed", "emv-utils EMV_TVR_XDA_FAILED (0x01)"},
		{uint16(TVRDefaultTDOLUsed), 5, 0x80, "Default TDOL used", "binaryfoo (5,8)"},
		{uint16(TVRIssuerAuthenticationFailed), 5, 0x40, "Issuer authentication failed", "binaryfoo (5,7)"},
		{uint16(TVRScriptFailedBeforeFinalGenerateAC), 5, 0x20, "Script processing failed before final GENERATE AC", "binaryfoo (5,6)"},
		{uint16(TVRScriptFailedAfterFinalGenerateAC), 5, 0x10, "Script processing failed after final GENERATE AC", "binaryfoo (5,5)"},
		{uint16(TVRCAECCKeyMissing), 5, 0x04, "CA ECC key missing", "emv-utils EMV_TVR_CA_ECC_KEY_MISSING (0x04)"},
		{uint16(TVRECCKeyRecoveryFailed), 5, 0x02, "ECC key recovery failed", "emv-utils EMV_TVR_ECC_KEY_RECOVERY_FAILED (0x02)"},
	}, func(b uint16) string { return TVRBit(b).String() })
}

func TestTSIBitsMatchSources(t *testing.T) {
	checkBits(t, tsiNames, []bitCase{
		{uint16(TSIOfflineDataAuthenticationPerformed), 1, 0x80, "Offline data authentication was performed", "binaryfoo tsi.txt (1,8); emv-utils EMV_TSI_OFFLINE_DATA_AUTH_PERFORMED"},
		{uint16(TSICardholderVerificationPerformed), 1, 0x40, "Cardholder verification was performed", "binaryfoo (1,7)"},
		{uint16(TSICardRiskManagementPerformed), 1, 0x20, "Card risk management was performed", "binaryfoo (1,6)"},
		{uint16(TSIIssuerAuthenticationPerformed), 1, 0x10, "Issuer authentication was performed", "binaryfoo (1,5)"},
		{uint16(TSITerminalRiskManagementPerformed), 1, 0x08, "Terminal risk management was performed", "binaryfoo (1,4)"},
		{uint16(TSIScriptProcessingPerformed), 1, 0x04, "Script processing was performed", "binaryfoo (1,3)"},
	}, func(b uint16) string { return TSIBit(b).String() })
}

func TestAIPBitsMatchSources(t *testing.T) {
	checkBits(t, aipNames, []bitCase{
		{uint16(AIPXDASupported), 1, 0x80, "XDA supported", "emv-utils EMV_AIP_XDA_SUPPORTED (0x80)"},
		{uint16(AIPSDASupported), 1, 0x40, "SDA supported", "binaryfoo aip.txt (1,7); proxmark3 EMV_BIT(1, 7)"},
		{uint16(AIPDDASupported), 1, 0x20, "DDA supported", "binaryfoo (1,6)"},
		{uint16(AIPCardholderVerificationSupported), 1, 0x10, "Cardholder verification is supported", "binaryfoo (1,5)"},
		{uint16(AIPTerminalRiskManagementToBePerformed), 1, 0x08, "Terminal risk management is to be performed", "binaryfoo (1,4)"},
		{uint16(AIPIssuerAuthenticationSupported), 1, 0x04, "Issuer authentication is supported", "binaryfoo (1,3)"},
		{uint16(AIPOnDeviceCardholderVerificationSupported), 1, 0x02, "On device cardholder verification is supported", "emv-utils EMV_AIP_ODCV_SUPPORTED (0x02, Book C-2)"},
		{uint16(AIPCDASupported), 1, 0x01, "CDA supported", "binaryfoo (1,1)"},
		{uint16(AIPEMVModeSupported), 2, 0x80, "EMV mode supported", "emv-utils EMV_AIP_EMV_MODE_SUPPORTED (byte 2 0x80, Book C-2)"},
		{uint16(AIPMobilePhone), 2, 0x40, "Mobile phone", "emv-utils EMV_AIP_MOBILE_PHONE (byte 2 0x40)"},
		{uint16(AIPContactlessTransaction), 2, 0x20, "Contactless transaction", "emv-utils EMV_AIP_CONTACTLESS_TXN (byte 2 0x20)"},
		{uint16(AIPRelayResistanceProtocolSupported), 2, 0x01, "Relay Resistance Protocol supported", "emv-utils EMV_AIP_RRP_SUPPORTED (byte 2 0x01)"},
	}, func(b uint16) string { return AIPBit(b).String() })
}

func TestAUCBitsMatchSources(t *testing.T) {
	checkBits(t, aucNames, []bitCase{
		{uint16(AUCDomesticCash), 1, 0x80, "Valid for domestic cash transactions", "proxmark3 EMV_AUC EMV_BIT(1, 8); emv-utils EMV_AUC_DOMESTIC_CASH"},
		{uint16(AUCInternationalCash), 1, 0x40, "Valid for international cash transactions", "proxmark3 EMV_BIT(1, 7)"},
		{uint16(AUCDomesticGoods), 1, 0x20, "Valid for domestic goods", "proxmark3 EMV_BIT(1, 6)"},
		{uint16(AUCInternationalGoods), 1, 0x10, "Valid for international goods", "proxmark3 EMV_BIT(1, 5)"},
		{uint16(AUCDomesticServices), 1, 0x08, "Valid for domestic services", "proxmark3 EMV_BIT(1, 4)"},
		{uint16(AUCInternationalServices), 1, 0x04, "Valid for international services", "proxmark3 EMV_BIT(1, 3)"},
		{uint16(AUCATMs), 1, 0x02, "Valid at ATMs", "emv-utils EMV_AUC_ATM (0x02)"},
		{uint16(AUCNonATMTerminals), 1, 0x01, "Valid at terminals other than ATMs", "proxmark3 EMV_BIT(1, 1)"},
		{uint16(AUCDomesticCashbackAllowed), 2, 0x80, "Domestic cashback allowed", "proxmark3 EMV_BIT(2, 8)"},
		{uint16(AUCInternationalCashbackAllowed), 2, 0x40, "International cashback allowed", "proxmark3 EMV_BIT(2, 7)"},
	}, func(b uint16) string { return AUCBit(b).String() })
}

func TestTerminalCapabilitiesBitsMatchSources(t *testing.T) {
	checkBits(t, termCapNames, []bitCase{
		{uint16(TermCapManualKeyEntry), 1, 0x80, "Manual key entry", "binaryfoo terminal-capabilities.txt (1,8)"},
		{uint16(TermCapMagneticStripe), 1, 0x40, "Magnetic stripe", "binaryfoo (1,7)"},
		{uint16(TermCapICWithContacts), 1, 0x20, "IC with contacts", "binaryfoo (1,6)"},
		{uint16(TermCapPlaintextPINForICC), 2, 0x80, "Plaintext PIN for ICC verification", "binaryfoo (2,8)"},
		{uint16(TermCapEncipheredPINOnline), 2, 0x40, "Enciphered PIN for online verification", "binaryfoo (2,7)"},
		{uint16(TermCapSignature), 2, 0x20, "Signature", "emv-utils EMV_TERM_CAPS_CVM_SIGNATURE (0x20); binaryfoo (2,6) Signature (paper)"},
		{uint16(TermCapEncipheredPINOffline), 2, 0x10, "Enciphered PIN for offline verification", "binaryfoo (2,5); emv-utils EMV_TERM_CAPS_CVM_ENCIPHERED_PIN_OFFLINE_RSA"},
		{uint16(TermCapNoCVMRequired), 2, 0x08, "No CVM Required", "binaryfoo (2,4)"},
		{uint16(TermCapOnlineBiometric), 2, 0x04, "Online Biometric", "emv-utils EMV_TERM_CAPS_CVM_BIOMETRIC_ONLINE (0x04)"},
		{uint16(TermCapOfflineBiometric), 2, 0x02, "Offline Biometric", "emv-utils EMV_TERM_CAPS_CVM_BIOMETRIC_OFFLINE (0x02)"},
		{uint16(TermCapEncipheredPINOfflineECC), 2, 0x01, "Enciphered PIN for offline verification (ECC ODE)", "emv-utils EMV_TERM_CAPS_CVM_ENCIPHERED_PIN_OFFLINE_ECC (0x01)"},
		{uint16(TermCapSDA), 3, 0x80, "SDA", "binaryfoo (3,8)"},
		{uint16(TermCapDDA), 3, 0x40, "DDA", "binaryfoo (3,7)"},
		{uint16(TermCapCardCapture), 3, 0x20, "Card capture", "binaryfoo (3,6)"},
		{uint16(TermCapCDA), 3, 0x08, "CDA", "binaryfoo (3,4)"},
		{uint16(TermCapXDA), 3, 0x04, "XDA", "emv-utils EMV_TERM_CAPS_SECURITY_XDA (0x04)"},
	}, func(b uint16) string { return TerminalCapabilitiesBit(b).String() })
}

func TestAdditionalTerminalCapabilitiesBitsMatchSources(t *testing.T) {
	const src = "emv-utils EMV_ADDL_TERM_CAPS_*"
	checkBits(t, addTermCapNames, []bitCase{
		{uint16(AddTermCapCash), 1, 0x80, "Cash", src + "TXN_TYPE_CASH"},
		{uint16(AddTermCapGoods), 1, 0x40, "Goods", src + "TXN_TYPE_GOODS"},
		{uint16(AddTermCapServices), 1, 0x20, "Services", src + "TXN_TYPE_SERVICES"},
		{uint16(AddTermCapCashback), 1, 0x10, "Cashback", src + "TXN_TYPE_CASHBACK"},
		{uint16(AddTermCapInquiry), 1, 0x08, "Inquiry", src + "TXN_TYPE_INQUIRY"},
		{uint16(AddTermCapTransfer), 1, 0x04, "Transfer", src + "TXN_TYPE_TRANSFER"},
		{uint16(AddTermCapPayment), 1, 0x02, "Payment", src + "TXN_TYPE_PAYMENT"},
		{uint16(AddTermCapAdministrative), 1, 0x01, "Administrative", src + "TXN_TYPE_ADMINISTRATIVE"},
		{uint16(AddTermCapCashDeposit), 2, 0x80, "Cash deposit", src + "TXN_TYPE_CASH_DEPOSIT"},
		{uint16(AddTermCapNumericKeys), 3, 0x80, "Numeric keys", src + "INPUT_NUMERIC_KEYS"},
		{uint16(AddTermCapAlphabeticAndSpecialCharKeys), 3, 0x40, "Alphabetic and special characters keys", src + "INPUT_ALPHABETIC_AND_SPECIAL_KEYS"},
		{uint16(AddTermCapCommandKeys), 3, 0x20, "Command keys", src + "INPUT_COMMAND_KEYS"},
		{uint16(AddTermCapFunctionKeys), 3, 0x10, "Function keys", src + "INPUT_FUNCTION_KEYS"},
		{uint16(AddTermCapPrintAttendant), 4, 0x80, "Print, attendant", src + "OUTPUT_PRINT_ATTENDANT (EMV 4.3 wording)"},
		{uint16(AddTermCapPrintCardholder), 4, 0x40, "Print, cardholder", src + "OUTPUT_PRINT_CARDHOLDER (EMV 4.3 wording)"},
		{uint16(AddTermCapDisplayAttendant), 4, 0x20, "Display, attendant", src + "OUTPUT_DISPLAY_ATTENDANT"},
		{uint16(AddTermCapDisplayCardholder), 4, 0x10, "Display cardholder", src + "OUTPUT_DISPLAY_CARDHOLDER"},
		{uint16(AddTermCapCodeTable10), 4, 0x02, "Code table 10", src + "OUTPUT_CODE_TABLE_10"},
		{uint16(AddTermCapCodeTable9), 4, 0x01, "Code table 9", src + "OUTPUT_CODE_TABLE_9"},
		{uint16(AddTermCapCodeTable8), 5, 0x80, "Code table 8", src + "OUTPUT_CODE_TABLE_8"},
		{uint16(AddTermCapCodeTable7), 5, 0x40, "Code table 7", src + "OUTPUT_CODE_TABLE_7"},
		{uint16(AddTermCapCodeTable6), 5, 0x20, "Code table 6", src + "OUTPUT_CODE_TABLE_6"},
		{uint16(AddTermCapCodeTable5), 5, 0x10, "Code table 5", src + "OUTPUT_CODE_TABLE_5"},
		{uint16(AddTermCapCodeTable4), 5, 0x08, "Code table 4", src + "OUTPUT_CODE_TABLE_4"},
		{uint16(AddTermCapCodeTable3), 5, 0x04, "Code table 3", src + "OUTPUT_CODE_TABLE_3"},
		{uint16(AddTermCapCodeTable2), 5, 0x02, "Code table 2", src + "OUTPUT_CODE_TABLE_2"},
		{uint16(AddTermCapCodeTable1), 5, 0x01, "Code table 1", src + "OUTPUT_CODE_TABLE_1"},
	}, func(b uint16) string { return AdditionalTerminalCapabilitiesBit(b).String() })
}

func TestTTQBitsMatchSources(t *testing.T) {
	checkBits(t, ttqNames, []bitCase{
		{uint16(TTQMagstripeModeSupported), 1, 0x80, "Mag-stripe mode supported", "emv-utils EMV_TTQ_MAGSTRIPE_MODE_SUPPORTED; binaryfoo (1,8) MSD supported"},
		{uint16(TTQEMVModeSupported), 1, 0x20, "EMV mode supported", "emv-utils EMV_TTQ_EMV_MODE_SUPPORTED; binaryfoo (1,6) qVSDC supported"},
		{uint16(TTQEMVContactChipSupported), 1, 0x10, "EMV contact chip supported", "binaryfoo (1,5); proxmark3 EMV_BIT(1, 5)"},
		{uint16(TTQOfflineOnlyReader), 1, 0x08, "Offline-only reader", "proxmark3 EMV_BIT(1, 4); binaryfoo (1,4)"},
		{uint16(TTQOnlinePINSupported), 1, 0x04, "Online PIN supported", "binaryfoo (1,3)"},
		{uint16(TTQSignatureSupported), 1, 0x02, "Signature supported", "binaryfoo (1,2)"},
		{uint16(TTQODAForOnlineAuthorisationSupported), 1, 0x01, "Offline Data Authentication for Online Authorizations supported", "emv-utils EMV_TTQ_ODA_FOR_ONLINE_AUTH_SUPPORTED; binaryfoo (1,1)"},
		{uint16(TTQOnlineCryptogramRequired), 2, 0x80, "Online cryptogram required", "binaryfoo (2,8)"},
		{uint16(TTQCVMRequired), 2, 0x40, "CVM required", "binaryfoo (2,7)"},
		{uint16(TTQContactChipOfflinePINSupported), 2, 0x20, "(Contact Chip) Offline PIN supported", "proxmark3 EMV_BIT(2, 6); binaryfoo (2,6)"},
		{uint16(TTQIssuerUpdateProcessingSupported), 3, 0x80, "Issuer update processing supported", "binaryfoo (3,8)"},
		{uint16(TTQConsumerDeviceCVMSupported), 3, 0x40, "Consumer Device CVM supported", "emv-utils EMV_TTQ_CDCVM_SUPPORTED; binaryfoo (3,7) mobile device functionality"},
		{uint16(TTQConsumerDeviceCVMRequired), 3, 0x08, "Consumer Device CVM required", "emv-utils EMV_TTQ_CDCVM_REQUIRED (0x08, Book C-6)"},
		{uint16(TTQFDDAV1Supported), 4, 0x80, "fDDA v1.0 Supported", "emv-utils EMV_TTQ_FDDA_V1_SUPPORTED (byte 4 0x80, Book C-7)"},
	}, func(b uint16) string { return TTQBit(b).String() })
}

func TestCTQBitsMatchSources(t *testing.T) {
	checkBits(t, ctqNames, []bitCase{
		{uint16(CTQOnlinePINRequired), 1, 0x80, "Online PIN required", "binaryfoo card-tx-qualifiers.txt (1,8); proxmark3 EMV_BIT(1, 8)"},
		{uint16(CTQSignatureRequired), 1, 0x40, "Signature required", "binaryfoo (1,7)"},
		{uint16(CTQGoOnlineIfODAFails), 1, 0x20, "Go Online if Offline Data Authentication Fails and Reader is online capable", "proxmark3 EMV_BIT(1, 6)"},
		{uint16(CTQSwitchInterfaceIfODAFails), 1, 0x10, "Switch Interface if Offline Data Authentication fails and Reader supports contact chip", "emv-utils EMV_CTQ_SWITCH_INTERFACE_IF_ODA_FAILED; proxmark3 EMV_BIT(1, 5) says 'supports VIS'"},
		{uint16(CTQGoOnlineIfApplicationExpired), 1, 0x08, "Go Online if Application Expired", "proxmark3 EMV_BIT(1, 4)"},
		{uint16(CTQSwitchInterfaceForCash), 1, 0x04, "Switch Interface for Cash Transactions", "proxmark3 EMV_BIT(1, 3)"},
		{uint16(CTQSwitchInterfaceForCashback), 1, 0x02, "Switch Interface for Cashback Transactions", "proxmark3 EMV_BIT(1, 2)"},
		{uint16(CTQNotValidForContactlessATM), 1, 0x01, "Not valid for contactless ATM transactions", "emv-utils EMV_CTQ_ATM_NOT_VALID (0x01, VCPS Supplemental Requirements Annex D)"},
		{uint16(CTQConsumerDeviceCVMPerformed), 2, 0x80, "Consumer Device CVM Performed", "proxmark3 EMV_BIT(2, 8); binaryfoo (2,8)"},
		{uint16(CTQIssuerUpdateProcessingSupported), 2, 0x40, "Card supports Issuer Update Processing at the POS", "proxmark3 EMV_BIT(2, 7)"},
	}, func(b uint16) string { return CTQBit(b).String() })
}

func TestTVRSetClearHasString(t *testing.T) {
	var tvr TVR
	assert.Equal(t, "none", tvr.String())
	tvr.Set(TVROfflineDataAuthenticationNotPerformed)
	tvr.Set(TVRNewCard)
	tvr.Set(TVRScriptFailedAfterFinalGenerateAC)
	assert.Equal(t, TVR{0x80, 0x08, 0x00, 0x00, 0x10}, tvr)
	assert.True(t, tvr.Has(TVRNewCard))
	assert.False(t, tvr.Has(TVRExpiredApplication))
	assert.Equal(t, "offline data authentication was not performed, new card, script processing failed after final GENERATE AC", tvr.String())
	tvr.Clear(TVRNewCard)
	assert.Equal(t, TVR{0x80, 0x00, 0x00, 0x00, 0x10}, tvr)
	assert.False(t, tvr.Has(TVRNewCard))
}

func TestBitFieldStringsNameRFUBits(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"TVR byte 2 bit 3", TVR{0, 0x04, 0, 0, 0}.String(), "byte 2 bit 3 (RFU)"},
		{"TVR byte 5 contactless bits", TVR{0, 0, 0, 0, 0x09}.String(), "byte 5 bit 4 (RFU), byte 5 bit 1 (RFU)"},
		{"TSI byte 2", TSI{0x40, 0x01}.String(), "cardholder verification was performed, byte 2 bit 1 (RFU)"},
		{"AUC all", AUC{0xFF, 0xC0}.String(), "valid for domestic cash transactions, valid for international cash transactions, valid for domestic goods, valid for international goods, valid for domestic services, valid for international services, valid at ATMs, valid at terminals other than ATMs, domestic cashback allowed, international cashback allowed"},
		{"AIP 1980", AIP{0x19, 0x80}.String(), "cardholder verification is supported, terminal risk management is to be performed, CDA supported, EMV mode supported"},
		{"9F33 E0F8C8", TerminalCapabilities{0xE0, 0xF8, 0xC8}.String(), "manual key entry, magnetic stripe, IC with contacts, plaintext PIN for ICC verification, enciphered PIN for online verification, signature, enciphered PIN for offline verification, no CVM required, SDA, DDA, CDA"},
		{"TTQ 36000000", TTQ{0x36, 0, 0, 0}.String(), "EMV mode supported, EMV contact chip supported, online PIN supported, signature supported"},
		{"CTQ 0000", CTQ{}.String(), "none"},
		{"unnamed bit word", TVRBit(2<<8 | 0x04).String(), "byte 2 bit 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, tc.got) })
	}
}

func TestBitsOutOfRangeAreIgnored(t *testing.T) {
	var tsi TSI
	tsi.Set(TSIBit(3<<8 | 0x80)) // no byte 3
	tsi.Set(TSIBit(0<<8 | 0x80)) // no byte 0
	tsi.Set(TSIBit(1 << 8))      // no mask
	assert.Equal(t, TSI{}, tsi)
	assert.False(t, tsi.Has(TSIBit(1<<8)))
	tsi.Clear(TSIBit(9<<8 | 0x01))
	assert.Equal(t, TSI{}, tsi)
}

func TestParseBitFields(t *testing.T) {
	tvr, err := ParseTVR([]byte{0x80, 0x00, 0x00, 0x80, 0x00})
	require.NoError(t, err)
	assert.True(t, tvr.Has(TVRTransactionExceedsFloorLimit))
	aip, err := ParseAIP([]byte{0x19, 0x80})
	require.NoError(t, err)
	assert.True(t, aip.Has(AIPCDASupported))
	tc, err := ParseTerminalCapabilities([]byte{0xE0, 0xB8, 0xC8})
	require.NoError(t, err)
	assert.False(t, tc.Has(TermCapEncipheredPINOnline))

	bad := []struct {
		name string
		err  error
		tag  Tag
		want int
	}{
		{"TVR", second(ParseTVR([]byte{1, 2, 3, 4})), TagTerminalVerificationResults, 5},
		{"TSI", second(ParseTSI(nil)), TagTransactionStatusInformation, 2},
		{"AIP", second(ParseAIP([]byte{1, 2, 3})), TagApplicationInterchangeProfile, 2},
		{"AUC", second(ParseAUC([]byte{1})), TagApplicationUsageControl, 2},
		{"9F33", second(ParseTerminalCapabilities([]byte{1, 2})), TagTerminalCapabilities, 3},
		{"9F40", second(ParseAdditionalTerminalCapabilities([]byte{1, 2, 3, 4, 5, 6})), TagAdditionalTerminalCapabilities, 5},
		{"TTQ", second(ParseTTQ([]byte{1, 2, 3})), TagTerminalTransactionQualifiers, 4},
		{"CTQ", second(ParseCTQ([]byte{1, 2, 3})), TagCardTransactionQualifiers, 2},
		{"9F34", second(ParseCVMResults([]byte{1, 2})), TagCVMResults, 3},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, tc.err, ErrBitFieldLength)
			var le *BitFieldLengthError
			require.True(t, errors.As(tc.err, &le))
			assert.Equal(t, tc.tag, le.Tag)
			assert.Equal(t, tc.want, le.Want)
		})
	}
	_, err = ParseCTQ([]byte{1, 2, 3})
	assert.EqualError(t, err, "emv: 9F6C must be 2 bytes, got 3")
}

func second[T any](_ T, err error) error { return err }

func FuzzParseBitFields(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0x19, 0x80})
	f.Add([]byte{0xE0, 0xF8, 0xC8})
	f.Add([]byte{0x36, 0x00, 0x00, 0x00})
	f.Add([]byte{0x80, 0x00, 0x00, 0x80, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(name string, err error, bytes []byte, s string) {
			if len(bytes) != len(b) {
				if !errors.Is(err, ErrBitFieldLength) {
					t.Fatalf("%s: %d bytes accepted or wrong error %v", name, len(b), err)
				}
				return
			}
			if err != nil || string(bytes) != string(b) || s == "" {
				t.Fatalf("%s: % X -> % X, %q, %v", name, b, bytes, s, err)
			}
		}
		tvr, err := ParseTVR(b)
		check("TVR", err, tvr[:], tvr.String())
		tsi, err := ParseTSI(b)
		check("TSI", err, tsi[:], tsi.String())
		aip, err := ParseAIP(b)
		check("AIP", err, aip[:], aip.String())
		auc, err := ParseAUC(b)
		check("AUC", err, auc[:], auc.String())
		tc, err := ParseTerminalCapabilities(b)
		check("9F33", err, tc[:], tc.String())
		atc, err := ParseAdditionalTerminalCapabilities(b)
		check("9F40", err, atc[:], atc.String())
		ttq, err := ParseTTQ(b)
		check("TTQ", err, ttq[:], ttq.String())
		ctq, err := ParseCTQ(b)
		check("CTQ", err, ctq[:], ctq.String())
		res, err := ParseCVMResults(b)
		check("9F34", err, res[:], res.String())
		if len(b) > 0 {
			_ = TerminalType(b[0]).String()
		}
	})
}

func BenchmarkTVRString(b *testing.B) {
	tvr := TVR{0x80, 0x08, 0x04, 0x80, 0x10}
	b.ReportAllocs()
	for b.Loop() {
		_ = tvr.String()
	}
}

func ExampleTVR() {
	var tvr TVR
	tvr.Set(TVROfflineDataAuthenticationNotPerformed)
	tvr.Set(TVRNewCard)
	fmt.Printf("% X\n", tvr[:])
	fmt.Println(tvr)
	fmt.Println(tvr.Has(TVRNewCard), tvr.Has(TVRExpiredApplication))
	// Output:
	// 80 08 00 00 00
	// offline data authentication was not performed, new card
	// true false
}

func ExampleTerminalType() {
	fmt.Println(TerminalTypeUnattendedOnlineOnly)
	fmt.Println(TerminalTypeAttendedOnlineOffline.Attended())
	// Output:
	// 24 unattended, online only, operated by merchant
	// true
}
