package cryptogram

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The vectors in testdata come from public projects and documents named in
// each vector's "source" field; none was computed by this package.

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err, s)
	return b
}

func upper(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&0xF]
	}
	return string(out)
}

func tdes(t testing.TB, s string) Key {
	t.Helper()
	k, err := NewTDESKey(unhex(t, s))
	require.NoError(t, err)
	return k
}

func aesKey(t testing.TB, s string) Key {
	t.Helper()
	k, err := NewAESKey(unhex(t, s))
	require.NoError(t, err)
	return k
}

func kcvHex(t testing.TB, k Key, n int) string {
	t.Helper()
	c, err := k.KCV()
	require.NoError(t, err)
	return upper(c[:n])
}

func loadJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v))
}

func psnByte(t testing.TB, s string) byte {
	t.Helper()
	return unhex(t, s)[0]
}

type vector struct {
	Kind         string `json:"kind"`
	Source       string `json:"source"`
	Key          string `json:"key"`
	KCV          string `json:"kcv"`
	Data         string `json:"data"`
	Padding      int    `json:"padding"`
	MAC          string `json:"mac"`
	IMK          string `json:"imk"`
	Option       string `json:"option"`
	PAN          string `json:"pan"`
	PSN          string `json:"psn"`
	MK           string `json:"mk"`
	MKKCV        string `json:"mk_kcv"`
	R            string `json:"r"`
	SK           string `json:"sk"`
	SKKCV        string `json:"sk_kcv"`
	ATC          string `json:"atc"`
	AC           string `json:"ac"`
	ARPCMethod   int    `json:"arpc_method"`
	ARPCKey      string `json:"arpc_key"`
	ARPCInput    string `json:"arpc_input"`
	PropAuthData string `json:"prop_auth_data"`
	ARPC         string `json:"arpc"`
	ARQC         string `json:"arqc"`
	ARC          string `json:"arc"`
	CSU          string `json:"csu"`
}

func TestPublishedVectors(t *testing.T) {
	var vs []vector
	loadJSON(t, "vectors.json", &vs)
	require.NotEmpty(t, vs)
	for i, v := range vs {
		t.Run(v.Kind, func(t *testing.T) {
			msg := []any{"vector %d from %s", i, v.Source}
			switch v.Kind {
			case "kcv":
				assert.Equal(t, v.KCV, kcvHex(t, tdes(t, v.Key), 3), msg...)
			case "retail_mac":
				m, err := RetailMAC(tdes(t, v.Key), unhex(t, v.Data), Padding(v.Padding))
				require.NoError(t, err)
				assert.Equal(t, v.MAC, upper(m[:]), msg...)
			case "mac_alg1":
				m, err := MACAlgorithm1(tdes(t, v.Key), unhex(t, v.Data), Padding(v.Padding))
				require.NoError(t, err)
				assert.Equal(t, v.MAC, upper(m), msg...)
			case "cmac":
				m, err := CMAC(aesKey(t, v.Key), unhex(t, v.Data))
				require.NoError(t, err)
				assert.Equal(t, v.MAC, upper(m[:]), msg...)
			case "master_key":
				opt := OptionA
				if v.Option == "B" {
					opt = OptionB
				}
				mk, err := DeriveMasterKey(tdes(t, v.IMK), opt, v.PAN, psnByte(t, v.PSN))
				require.NoError(t, err)
				assert.Equal(t, v.MK, upper(mk.Bytes()), msg...)
			case "master_key_aes":
				mk, err := DeriveMasterKeyAES(aesKey(t, v.IMK), v.PAN, psnByte(t, v.PSN))
				require.NoError(t, err)
				assert.Equal(t, v.MK, upper(mk.Bytes()), msg...)
			case "master_key_aes_blocks":
				b, err := aesKey(t, v.IMK).block()
				require.NoError(t, err)
				z, err := aesDiversify(&b, v.PAN, psnByte(t, v.PSN))
				require.NoError(t, err)
				assert.Equal(t, v.MK, upper(z[:]), msg...)
			case "session_key_common":
				sk, err := SessionKeyCommon(tdes(t, v.MK), unhex(t, v.R))
				require.NoError(t, err)
				assert.Equal(t, v.SK, upper(sk.Bytes()), msg...)
			case "session_key_visa_sm":
				sk, err := SessionKeyVisaSM(tdes(t, v.MK), [2]byte(unhex(t, v.ATC)))
				require.NoError(t, err)
				assert.Equal(t, v.SK, upper(sk.Bytes()), msg...)
			case "chain":
				testChain(t, v)
			case "ac":
				m, err := RetailMAC(tdes(t, v.Key), unhex(t, v.Data), Padding(v.Padding))
				require.NoError(t, err)
				assert.Equal(t, v.AC, upper(m[:]), msg...)
			case "arpc1":
				a, err := ARPCMethod1(tdes(t, v.Key), [8]byte(unhex(t, v.ARQC)), [2]byte(unhex(t, v.ARC)))
				require.NoError(t, err)
				assert.Equal(t, v.ARPC, upper(a[:]), msg...)
			case "arpc2":
				a, err := ARPCMethod2(tdes(t, v.Key), [8]byte(unhex(t, v.ARQC)), [4]byte(unhex(t, v.CSU)), unhex(t, v.PropAuthData))
				require.NoError(t, err)
				assert.Equal(t, v.ARPC, upper(a[:]), msg...)
			case "sm_mac":
				m, err := RetailMAC(tdes(t, v.SK), unhex(t, v.Data), PaddingMethod2)
				require.NoError(t, err)
				assert.Equal(t, v.MAC, upper(m[:]), msg...)
			default:
				t.Fatalf("unknown vector kind %q", v.Kind)
			}
		})
	}
}

// testChain follows one HSM-checked chain: IMK → ICC MK → session key → AC
// → ARPC, the keys checked by their published check values.
func testChain(t *testing.T, v vector) {
	opt := OptionA
	if v.Option == "B" {
		opt = OptionB
	}
	mk, err := DeriveMasterKey(tdes(t, v.IMK), opt, v.PAN, psnByte(t, v.PSN))
	require.NoError(t, err)
	if v.MKKCV != "" {
		assert.Equal(t, v.MKKCV, kcvHex(t, mk, 2), v.Source)
	}
	sk, err := SessionKeyCommon(mk, unhex(t, v.R))
	require.NoError(t, err)
	assert.Equal(t, v.SKKCV, kcvHex(t, sk, 2), v.Source)
	ac, err := RetailMAC(sk, unhex(t, v.Data), PaddingMethod2)
	require.NoError(t, err)
	assert.Equal(t, v.AC, upper(ac[:]), v.Source)
	k := sk
	if v.ARPCKey == "mk" {
		k = mk
	}
	switch v.ARPCMethod {
	case 1:
		a, err := ARPCMethod1(k, ac, [2]byte(unhex(t, v.ARPCInput)))
		require.NoError(t, err)
		assert.Equal(t, v.ARPC, upper(a[:]), v.Source)
	case 2:
		a, err := ARPCMethod2(k, ac, [4]byte(unhex(t, v.ARPCInput)), unhex(t, v.PropAuthData))
		require.NoError(t, err)
		assert.Equal(t, v.ARPC, upper(a[:]), v.Source)
	}
}
