package oda

import "crypto/sha1"

// Layout of every Book 2 signature (Annex A2.1, ISO/IEC 9796-2 scheme 1 with
// full message recovery): header 6A, the recoverable part, a 20-byte SHA-1
// hash result, trailer BC. The hash covers the recoverable part followed by
// data the verifier already holds.
const (
	header    = 0x6A
	trailer   = 0xBC
	padByte   = 0xBB
	hashLen   = sha1.Size
	overhead  = 1 + hashLen + 1 // header, hash, trailer
	hashSHA1  = 0x01            // Hash Algorithm Indicator (Annex B2.3)
	keyRSA    = 0x01            // Public Key Algorithm Indicator (Annex B2.2)
	formatIss = 0x02
	formatSSA = 0x03
	formatICC = 0x04
	formatSDA = 0x05
)

// recoverSigned applies the public key to sig and checks the length, the
// trailer and the header (Book 2 §5.3 steps 1-3, §5.4, §6.3, §6.5.2).
// It returns the recovered block, header and trailer included.
func recoverSigned(k PublicKey, sig []byte) ([]byte, error) {
	x, err := k.publicOp(sig)
	if err != nil {
		return nil, err
	}
	if len(x) < overhead+1 {
		return nil, ErrModulusTooShort
	}
	if x[len(x)-1] != trailer {
		return nil, ErrTrailer
	}
	if x[0] != header {
		return nil, ErrHeader
	}
	return x, nil
}

// body is the recoverable part between the header and the hash result.
func body(x []byte) []byte { return x[1 : len(x)-overhead+1] }

// hashField is the hash result inside a recovered block.
func hashField(x []byte) []byte { return x[len(x)-hashLen-1 : len(x)-1] }

// checkHash compares the recovered hash with SHA-1 over the recoverable part
// and the extra data the verifier supplies.
func checkHash(x []byte, extra ...[]byte) error {
	h := sha1.New()
	h.Write(body(x))
	for _, e := range extra {
		h.Write(e)
	}
	var sum [hashLen]byte
	if string(h.Sum(sum[:0])) != string(hashField(x)) {
		return ErrHashMismatch
	}
	return nil
}

// signBlock formats header ‖ data ‖ SHA-1(data ‖ extra) ‖ trailer and signs
// it. data must fill the modulus exactly; callers pad with BB beforehand.
func signBlock(k *PrivateKey, data []byte, extra ...[]byte) ([]byte, error) {
	if len(data)+overhead != k.Size() {
		return nil, ErrModulusTooShort
	}
	h := sha1.New()
	h.Write(data)
	for _, e := range extra {
		h.Write(e)
	}
	x := make([]byte, 0, k.Size())
	x = append(x, header)
	x = append(x, data...)
	x = h.Sum(x)
	x = append(x, trailer)
	return k.privateOp(x)
}

// padTo appends BB bytes to b until it is n bytes long.
func padTo(b []byte, n int) []byte {
	for len(b) < n {
		b = append(b, padByte)
	}
	return b
}

// allPad reports whether b is all BB.
func allPad(b []byte) bool {
	for _, c := range b {
		if c != padByte {
			return false
		}
	}
	return true
}
