package emv

import (
	"testing"

	"github.com/moov-io/bertlv"
)

// Walking a whole response tree: a 227-byte READ RECORD response of a real
// card (issuer key record) and a format 2 GPO response, with our walker and
// with bertlv.Decode.
func BenchmarkWalk(b *testing.B) {
	for _, name := range []string{"record_issuer_key", "gpo_format2"} {
		data := tlvVector(b, name)
		b.Run(name+"/emv", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			n := 0
			count := func(Object, int) { n++ }
			for b.Loop() {
				if err := Walk(data, count); err != nil {
					b.Fatal(err)
				}
			}
			if n == 0 {
				b.Fatal("no objects")
			}
		})
		b.Run(name+"/bertlv", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := bertlv.Decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Finding one element in a response, the kernel's common case.
func BenchmarkFind(b *testing.B) {
	data := tlvVector(b, "record_issuer_key")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := Find(data, TagIssuerPublicKeyCertificate); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func TestWalkAllocations(t *testing.T) {
	for _, name := range []string{"record_issuer_key", "gpo_format2"} {
		data := tlvVector(t, name)
		n := 0
		count := func(Object, int) { n++ }
		allocs := testing.AllocsPerRun(100, func() { _ = Walk(data, count) })
		if allocs > 2 {
			t.Errorf("%s: %v allocations per walk, want at most 2", name, allocs)
		}
	}
}
