package cryptogram

import "sync"

// scratch is work space for block cipher calls. Buffers handed to a
// cipher.Block method escape to the heap, so hot paths borrow them from a
// pool instead of declaring them on the stack.
type scratch struct {
	a, b [32]byte
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// putScratch clears the buffers, which held key-derived data, and returns
// them to the pool.
func putScratch(s *scratch) {
	*s = scratch{}
	scratchPool.Put(s)
}
