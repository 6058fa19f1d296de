package oda

import (
	"crypto/sha1"
	"testing"
)

// Fuzz targets for every function that takes data from outside. Random
// bytes rarely survive the RSA step, so each target also has a mode in
// which the fuzzer writes the recovered block itself (and the harness adds
// a correct hash and signs it), reaching the checks behind the hash.

// signedBlock signs 6A ‖ data ‖ SHA-1(data ‖ extra…) ‖ BC with k, data
// padded or cut to fit.
func signedBlock(k *PrivateKey, data []byte, extra ...[]byte) []byte {
	n := k.Size() - overhead
	data = padTo(append([]byte(nil), data[:min(len(data), n)]...), n)
	sig, err := signBlock(k, data, extra...)
	if err != nil {
		panic(err)
	}
	return sig
}

func FuzzRecoverIssuerKey(f *testing.F) {
	c := newChain(f, 1024, 1024, 1024, 3)
	ca := c.ca.PublicKey()
	f.Add(c.issuerCert, c.issuerRem, []byte{3}, testPAN, false)
	f.Add(mustHex("02374245FF1230000001010180011122"), []byte{}, []byte{3}, testPAN, true)
	f.Add(mustHex("02374245FF1230000001010103015A"), []byte{}, []byte{3}, testPAN, true)
	f.Fuzz(func(t *testing.T, cert, rem, exp, pan []byte, block bool) {
		if block {
			cert = signedBlock(c.ca.key, cert, rem, exp)
		}
		k, err := RecoverIssuerKey(ca, cert, rem, exp, pan, testToday, nil)
		if err != nil {
			return
		}
		if len(k.Key.Modulus) == 0 || len(k.Key.Modulus) > ca.Key.Size() || k.Key.Modulus[0] == 0 {
			t.Fatalf("accepted a key of %d bytes", len(k.Key.Modulus))
		}
		if matchIssuer(k.IssuerIdentifier[:], pan) != nil {
			t.Fatal("accepted a certificate for another PAN")
		}
	})
}

func FuzzRecoverICCKey(f *testing.F) {
	c := newChain(f, 1024, 1024, 1024, 3)
	f.Add(c.iccCert, c.iccRem, []byte{3}, c.static, testPAN, false)
	f.Add(mustHex("04374245001751006FFFFF12300000010101400111"), []byte{}, []byte{3}, []byte{}, testPAN, true)
	f.Fuzz(func(t *testing.T, cert, rem, exp, static, pan []byte, block bool) {
		if block {
			cert = signedBlock(c.issuer, cert, rem, exp, static)
		}
		k, err := RecoverICCKey(c.issuer.Public, cert, rem, exp, static, pan, testToday)
		if err != nil {
			return
		}
		if len(k.Key.Modulus) == 0 || len(k.Key.Modulus) > c.issuer.Size() {
			t.Fatalf("accepted a key of %d bytes", len(k.Key.Modulus))
		}
	})
}

func FuzzVerifySDA(f *testing.F) {
	k := testKey(f, "issuer", 1024, 3)
	ssad, err := SignStaticData(k, [2]byte{1, 2}, []byte("static"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ssad, []byte("static"), false)
	f.Add([]byte{0x03, 0x01, 0xDA, 0xC1}, []byte("static"), true)
	f.Fuzz(func(t *testing.T, sig, static []byte, block bool) {
		if block {
			sig = signedBlock(k, sig, static)
		}
		dac, err := VerifySDA(k.Public, sig, static)
		if err == nil && block && len(sig) == k.Size() {
			x, _ := k.Public.publicOp(sig)
			if x[1] != formatSSA || [2]byte(x[3:5]) != dac {
				t.Fatal("accepted a block that is not format 03")
			}
		}
	})
}

func FuzzVerifyDDA(f *testing.F) {
	k := testKey(f, "icc", 1024, 3)
	sdad, err := SignDDA(k, []byte{0, 1}, []byte{1, 2, 3, 4})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sdad, []byte{1, 2, 3, 4}, false)
	f.Add([]byte{0x05, 0x01, 0x03, 0x02, 0x00, 0x01}, []byte{1, 2, 3, 4}, true)
	f.Add([]byte{0x05, 0x01, 0xFF, 0x08}, []byte{}, true)
	f.Fuzz(func(t *testing.T, sig, ddol []byte, block bool) {
		if block {
			sig = signedBlock(k, sig, ddol)
		}
		idn, err := VerifyDDA(k.Public, sig, ddol)
		if err == nil && (len(idn) < 2 || len(idn) > 8) {
			t.Fatalf("accepted an ICC dynamic number of %d bytes", len(idn))
		}
		_, _ = VerifyFDDA(k.Public, sig, ddol)
	})
}

func FuzzVerifyCDA(f *testing.F) {
	k := testKey(f, "icc", 1024, 3)
	un := []byte{1, 2, 3, 4}
	resp, _ := genACResponse(f, k, 0x80, un, nil, []byte{0xAA}, nil)
	f.Add(resp, []byte{}, un, []byte{0xAA}, false)
	f.Add(resp[:19], mustHex("08 1122334455667788 80 0102030405060708"), un, []byte{0xAA}, true)
	f.Fuzz(func(t *testing.T, resp, dd, un, cdol1 []byte, block bool) {
		if block {
			// resp holds the other objects; the harness appends a 9F4B
			// whose dynamic data the fuzzer chose, with the right hash.
			tdh := sha1.Sum(append(append([]byte(nil), cdol1...), resp...))
			dd = append(append([]byte(nil), dd[:min(len(dd), 80)]...), tdh[:]...)
			sdad, err := SignDynamicData(k, dd, un)
			if err != nil {
				return
			}
			resp = append(append(append([]byte(nil), resp...), 0x9F, 0x4B, 0x81, byte(len(sdad))), sdad...)
		}
		got, err := VerifyCDA(k.Public, resp, un, nil, cdol1, nil)
		if err == nil && (len(got.IDN) < 2 || len(got.IDN) > 8) {
			t.Fatalf("accepted an ICC dynamic number of %d bytes", len(got.IDN))
		}
		_, _ = TransactionDataHash(nil, cdol1, nil, resp)
	})
}

func FuzzStaticData(f *testing.F) {
	f.Add(1, mustHex("700A5A08374245001751006F"), 11, mustHex("7003DF0100"), []byte{0x82}, []byte{0x39, 0x00})
	f.Add(2, mustHex("708103DF0100"), 30, []byte{}, []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, sfi1 int, rec1 []byte, sfi2 int, rec2, tagList, aip []byte) {
		out, err := StaticData([]Record{{sfi1, rec1}, {sfi2, rec2}}, tagList, aip)
		if err == nil && len(out) > len(rec1)+len(rec2)+2 {
			t.Fatal("static data longer than its records and the AIP")
		}
	})
}

func FuzzCAPublicKey(f *testing.F) {
	keys, err := PublishedTestCAKeys()
	if err != nil {
		f.Fatal(err)
	}
	k := keys[0]
	f.Add(k.RID[:], k.Index, k.Key.Modulus, k.Key.Exponent, k.Checksum[:])
	f.Fuzz(func(t *testing.T, rid []byte, index byte, modulus, exponent, checksum []byte) {
		var c CAPublicKey
		copy(c.RID[:], rid)
		c.Index = index
		c.Key = PublicKey{Modulus: modulus, Exponent: exponent}
		copy(c.Checksum[:], checksum)
		var s CAStore
		if s.Add(c) == nil && c.ComputeChecksum() != c.Checksum {
			t.Fatal("stored a key whose checksum does not match")
		}
	})
}

func FuzzDecipherPIN(f *testing.F) {
	k := testKey(f, "pin", 1024, 65537)
	un := [8]byte{1, 2, 3, 4, 5, 6, 7, 8}
	enc, err := EncipherPIN(k.Public, [8]byte{0x24, 0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, un, newSeeded("fuzz"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc, un[:], false)
	f.Add([]byte{0x7F, 0x24, 0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8}, un[:], true)
	f.Fuzz(func(t *testing.T, data, challenge []byte, plain bool) {
		var c [8]byte
		copy(c[:], challenge)
		if plain {
			// The fuzzer writes the deciphered block; the harness enciphers it.
			m := make([]byte, k.Size())
			copy(m, data)
			m[0] &= 0x7F
			var err error
			if data, err = k.Public.publicOp(m); err != nil {
				return
			}
		}
		pin, err := DecipherPIN(k, data, c)
		if err == nil && plain && [8]byte(pinOf(t, k, data)) != pin {
			t.Fatal("returned a PIN block other than the enciphered one")
		}
	})
}

func pinOf(t *testing.T, k *PrivateKey, enc []byte) []byte {
	m, err := k.privateOp(enc)
	if err != nil {
		t.Fatal(err)
	}
	return m[1:9]
}
