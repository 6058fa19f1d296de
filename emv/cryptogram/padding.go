package cryptogram

// Padding is an ISO/IEC 9797-1 padding method.
type Padding uint8

// Padding methods of ISO/IEC 9797-1 §6.1.
const (
	// PaddingMethod1 appends zero bytes up to a whole number of blocks (one
	// zero block for empty data). Visa CVN 10 pads the cryptogram input so.
	PaddingMethod1 Padding = 1
	// PaddingMethod2 appends a mandatory 80 byte, then zero bytes up to a
	// whole number of blocks. EMV Book 2 A1.2 uses it for MACs.
	PaddingMethod2 Padding = 2
)

// Append appends data padded to a multiple of blockSize after dst.
func (p Padding) Append(dst, data []byte, blockSize int) []byte {
	dst = append(dst, data...)
	return p.appendTail(dst, len(data), blockSize)
}

// tailLen is the number of padding bytes after n bytes of data.
func (p Padding) tailLen(n, blockSize int) int {
	r := n % blockSize
	switch {
	case p == PaddingMethod2:
		return blockSize - r
	case n == 0:
		return blockSize
	case r == 0:
		return 0
	}
	return blockSize - r
}

// appendTail appends the padding bytes that follow n bytes of data.
func (p Padding) appendTail(dst []byte, n, blockSize int) []byte {
	t := p.tailLen(n, blockSize)
	for i := 0; i < t; i++ {
		if i == 0 && p == PaddingMethod2 {
			dst = append(dst, 0x80)
		} else {
			dst = append(dst, 0)
		}
	}
	return dst
}

// unpadMethod2 strips ISO/IEC 9797-1 method 2 padding.
func unpadMethod2(b []byte) ([]byte, error) {
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case 0x00:
			continue
		case 0x80:
			return b[:i], nil
		}
		break
	}
	return nil, ErrPadding
}
