package seeded

import (
	"crypto/sha256"
	"encoding/binary"
)

// Reader is the stream of one seed. It is not safe for concurrent use.
type Reader struct {
	seed  []byte
	ctr   uint64
	block [sha256.Size]byte
	buf   []byte // the unread rest of block
}

// New returns the stream of seed; the seed bytes are copied.
func New(seed []byte) *Reader { return &Reader{seed: append([]byte(nil), seed...)} }

// Read fills p from the stream; it never fails.
func (r *Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.buf) == 0 {
			var c [8]byte
			binary.BigEndian.PutUint64(c[:], r.ctr)
			r.ctr++
			h := sha256.New()
			h.Write(r.seed)
			h.Write(c[:])
			h.Sum(r.block[:0])
			r.buf = r.block[:]
		}
		m := copy(p[n:], r.buf)
		r.buf = r.buf[m:]
		n += m
	}
	return n, nil
}
