package seeded_test

import (
	"fmt"

	"github.com/emvsim/emvsim/internal/seeded"
)

// The same seed gives the same bytes, so a key generated from it is the
// same key.
func Example() {
	var a, b [8]byte
	_, _ = seeded.New([]byte("card 1")).Read(a[:])
	_, _ = seeded.New([]byte("card 1")).Read(b[:])
	fmt.Println(a == b)
	// Output: true
}
