package card

import "github.com/emvsim/emvsim/emv"

// dolEntry is one tag-length pair of a data object list (Book 3 §5.4).
type dolEntry struct {
	tag emv.Tag
	n   int
}

// parseDOL splits a DOL into its entries. The card reads its own,
// personalised DOLs; the terminal's data arrive as the concatenated values.
func parseDOL(b []byte) ([]dolEntry, error) {
	var out []dolEntry
	for len(b) > 0 {
		t, tn, err := emv.ParseTag(b)
		if err != nil || tn >= len(b) {
			return nil, ErrDOL
		}
		out = append(out, dolEntry{tag: t, n: int(b[tn])})
		b = b[tn+1:]
	}
	return out, nil
}

// dolLen is the length of the data a DOL asks for.
func dolLen(d []dolEntry) int {
	n := 0
	for _, e := range d {
		n += e.n
	}
	return n
}

// dolValue returns the value the terminal gave for tag t in data built from
// d, and whether d asks for t.
func dolValue(d []dolEntry, data []byte, t emv.Tag) ([]byte, bool) {
	off := 0
	for _, e := range d {
		if off+e.n > len(data) {
			return nil, false
		}
		if e.tag == t {
			return data[off : off+e.n], true
		}
		off += e.n
	}
	return nil, false
}
