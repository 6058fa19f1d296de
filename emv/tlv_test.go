package emv

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tlvVector is one response from testdata/tlv_vectors.txt.
func tlvVector(t testing.TB, name string) []byte {
	t.Helper()
	v, ok := foundationVectors(t, "tlv_vectors.txt")[name]
	require.True(t, ok, "vector %s", name)
	return unhex(t, v)
}

func TestParseTag(t *testing.T) {
	tests := []struct {
		in      []byte
		tag     Tag
		n       int
		wantErr error
	}{
		{[]byte{0x5A, 0x08}, 0x5A, 1, nil},
		{[]byte{0x9F, 0x36, 0x02}, 0x9F36, 2, nil},
		{[]byte{0xBF, 0x0C}, 0xBF0C, 2, nil},
		{[]byte{0xDF, 0x81, 0x29, 0x08}, 0xDF8129, 3, nil},
		{[]byte{0x1F, 0x81, 0x81, 0x01}, 0, 0, ErrTagTooLong},
		{[]byte{0x9F}, 0, 0, ErrTagTruncated},
		{[]byte{0xDF, 0x81}, 0, 0, ErrTagTruncated},
		{nil, 0, 0, ErrTagTruncated},
	}
	for _, tt := range tests {
		tag, n, err := ParseTag(tt.in)
		if tt.wantErr != nil {
			assert.ErrorIs(t, err, tt.wantErr, "% X", tt.in)
			continue
		}
		require.NoError(t, err, "% X", tt.in)
		assert.Equal(t, tt.tag, tag)
		assert.Equal(t, tt.n, n)
		assert.Equal(t, tt.in[:n], tag.Append(nil), "round trip")
	}
}

func TestTagMethods(t *testing.T) {
	tests := []struct {
		tag         Tag
		str         string
		length      int
		constructed bool
		class       int
	}{
		{TagApplicationPAN, "5A", 1, false, 1},
		{TagReadRecordResponseTemplate, "70", 1, true, 1},
		{TagApplicationTransactionCounter, "9F36", 2, false, 2},
		{TagFCIIssuerDiscretionaryData, "BF0C", 2, true, 2},
		{TagBiometricInformationTemplate, "7F60", 2, true, 1},
		{TagOutcomeParameterSet, "DF8129", 3, false, 3},
		{Tag(0x01), "01", 1, false, 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.str, tt.tag.String())
		assert.Equal(t, tt.length, tt.tag.Len(), tt.str)
		assert.Equal(t, tt.constructed, tt.tag.Constructed(), tt.str)
		assert.Equal(t, tt.class, tt.tag.Class(), tt.str)
	}
	assert.Equal(t, "emv.Tag(0x9f36)", TagApplicationTransactionCounter.GoString())
}

func TestScannerRealResponses(t *testing.T) {
	tests := []struct {
		vector string
		tags   []Tag // top level, in order
	}{
		{"ppse", []Tag{TagFCITemplate}},
		{"record_track2", []Tag{TagReadRecordResponseTemplate}},
		{"record_trailing_padding", []Tag{TagReadRecordResponseTemplate}},
		{"gpo_format1", []Tag{TagResponseMessageTemplateFormat1}},
		{"gpo_format2", []Tag{TagResponseMessageTemplateFormat2}},
		{"record_issuer_key", []Tag{TagReadRecordResponseTemplate}},
	}
	for _, tt := range tests {
		b := tlvVector(t, tt.vector)
		objs, err := ParseObjects(b)
		require.NoError(t, err, tt.vector)
		var tags []Tag
		for _, o := range objs {
			tags = append(tags, o.Tag)
		}
		assert.Equal(t, tt.tags, tags, tt.vector)
	}

	// Raw keeps each object's bytes exactly as received.
	b := tlvVector(t, "record_issuer_key")
	objs, err := ParseObjects(b)
	require.NoError(t, err)
	assert.Equal(t, b, objs[0].Raw)
	assert.Equal(t, b[3:], objs[0].Value, "70 81 E0: three header bytes")

	children, err := ParseObjects(objs[0].Value)
	require.NoError(t, err)
	want := []struct {
		tag  Tag
		vlen int
		raw  string
	}{
		{TagCAPublicKeyIndexCard, 1, "8F0105"},
		{TagIssuerPublicKeyExponent, 1, "9F320103"},
		{TagIssuerPublicKeyRemainder, 36, ""},
		{TagIssuerPublicKeyCertificate, 176, ""},
	}
	require.Len(t, children, len(want))
	for i, w := range want {
		assert.Equal(t, w.tag, children[i].Tag)
		assert.Len(t, children[i].Value, w.vlen)
		if w.raw != "" {
			assert.Equal(t, unhex(t, w.raw), children[i].Raw)
		}
	}
	assert.Equal(t, []byte{0x90, 0x81, 0xB0}, children[3].Raw[:3], "long form length kept")
}

func TestScannerPadding(t *testing.T) {
	// 00 and FF between objects, before the first and after the last.
	b := []byte{0x00, 0xFF, 0x5F, 0x34, 0x01, 0x01, 0x00, 0x00, 0x9F, 0x36, 0x02, 0x00, 0x2A, 0xFF}
	objs, err := ParseObjects(b)
	require.NoError(t, err)
	require.Len(t, objs, 2)
	assert.Equal(t, Object{Tag: 0x5F34, Value: []byte{0x01}, Raw: b[2:6]}, objs[0])
	assert.Equal(t, Object{Tag: 0x9F36, Value: []byte{0x00, 0x2A}, Raw: b[8:13]}, objs[1])

	objs, err = ParseObjects([]byte{0x00, 0xFF, 0xFF})
	require.NoError(t, err)
	assert.Empty(t, objs)
}

func TestScannerErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     []byte
		err    error
		offset int
		before int // objects returned before the fault
	}{
		{"indefinite length", []byte{0x70, 0x80, 0x5A, 0x00, 0x00, 0x00}, ErrIndefiniteLength, 0, 0},
		{"four-byte length field", []byte{0x5A, 0x83, 0x00, 0x00, 0x01, 0x00}, ErrLengthTooLong, 0, 0},
		{"length past end", []byte{0x5A, 0x01, 0x00, 0x9F, 0x36, 0x03, 0x00, 0x01}, ErrValueTruncated, 3, 1},
		{"long length past end", []byte{0x90, 0x82, 0x01, 0x00, 0x00}, ErrValueTruncated, 0, 0},
		{"missing length", []byte{0x9F, 0x36}, ErrLengthTruncated, 0, 0},
		{"short long length", []byte{0x90, 0x82, 0x01}, ErrLengthTruncated, 0, 0},
		{"four-byte tag", []byte{0x9F, 0x81, 0x81, 0x01, 0x00}, ErrTagTooLong, 0, 0},
		{"truncated tag", []byte{0x5A, 0x00, 0x9F}, ErrTagTruncated, 2, 1},
	}
	for _, tt := range tests {
		objs, err := ParseObjects(tt.in)
		require.ErrorIs(t, err, tt.err, tt.name)
		var te *TLVError
		require.ErrorAs(t, err, &te, tt.name)
		assert.Equal(t, tt.offset, te.Offset, tt.name)
		assert.Len(t, objs, tt.before, tt.name)
	}

	// emv-utils test 6: 9F1F claims 15 bytes where 14 remain.
	objs, err := ParseObjects(tlvVector(t, "record_malformed"))
	require.NoError(t, err, "the outer template is well formed")
	_, err = ParseObjects(objs[0].Value)
	assert.ErrorIs(t, err, ErrValueTruncated)
}

func TestChildren(t *testing.T) {
	objs, err := ParseObjects(tlvVector(t, "gpo_format2"))
	require.NoError(t, err)
	s := objs[0].Children()
	var got []Tag
	for s.Next() {
		got = append(got, s.Object().Tag)
	}
	require.NoError(t, s.Err())
	assert.Equal(t, []Tag{TagApplicationInterchangeProfile, TagApplicationFileLocator}, got)

	s = Object{Tag: TagApplicationPAN, Value: []byte{0x70, 0x00}}.Children()
	assert.False(t, s.Next())
	assert.ErrorIs(t, s.Err(), ErrNotConstructed)
}

func TestFind(t *testing.T) {
	ppse := tlvVector(t, "ppse")
	tests := []struct {
		vector string
		tag    Tag
		value  string
	}{
		// Nested four deep: 6F A5 BF0C 61.
		{"ppse", TagApplicationIdentifierCard, "A0000000041010"},
		// After a template: the first search branch ends at A5's sibling.
		{"ppse", TagApplicationPriorityIndicator, "01"},
		{"ppse", TagApplicationSelectionRegisteredProprietaryData, "00010101"},
		{"record_sfi2_1", TagApplicationExpirationDate, "221231"},
		{"gpo_format2", TagApplicationFileLocator, "1801020120020400"},
	}
	for _, tt := range tests {
		o, ok, err := Find(tlvVector(t, tt.vector), tt.tag)
		require.NoError(t, err)
		require.True(t, ok, "%s %s", tt.vector, tt.tag)
		assert.Equal(t, unhex(t, tt.value), o.Value)
	}

	_, ok, err := Find(ppse, TagApplicationPAN)
	assert.NoError(t, err)
	assert.False(t, ok)

	// A tag after a template at the top level.
	b := AppendTLV(nil, TagReadRecordResponseTemplate, AppendTLV(nil, TagApplicationPAN, []byte{0x47}))
	b = AppendTLV(b, TagApplicationTransactionCounter, []byte{0x00, 0x01})
	o, ok, err := Find(b, TagApplicationTransactionCounter)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []byte{0x00, 0x01}, o.Value)

	_, _, err = Find(tlvVector(t, "record_malformed"), TagServiceCode)
	assert.ErrorIs(t, err, ErrValueTruncated)
}

func TestAppendTLV(t *testing.T) {
	tests := []struct {
		tag  Tag
		vlen int
		head string
	}{
		{TagApplicationPAN, 8, "5A08"},
		{TagIssuerPublicKeyCertificate, 0x7F, "907F"},
		{TagIssuerPublicKeyCertificate, 0x80, "908180"},
		{TagIssuerPublicKeyCertificate, 0xB0, "9081B0"},
		{TagIssuerPublicKeyCertificate, 0xFF, "9081FF"},
		{TagIssuerScriptTemplate2, 0x100, "72820100"},
		{TagOutcomeParameterSet, 8, "DF812908"},
		{TagReadRecordResponseTemplate, 0, "7000"},
	}
	for _, tt := range tests {
		v := make([]byte, tt.vlen)
		b := AppendTLV([]byte{0xEE}, tt.tag, v)
		head := unhex(t, tt.head)
		assert.Equal(t, append(append([]byte{0xEE}, head...), v...), b, tt.head)

		objs, err := ParseObjects(b[1:])
		require.NoError(t, err)
		require.Len(t, objs, 1)
		assert.Equal(t, tt.tag, objs[0].Tag)
		assert.Len(t, objs[0].Value, tt.vlen)
	}
}
