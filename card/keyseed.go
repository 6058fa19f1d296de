package card

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"

	"github.com/emvsim/emvsim/emv/oda"
)

// seedReader is a deterministic byte stream: SHA-256(seed || counter)
// blocks. It feeds oda.GenerateKey, which honours its reader byte for byte,
// so a seed names one key.
type seedReader struct {
	seed []byte
	ctr  uint64
	buf  []byte
}

// Read fills p from the stream; it never fails.
func (r *seedReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.buf) == 0 {
			var c [8]byte
			binary.BigEndian.PutUint64(c[:], r.ctr)
			r.ctr++
			h := sha256.New()
			h.Write(r.seed)
			h.Write(c[:])
			r.buf = h.Sum(nil)
		}
		m := copy(p[n:], r.buf)
		r.buf = r.buf[m:]
		n += m
	}
	return n, nil
}

// seededKeys caches generated keys: prime search is slow and tests make
// many cards from one profile.
var seededKeys sync.Map // string -> *oda.PrivateKey

// generate returns the key the seed names.
func (k KeySeed) generate() (*oda.PrivateKey, error) {
	id := string(k.Seed) + "\x00" + string(rune(k.Bits)) + string(rune(k.Exponent))
	if v, ok := seededKeys.Load(id); ok {
		return v.(*oda.PrivateKey), nil
	}
	key, err := oda.GenerateKey(&seedReader{seed: k.Seed}, k.Bits, k.Exponent)
	if err != nil {
		return nil, err
	}
	seededKeys.Store(id, key)
	return key, nil
}
