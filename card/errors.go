package card

import "errors"

// Errors of package card. Profile problems reach the caller wrapped in a
// *ProfileError naming the field; none of them carries key or PIN material.
var (
	ErrProfile           = errors.New("card: invalid profile")
	ErrNoApplication     = errors.New("card: profile has no application")
	ErrTooManyApps       = errors.New("card: too many applications")
	ErrAID               = errors.New("card: AID must be 5 to 16 bytes")
	ErrDuplicateAID      = errors.New("card: two applications have the same AID")
	ErrAFL               = errors.New("card: AFL malformed or names a missing record")
	ErrRecord            = errors.New("card: record malformed")
	ErrDOL               = errors.New("card: data object list malformed")
	ErrDataLength        = errors.New("card: data element of the wrong length")
	ErrDigits            = errors.New("card: value must be decimal digits")
	ErrKey               = errors.New("card: key missing or of the wrong length")
	ErrCryptogramVersion = errors.New("card: unknown cryptogram version")
	ErrPIN               = errors.New("card: PIN must be 4 to 12 digits, try limit 1 to 15")
	ErrState             = errors.New("card: saved state malformed or for another profile")
	ErrNotPowered        = errors.New("card: contact interface not powered")
)
