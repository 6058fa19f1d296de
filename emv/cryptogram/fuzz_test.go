package cryptogram

import (
	"bytes"
	"errors"
	"testing"

	"github.com/emvsim/emvsim/emv"
)

var fuzzVersions = []Version{VisaCVN10, VisaCVN18, MastercardCVN16, MastercardCVN17, AmexCVN01, interacCVN133}

func fuzzKeys(t testing.TB) ICCKeys {
	k, err := NewTDESKey([]byte("0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return ICCKeys{AC: k, SMI: k, SMC: k}
}

// isOurs reports whether err wraps one of the package's sentinel errors.
func isOurs(err error) bool {
	for _, e := range []error{ErrKeyLength, ErrKeyType, ErrPAN, ErrPSN, ErrDataLength, ErrDigits, ErrPIN,
		ErrPINBlock, ErrPadding, ErrMAC, ErrCryptogram, ErrARPC, ErrIAD, ErrVersion, ErrScript, ErrRandom, ErrSession} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// FuzzScriptCommand feeds command APDUs to the card's script handling.
func FuzzScriptCommand(f *testing.F) {
	f.Add(unhex(f, "8424000218BB221AF527377A2811D2B6EBC396A9391A965A5CB2CE62DA"), []byte{0x00, 0x1C}, "")
	f.Add(unhex(f, "84240001182EE025E554BCD87E11D2B6EBC396A939C4A8393B57DD2F3F"), []byte{0x00, 0x1C}, "8888")
	f.Add(unhex(f, "8424000008DB56BA60087CEFD3"), []byte{0x00, 0x1C}, "")
	f.Add(unhex(f, "841E000008"), []byte{0, 0}, "1234")
	f.Add([]byte{0x84, 0x24, 0x00, 0x02}, []byte{}, "")
	ks := fuzzKeys(f)
	f.Fuzz(func(t *testing.T, apdu, atc []byte, current string) {
		c, err := emv.ParseCommand(apdu)
		if err != nil {
			return
		}
		var ctx ScriptContext
		copy(ctx.ATC[:], atc)
		copy(ctx.ARQC[:], apdu)
		before := append([]byte(nil), apdu...)
		for _, v := range fuzzVersions {
			if _, err := v.RecoverScriptPIN(ks, c, current, ctx); err != nil && !isOurs(err) {
				t.Fatalf("%s: foreign error %v", v.Name, err)
			}
			if _, err := v.VerifyScriptCommand(ks.SMI, c, ctx); err != nil && !isOurs(err) {
				t.Fatalf("%s: foreign error %v", v.Name, err)
			}
			if _, err := v.AppendDeciphered(nil, ks.SMC, c.Data, ctx); err != nil && !isOurs(err) {
				t.Fatalf("%s: foreign error %v", v.Name, err)
			}
		}
		if !bytes.Equal(before, apdu) {
			t.Fatal("input modified")
		}
	})
}

// FuzzIssuerData feeds authorisation data (CDOL data, IAD, tag 91) to the
// issuer's cryptogram and the card's ARPC checks.
func FuzzIssuerData(f *testing.F) {
	f.Add(unhex(f, "00000000400000000000000001248000048000012419110501"+"52BF4585"), unhex(f, "06010A03A06010"), unhex(f, "28993816AFAE4AEB3030"))
	f.Add(make([]byte, 29), unhex(f, "0110A00003220000000000000000000000FF"), unhex(f, "9AF514C100000000"))
	f.Add([]byte{}, []byte{}, []byte{})
	ks := fuzzKeys(f)
	f.Fuzz(func(t *testing.T, cdol, iad, d91 []byte) {
		for _, v := range fuzzVersions {
			p := ACParams{TerminalData: cdol, IAD: iad}
			copy(p.ATC[:], d91)
			ac, acErr := v.ApplicationCryptogram(ks.AC, p)
			if acErr != nil && !isOurs(acErr) {
				t.Fatalf("%s: foreign error %v", v.Name, acErr)
			}
			if acErr == nil {
				if err := v.VerifyApplicationCryptogram(ks.AC, p, ac); err != nil {
					t.Fatalf("%s: own cryptogram does not verify: %v", v.Name, err)
				}
			}
			if _, err := v.ParseIAD(iad); err != nil && !isOurs(err) {
				t.Fatalf("%s: foreign error %v", v.Name, err)
			}
			r1, err1 := v.VerifyIssuerAuthenticationData(ks.AC, ARPCParams{ARQC: ac, ATC: p.ATC}, d91)
			if err1 != nil && !isOurs(err1) {
				t.Fatalf("%s: foreign error %v", v.Name, err1)
			}
			// A session gives the one-shot answers.
			s, serr := v.NewSession(ks.AC, p.ATC, p.UN)
			if serr != nil {
				t.Fatalf("%s: session: %v", v.Name, serr)
			}
			sac, serr := s.ApplicationCryptogram(p)
			if (serr == nil) != (acErr == nil) || sac != ac {
				t.Fatalf("%s: session cryptogram %X (%v), one-shot %X (%v)", v.Name, sac, serr, ac, acErr)
			}
			r2, err2 := s.VerifyIssuerAuthenticationData(ARPCParams{ARQC: ac, ATC: p.ATC}, d91)
			if (err1 == nil) != (err2 == nil) || !bytes.Equal(r1.ProprietaryAuthData, r2.ProprietaryAuthData) || r1.ARC != r2.ARC || r1.CSU != r2.CSU {
				t.Fatalf("%s: session ARPC check %v, one-shot %v", v.Name, err2, err1)
			}
		}
	})
}

// FuzzPINBlock feeds arbitrary blocks and PANs to the PIN block decoders.
func FuzzPINBlock(f *testing.F) {
	f.Add(unhex(f, "041261AAAAEDCBA9"+"0000000000000000"), "5555555551234567")
	f.Add(unhex(f, "28B41FDDD29B743E93124BD8E32D921E"), "1234567890123456789")
	f.Add(unhex(f, "1512345EDCBA9876"+"0000000000000000"), "4012345678909")
	f.Add([]byte{}, "")
	k, err := NewAESKey(unhex(f, "00112233445566778899AABBCCDDEEFF"))
	if err != nil {
		f.Fatal(err)
	}
	mkAC := fuzzKeys(f).AC
	f.Fuzz(func(t *testing.T, raw []byte, pan string) {
		var b8 [8]byte
		var b16 [16]byte
		copy(b8[:], raw)
		copy(b16[:], raw)
		check := func(pin string, err error) {
			if err != nil {
				if !isOurs(err) {
					t.Fatalf("foreign error %v", err)
				}
				return
			}
			if checkPIN(pin) != nil {
				t.Fatalf("decoded an invalid PIN of %d characters", len(pin))
			}
		}
		check(PINFromFormat0(b8, pan))
		check(PINFromFormat1(b8))
		check(PINFromFormat2(b8))
		check(DecipherPINBlockFormat4(k, b16, pan))
		for _, v := range fuzzVersions {
			check(v.ParseScriptPINBlock(mkAC, raw, pan))
		}
	})
}

// FuzzCardNumbers feeds arbitrary PANs, PSNs, expiry dates and service codes
// to the derivations and card verification values.
func FuzzCardNumbers(f *testing.F) {
	f.Add("12345678901234567", byte(0x45), "8701", "101", "1234")
	f.Add("000000000000000005", byte(0x23), "9912", "999", "")
	f.Add("", byte(0xFF), "", "", "x")
	tk, err := NewTDESKey(unhex(f, "0123456789ABCDEFFEDCBA9876543210"))
	if err != nil {
		f.Fatal(err)
	}
	ak, err := NewAESKey(unhex(f, "00112233445566778899AABBCCDDEEFF"))
	if err != nil {
		f.Fatal(err)
	}
	ks := fuzzKeys(f)
	f.Fuzz(func(t *testing.T, pan string, psn byte, expiry, sc, pin string) {
		for _, fn := range []func() error{
			func() error { _, err := DeriveMasterKeyOptionA(tk, pan, psn); return err },
			func() error { _, err := DeriveMasterKeyOptionB(tk, pan, psn); return err },
			func() error { _, err := DeriveMasterKeyAES(ak, pan, psn); return err },
			func() error { _, err := CVV(tk, pan, expiry, sc); return err },
			func() error { _, err := DCVV(tk, pan, expiry, sc, [2]byte{psn, psn}); return err },
			func() error { _, err := PINBlockFormat0(pin, pan); return err },
			func() error {
				_, err := EncipherPINBlockFormat4(ak, pin, pan, bytes.NewReader(make([]byte, 8)))
				return err
			},
			func() error {
				_, err := VisaCVN10.PINChangeCommand(ks, pin, expiry, ScriptContext{})
				return err
			},
		} {
			if err := fn(); err != nil && !isOurs(err) {
				t.Fatalf("foreign error %v", err)
			}
		}
	})
}

// FuzzMAC runs the MACs over arbitrary keys and data.
func FuzzMAC(f *testing.F) {
	f.Add(unhex(f, "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB"), []byte("hello world"), byte(1))
	f.Add(unhex(f, "2B7E151628AED2A6ABF7158809CF4F3C"), []byte{}, byte(2))
	f.Add([]byte{1, 2, 3}, []byte{0x80}, byte(9))
	f.Fuzz(func(t *testing.T, key, data []byte, pad byte) {
		p := Padding(pad%2 + 1)
		if n := len(p.Append(nil, data, 8)); n%8 != 0 || n == 0 {
			t.Fatalf("padded length %d", n)
		}
		if tk, err := NewTDESKey(key); err == nil {
			if _, err := RetailMAC(tk, data, p); err != nil && !isOurs(err) {
				t.Fatal(err)
			}
			if _, err := MACAlgorithm1(tk, data, p); err != nil {
				t.Fatal(err)
			}
		} else if !isOurs(err) {
			t.Fatal(err)
		}
		if ak, err := NewAESKey(key); err == nil {
			a, err := CMAC(ak, data)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := CMAC(ak, append([]byte(nil), data...))
			if a != b {
				t.Fatal("CMAC not deterministic")
			}
		} else if !isOurs(err) {
			t.Fatal(err)
		}
	})
}
