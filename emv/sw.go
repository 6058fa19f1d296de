package emv

import (
	"errors"
	"fmt"
)

// SW is a status word: SW1 in the high byte, SW2 in the low byte
// (ISO/IEC 7816-4 §5.1.3; the ones EMV uses are listed in Book 3 §6.3.5
// and Book 1 §9.4).
type SW uint16

// Status words EMV cards return. 61xx, 6Cxx and 63Cx carry a count in SW2;
// the constants give them with SW2 = 00.
const (
	SWSuccess                   SW = 0x9000
	SWBytesAvailable            SW = 0x6100 // 61xx: xx bytes wait for GET RESPONSE (T=0)
	SWWarningNVMUnchanged       SW = 0x6200
	SWDataMayBeCorrupted        SW = 0x6281
	SWEndOfFile                 SW = 0x6282 // end of file or record before Le bytes
	SWSelectedFileInvalidated   SW = 0x6283 // application blocked
	SWFCINotFormatted           SW = 0x6284
	SWAuthenticationFailed      SW = 0x6300 // issuer authentication failed (EXTERNAL AUTHENTICATE)
	SWCounter                   SW = 0x63C0 // 63Cx: verification failed, x tries left
	SWExecutionErrorNVMSame     SW = 0x6400
	SWExecutionErrorNVMChanged  SW = 0x6581 // memory failure
	SWWrongLength               SW = 0x6700
	SWLogicalChannelUnsupported SW = 0x6881
	SWSecureMessagingNotSupp    SW = 0x6882
	SWCommandIncompatible       SW = 0x6981
	SWSecurityStatusNotSatisfy  SW = 0x6982
	SWAuthMethodBlocked         SW = 0x6983
	SWReferenceDataNotUsable    SW = 0x6984
	SWConditionsNotSatisfied    SW = 0x6985
	SWCommandNotAllowed         SW = 0x6986
	SWSMDataObjectsMissing      SW = 0x6987
	SWSMDataObjectsIncorrect    SW = 0x6988
	SWWrongData                 SW = 0x6A80
	SWFunctionNotSupported      SW = 0x6A81
	SWFileNotFound              SW = 0x6A82
	SWRecordNotFound            SW = 0x6A83
	SWNotEnoughMemory           SW = 0x6A84
	SWLcInconsistentWithTLV     SW = 0x6A85
	SWIncorrectP1P2             SW = 0x6A86
	SWLcInconsistentWithP1P2    SW = 0x6A87
	SWReferencedDataNotFound    SW = 0x6A88
	SWWrongP1P2                 SW = 0x6B00
	SWWrongLe                   SW = 0x6C00 // 6Cxx: resend with Le = xx (T=0)
	SWINSNotSupported           SW = 0x6D00
	SWCLANotSupported           SW = 0x6E00
	SWUnknown                   SW = 0x6F00
)

// SW1 and SW2 split the status word.
func (sw SW) SW1() byte { return byte(sw >> 8) }

// SW2 is the low byte of the status word.
func (sw SW) SW2() byte { return byte(sw) }

// OK reports 9000.
func (sw SW) OK() bool { return sw == SWSuccess }

// TriesLeft returns x of a 63Cx status word and whether sw is one.
func (sw SW) TriesLeft() (int, bool) {
	if sw&0xFFF0 != SWCounter {
		return 0, false
	}
	return int(sw & 0x0F), true
}

// BytesAvailable returns the count a 61xx carries (T=0: send GET RESPONSE
// with this Le; 00 means 256) and whether sw is one.
func (sw SW) BytesAvailable() (int, bool) {
	if sw.SW1() != 0x61 {
		return 0, false
	}
	return leValue(sw.SW2()), true
}

// ExactLength returns the Le a 6Cxx asks the terminal to resend the command
// with (T=0; 00 means 256) and whether sw is one.
func (sw SW) ExactLength() (int, bool) {
	if sw.SW1() != 0x6C {
		return 0, false
	}
	return leValue(sw.SW2()), true
}

var swNames = map[SW]string{
	SWSuccess:                   "success",
	SWWarningNVMUnchanged:       "warning, non-volatile memory unchanged",
	SWDataMayBeCorrupted:        "part of returned data may be corrupted",
	SWEndOfFile:                 "end of file or record reached before reading Le bytes",
	SWFCINotFormatted:           "file control information not formatted",
	SWExecutionErrorNVMSame:     "execution error, non-volatile memory unchanged",
	SWSelectedFileInvalidated:   "selected file invalidated (application blocked)",
	SWAuthenticationFailed:      "authentication failed",
	SWExecutionErrorNVMChanged:  "memory failure",
	SWWrongLength:               "wrong length",
	SWLogicalChannelUnsupported: "logical channel not supported",
	SWSecureMessagingNotSupp:    "secure messaging not supported",
	SWCommandIncompatible:       "command incompatible with file structure",
	SWSecurityStatusNotSatisfy:  "security status not satisfied",
	SWAuthMethodBlocked:         "authentication method blocked",
	SWReferenceDataNotUsable:    "reference data not usable",
	SWConditionsNotSatisfied:    "conditions of use not satisfied",
	SWCommandNotAllowed:         "command not allowed",
	SWSMDataObjectsMissing:      "expected secure messaging data objects missing",
	SWSMDataObjectsIncorrect:    "secure messaging data objects incorrect",
	SWWrongData:                 "incorrect parameters in the data field",
	SWFunctionNotSupported:      "function not supported",
	SWFileNotFound:              "file or application not found",
	SWRecordNotFound:            "record not found",
	SWNotEnoughMemory:           "not enough memory space in the file",
	SWLcInconsistentWithTLV:     "Lc inconsistent with TLV structure",
	SWIncorrectP1P2:             "incorrect parameters P1-P2",
	SWLcInconsistentWithP1P2:    "Lc inconsistent with P1-P2",
	SWReferencedDataNotFound:    "referenced data not found",
	SWWrongP1P2:                 "wrong parameters P1-P2",
	SWINSNotSupported:           "instruction code not supported",
	SWCLANotSupported:           "class not supported",
	SWUnknown:                   "no precise diagnosis",
}

// String is the status word in hex with its meaning: "6985 conditions of use
// not satisfied", "63C2 verification failed, 2 tries left".
func (sw SW) String() string {
	hex := fmt.Sprintf("%04X", uint16(sw))
	if n, ok := sw.TriesLeft(); ok {
		return fmt.Sprintf("%s verification failed, %d tries left", hex, n)
	}
	switch sw.SW1() {
	case 0x61:
		return fmt.Sprintf("%s %d bytes available", hex, sw.SW2())
	case 0x6C:
		return fmt.Sprintf("%s wrong Le, exact length %d", hex, sw.SW2())
	}
	if name, ok := swNames[sw]; ok {
		return hex + " " + name
	}
	return hex
}

// Sentinel errors a StatusError unwraps to, one per status word family a
// caller decides on.
var (
	ErrVerificationFailed     = errors.New("emv: verification failed")                   // 63Cx
	ErrAuthenticationFailed   = errors.New("emv: authentication failed")                 // 6300
	ErrApplicationBlocked     = errors.New("emv: application blocked")                   // 6283
	ErrWrongLength            = errors.New("emv: wrong length")                          // 6700, 6Cxx
	ErrSecurityStatus         = errors.New("emv: security status not satisfied")         // 6982
	ErrAuthMethodBlocked      = errors.New("emv: authentication method blocked")         // 6983
	ErrReferenceDataNotUsable = errors.New("emv: reference data not usable")             // 6984
	ErrConditionsNotSatisfied = errors.New("emv: conditions of use not satisfied")       // 6985
	ErrCommandNotAllowed      = errors.New("emv: command not allowed")                   // 6986
	ErrSecureMessaging        = errors.New("emv: secure messaging wrong")                // 6987, 6988
	ErrWrongData              = errors.New("emv: incorrect data")                        // 6A80
	ErrFunctionNotSupported   = errors.New("emv: function not supported")                // 6A81
	ErrNotFound               = errors.New("emv: file, application or record not found") // 6A82, 6A83, 6A88
	ErrWrongParameters        = errors.New("emv: wrong parameters P1-P2")                // 6A86, 6B00
	ErrINSNotSupported        = errors.New("emv: instruction not supported")             // 6D00
	ErrCLANotSupported        = errors.New("emv: class not supported")                   // 6E00
	ErrMoreData               = errors.New("emv: response bytes still available")        // 61xx
	ErrWarning                = errors.New("emv: card returned a warning")               // other 62xx, 63xx
	ErrMemory                 = errors.New("emv: card memory failure or full")           // 6581, 6A84
	ErrCardStatus             = errors.New("emv: card returned an error status")         // anything else
)

// StatusError is a status word other than 9000 turned into a Go error. It
// unwraps to one of the sentinels above, so callers can write
// errors.Is(err, emv.ErrConditionsNotSatisfied).
type StatusError struct {
	SW  SW
	Cmd byte // INS of the command that failed, 0 if unknown
}

// Error gives the status word, its meaning and the command when known.
func (e *StatusError) Error() string {
	if e.Cmd != 0 {
		return "emv: card answered " + e.SW.String() + " to " + INSName(e.Cmd)
	}
	return "emv: card answered " + e.SW.String()
}

// TriesLeft reports the PIN tries left a 63Cx carries.
func (e *StatusError) TriesLeft() (int, bool) { return e.SW.TriesLeft() }

// Unwrap maps the status word to its sentinel.
func (e *StatusError) Unwrap() error {
	if _, ok := e.SW.TriesLeft(); ok {
		return ErrVerificationFailed
	}
	switch e.SW.SW1() {
	case 0x61:
		return ErrMoreData
	case 0x6C:
		return ErrWrongLength
	}
	switch e.SW {
	case SWAuthenticationFailed:
		return ErrAuthenticationFailed
	case SWSelectedFileInvalidated:
		return ErrApplicationBlocked
	case SWWrongLength:
		return ErrWrongLength
	case SWSecurityStatusNotSatisfy:
		return ErrSecurityStatus
	case SWAuthMethodBlocked:
		return ErrAuthMethodBlocked
	case SWReferenceDataNotUsable:
		return ErrReferenceDataNotUsable
	case SWConditionsNotSatisfied:
		return ErrConditionsNotSatisfied
	case SWCommandNotAllowed, SWCommandIncompatible:
		return ErrCommandNotAllowed
	case SWSMDataObjectsMissing, SWSMDataObjectsIncorrect:
		return ErrSecureMessaging
	case SWWrongData, SWLcInconsistentWithTLV:
		return ErrWrongData
	case SWFunctionNotSupported:
		return ErrFunctionNotSupported
	case SWFileNotFound, SWRecordNotFound, SWReferencedDataNotFound:
		return ErrNotFound
	case SWIncorrectP1P2, SWWrongP1P2, SWLcInconsistentWithP1P2:
		return ErrWrongParameters
	case SWExecutionErrorNVMChanged, SWNotEnoughMemory:
		return ErrMemory
	case SWINSNotSupported:
		return ErrINSNotSupported
	case SWCLANotSupported:
		return ErrCLANotSupported
	}
	if sw1 := e.SW.SW1(); sw1 == 0x62 || sw1 == 0x63 {
		return ErrWarning
	}
	return ErrCardStatus
}

// Err returns nil for 9000 and a *StatusError otherwise.
func (sw SW) Err() error {
	if sw.OK() {
		return nil
	}
	return &StatusError{SW: sw}
}

// ErrFor is Err with the instruction of the command that got the answer, so
// the error names it.
func (sw SW) ErrFor(ins byte) error {
	if sw.OK() {
		return nil
	}
	return &StatusError{SW: sw, Cmd: ins}
}
