package cryptogram

import (
	"crypto/rand"
	"fmt"
	"io"
)

// PINBlockFormat0 is the ISO 9564-1 format 0 PIN block: the PIN field
// 0 || L || PIN || F fill XORed with the PAN field 0000 || the 12 rightmost
// PAN digits excluding the check digit.
func PINBlockFormat0(pin, pan string) ([8]byte, error) {
	if err := checkPIN(pin); err != nil {
		return [8]byte{}, err
	}
	a, err := panField0(pan)
	if err != nil {
		return [8]byte{}, err
	}
	f := pinField(0, pin)
	for i := range f {
		f[i] ^= a[i]
	}
	return f, nil
}

// PINFromFormat0 recovers the PIN of a format 0 block for the PAN.
func PINFromFormat0(block [8]byte, pan string) (string, error) {
	a, err := panField0(pan)
	if err != nil {
		return "", err
	}
	for i := range block {
		block[i] ^= a[i]
	}
	return parsePINField(block, 0, 0xF)
}

func panField0(pan string) ([8]byte, error) {
	var a [8]byte
	if err := checkPAN(pan); err != nil {
		return a, err
	}
	body := pan[:len(pan)-1]
	body = body[len(body)-min(12, len(body)):]
	var d [12]byte
	for i := 0; i < len(body); i++ {
		d[i] = body[i] - '0'
	}
	packDigitsRight(a[2:], d[:len(body)])
	return a, nil
}

// PINBlockFormat1 is the ISO 9564-1 format 1 PIN block: 1 || L || PIN and a
// fill of random nibbles from rnd (crypto/rand when nil).
func PINBlockFormat1(pin string, rnd io.Reader) ([8]byte, error) {
	if err := checkPIN(pin); err != nil {
		return [8]byte{}, err
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	var fill [8]byte
	if _, err := io.ReadFull(rnd, fill[:]); err != nil {
		return [8]byte{}, fmt.Errorf("%w: %v", ErrRandom, err)
	}
	f := pinField(1, pin)
	for i := 2 + len(pin); i < 16; i++ {
		nib := fill[i/2] & 0xF
		if i%2 == 0 {
			f[i/2] = f[i/2]&0x0F | nib<<4
		} else {
			f[i/2] = f[i/2]&0xF0 | nib
		}
	}
	return f, nil
}

// PINFromFormat1 recovers the PIN of a format 1 block.
func PINFromFormat1(block [8]byte) (string, error) { return parsePINField(block, 1, 0xFF) }

// PINBlockFormat2 is the ISO 9564-1 format 2 PIN block: 2 || L || PIN || F
// fill, the block of offline PIN and of M/Chip PIN change scripts.
func PINBlockFormat2(pin string) ([8]byte, error) {
	if err := checkPIN(pin); err != nil {
		return [8]byte{}, err
	}
	return pinField(2, pin), nil
}

// PINFromFormat2 recovers the PIN of a format 2 block.
func PINFromFormat2(block [8]byte) (string, error) { return parsePINField(block, 2, 0xF) }

// EncipherPINBlockFormat4 builds and enciphers an ISO 9564-1 format 4 PIN
// block under the AES key k: the PIN field 4 || L || PIN || A fill || 8
// random bytes from rnd (crypto/rand when nil) is enciphered, XORed with the
// PAN field, and enciphered again.
func EncipherPINBlockFormat4(k Key, pin, pan string, rnd io.Reader) ([16]byte, error) {
	var out [16]byte
	if k.alg != AES {
		return out, ErrKeyType
	}
	if err := checkPIN(pin); err != nil {
		return out, err
	}
	pf, err := panField4(pan)
	if err != nil {
		return out, err
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	f := pinField(4, pin)
	for i := 2 + len(pin); i < 16; i++ {
		if i%2 == 0 {
			f[i/2] = f[i/2]&0x0F | 0xA0
		} else {
			f[i/2] = f[i/2]&0xF0 | 0x0A
		}
	}
	copy(out[:8], f[:])
	if _, err := io.ReadFull(rnd, out[8:]); err != nil {
		return [16]byte{}, fmt.Errorf("%w: %v", ErrRandom, err)
	}
	b, err := k.block()
	if err != nil {
		return [16]byte{}, err
	}
	b.Encrypt(out[:], out[:])
	for i := range out {
		out[i] ^= pf[i]
	}
	b.Encrypt(out[:], out[:])
	return out, nil
}

// DecipherPINBlockFormat4 recovers the PIN of a format 4 block enciphered
// under k for the PAN.
func DecipherPINBlockFormat4(k Key, block [16]byte, pan string) (string, error) {
	if k.alg != AES {
		return "", ErrKeyType
	}
	pf, err := panField4(pan)
	if err != nil {
		return "", err
	}
	b, err := k.block()
	if err != nil {
		return "", err
	}
	b.Decrypt(block[:], block[:])
	for i := range block {
		block[i] ^= pf[i]
	}
	b.Decrypt(block[:], block[:])
	var f [8]byte
	copy(f[:], block[:8])
	return parsePINField(f, 4, 0xA)
}

// panField4 is M || PAN (left padded with zeros to 12 digits) || 0 fill,
// M the number of PAN digits beyond 12.
func panField4(pan string) ([16]byte, error) {
	var p [16]byte
	if len(pan) < 1 || len(pan) > 19 || !isDigits(pan) {
		return p, ErrPAN
	}
	var d [32]byte
	m := max(len(pan)-12, 0)
	d[0] = byte(m)
	off := 1 + max(12-len(pan), 0)
	for i := 0; i < len(pan); i++ {
		d[off+i] = pan[i] - '0'
	}
	for i := 0; i < 32; i += 2 {
		p[i/2] = d[i]<<4 | d[i+1]
	}
	return p, nil
}
