package card

import (
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
)

// Hex is a byte string that a profile file writes as hex digits
// ("A0000000251010"); spaces between the digits are allowed for
// readability. Key fields hold their bytes in Hex too, so a profile file is
// test material: keep real keys out of it.
type Hex []byte

// MarshalText writes upper-case hex.
func (h Hex) MarshalText() ([]byte, error) {
	return []byte(strings.ToUpper(hex.EncodeToString(h))), nil
}

// UnmarshalText reads hex digits, ignoring spaces. A bad value is reported
// as a *json.UnmarshalTypeError, so encoding/json names the field.
func (h *Hex) UnmarshalText(b []byte) error {
	s := strings.ReplaceAll(string(b), " ", "")
	v, err := hex.DecodeString(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "non-hex string", Type: reflect.TypeFor[Hex]()}
	}
	*h = v
	return nil
}

// String is the value in upper-case hex.
func (h Hex) String() string { return strings.ToUpper(hex.EncodeToString(h)) }

// mustHex decodes a hex literal written in this package's source (spaces
// allowed); a typo there is a programming error. Never used on outside data.
func mustHex(s string) Hex {
	var h Hex
	if err := h.UnmarshalText([]byte(s)); err != nil {
		panic("card: bad hex literal")
	}
	return h
}
