package cryptogram

import (
	"crypto/des"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionBoundToItsTransaction(t *testing.T) {
	for _, v := range []Version{VisaCVN10, VisaCVN18, MastercardCVN16, MastercardCVN17, AmexCVN01} {
		t.Run(v.Name, func(t *testing.T) {
			ks := testCardKeys(t, v)
			p := ACParams{
				TerminalData: unhex(t, "0000000040000000000000000124800004800001241911050152BF4585"),
				AIP:          [2]byte{0x18, 0x00}, ATC: [2]byte{0x00, 0x1C}, UN: [4]byte{0x52, 0xBF, 0x45, 0x85},
				IAD: testIAD(t, v),
			}
			s, err := v.NewSession(ks.AC, p.ATC, p.UN)
			require.NoError(t, err)
			assert.True(t, s.For(p.ATC, p.UN))
			ac, err := s.ApplicationCryptogram(p)
			require.NoError(t, err)
			require.NoError(t, s.VerifyApplicationCryptogram(p, ac))
			oneShot, err := v.ApplicationCryptogram(ks.AC, p)
			require.NoError(t, err)
			assert.Equal(t, oneShot, ac)
			bad := ac
			bad[0] ^= 1
			assert.ErrorIs(t, s.VerifyApplicationCryptogram(p, bad), ErrCryptogram)

			ap := ARPCParams{ARQC: ac, ATC: p.ATC, UN: p.UN, ARC: [2]byte{'0', '0'}}
			d91, err := s.AppendIssuerAuthenticationData(nil, ap)
			require.NoError(t, err)
			want91, err := v.AppendIssuerAuthenticationData(nil, ks.AC, ap)
			require.NoError(t, err)
			assert.Equal(t, want91, d91)
			_, err = s.VerifyIssuerAuthenticationData(ap, d91)
			require.NoError(t, err)

			// Data of another transaction is refused, not computed under
			// the wrong key.
			other := p
			other.ATC = [2]byte{0x00, 0x1D}
			_, err = s.ApplicationCryptogram(other)
			assert.ErrorIs(t, err, ErrSession)
			assert.False(t, s.For(other.ATC, p.UN))
			_, err = s.AppendIssuerAuthenticationData(nil, ARPCParams{ARQC: ac, ATC: other.ATC, UN: p.UN})
			assert.ErrorIs(t, err, ErrSession)
			_, err = s.VerifyIssuerAuthenticationData(ARPCParams{ARQC: ac, ATC: other.ATC, UN: p.UN}, d91)
			assert.ErrorIs(t, err, ErrSession)
			// The unpredictable number matters only where the key uses it.
			otherUN := [4]byte{1, 2, 3, 4}
			assert.Equal(t, v.ACKey != ACKeyMastercard, s.For(p.ATC, otherUN))

			str := fmt.Sprintf("%v %+v %s", s, s, s.String())
			assert.NotContains(t, str, "Key(")
			assert.Contains(t, s.String(), "ATC 001C")
		})
	}
}

func TestZeroSessionRefuses(t *testing.T) {
	var s Session
	assert.False(t, s.For([2]byte{}, [4]byte{}))
	_, err := s.ApplicationCryptogram(ACParams{})
	assert.ErrorIs(t, err, ErrVersion)
	_, err = s.AppendIssuerAuthenticationData(nil, ARPCParams{})
	assert.ErrorIs(t, err, ErrVersion)
	_, err = s.VerifyIssuerAuthenticationData(ARPCParams{}, make([]byte, 10))
	assert.ErrorIs(t, err, ErrVersion)
	_, err = Version{}.NewSession(Key{}, [2]byte{}, [4]byte{})
	assert.ErrorIs(t, err, ErrVersion)
}

// ede2 must be the standard library's triple DES with K3 = K1.
func TestEDE2IsTripleDESWithK1K2K1(t *testing.T) {
	key := unhex(t, "0123456789ABCDEFFEDCBA9876543210")
	e, err := newEDE2(key)
	require.NoError(t, err)
	ref, err := des.NewTripleDESCipher(append(append([]byte(nil), key...), key[:8]...))
	require.NoError(t, err)
	blk := unhex(t, "4E6F772069732074")
	for range 64 {
		var got, want [8]byte
		e.Encrypt(got[:], blk)
		ref.Encrypt(want[:], blk)
		require.Equal(t, want, got)
		e.Decrypt(got[:], blk)
		ref.Decrypt(want[:], blk)
		require.Equal(t, want, got)
		blk = want[:]
	}
}
