package cryptogram

import (
	"crypto/des"
	"testing"
)

func benchSetup(b *testing.B, v Version) (ICCKeys, ACParams, ScriptContext) {
	ks := testCardKeys(b, v)
	p := ACParams{
		TerminalData: unhex(b, "0000000040000000000000000124800004800001241911050152BF4585"),
		AIP:          [2]byte{0x18, 0x00}, ATC: [2]byte{0x00, 0x1C}, UN: [4]byte{0x52, 0xBF, 0x45, 0x85},
		IAD: testIAD(b, v),
	}
	ac, err := v.ApplicationCryptogram(ks.AC, p)
	if err != nil {
		b.Fatal(err)
	}
	return ks, p, ScriptContext{ATC: p.ATC, ARQC: ac}
}

func BenchmarkARQC(b *testing.B) {
	for _, v := range []Version{VisaCVN10, VisaCVN18, MastercardCVN16} {
		b.Run(v.Name, func(b *testing.B) {
			ks, p, _ := benchSetup(b, v)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.ApplicationCryptogram(ks.AC, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkARPC(b *testing.B) {
	for _, v := range []Version{VisaCVN10, VisaCVN18, MastercardCVN16} {
		b.Run(v.Name, func(b *testing.B) {
			ks, p, ctx := benchSetup(b, v)
			ap := ARPCParams{ARQC: ctx.ARQC, ATC: p.ATC, UN: p.UN, ARC: [2]byte{'0', '0'}}
			buf := make([]byte, 0, 16)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.AppendIssuerAuthenticationData(buf[:0], ks.AC, ap); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkScriptMAC(b *testing.B) {
	for _, v := range []Version{VisaCVN10, MastercardCVN16} {
		b.Run(v.Name, func(b *testing.B) {
			ks, _, ctx := benchSetup(b, v)
			data := make([]byte, 16)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.ScriptMAC(ks.SMI, 0x84, 0x24, 0x00, 0x02, data, ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPINChangeCommand(b *testing.B) {
	for _, v := range []Version{VisaCVN10, MastercardCVN16} {
		b.Run(v.Name, func(b *testing.B) {
			ks, _, ctx := benchSetup(b, v)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.PINChangeCommand(ks, "4321", "", ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReferenceDES measures the standard library primitives the
// figures above are made of, in the same run: one DES block, and one DES
// key schedule with a block.
func BenchmarkReferenceDES(b *testing.B) {
	key := []byte("01234567")
	var blk [8]byte
	b.Run("block", func(b *testing.B) {
		c, err := des.NewCipher(key)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			c.Encrypt(blk[:], blk[:])
		}
	})
	b.Run("schedule+block", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, err := des.NewCipher(key)
			if err != nil {
				b.Fatal(err)
			}
			c.Encrypt(blk[:], blk[:])
		}
	})
}

// BenchmarkSession measures one transaction's cryptogram work under a
// Session: the derivation with its key schedules once, then the card's
// ARQC, the issuer's check of it and its ARPC, and the card's TC.
func BenchmarkSession(b *testing.B) {
	for _, v := range []Version{VisaCVN10, VisaCVN18, MastercardCVN16} {
		ks, p, ctx := benchSetup(b, v)
		ap := ARPCParams{ARQC: ctx.ARQC, ATC: p.ATC, UN: p.UN, ARC: [2]byte{'0', '0'}}
		b.Run(v.Name+"/derive", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.NewSession(ks.AC, p.ATC, p.UN); err != nil {
					b.Fatal(err)
				}
			}
		})
		s, err := v.NewSession(ks.AC, p.ATC, p.UN)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(v.Name+"/ARQC", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.ApplicationCryptogram(p); err != nil {
					b.Fatal(err)
				}
			}
		})
		buf := make([]byte, 0, 16)
		b.Run(v.Name+"/ARPC", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.AppendIssuerAuthenticationData(buf[:0], ap); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(v.Name+"/transaction", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, err := v.NewSession(ks.AC, p.ATC, p.UN)
				if err != nil {
					b.Fatal(err)
				}
				ac, _ := s.ApplicationCryptogram(p)
				if err := s.VerifyApplicationCryptogram(p, ac); err != nil {
					b.Fatal(err)
				}
				iad, _ := s.AppendIssuerAuthenticationData(buf[:0], ap)
				if _, err := s.VerifyIssuerAuthenticationData(ap, iad); err != nil {
					b.Fatal(err)
				}
				if _, err := s.ApplicationCryptogram(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
