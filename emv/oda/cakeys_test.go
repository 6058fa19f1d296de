package oda

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPublishedTestCAKeys(t *testing.T) {
	keys, err := PublishedTestCAKeys()
	require.NoError(t, err)
	type id struct {
		rid   string
		index byte
		bits  int
	}
	var got []id
	for _, k := range keys {
		got = append(got, id{hexString(k.RID[:]), k.Index, k.Key.Size() * 8})
	}
	assert.Equal(t, []id{
		{"A000000003", 0x92, 1408}, {"A000000003", 0x94, 1984}, {"A000000003", 0x95, 1152}, {"A000000003", 0x01, 1024},
		{"A000000004", 0xEF, 1984}, {"A000000004", 0xF1, 1408}, {"A000000004", 0xFA, 1152}, {"A000000004", 0x05, 1408},
		{"A000000025", 0xC8, 1152}, {"A000000025", 0xC9, 1408}, {"A000000025", 0xCA, 1984},
	}, got)
}
