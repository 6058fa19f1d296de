package emv

// TVR is the Terminal Verification Results (tag 95): the terminal's record
// of every check of the transaction that failed or needs attention (EMV 4.4
// Book 3 Annex C5). The terminal sets bits as it goes; terminal action
// analysis compares them with the action codes.
type TVR [5]byte

// TVRBit names one bit of the TVR: byte number<<8 | mask.
type TVRBit uint16

// TVR bits, EMV 4.4 Book 3 Annex C5 Table 46.
const (
	// Byte 1: offline data authentication.
	TVROfflineDataAuthenticationNotPerformed TVRBit = 1<<8 | 0x80
	TVRSDAFailed                             TVRBit = 1<<8 | 0x40
	TVRICCDataMissing                        TVRBit = 1<<8 | 0x20
	TVRCardOnExceptionFile                   TVRBit = 1<<8 | 0x10
	TVRDDAFailed                             TVRBit = 1<<8 | 0x08
	TVRCDAFailed                             TVRBit = 1<<8 | 0x04
	TVRSDASelected                           TVRBit = 1<<8 | 0x02
	TVRXDASelected                           TVRBit = 1<<8 | 0x01

	// Byte 2: processing restrictions (and biometrics).
	TVRICCAndTerminalDifferentVersions     TVRBit = 2<<8 | 0x80
	TVRExpiredApplication                  TVRBit = 2<<8 | 0x40
	TVRApplicationNotYetEffective          TVRBit = 2<<8 | 0x20
	TVRServiceNotAllowed                   TVRBit = 2<<8 | 0x10
	TVRNewCard                             TVRBit = 2<<8 | 0x08
	TVRBiometricSuccessful                 TVRBit = 2<<8 | 0x02
	TVRBiometricTemplateFormatNotSupported TVRBit = 2<<8 | 0x01

	// Byte 3: cardholder verification.
	TVRCardholderVerificationNotSuccessful TVRBit = 3<<8 | 0x80
	TVRUnrecognisedCVM                     TVRBit = 3<<8 | 0x40
	TVRPINTryLimitExceeded                 TVRBit = 3<<8 | 0x20
	TVRPINEntryRequiredPINPadNotPresent    TVRBit = 3<<8 | 0x10
	TVRPINEntryRequiredPINNotEntered       TVRBit = 3<<8 | 0x08
	// TVROnlinePINEntered is what EMV 4.4 calls "online CVM captured".
	TVROnlinePINEntered                 TVRBit = 3<<8 | 0x04
	TVRBiometricCaptureDeviceNotWorking TVRBit = 3<<8 | 0x02
	TVRBiometricSubtypeBypassed         TVRBit = 3<<8 | 0x01

	// Byte 4: terminal risk management (and biometrics, XDA).
	TVRTransactionExceedsFloorLimit         TVRBit = 4<<8 | 0x80
	TVRLowerConsecutiveOfflineLimitExceeded TVRBit = 4<<8 | 0x40
	TVRUpperConsecutiveOfflineLimitExceeded TVRBit = 4<<8 | 0x20
	TVRRandomlySelectedForOnline            TVRBit = 4<<8 | 0x10
	TVRMerchantForcedOnline                 TVRBit = 4<<8 | 0x08
	TVRBiometricTryLimitExceeded            TVRBit = 4<<8 | 0x04
	TVRBiometricTypeNotSupported            TVRBit = 4<<8 | 0x02
	TVRXDASignatureVerificationFailed       TVRBit = 4<<8 | 0x01

	// Byte 5: completion and issuer scripts. Bits 4 and 1 are reserved for
	// the contactless kernels.
	TVRDefaultTDOLUsed                   TVRBit = 5<<8 | 0x80
	TVRIssuerAuthenticationFailed        TVRBit = 5<<8 | 0x40
	TVRScriptFailedBeforeFinalGenerateAC TVRBit = 5<<8 | 0x20
	TVRScriptFailedAfterFinalGenerateAC  TVRBit = 5<<8 | 0x10
	TVRCAECCKeyMissing                   TVRBit = 5<<8 | 0x04
	TVRECCKeyRecoveryFailed              TVRBit = 5<<8 | 0x02
)

var tvrNames = []bitName{
	{uint16(TVROfflineDataAuthenticationNotPerformed), "offline data authentication was not performed"},
	{uint16(TVRSDAFailed), "SDA failed"},
	{uint16(TVRICCDataMissing), "ICC data missing"},
	{uint16(TVRCardOnExceptionFile), "card appears on terminal exception file"},
	{uint16(TVRDDAFailed), "DDA failed"},
	{uint16(TVRCDAFailed), "CDA failed"},
	{uint16(TVRSDASelected), "SDA selected"},
	{uint16(TVRXDASelected), "XDA selected"},
	{uint16(TVRICCAndTerminalDifferentVersions), "ICC and terminal have different application versions"},
	{uint16(TVRExpiredApplication), "expired application"},
	{uint16(TVRApplicationNotYetEffective), "application not yet effective"},
	{uint16(TVRServiceNotAllowed), "requested service not allowed for card product"},
	{uint16(TVRNewCard), "new card"},
	{uint16(TVRBiometricSuccessful), "biometric performed and successful"},
	{uint16(TVRBiometricTemplateFormatNotSupported), "biometric template format not supported"},
	{uint16(TVRCardholderVerificationNotSuccessful), "cardholder verification was not successful"},
	{uint16(TVRUnrecognisedCVM), "unrecognised CVM"},
	{uint16(TVRPINTryLimitExceeded), "PIN try limit exceeded"},
	{uint16(TVRPINEntryRequiredPINPadNotPresent), "PIN entry required and PIN pad not present or not working"},
	{uint16(TVRPINEntryRequiredPINNotEntered), "PIN entry required, PIN pad present, but PIN was not entered"},
	{uint16(TVROnlinePINEntered), "online PIN entered"},
	{uint16(TVRBiometricCaptureDeviceNotWorking), "biometric required but biometric capture device not working"},
	{uint16(TVRBiometricSubtypeBypassed), "biometric required, biometric capture device present, but biometric subtype entry was bypassed"},
	{uint16(TVRTransactionExceedsFloorLimit), "transaction exceeds floor limit"},
	{uint16(TVRLowerConsecutiveOfflineLimitExceeded), "lower consecutive offline limit exceeded"},
	{uint16(TVRUpperConsecutiveOfflineLimitExceeded), "upper consecutive offline limit exceeded"},
	{uint16(TVRRandomlySelectedForOnline), "transaction selected randomly for online processing"},
	{uint16(TVRMerchantForcedOnline), "merchant forced transaction online"},
	{uint16(TVRBiometricTryLimitExceeded), "biometric try limit exceeded"},
	{uint16(TVRBiometricTypeNotSupported), "a selected biometric type not supported"},
	{uint16(TVRXDASignatureVerificationFailed), "XDA signature verification failed"},
	{uint16(TVRDefaultTDOLUsed), "default TDOL used"},
	{uint16(TVRIssuerAuthenticationFailed), "issuer authentication failed"},
	{uint16(TVRScriptFailedBeforeFinalGenerateAC), "script processing failed before final GENERATE AC"},
	{uint16(TVRScriptFailedAfterFinalGenerateAC), "script processing failed after final GENERATE AC"},
	{uint16(TVRCAECCKeyMissing), "CA ECC key missing"},
	{uint16(TVRECCKeyRecoveryFailed), "ECC key recovery failed"},
}

// ParseTVR reads a TVR from the 5 bytes of tag 95 (or an action code, which
// has the same layout).
func ParseTVR(b []byte) (TVR, error) {
	var t TVR
	return t, parseBits(t[:], b, TagTerminalVerificationResults)
}

// Set sets bit b.
func (t *TVR) Set(b TVRBit) { setBit(t[:], uint16(b)) }

// Clear clears bit b.
func (t *TVR) Clear(b TVRBit) { clearBit(t[:], uint16(b)) }

// Has reports whether bit b is set.
func (t TVR) Has(b TVRBit) bool { return hasBit(t[:], uint16(b)) }

// String lists the set bits in words, e.g. "offline data authentication was
// not performed, new card", or "none".
func (t TVR) String() string { return bitsString(t[:], tvrNames) }

// String is the bit's name in words.
func (b TVRBit) String() string { return bitWord(tvrNames, uint16(b)) }
