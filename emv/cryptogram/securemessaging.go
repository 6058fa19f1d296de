package cryptogram

import (
	"crypto/subtle"
	"fmt"

	"github.com/emvsim/emvsim/emv"
)

// scriptMACLen is the length of the secure-messaging MAC our versions use.
const scriptMACLen = 8

// ScriptContext is the transaction a script command is bound to: the card
// checks script MACs against its current ATC and ARQC.
type ScriptContext struct {
	ATC  [2]byte // 9F36 of the transaction
	ARQC [8]byte // 9F26 of its first GENERATE AC
}

// SMSessionKey returns the secure-messaging session key the version derives
// from MK-SMI or MK-SMC for a transaction.
func (v Version) SMSessionKey(mk Key, ctx ScriptContext) (Key, error) {
	switch v.SMKey {
	case SMKeyVisa:
		return SessionKeyVisaSM(mk, ctx.ATC)
	case SMKeyCommonARQC:
		var r [16]byte
		copy(r[:], ctx.ARQC[:])
		return SessionKeyCommon(mk, r[:mk.blockSize()])
	}
	return Key{}, ErrVersion
}

// ScriptMAC computes the secure-messaging MAC (Book 2 §9.2, format 2) of a
// script command whose data field, before the MAC, is data: the MAC covers
// CLA INS P1 P2, Lc counting the MAC, the ATC and ARQC when the version
// binds them so, and data, with padding method 2.
func (v Version) ScriptMAC(mkSMI Key, cla, ins, p1, p2 byte, data []byte, ctx ScriptContext) ([8]byte, error) {
	if len(data)+scriptMACLen > 255 {
		return [8]byte{}, fmt.Errorf("%w: script data of %d bytes", ErrDataLength, len(data))
	}
	k, err := v.SMSessionKey(mkSMI, ctx)
	if err != nil {
		return [8]byte{}, err
	}
	var buf [5 + 10 + 255]byte
	in := append(buf[:0], cla, ins, p1, p2, byte(len(data)+scriptMACLen))
	if v.SMMACWithATCARQC {
		in = append(in, ctx.ATC[:]...)
		in = append(in, ctx.ARQC[:]...)
	}
	in = append(in, data...)
	return mac8(k, in, PaddingMethod2)
}

// VerifyScriptCommand checks the MAC that ends the data of a script command
// in constant time and returns the data before it (still enciphered if it
// was). A wrong MAC is ErrMAC.
func (v Version) VerifyScriptCommand(mkSMI Key, c emv.Command, ctx ScriptContext) ([]byte, error) {
	if len(c.Data) < scriptMACLen {
		return nil, fmt.Errorf("%w: %d data bytes cannot hold a MAC", ErrScript, len(c.Data))
	}
	n := len(c.Data) - scriptMACLen
	want, err := v.ScriptMAC(mkSMI, c.CLA, c.INS, c.P1, c.P2, c.Data[:n], ctx)
	if err != nil {
		return nil, err
	}
	if !equal(want[:], c.Data[n:]) {
		return nil, ErrMAC
	}
	return c.Data[:n], nil
}

// AppendEnciphered appends plain enciphered under the secure-messaging
// session key of MK-SMC (Book 2 §9.3, format 2), as the version does it.
func (v Version) AppendEnciphered(dst []byte, mkSMC Key, plain []byte, ctx ScriptContext) ([]byte, error) {
	b, err := v.smcBlock(mkSMC, ctx)
	if err != nil {
		return dst, err
	}
	bs := b.BlockSize()
	start := len(dst)
	switch v.Encipherment {
	case EncipherVisa:
		if len(plain) > 255 {
			return dst, fmt.Errorf("%w: %d bytes to encipher", ErrDataLength, len(plain))
		}
		dst = append(dst, byte(len(plain)))
		dst = append(dst, plain...)
		dst = PaddingMethod2.appendTail(dst, len(plain)+1, bs)
		for i := start; i < len(dst); i += bs {
			b.Encrypt(dst[i:i+bs], dst[i:i+bs])
		}
		return dst, nil
	case EncipherCBC, EncipherCBCPadded:
		dst = append(dst, plain...)
		if v.Encipherment == EncipherCBCPadded || len(plain)%bs != 0 || len(plain) == 0 {
			dst = PaddingMethod2.appendTail(dst, len(plain), bs)
		}
		var iv [16]byte
		for i := start; i < len(dst); i += bs {
			blk := dst[i : i+bs]
			subtle.XORBytes(blk, blk, iv[:bs])
			b.Encrypt(blk, blk)
			copy(iv[:], blk)
		}
		return dst, nil
	}
	return dst, ErrVersion
}

// AppendDeciphered appends the plaintext of enc, enciphered as the version
// does it, after dst. For EncipherCBC the optional padding cannot be told
// from data and is left in place.
func (v Version) AppendDeciphered(dst []byte, mkSMC Key, enc []byte, ctx ScriptContext) ([]byte, error) {
	b, err := v.smcBlock(mkSMC, ctx)
	if err != nil {
		return dst, err
	}
	bs := b.BlockSize()
	if len(enc) == 0 || len(enc)%bs != 0 {
		return dst, fmt.Errorf("%w: enciphered data of %d bytes", ErrDataLength, len(enc))
	}
	start := len(dst)
	dst = append(dst, enc...)
	plain := dst[start:]
	switch v.Encipherment {
	case EncipherVisa:
		for i := 0; i < len(plain); i += bs {
			b.Decrypt(plain[i:i+bs], plain[i:i+bs])
		}
		l := int(plain[0])
		if 1+l > len(plain) {
			return dst[:start], ErrPadding
		}
		if _, err := unpadMethod2(plain[1+l:]); err != nil || len(plain)-1-l > bs {
			return dst[:start], ErrPadding
		}
		copy(plain, plain[1:1+l])
		return dst[:start+l], nil
	case EncipherCBC, EncipherCBCPadded:
		var iv, next [16]byte
		for i := 0; i < len(plain); i += bs {
			blk := plain[i : i+bs]
			copy(next[:], blk)
			b.Decrypt(blk, blk)
			subtle.XORBytes(blk, blk, iv[:bs])
			iv = next
		}
		if v.Encipherment == EncipherCBC {
			return dst, nil
		}
		body, err := unpadMethod2(plain)
		if err != nil || len(plain)-len(body) > bs {
			return dst[:start], ErrPadding
		}
		return dst[:start+len(body)], nil
	}
	return dst[:start], ErrVersion
}

// ScriptCommand builds a complete script command from c: c.Data, if any, is
// enciphered under MK-SMC when encipher is set, and the secure-messaging MAC
// under MK-SMI is appended. Use it for APPLICATION BLOCK (84 1E), APPLICATION
// UNBLOCK (84 18), CARD BLOCK (84 16) and PUT DATA (04 DA).
func (v Version) ScriptCommand(keys ICCKeys, c emv.Command, encipher bool, ctx ScriptContext) (emv.Command, error) {
	data := make([]byte, 0, len(c.Data)+2*16+scriptMACLen)
	var err error
	if encipher && len(c.Data) > 0 {
		data, err = v.AppendEnciphered(data, keys.SMC, c.Data, ctx)
	} else {
		data = append(data, c.Data...)
	}
	if err != nil {
		return emv.Command{}, err
	}
	mac, err := v.ScriptMAC(keys.SMI, c.CLA, c.INS, c.P1, c.P2, data, ctx)
	if err != nil {
		return emv.Command{}, err
	}
	return emv.Command{CLA: c.CLA, INS: c.INS, P1: c.P1, P2: c.P2, Data: append(data, mac[:]...), Le: c.Le}, nil
}

// smcBlock is the block cipher of the confidentiality session key.
func (v Version) smcBlock(mkSMC Key, ctx ScriptContext) (blockCipher, error) {
	k, err := v.SMSessionKey(mkSMC, ctx)
	if err != nil {
		return blockCipher{}, err
	}
	return k.block()
}
