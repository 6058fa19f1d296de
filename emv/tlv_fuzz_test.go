package emv

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/moov-io/bertlv"
)

// tlvFuzzSeeds are the published responses plus hand-made faults.
func tlvFuzzSeeds(f *testing.F) {
	for _, v := range foundationVectors(f, "tlv_vectors.txt") {
		f.Add(unhex(f, v))
	}
	for _, s := range [][]byte{
		{0x70, 0x80, 0x5A, 0x00, 0x00, 0x00},
		{0x5A, 0x83, 0x00, 0x00, 0x01, 0x00},
		{0x9F, 0x81, 0x81, 0x01, 0x00},
		{0x90, 0x82, 0x01},
		{0x00, 0xFF, 0x5F, 0x34, 0x01, 0x01, 0xFF},
		{0x5A, 0x84, 0xFF, 0xFF, 0xFF, 0xFF}, // bertlv: negative length
		{0x71, 0x0F, 0x9F, 0x18, 0x04, 0x00, 0x00, 0x00, 0x01, 0x86, 0x05, 0x84, 0x24, 0x00, 0x02, 0x00},
	} {
		f.Add(s)
	}
}

// bertlvDecode runs bertlv.Decode, reporting a panic instead of crashing:
// bertlv panics on some malformed lengths.
func bertlvDecode(b []byte) (tree []bertlv.TLV, err error, panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	tree, err = bertlv.Decode(b)
	return tree, err, false
}

// sameTree compares trees, treating nil and empty values alike.
func sameTree(a, b []bertlv.TLV) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Tag != b[i].Tag || !bytes.Equal(a[i].Value, b[i].Value) || !sameTree(a[i].TLVs, b[i].TLVs) {
			return false
		}
	}
	return true
}

// emvRestriction reports errors for input that BER allows but EMV does not,
// or that our bounds refuse.
func emvRestriction(err error) bool {
	return errors.Is(err, ErrIndefiniteLength) || errors.Is(err, ErrLengthTooLong) ||
		errors.Is(err, ErrTagTooLong) || errors.Is(err, ErrTooDeep)
}

// FuzzTLV checks the walker against bertlv.Decode wherever bertlv does not
// panic, and that Walk, Find, DuplicateTags and ParseObjects agree with it.
func FuzzTLV(f *testing.F) {
	tlvFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		ours, err := DecodeTree(b)
		var te *TLVError
		if err != nil && !errors.As(err, &te) {
			t.Fatalf("untyped error %v", err)
		}

		// FF is padding to EMV and the start of a tag to bertlv.
		if !bytes.Contains(b, []byte{0xFF}) {
			theirs, theirErr, panicked := bertlvDecode(b)
			switch {
			case panicked:
			case err == nil && theirErr != nil:
				t.Fatalf("bertlv refuses what we accept: %v", theirErr)
			case err == nil && !sameTree(ours, theirs):
				t.Fatalf("trees differ:\nours   %v\ntheirs %v", ours, theirs)
			case err != nil && theirErr == nil && !emvRestriction(err):
				t.Fatalf("we refuse what bertlv accepts: %v", err)
			}
		}

		// Walk sees the same objects, Find finds each of them, and Raw
		// always frames Value.
		walkErr := Walk(b, func(o Object, _ int) {
			if !bytes.HasSuffix(o.Raw, o.Value) || len(o.Raw) < len(o.Value)+2 {
				t.Fatalf("raw % X does not frame value % X", o.Raw, o.Value)
			}
			if err == nil {
				if _, ok, ferr := Find(b, o.Tag); !ok || ferr != nil {
					t.Fatalf("Find(%s) = %v, %v", o.Tag, ok, ferr)
				}
			}
		})
		if (walkErr == nil) != (err == nil) {
			t.Fatalf("Walk error %v, DecodeTree error %v", walkErr, err)
		}
		if _, derr := DuplicateTags(b, b); (derr == nil) != (err == nil) {
			t.Fatalf("DuplicateTags error %v, DecodeTree error %v", derr, err)
		}
		objs, perr := ParseObjects(b)
		if perr == nil {
			var rebuilt []byte
			for _, o := range objs {
				rebuilt = append(rebuilt, o.Raw...)
			}
			if len(rebuilt) > len(b) {
				t.Fatalf("objects longer than input")
			}
		}
	})
}

// FuzzDescribe checks that Describe never panics and never prints a whole
// PAN or PIN data unless asked to unmask.
func FuzzDescribe(f *testing.F) {
	tlvFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var sb strings.Builder
		err := Describe(&sb, b)
		// Each PAN and PIN block, described alone, must not show in clear.
		_ = Walk(b, func(o Object, _ int) {
			var one strings.Builder
			_ = Describe(&one, o.Raw)
			switch o.Tag {
			case TagApplicationPAN:
				if pan, perr := ParseCN(o.Value); perr == nil && len(pan) >= 11 && strings.Contains(one.String(), pan) {
					t.Fatalf("PAN %s in clear: %s", pan, one.String())
				}
				if len(o.Value) >= 4 && strings.Contains(one.String(), strings.ToUpper(hex.EncodeToString(o.Value))) {
					t.Fatalf("PAN bytes in clear: %s", one.String())
				}
			case TagTransactionPINData:
				if len(o.Value) >= 4 && strings.Contains(one.String(), strings.ToUpper(hex.EncodeToString(o.Value))) {
					t.Fatalf("PIN data in clear: %s", one.String())
				}
			}
		})
		var unmasked strings.Builder
		uerr := Describe(&unmasked, b, DescribeUnmasked())
		if (err == nil) != (uerr == nil) {
			t.Fatalf("masking changed the outcome: %v, %v", err, uerr)
		}
		if strings.Count(sb.String(), "\n") != strings.Count(unmasked.String(), "\n") {
			t.Fatalf("masking changed the number of lines")
		}
	})
}
