package cryptogram

import "errors"

// Errors returned by the package. Returned errors wrap one of these; none
// carries key or PIN material.
var (
	ErrKeyLength  = errors.New("cryptogram: wrong key length")
	ErrKeyType    = errors.New("cryptogram: key algorithm not usable for this operation")
	ErrPAN        = errors.New("cryptogram: PAN must be 12 to 19 decimal digits")
	ErrPSN        = errors.New("cryptogram: PAN sequence number must be two BCD digits")
	ErrDataLength = errors.New("cryptogram: data of the wrong length")
	ErrDigits     = errors.New("cryptogram: value must be decimal digits of the right length")
	ErrPIN        = errors.New("cryptogram: PIN must be 4 to 12 decimal digits")
	ErrPINBlock   = errors.New("cryptogram: malformed PIN block")
	ErrPadding    = errors.New("cryptogram: malformed padding")
	ErrMAC        = errors.New("cryptogram: MAC does not verify")
	ErrCryptogram = errors.New("cryptogram: application cryptogram does not verify")
	ErrARPC       = errors.New("cryptogram: ARPC does not verify")
	ErrIAD        = errors.New("cryptogram: malformed issuer application data")
	ErrVersion    = errors.New("cryptogram: operation not defined for this cryptogram version")
	ErrScript     = errors.New("cryptogram: malformed script command")
	ErrRandom     = errors.New("cryptogram: random source failed")
	ErrSession    = errors.New("cryptogram: data of another transaction than the session's")
)
