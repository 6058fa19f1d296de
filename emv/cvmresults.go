package emv

// CVMResults is tag 9F34 (EMV 4.4 Book 4 Annex A4): the method byte of the
// last CVM rule the terminal performed, that rule's condition, and the
// result.
type CVMResults [3]byte

// CVMResult is byte 3 of the CVM Results.
type CVMResult byte

// CVM results, Book 4 Annex A4 Table 33. A signature's result is unknown:
// the terminal cannot judge it.
const (
	CVMResultUnknown    CVMResult = 0x00
	CVMResultFailed     CVMResult = 0x01
	CVMResultSuccessful CVMResult = 0x02
)

// CVMNoCVMPerformed is the method byte '3F' the CVM Results carry when no
// CVM was performed (no list, or no rule applied).
const CVMNoCVMPerformed = CVMMethod(CVMNotAvailable)

// NewCVMResults builds the CVM Results from the rule performed and its
// result.
func NewCVMResults(m CVMMethod, c CVMCondition, r CVMResult) CVMResults {
	return CVMResults{byte(m), byte(c), byte(r)}
}

// ParseCVMResults reads the 3 bytes of tag 9F34.
func ParseCVMResults(b []byte) (CVMResults, error) {
	var r CVMResults
	return r, parseBits(r[:], b, TagCVMResults)
}

// Method is byte 1, as it stood in the CVM list ('3F' if none performed).
func (r CVMResults) Method() CVMMethod { return CVMMethod(r[0]) }

// Condition is byte 2.
func (r CVMResults) Condition() CVMCondition { return CVMCondition(r[1]) }

// Result is byte 3.
func (r CVMResults) Result() CVMResult { return CVMResult(r[2]) }

// String reads "signature (if terminal supports the CVM): unknown", or
// "no CVM performed: failed".
func (r CVMResults) String() string {
	if r.Method().Code() == CVMNotAvailable {
		return "no CVM performed: " + r.Result().String()
	}
	return r.Method().Code().String() + " (" + r.Condition().String() + "): " + r.Result().String()
}

// String is the result in words.
func (r CVMResult) String() string {
	switch r {
	case CVMResultUnknown:
		return "unknown"
	case CVMResultFailed:
		return "failed"
	case CVMResultSuccessful:
		return "successful"
	}
	return "RFU result " + byteHex(byte(r))
}
