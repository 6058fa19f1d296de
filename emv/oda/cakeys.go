package oda

import (
	_ "embed"
	"encoding/hex"
	"strings"
)

//go:embed cakeys.txt
var caKeysText string

// PublishedTestCAKeys returns the CA public keys that Visa, Mastercard and
// American Express publish for testing (and two live keys under which
// published sample card data is signed), each checked against its published
// SHA-1 checksum. Real CA private keys are not public: to sign new issuer
// certificates use a simulated CertificationAuthority.
func PublishedTestCAKeys() ([]CAPublicKey, error) {
	var keys []CAPublicKey
	for _, line := range strings.Split(caKeysText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		k, err := parseCAKeyLine(line)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// NewPublishedTestCAStore returns a store holding PublishedTestCAKeys.
func NewPublishedTestCAStore() (*CAStore, error) {
	keys, err := PublishedTestCAKeys()
	if err != nil {
		return nil, err
	}
	s := new(CAStore)
	for _, k := range keys {
		if err := s.Add(k); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// parseCAKeyLine reads "RID index exponent modulus checksum".
func parseCAKeyLine(line string) (CAPublicKey, error) {
	var k CAPublicKey
	f := strings.Fields(line)
	if len(f) != 5 {
		return k, fail("CA key list", ErrKeyLength)
	}
	var b [5][]byte
	for i, s := range f {
		v, err := hex.DecodeString(strings.ReplaceAll(s, ":", ""))
		if err != nil {
			return k, fail("CA key list", ErrKeyLength)
		}
		b[i] = v
	}
	if len(b[0]) != len(k.RID) || len(b[1]) != 1 || len(b[4]) != hashLen {
		return k, fail("CA key list", ErrKeyLength)
	}
	copy(k.RID[:], b[0])
	k.Index = b[1][0]
	k.Key = PublicKey{Modulus: b[3], Exponent: b[2]}
	copy(k.Checksum[:], b[4])
	if err := k.Verify(); err != nil {
		return k, fail(k.String(), err)
	}
	return k, nil
}
