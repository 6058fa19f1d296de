package emv

import (
	"errors"

	"github.com/moov-io/bertlv"
)

// ErrTooDeep reports templates nested deeper than MaxDepth.
var ErrTooDeep = errors.New("emv: templates nested too deeply")

// MaxDepth bounds template nesting for Walk, DecodeTree and Describe. Real
// card data nests at most five deep (6F A5 BF0C 61 73); the bound keeps
// hostile input from driving recursion without limit.
const MaxDepth = 32

// Walk calls fn for every object in b, depth first and in input order,
// descending into every template; depth is 0 for top-level objects. It stops
// at the first malformed object and returns its error, after fn has seen
// every object before it.
func Walk(b []byte, fn func(o Object, depth int)) error {
	return walk(b, 0, fn)
}

func walk(b []byte, depth int, fn func(Object, int)) error {
	if depth >= MaxDepth {
		return &TLVError{Err: ErrTooDeep}
	}
	// The Scanner's loop, written out: Walk is the hot path of reading
	// card responses.
	off := 0
	for {
		for off < len(b) && (b[off] == 0x00 || b[off] == 0xFF) {
			off++
		}
		if off >= len(b) {
			return nil
		}
		constructed := b[off]&0x20 != 0
		o, n, err := parseObject(b[off:])
		if err != nil {
			return &TLVError{Offset: off, Err: err}
		}
		off += n
		fn(o, depth)
		if constructed {
			if err := walk(o.Value, depth+1, fn); err != nil {
				return err
			}
		}
	}
}

// DuplicateTags returns the primitive data objects that occur more than once
// across all of records, each once, in the order their second occurrence
// was found. Book 3 §10.2 (Read Application Data) does not permit redundant
// primitive data objects: the kernel terminates the transaction. Templates
// such as 70 legitimately repeat and are not counted. Give it the records of one application only: directory entries
// (61) of a PSE legitimately repeat 4F, 50 and 87.
func DuplicateTags(records ...[]byte) ([]Tag, error) {
	seen := make(map[Tag]int)
	var dups []Tag
	for _, r := range records {
		err := Walk(r, func(o Object, _ int) {
			if o.Tag.Constructed() {
				return
			}
			seen[o.Tag]++
			if seen[o.Tag] == 2 {
				dups = append(dups, o.Tag)
			}
		})
		if err != nil {
			return dups, err
		}
	}
	return dups, nil
}

// BERTLV returns a primitive bertlv node for t with value v, for callers that
// assemble trees; the hot paths append TLV directly with AppendTLV.
func BERTLV(t Tag, v []byte) bertlv.TLV { return bertlv.NewTag(t.String(), v) }

// BERTemplate returns a constructed bertlv node for t holding children.
func BERTemplate(t Tag, children ...bertlv.TLV) bertlv.TLV {
	return bertlv.NewComposite(t.String(), children...)
}

// EncodeTree encodes bertlv nodes as BER-TLV bytes.
func EncodeTree(nodes ...bertlv.TLV) ([]byte, error) { return bertlv.Encode(nodes) }

// DecodeTree reads untrusted bytes into a bertlv tree with the bounded
// Scanner, so that malformed input gives an error instead of a bertlv panic
// and padding bytes are skipped. Values are copied: the tree does not alias
// b. Templates with no children decode as constructed nodes with a nil
// TLVs, as bertlv does.
func DecodeTree(b []byte) ([]bertlv.TLV, error) { return decodeTree(b, 0) }

func decodeTree(b []byte, depth int) ([]bertlv.TLV, error) {
	if depth >= MaxDepth {
		return nil, &TLVError{Err: ErrTooDeep}
	}
	var nodes []bertlv.TLV
	s := NewScanner(b)
	for s.Next() {
		o := s.Object()
		if !o.Tag.Constructed() {
			nodes = append(nodes, BERTLV(o.Tag, append([]byte(nil), o.Value...)))
			continue
		}
		children, err := decodeTree(o.Value, depth+1)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, BERTemplate(o.Tag, children...))
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return nodes, nil
}
