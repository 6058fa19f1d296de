package emv

import (
	"bytes"
	"testing"

	"github.com/moov-io/bertlv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWalk(t *testing.T) {
	type visit struct {
		tag   Tag
		depth int
	}
	var got []visit
	err := Walk(tlvVector(t, "ppse"), func(o Object, depth int) { got = append(got, visit{o.Tag, depth}) })
	require.NoError(t, err)
	assert.Equal(t, []visit{
		{TagFCITemplate, 0},
		{TagDedicatedFileName, 1},
		{TagFCIProprietaryTemplate, 1},
		{TagFCIIssuerDiscretionaryData, 2},
		{TagApplicationTemplate, 3},
		{TagApplicationIdentifierCard, 4},
		{TagApplicationLabel, 4},
		{TagApplicationPriorityIndicator, 4},
		{TagApplicationSelectionRegisteredProprietaryData, 4},
	}, got)

	// Objects before a fault are visited, then the error is returned.
	got = nil
	err = Walk(tlvVector(t, "record_malformed"), func(o Object, depth int) { got = append(got, visit{o.Tag, depth}) })
	assert.ErrorIs(t, err, ErrValueTruncated)
	assert.Equal(t, []visit{{TagReadRecordResponseTemplate, 0}, {TagTrack2EquivalentData, 1}, {TagCardholderName, 1}}, got)
}

func TestWalkDepthBound(t *testing.T) {
	b := AppendTLV(nil, TagApplicationPAN, []byte{0x47})
	for range MaxDepth {
		b = AppendTLV(nil, TagReadRecordResponseTemplate, b)
	}
	visits := 0
	err := Walk(b, func(Object, int) { visits++ })
	assert.ErrorIs(t, err, ErrTooDeep)
	assert.Equal(t, MaxDepth, visits)
	_, _, err = Find(b, TagApplicationPAN)
	assert.ErrorIs(t, err, ErrTooDeep)
	_, err = DecodeTree(b)
	assert.ErrorIs(t, err, ErrTooDeep)
}

func TestDuplicateTags(t *testing.T) {
	tests := []struct {
		name    string
		records []string
		want    []Tag
		err     error
	}{
		// emv-utils test 8: SFI 2 record 2 repeats 8F of record 1.
		{"redundant CA index", []string{"record_track2", "record_sfi2_2", "record_redundant"}, []Tag{TagCAPublicKeyIndexCard}, nil},
		// emv-utils test 10: a clean set of records.
		{"clean", []string{"record_track2", "record_sfi2_1", "record_sfi2_2"}, nil, nil},
		// Templates repeat in every record and are not duplicates.
		{"same record twice", []string{"record_sfi2_1", "record_sfi2_1"}, []Tag{
			TagApplicationPAN, TagApplicationPANSequenceNumber, TagApplicationExpirationDate,
			TagCardRiskManagementDOL1, TagCardRiskManagementDOL2,
		}, nil},
		{"malformed", []string{"record_track2", "record_malformed"}, []Tag{TagTrack2EquivalentData, TagCardholderName}, ErrValueTruncated},
	}
	for _, tt := range tests {
		var recs [][]byte
		for _, name := range tt.records {
			recs = append(recs, tlvVector(t, name))
		}
		got, err := DuplicateTags(recs...)
		if tt.err != nil {
			assert.ErrorIs(t, err, tt.err, tt.name)
		} else {
			assert.NoError(t, err, tt.name)
		}
		assert.Equal(t, tt.want, got, tt.name)
	}
}

func TestDecodeTreeMatchesBERTLV(t *testing.T) {
	for _, name := range []string{"ppse", "record_track2", "record_sfi2_1", "record_static", "record_issuer_key", "gpo_format1", "gpo_format2"} {
		b := tlvVector(t, name)
		ours, err := DecodeTree(b)
		require.NoError(t, err, name)
		theirs, err := bertlv.Decode(b)
		require.NoError(t, err, name)
		assert.Equal(t, theirs, ours, name)

		// EncodeTree gives back the card's bytes: every length is minimal.
		enc, err := EncodeTree(ours...)
		require.NoError(t, err, name)
		assert.Equal(t, b, enc, name)
	}
}

func TestDecodeTreeSkipsPaddingAndCopies(t *testing.T) {
	b := tlvVector(t, "record_trailing_padding")
	tree, err := DecodeTree(b)
	require.NoError(t, err)
	require.Len(t, tree, 1)
	pan := tree[0].TLVs[0].Value
	b[5] = 0x00
	assert.Equal(t, byte(0x47), pan[0], "the tree does not alias the input")

	_, err = DecodeTree(tlvVector(t, "record_malformed"))
	assert.ErrorIs(t, err, ErrValueTruncated)
}

func TestBuildTree(t *testing.T) {
	// The GPO response of emv-utils test 2, built as a tree.
	tree := BERTemplate(TagResponseMessageTemplateFormat2,
		BERTLV(TagApplicationInterchangeProfile, []byte{0x39, 0x00}),
		BERTLV(TagApplicationFileLocator, []byte{0x18, 0x01, 0x02, 0x01, 0x20, 0x02, 0x04, 0x00}),
	)
	b, err := EncodeTree(tree)
	require.NoError(t, err)
	assert.Equal(t, tlvVector(t, "gpo_format2"), b)

	// The hot path gives the same bytes.
	inner := AppendTLV(nil, TagApplicationInterchangeProfile, []byte{0x39, 0x00})
	inner = AppendTLV(inner, TagApplicationFileLocator, []byte{0x18, 0x01, 0x02, 0x01, 0x20, 0x02, 0x04, 0x00})
	assert.Equal(t, b, AppendTLV(nil, TagResponseMessageTemplateFormat2, inner))

	_, err = EncodeTree(BERTemplate(TagApplicationPAN, BERTLV(TagApplicationLabel, nil)))
	assert.Error(t, err, "a primitive tag cannot hold children")
}

func TestFindAfterTemplateWhereBERTLVMisses(t *testing.T) {
	// A GPO response template followed by a primitive object.
	b := bytes.Clone(tlvVector(t, "gpo_format2"))
	b = AppendTLV(b, TagApplicationTransactionCounter, []byte{0x00, 0x07})

	tree, err := bertlv.Decode(b)
	require.NoError(t, err)
	_, found := bertlv.FindFirstTag(tree, "9F36")
	assert.False(t, found, "bertlv stops in the first template")

	o, ok, err := Find(b, TagApplicationTransactionCounter)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []byte{0x00, 0x07}, o.Value)
}
