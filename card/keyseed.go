package card

import (
	"sync"

	"github.com/emvsim/emvsim/emv/oda"
	"github.com/emvsim/emvsim/internal/seeded"
)

// seededKeys caches generated keys: prime search is slow and tests make
// many cards from one profile.
var seededKeys sync.Map // string -> *oda.PrivateKey

// generate returns the key the seed names.
func (k KeySeed) generate() (*oda.PrivateKey, error) {
	id := string(k.Seed) + "\x00" + string(rune(k.Bits)) + string(rune(k.Exponent))
	if v, ok := seededKeys.Load(id); ok {
		return v.(*oda.PrivateKey), nil
	}
	key, err := oda.GenerateKey(seeded.New(k.Seed), k.Bits, k.Exponent)
	if err != nil {
		return nil, err
	}
	seededKeys.Store(id, key)
	return key, nil
}
