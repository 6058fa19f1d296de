package cryptogram

import "fmt"

// ARPCMethod1 is ARPC method 1 of Book 2 §8.2.1: the ARQC XORed with the
// 2-byte Authorisation Response Code padded with zeros, enciphered with k.
// With an AES key the block is ARQC || 00.. and the ARPC its leftmost 8
// bytes. Issuer Authentication Data (91) is ARPC || ARC.
func ARPCMethod1(k Key, arqc [8]byte, arc [2]byte) ([8]byte, error) {
	var out [8]byte
	b, err := k.block()
	if err != nil {
		return out, err
	}
	if k.alg == TDES && k.n != 16 {
		return out, fmt.Errorf("%w: ARPC needs a 16-byte TDES key", ErrKeyLength)
	}
	sc := getScratch()
	defer putScratch(sc)
	y := sc.a[:b.BlockSize()]
	copy(y, arqc[:])
	y[0] ^= arc[0]
	y[1] ^= arc[1]
	b.Encrypt(y, y)
	copy(out[:], y[:8])
	return out, nil
}

// ARPCMethod2 is ARPC method 2 of Book 2 §8.2.2: the leftmost 4 bytes of
// the MAC (padding method 2) of ARQC || CSU || Proprietary Authentication
// Data (0 to 8 bytes). Issuer Authentication Data (91) is
// ARPC || CSU || Proprietary Authentication Data.
func ARPCMethod2(k Key, arqc [8]byte, csu [4]byte, pad []byte) ([4]byte, error) {
	var out [4]byte
	if len(pad) > 8 {
		return out, fmt.Errorf("%w: proprietary authentication data of %d bytes", ErrDataLength, len(pad))
	}
	var buf [20]byte
	copy(buf[:], arqc[:])
	copy(buf[8:], csu[:])
	n := 12 + copy(buf[12:], pad)
	m, err := mac8(k, buf[:n], PaddingMethod2)
	copy(out[:], m[:4])
	return out, err
}
