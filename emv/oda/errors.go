package oda

import "errors"

// Sentinel errors. Every check in the Book 2 recovery steps has its own, so a
// terminal can tell why offline data authentication failed; each reaches the
// caller wrapped in an *Error that names the object being checked.
var (
	ErrWrongLength      = errors.New("oda: signature length differs from the key's modulus length")
	ErrNotInRange       = errors.New("oda: signature is not smaller than the modulus")
	ErrTrailer          = errors.New("oda: recovered data trailer is not BC")
	ErrHeader           = errors.New("oda: recovered data header is not 6A")
	ErrFormat           = errors.New("oda: wrong signed data format")
	ErrHashAlgorithm    = errors.New("oda: unknown hash algorithm indicator")
	ErrKeyAlgorithm     = errors.New("oda: unknown public key algorithm indicator")
	ErrHashMismatch     = errors.New("oda: hash result does not match")
	ErrExpired          = errors.New("oda: certificate expired")
	ErrBadDate          = errors.New("oda: certificate expiration date is not a valid MMYY")
	ErrPANMismatch      = errors.New("oda: identifier in certificate does not match the PAN")
	ErrRevoked          = errors.New("oda: certificate is on the revocation list")
	ErrRemainder        = errors.New("oda: public key remainder has the wrong length")
	ErrExponent         = errors.New("oda: public key exponent has the wrong length or value")
	ErrModulusTooShort  = errors.New("oda: modulus too short for the data it must sign")
	ErrKeyLength        = errors.New("oda: public key length is invalid")
	ErrPadding          = errors.New("oda: pad pattern is not all BB")
	ErrDynamicData      = errors.New("oda: ICC dynamic data is malformed")
	ErrCIDMismatch      = errors.New("oda: cryptogram information data differs from the signed one")
	ErrUnknownCA        = errors.New("oda: certification authority public key not found")
	ErrCAChecksum       = errors.New("oda: certification authority public key checksum does not match")
	ErrSDATagList       = errors.New("oda: SDA tag list may only name the AIP (82)")
	ErrRecordTemplate   = errors.New("oda: record for offline data authentication is not in template 70")
	ErrMissingAIP       = errors.New("oda: SDA tag list names the AIP but none was given")
	ErrMalformedTLV     = errors.New("oda: malformed BER-TLV in data to authenticate")
	ErrUnsupportedKey   = errors.New("oda: unsupported key size or exponent")
	ErrInvalidPrivate   = errors.New("oda: private key is inconsistent")
	ErrRandomSource     = errors.New("oda: random source yields no usable prime")
	ErrIdentifierFormat = errors.New("oda: identifier is not valid compressed numeric")
	ErrChallenge        = errors.New("oda: enciphered PIN carries another unpredictable number")
	ErrMissingObject    = errors.New("oda: GENERATE AC response lacks a data object CDA needs")
)

// Error says which object failed which check. Unwrap gives the sentinel.
type Error struct {
	Object string // "issuer certificate", "ICC certificate", "SSAD", "SDAD", …
	Err    error
}

// Error names the fault and the object it was found in.
func (e *Error) Error() string { return e.Err.Error() + " (" + e.Object + ")" }

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

func fail(object string, err error) error { return &Error{Object: object, Err: err} }
