package oda

import (
	"crypto/sha1"
	"strconv"
	"sync"
)

// RID is a Registered Application Provider Identifier, the first five bytes
// of an AID (A000000003 Visa, A000000004 Mastercard, A000000025 Amex).
type RID [5]byte

// CAPublicKey is a certification authority public key as terminals hold it
// (Book 2 §11.2.2, Table 29): RID, index, key and its SHA-1 checksum.
type CAPublicKey struct {
	RID      RID
	Index    byte
	Key      PublicKey
	Checksum [hashLen]byte
}

// ComputeChecksum is SHA-1 over RID ‖ index ‖ modulus ‖ exponent (Book 2
// §11.2.2), the value published beside each CA key.
func (k CAPublicKey) ComputeChecksum() [hashLen]byte {
	h := sha1.New()
	h.Write(k.RID[:])
	h.Write([]byte{k.Index})
	h.Write(k.Key.Modulus)
	h.Write(k.Key.Exponent)
	var sum [hashLen]byte
	h.Sum(sum[:0])
	return sum
}

// Verify checks the stored checksum and the key's shape.
func (k CAPublicKey) Verify() error {
	if len(k.Key.Modulus) == 0 || k.Key.Modulus[0] == 0 || len(k.Key.Modulus)*8 > MaxKeyBits {
		return ErrKeyLength
	}
	if err := checkExponent(k.Key.Exponent); err != nil {
		return err
	}
	if k.ComputeChecksum() != k.Checksum {
		return ErrCAChecksum
	}
	return nil
}

// String names the key without its modulus.
func (k CAPublicKey) String() string {
	return "CA key " + hexString(k.RID[:]) + " index " + hexString([]byte{k.Index}) +
		" (" + itoa(len(k.Key.Modulus)*8) + " bits)"
}

// CAStore holds CA public keys by RID and index. It is safe for concurrent
// use; the zero value is empty and ready.
type CAStore struct {
	mu   sync.RWMutex
	keys map[caKeyID]CAPublicKey
}

type caKeyID struct {
	rid   RID
	index byte
}

// Add loads a key after checking its checksum; a key that fails is not
// stored. A key with the same RID and index is replaced.
func (s *CAStore) Add(k CAPublicKey) error {
	if err := k.Verify(); err != nil {
		return fail(k.String(), err)
	}
	k.Key = PublicKey{Modulus: clone(k.Key.Modulus), Exponent: clone(k.Key.Exponent)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil {
		s.keys = make(map[caKeyID]CAPublicKey)
	}
	s.keys[caKeyID{k.RID, k.Index}] = k
	return nil
}

// Lookup finds the key for a RID and the CA Public Key Index (8F) the card
// names; ErrUnknownCA if the terminal does not hold it.
func (s *CAStore) Lookup(rid RID, index byte) (CAPublicKey, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	k, ok := s.keys[caKeyID{rid, index}]
	if !ok {
		return CAPublicKey{}, fail("CA key "+hexString(rid[:])+" index "+hexString([]byte{index}), ErrUnknownCA)
	}
	return k, nil
}

// Len is the number of keys held.
func (s *CAStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.keys)
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

func hexString(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func itoa(n int) string { return strconv.Itoa(n) }
