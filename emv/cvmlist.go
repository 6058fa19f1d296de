package emv

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// Errors returned by ParseCVMList.
var (
	ErrCVMListTooShort  = errors.New("emv: CVM list shorter than its 8 bytes of amounts X and Y")
	ErrCVMListOddLength = errors.New("emv: CVM list rules are not whole 2-byte pairs")
)

// CVMList is the Cardholder Verification Method List (tag 8E, EMV 4.4
// Book 3 §10.5 and Annex C3): two amounts in the application currency and
// the rules the terminal tries in order.
type CVMList struct {
	// X and Y are the amounts conditions 06–09 compare against, in minor
	// units of the application currency (9F42).
	X, Y  uint32
	Rules []CVMRule
}

// ParseCVMList decodes the value of tag 8E. A list of only the two amounts
// parses with no rules; Book 3 §10.5 treats it like an absent list (the
// terminal sets "ICC data missing" and skips cardholder verification), so
// callers check len(Rules).
func ParseCVMList(b []byte) (CVMList, error) {
	if len(b) < 8 {
		return CVMList{}, ErrCVMListTooShort
	}
	if (len(b)-8)%2 != 0 {
		return CVMList{}, ErrCVMListOddLength
	}
	l := CVMList{
		X: binary.BigEndian.Uint32(b[0:4]),
		Y: binary.BigEndian.Uint32(b[4:8]),
	}
	if n := (len(b) - 8) / 2; n > 0 {
		l.Rules = make([]CVMRule, n)
		for i := range l.Rules {
			l.Rules[i] = CVMRule{Method: CVMMethod(b[8+2*i]), Condition: CVMCondition(b[9+2*i])}
		}
	}
	return l, nil
}

// Append appends the value of tag 8E to dst.
func (l CVMList) Append(dst []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, l.X)
	dst = binary.BigEndian.AppendUint32(dst, l.Y)
	for _, r := range l.Rules {
		dst = append(dst, byte(r.Method), byte(r.Condition))
	}
	return dst
}

// String lists the amounts and the rules in words: "X 0, Y 0; if terminal
// supports the CVM: online enciphered PIN, else next rule; always: signature".
func (l CVMList) String() string {
	var sb strings.Builder
	sb.WriteString("X ")
	sb.WriteString(strconv.FormatUint(uint64(l.X), 10))
	sb.WriteString(", Y ")
	sb.WriteString(strconv.FormatUint(uint64(l.Y), 10))
	if len(l.Rules) == 0 {
		sb.WriteString("; no rules")
	}
	for _, r := range l.Rules {
		sb.WriteString("; ")
		sb.WriteString(r.String())
	}
	return sb.String()
}

// CVMRule is one two-byte rule of a CVM list: a method and the condition
// under which it applies.
type CVMRule struct {
	Method    CVMMethod
	Condition CVMCondition
}

// String is the rule in words: "if unattended cash: online enciphered PIN,
// else next rule".
func (r CVMRule) String() string { return r.Condition.String() + ": " + r.Method.String() }

// CVMMethod is the first byte of a CVM rule: b7 says whether to apply the
// succeeding rule if this one fails, b6–b1 are the CVM code. It is also the
// first byte of the CVM Results (9F34).
type CVMMethod byte

// cvmApplySucceeding is b7 of the method byte.
const cvmApplySucceeding CVMMethod = 0x40

// NewCVMMethod builds a method byte from a code and the "apply succeeding
// CV rule if this CVM is unsuccessful" flag.
func NewCVMMethod(code CVMCode, applySucceeding bool) CVMMethod {
	m := CVMMethod(code & 0x3F)
	if applySucceeding {
		m |= cvmApplySucceeding
	}
	return m
}

// Code is the CVM code, b6–b1.
func (m CVMMethod) Code() CVMCode { return CVMCode(m & 0x3F) }

// ApplySucceeding reports b7: if this CVM fails, go on to the next rule
// rather than failing cardholder verification.
func (m CVMMethod) ApplySucceeding() bool { return m&cvmApplySucceeding != 0 }

// String is the method in words: "offline plaintext PIN, else next rule".
func (m CVMMethod) String() string {
	if m.ApplySucceeding() {
		return m.Code().String() + ", else next rule"
	}
	return m.Code().String()
}

// CVMCode is a cardholder verification method, b6–b1 of a rule's first
// byte (Book 3 Annex C3 Table 43).
type CVMCode byte

// CVM codes, EMV 4.4 Book 3 Annex C3 Table 43. Codes 20–2F are for the
// payment systems, 30–3E for issuers; 3F is not available for use (and in
// CVM Results means no CVM was performed); the rest are RFU.
const (
	CVMFailProcessing            CVMCode = 0x00
	CVMPlaintextPIN              CVMCode = 0x01 // verified offline by the ICC
	CVMOnlinePIN                 CVMCode = 0x02 // enciphered, verified online
	CVMPlaintextPINAndSignature  CVMCode = 0x03
	CVMEncipheredPIN             CVMCode = 0x04 // enciphered, verified offline by the ICC
	CVMEncipheredPINAndSignature CVMCode = 0x05
	CVMFacialBiometricOffline    CVMCode = 0x06
	CVMFacialBiometricOnline     CVMCode = 0x07
	CVMFingerBiometricOffline    CVMCode = 0x08
	CVMFingerBiometricOnline     CVMCode = 0x09
	CVMPalmBiometricOffline      CVMCode = 0x0A
	CVMPalmBiometricOnline       CVMCode = 0x0B
	CVMIrisBiometricOffline      CVMCode = 0x0C
	CVMIrisBiometricOnline       CVMCode = 0x0D
	CVMVoiceBiometricOffline     CVMCode = 0x0E
	CVMVoiceBiometricOnline      CVMCode = 0x0F
	CVMSignature                 CVMCode = 0x1E // paper signature
	CVMNoCVMRequired             CVMCode = 0x1F
	CVMNotAvailable              CVMCode = 0x3F
)

var cvmCodeNames = [...]string{
	CVMFailProcessing:            "fail CVM processing",
	CVMPlaintextPIN:              "offline plaintext PIN",
	CVMOnlinePIN:                 "online enciphered PIN",
	CVMPlaintextPINAndSignature:  "offline plaintext PIN and signature",
	CVMEncipheredPIN:             "offline enciphered PIN",
	CVMEncipheredPINAndSignature: "offline enciphered PIN and signature",
	CVMFacialBiometricOffline:    "facial biometric offline",
	CVMFacialBiometricOnline:     "facial biometric online",
	CVMFingerBiometricOffline:    "finger biometric offline",
	CVMFingerBiometricOnline:     "finger biometric online",
	CVMPalmBiometricOffline:      "palm biometric offline",
	CVMPalmBiometricOnline:       "palm biometric online",
	CVMIrisBiometricOffline:      "iris biometric offline",
	CVMIrisBiometricOnline:       "iris biometric online",
	CVMVoiceBiometricOffline:     "voice biometric offline",
	CVMVoiceBiometricOnline:      "voice biometric online",
	CVMSignature:                 "signature",
	CVMNoCVMRequired:             "no CVM required",
	CVMNotAvailable:              "not available for use",
}

// Recognised reports whether Book 3 Table 43 defines the code; a rule with
// any other code sets "unrecognised CVM" in the TVR (Book 3 §10.5).
func (c CVMCode) Recognised() bool {
	return int(c) < len(cvmCodeNames) && cvmCodeNames[c] != "" && c != CVMNotAvailable
}

// OfflinePIN reports a PIN the card verifies (plaintext or enciphered, with
// or without signature).
func (c CVMCode) OfflinePIN() bool {
	return c >= CVMPlaintextPIN && c <= CVMEncipheredPINAndSignature && c != CVMOnlinePIN
}

// EncipheredOfflinePIN reports an offline PIN sent enciphered under the
// card's public key.
func (c CVMCode) EncipheredOfflinePIN() bool {
	return c == CVMEncipheredPIN || c == CVMEncipheredPINAndSignature
}

// OnlinePIN reports a PIN the issuer verifies.
func (c CVMCode) OnlinePIN() bool { return c == CVMOnlinePIN }

// NeedsSignature reports a CVM that includes a paper signature.
func (c CVMCode) NeedsSignature() bool {
	return c == CVMSignature || c == CVMPlaintextPINAndSignature || c == CVMEncipheredPINAndSignature
}

// String is the code in words, "payment system CVM 2x", "issuer CVM 3x" or
// "RFU CVM xx" for the ranges Table 43 does not name.
func (c CVMCode) String() string {
	if int(c) < len(cvmCodeNames) && cvmCodeNames[c] != "" {
		return cvmCodeNames[c]
	}
	hex := byteHex(byte(c))
	switch {
	case c >= 0x20 && c <= 0x2F:
		return "payment system CVM " + hex
	case c >= 0x30 && c <= 0x3E:
		return "issuer CVM " + hex
	}
	return "RFU CVM " + hex
}

// CVMCondition is the second byte of a CVM rule: when the rule applies
// (Book 3 Annex C3 Table 44).
type CVMCondition byte

// CVM condition codes, EMV 4.4 Book 3 Annex C3 Table 44. 0A–7F are RFU and
// 80–FF belong to the payment systems.
const (
	CVMConditionAlways               CVMCondition = 0x00
	CVMConditionUnattendedCash       CVMCondition = 0x01
	CVMConditionNotCashOrCashback    CVMCondition = 0x02 // not unattended cash, not manual cash, not purchase with cashback
	CVMConditionTerminalSupportsCVM  CVMCondition = 0x03
	CVMConditionManualCash           CVMCondition = 0x04
	CVMConditionPurchaseWithCashback CVMCondition = 0x05
	CVMConditionUnderX               CVMCondition = 0x06 // in the application currency and under X
	CVMConditionOverX                CVMCondition = 0x07
	CVMConditionUnderY               CVMCondition = 0x08
	CVMConditionOverY                CVMCondition = 0x09
)

var cvmConditionNames = [...]string{
	CVMConditionAlways:               "always",
	CVMConditionUnattendedCash:       "if unattended cash",
	CVMConditionNotCashOrCashback:    "if not unattended cash and not manual cash and not purchase with cashback",
	CVMConditionTerminalSupportsCVM:  "if terminal supports the CVM",
	CVMConditionManualCash:           "if manual cash",
	CVMConditionPurchaseWithCashback: "if purchase with cashback",
	CVMConditionUnderX:               "if transaction is in the application currency and is under X value",
	CVMConditionOverX:                "if transaction is in the application currency and is over X value",
	CVMConditionUnderY:               "if transaction is in the application currency and is under Y value",
	CVMConditionOverY:                "if transaction is in the application currency and is over Y value",
}

// Recognised reports whether Book 3 Table 44 defines the condition; the
// terminal skips a rule whose condition it does not understand.
func (c CVMCondition) Recognised() bool { return int(c) < len(cvmConditionNames) }

// UsesAmounts reports conditions 06–09, which compare the amount with X or
// Y and apply only to transactions in the application currency.
func (c CVMCondition) UsesAmounts() bool { return c >= CVMConditionUnderX && c <= CVMConditionOverY }

// String is the condition in words.
func (c CVMCondition) String() string {
	if c.Recognised() {
		return cvmConditionNames[c]
	}
	hex := byteHex(byte(c))
	if c >= 0x80 {
		return "payment system condition " + hex
	}
	return "RFU condition " + hex
}

// byteHex is b as two upper-case hex digits.
func byteHex(b byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[b>>4], digits[b&0x0F]})
}
