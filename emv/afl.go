package emv

import (
	"errors"
	"iter"
	"strconv"
)

// Errors of the AFL codec, one per check of Book 3 §10.2. Each comes wrapped
// in an *AFLError naming the entry.
var (
	ErrAFLLength      = errors.New("emv: AFL length is not a multiple of 4")
	ErrAFLSFI         = errors.New("emv: AFL SFI outside 1-30 or low 3 bits set")
	ErrAFLFirstRecord = errors.New("emv: AFL first record number is 0")
	ErrAFLLastRecord  = errors.New("emv: AFL last record precedes the first")
	ErrAFLODACount    = errors.New("emv: AFL counts more records for offline data authentication than it lists")
)

// AFLError locates a malformed entry of an application file locator.
type AFLError struct {
	Index int   // entry number, 0-based; -1 for a bad total length
	Err   error // one of the ErrAFL… sentinels
}

// Error says what is wrong and in which entry.
func (e *AFLError) Error() string {
	if e.Index < 0 {
		return e.Err.Error()
	}
	return e.Err.Error() + " in entry " + strconv.Itoa(e.Index)
}

// Unwrap returns the sentinel.
func (e *AFLError) Unwrap() error { return e.Err }

// AFLEntry is one 4-byte entry of the application file locator (94): the
// records First..Last of file SFI are to be read, and the first ODACount of
// them take part in offline data authentication.
type AFLEntry struct {
	SFI, First, Last, ODACount byte
}

// ParseAFL decodes an application file locator and applies the checks of
// Book 3 §10.2. An empty AFL gives no entries and no error.
func ParseAFL(b []byte) ([]AFLEntry, error) {
	if len(b)%4 != 0 {
		return nil, &AFLError{Index: -1, Err: ErrAFLLength}
	}
	entries := make([]AFLEntry, 0, len(b)/4)
	for i := 0; i+4 <= len(b); i += 4 {
		if b[i]&0x07 != 0 {
			return nil, &AFLError{Index: i / 4, Err: ErrAFLSFI}
		}
		e := AFLEntry{SFI: b[i] >> 3, First: b[i+1], Last: b[i+2], ODACount: b[i+3]}
		if err := e.Check(); err != nil {
			return nil, &AFLError{Index: i / 4, Err: err}
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// Check applies the §10.2 rules to one entry and returns the sentinel of the
// first it breaks.
func (e AFLEntry) Check() error {
	switch {
	case e.SFI < 1 || e.SFI > 30:
		return ErrAFLSFI
	case e.First == 0:
		return ErrAFLFirstRecord
	case e.Last < e.First:
		return ErrAFLLastRecord
	case int(e.ODACount) > int(e.Last)-int(e.First)+1:
		return ErrAFLODACount
	}
	return nil
}

// Append appends the entry's four bytes to dst.
func (e AFLEntry) Append(dst []byte) []byte {
	return append(dst, e.SFI<<3, e.First, e.Last, e.ODACount)
}

// AppendAFL appends the encoding of the entries to dst, as a card returns it
// in 94.
func AppendAFL(dst []byte, entries []AFLEntry) []byte {
	for _, e := range entries {
		dst = e.Append(dst)
	}
	return dst
}

// InODA reports whether the record takes part in offline data
// authentication: it is one of the first ODACount records of the entry.
func (e AFLEntry) InODA(record byte) bool {
	return record >= e.First && int(record) < int(e.First)+int(e.ODACount) && record <= e.Last
}

// Records yields each record number of the entry in order with whether it
// takes part in offline data authentication.
func (e AFLEntry) Records() iter.Seq2[byte, bool] {
	return func(yield func(byte, bool) bool) {
		if e.First == 0 {
			return
		}
		for r := int(e.First); r <= int(e.Last); r++ {
			if !yield(byte(r), e.InODA(byte(r))) {
				return
			}
		}
	}
}

// ReadRecordP2 is P2 of the READ RECORD command for this entry's file: the
// SFI in the top five bits and 100 (P1 is a record number) in the low three
// (Book 3 Table 22).
func (e AFLEntry) ReadRecordP2() byte { return e.SFI<<3 | P2ReadRecordBySFI }
