package oda

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"math/big"
	"testing"
)

// Each benchmark runs a bare crypto/rsa private-key operation on a key of
// the same size next to the EMV operation, so the figures can be read as
// ratios on a noisy machine.

var benchSizes = []int{1024, 1408, 1984}

// stdlibKey converts a test key to crypto/rsa for the reference operation.
func stdlibKey(b *testing.B, k *PrivateKey) *rsa.PrivateKey {
	b.Helper()
	sk := &rsa.PrivateKey{
		PublicKey: rsa.PublicKey{N: new(big.Int).Set(k.n), E: int(new(big.Int).SetBytes(k.Public.Exponent).Int64())},
		D:         new(big.Int).Set(k.d),
		Primes:    []*big.Int{new(big.Int).Set(k.p), new(big.Int).Set(k.q)},
	}
	sk.Precompute()
	if err := sk.Validate(); err != nil {
		b.Fatal(err)
	}
	return sk
}

// benchStdlib is one PKCS #1 v1.5 signature over a pre-hashed value: in
// effect one raw private-key operation plus padding.
func benchStdlib(b *testing.B, k *PrivateKey) {
	sk := stdlibKey(b, k)
	msg := make([]byte, 20)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := rsa.SignPKCS1v15(rand.Reader, sk, crypto.Hash(0), msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTerminalDDA is the terminal's share of DDA: recover the issuer
// key, recover the ICC key, verify the SDAD. CA, issuer and ICC keys have
// the same size, exponent 3 as on most cards.
func BenchmarkTerminalDDA(b *testing.B) {
	for _, bits := range benchSizes {
		c := newChain(b, bits, bits, bits, 3)
		ca := c.ca.PublicKey()
		ddol := []byte{1, 2, 3, 4}
		sdad, err := SignDDA(c.icc, []byte{0, 1}, ddol)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%d/emv-chain", bits), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				ik, err := RecoverIssuerKey(ca, c.issuerCert, c.issuerRem, []byte{3}, testPAN, testToday, nil)
				if err != nil {
					b.Fatal(err)
				}
				icc, err := RecoverICCKey(ik.Key, c.iccCert, c.iccRem, []byte{3}, c.static, testPAN, testToday)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := VerifyDDA(icc.Key, sdad, ddol); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("%d/stdlib-private-op", bits), func(b *testing.B) { benchStdlib(b, c.icc) })
	}
}

// BenchmarkCardSignature is the card's private-key work: the DDA signature
// of INTERNAL AUTHENTICATE and the CDA signature of GENERATE AC.
func BenchmarkCardSignature(b *testing.B) {
	for _, bits := range benchSizes {
		for _, e := range []int{3, 65537} {
			k := testKey(b, "icc", bits, e)
			un := []byte{1, 2, 3, 4}
			name := fmt.Sprintf("%d-e%d", bits, e)
			b.Run(name+"/dda", func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					if _, err := SignDDA(k, []byte{0, 1}, un); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/cda", func(b *testing.B) {
				d := CDASignedData{IDN: []byte{0, 1}, CID: 0x80}
				b.ReportAllocs()
				for range b.N {
					if _, err := SignCDA(k, d, un); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/stdlib-private-op", func(b *testing.B) { benchStdlib(b, k) })
		}
	}
}
