package seeded

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStream: the first block is SHA-256("abc" || 00×8), the second
// SHA-256("abc" || 00×7 01), whatever the read sizes.
func TestStream(t *testing.T) {
	b0 := sha256.Sum256([]byte("abc\x00\x00\x00\x00\x00\x00\x00\x00"))
	b1 := sha256.Sum256([]byte("abc\x00\x00\x00\x00\x00\x00\x00\x01"))
	want := append(b0[:], b1[:]...)
	for _, step := range []int{1, 7, 32, 33, 64} {
		r := New([]byte("abc"))
		var got []byte
		for len(got) < len(want) {
			p := make([]byte, min(step, len(want)-len(got)))
			n, err := r.Read(p)
			require.NoError(t, err)
			require.Equal(t, len(p), n)
			got = append(got, p...)
		}
		assert.Equal(t, hex.EncodeToString(want), hex.EncodeToString(got), "step %d", step)
	}
}

// TestKnownBlock pins the first block of the empty seed: SHA-256 of eight
// zero bytes.
func TestKnownBlock(t *testing.T) {
	var p [32]byte
	_, err := io.ReadFull(New(nil), p[:])
	require.NoError(t, err)
	assert.Equal(t, "af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc", hex.EncodeToString(p[:]))
}

func TestSeedCopied(t *testing.T) {
	seed := []byte("abc")
	r := New(seed)
	seed[0] = 'x'
	var a, b [16]byte
	_, _ = r.Read(a[:])
	_, _ = New([]byte("abc")).Read(b[:])
	assert.Equal(t, a, b)
}

func BenchmarkRead(b *testing.B) {
	b.ReportAllocs()
	r := New([]byte("bench"))
	p := make([]byte, 256)
	for b.Loop() {
		_, _ = r.Read(p)
	}
}

// FuzzRead: any seed and read size, the bytes are the stream's, no panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte("abc"), uint8(33))
	f.Add([]byte(nil), uint8(0))
	f.Fuzz(func(t *testing.T, seed []byte, size uint8) {
		p := make([]byte, int(size)+1)
		if n, err := New(seed).Read(p); n != len(p) || err != nil {
			t.Fatalf("read %d of %d: %v", n, len(p), err)
		}
		want := sha256.Sum256(append(append([]byte(nil), seed...), 0, 0, 0, 0, 0, 0, 0, 0))
		if m := min(len(p), 32); string(p[:m]) != string(want[:m]) {
			t.Fatal("first block differs")
		}
	})
}
