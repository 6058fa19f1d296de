package cryptogram

import (
	"testing"

	"github.com/emvsim/emvsim/emv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testCard is one card's keys under every named version, derived the way an
// issuer personalises them.
func testCardKeys(t testing.TB, v Version) ICCKeys {
	t.Helper()
	ks, err := v.DeriveICCKeys(
		tdes(t, "0123456789ABCDEFFEDCBA9876543210"),
		tdes(t, "FEDCBA98765432100123456789ABCDEF"),
		tdes(t, "89ABCDEF0123456776543210FEDCBA98"),
		"374245455400126", 0x00)
	require.NoError(t, err)
	return ks
}

var namedVersions = []Version{VisaCVN10, VisaCVN18, MastercardCVN16, MastercardCVN17, AmexCVN01}

func testIAD(t testing.TB, v Version) []byte {
	iad, err := v.AppendIAD(nil, IAD{DKI: 0x01, CVR: [6]byte{0x03, 0xA0, 0x00, 0x10, 0x00, 0x00}, Counters: [8]byte{1, 2, 3, 4, 5, 6, 7, 8}})
	require.NoError(t, err)
	return iad
}

func TestNamedVersionsCardAndIssuerAgree(t *testing.T) {
	cdol1 := unhex(t, "000000001000000000000000039200000000000392251125000A1B2C3D2200"+"9F") // 29 bytes of terminal data, then more CDOL data
	for _, v := range namedVersions {
		t.Run(v.Name, func(t *testing.T) {
			ks := testCardKeys(t, v)
			p := ACParams{TerminalData: cdol1, AIP: [2]byte{0x39, 0x00}, ATC: [2]byte{0x00, 0x05}, UN: [4]byte{0x0A, 0x1B, 0x2C, 0x3D}, IAD: testIAD(t, v)}
			arqc, err := v.ApplicationCryptogram(ks.AC, p)
			require.NoError(t, err)
			require.NoError(t, v.VerifyApplicationCryptogram(ks.AC, p, arqc))

			// Every input the version uses changes the cryptogram.
			for name, q := range map[string]ACParams{
				"amount": {TerminalData: append([]byte{0x01}, cdol1[1:]...), AIP: p.AIP, ATC: p.ATC, UN: p.UN, IAD: p.IAD},
				"AIP":    {TerminalData: cdol1, AIP: [2]byte{0x38, 0x00}, ATC: p.ATC, UN: p.UN, IAD: p.IAD},
				"ATC":    {TerminalData: cdol1, AIP: p.AIP, ATC: [2]byte{0x00, 0x06}, UN: p.UN, IAD: p.IAD},
				"CVR":    {TerminalData: cdol1, AIP: p.AIP, ATC: p.ATC, UN: p.UN, IAD: flipCVR(v, p.IAD)},
			} {
				assert.ErrorIs(t, v.VerifyApplicationCryptogram(ks.AC, q, arqc), ErrCryptogram, name)
			}
			// Bytes of the CDOL beyond the version's terminal data do not count.
			longer := append(append([]byte(nil), cdol1...), 0x55)
			q := p
			q.TerminalData = longer
			assert.NoError(t, v.VerifyApplicationCryptogram(ks.AC, q, arqc))

			iad, err := v.ParseIAD(p.IAD)
			require.NoError(t, err)
			assert.Equal(t, v.CVN, iad.CVN)
			assert.Equal(t, byte(0x01), iad.DKI)

			ap := ARPCParams{ARQC: arqc, ATC: p.ATC, UN: p.UN, ARC: [2]byte{'0', '0'}, CSU: [4]byte{0x00, 0x80, 0x00, 0x00}}
			d91, err := v.AppendIssuerAuthenticationData(nil, ks.AC, ap)
			require.NoError(t, err)
			r, err := v.VerifyIssuerAuthenticationData(ks.AC, ARPCParams{ARQC: arqc, ATC: p.ATC, UN: p.UN}, d91)
			require.NoError(t, err)
			if v.ARPCMethod == 1 {
				assert.Len(t, d91, 10)
				assert.Equal(t, ap.ARC, r.ARC)
			} else {
				assert.Len(t, d91, 8)
				assert.Equal(t, ap.CSU, r.CSU)
			}
			other := arqc
			other[0] ^= 1
			_, err = v.VerifyIssuerAuthenticationData(ks.AC, ARPCParams{ARQC: other, ATC: p.ATC, UN: p.UN}, d91)
			assert.ErrorIs(t, err, ErrARPC)

			testScripts(t, v, ks, ScriptContext{ATC: p.ATC, ARQC: arqc})
		})
	}
}

func flipCVR(v Version, iad []byte) []byte {
	out := append([]byte(nil), iad...)
	if v.IAD == IADMChip {
		out[3] ^= 0x40
	} else {
		out[4] ^= 0x40
	}
	return out
}

func testScripts(t *testing.T, v Version, ks ICCKeys, ctx ScriptContext) {
	// PIN CHANGE without the current PIN: the story's first online transaction.
	cmd, err := v.PINChangeCommand(ks, "4321", "", ctx)
	require.NoError(t, err)
	assert.Equal(t, byte(0x84), cmd.CLA)
	assert.Equal(t, byte(0x24), cmd.INS)
	assert.Equal(t, P2PINChangeWithoutPIN, cmd.P2)
	pin, err := v.RecoverScriptPIN(ks, cmd, "", ctx)
	require.NoError(t, err)
	assert.Equal(t, "4321", pin)

	// The same command in another transaction, or altered, is refused.
	next := ScriptContext{ATC: [2]byte{0x00, 0x06}, ARQC: ctx.ARQC}
	next.ARQC[7] ^= 0x5A
	_, err = v.RecoverScriptPIN(ks, cmd, "", next)
	assert.ErrorIs(t, err, ErrMAC)
	tampered := cmd
	tampered.Data = append([]byte(nil), cmd.Data...)
	tampered.Data[0] ^= 1
	_, err = v.RecoverScriptPIN(ks, tampered, "", ctx)
	assert.ErrorIs(t, err, ErrMAC)
	moved := cmd
	moved.P2 = P2PINUnblock
	_, err = v.RecoverScriptPIN(ks, moved, "", ctx)
	assert.ErrorIs(t, err, ErrMAC, "P2 is under the MAC")

	// PIN UNBLOCK.
	unblock, err := v.PINChangeCommand(ks, "", "", ctx)
	require.NoError(t, err)
	assert.Len(t, unblock.Data, 8)
	pin, err = v.RecoverScriptPIN(ks, unblock, "", ctx)
	require.NoError(t, err)
	assert.Equal(t, "", pin)

	// PIN CHANGE with the current PIN, where the version's block carries it.
	if v.PINBlock == PINBlockVIS {
		cmd, err := v.PINChangeCommand(ks, "5678", "4321", ctx)
		require.NoError(t, err)
		assert.Equal(t, P2PINChangeWithPIN, cmd.P2)
		pin, err := v.RecoverScriptPIN(ks, cmd, "4321", ctx)
		require.NoError(t, err)
		assert.Equal(t, "5678", pin)
		_, err = v.RecoverScriptPIN(ks, cmd, "9999", ctx)
		assert.ErrorIs(t, err, ErrPINBlock, "a wrong current PIN does not yield a PIN")
	} else {
		_, err := v.PINChangeCommand(ks, "5678", "4321", ctx)
		assert.ErrorIs(t, err, ErrVersion)
	}

	// APPLICATION BLOCK and an enciphered PUT DATA.
	block, err := v.ScriptCommand(ks, emv.Command{CLA: emv.CLASecure, INS: emv.INSApplicationBlock}, false, ctx)
	require.NoError(t, err)
	data, err := v.VerifyScriptCommand(ks.SMI, block, ctx)
	require.NoError(t, err)
	assert.Empty(t, data)
	put, err := v.ScriptCommand(ks, emv.Command{CLA: 0x04, INS: emv.INSPutData, P1: 0x9F, P2: 0x14, Data: []byte{0x03}}, true, ctx)
	require.NoError(t, err)
	enc, err := v.VerifyScriptCommand(ks.SMI, put, ctx)
	require.NoError(t, err)
	plain, err := v.AppendDeciphered(nil, ks.SMC, enc, ctx)
	require.NoError(t, err)
	assert.Equal(t, byte(0x03), plain[0])
}

func TestPINChangeInputErrors(t *testing.T) {
	ks := testCardKeys(t, VisaCVN10)
	ctx := ScriptContext{ATC: [2]byte{0, 1}}
	for _, tc := range []struct{ newPIN, current string }{{"123", ""}, {"1234567890123", ""}, {"12a4", ""}, {"1234", "12"}, {"", "1234"}} {
		_, err := VisaCVN10.PINChangeCommand(ks, tc.newPIN, tc.current, ctx)
		require.ErrorIs(t, err, ErrPIN, "%q %q", tc.newPIN, tc.current)
		assert.NotContains(t, err.Error(), "1234")
	}
	_, err := VisaCVN10.RecoverScriptPIN(ks, emv.Command{CLA: 0x84, INS: 0x1E}, "", ctx)
	assert.ErrorIs(t, err, ErrScript)
	_, err = VisaCVN10.RecoverScriptPIN(ks, emv.Command{CLA: 0x84, INS: 0x24, P2: 0x02, Data: []byte{1, 2, 3}}, "", ctx)
	assert.ErrorIs(t, err, ErrScript)
}

func TestACInputErrors(t *testing.T) {
	ks := testCardKeys(t, VisaCVN18)
	_, err := VisaCVN18.ApplicationCryptogram(ks.AC, ACParams{TerminalData: make([]byte, 28)})
	assert.ErrorIs(t, err, ErrDataLength)
	_, err = VisaCVN10.ApplicationCryptogram(ks.AC, ACParams{TerminalData: make([]byte, 29), IAD: []byte{0x06, 0x01}})
	assert.ErrorIs(t, err, ErrIAD)
	_, err = MastercardCVN17.ApplicationCryptogram(ks.AC, ACParams{TerminalData: make([]byte, 29), IAD: make([]byte, 10)})
	assert.ErrorIs(t, err, ErrIAD)
	_, err = Version{}.ApplicationCryptogram(ks.AC, ACParams{})
	assert.ErrorIs(t, err, ErrVersion)
}

func TestIADEncoding(t *testing.T) {
	b, err := VisaCVN18.AppendIAD(nil, IAD{DKI: 0x01, CVR: [6]byte{0x03, 0xA0, 0xB8, 0x00}})
	require.NoError(t, err)
	assert.Equal(t, "06011203A0B800", upper(b), "the Visa CVN 18 IAD of the pyemv vector")
	b, err = MastercardCVN16.AppendIAD(nil, IAD{DKI: 0x01, CVR: [6]byte{0xA0, 0x00, 0x00, 0x00, 0x00, 0x00}})
	require.NoError(t, err)
	assert.Equal(t, "0110A00000000000000000000000000000000000"[:36], upper(b))

	for _, tc := range []struct {
		v   Version
		iad string
	}{
		{VisaCVN10, "06010A03A060"},
		{VisaCVN10, "07010A03A06010"},
		{VisaCVN10, "06011203A06010"}, // CVN 18 given to CVN 10
		{MastercardCVN16, "0110A0000000000000"},
		{MastercardCVN16, "0111A00000000000000000000000000000000000"[:36]},
	} {
		_, err := tc.v.ParseIAD(unhex(t, tc.iad))
		assert.ErrorIs(t, err, ErrIAD, tc.iad)
	}
	iad, err := VisaCVN10.ParseIAD(unhex(t, "06010A03A06010"+"0F00000000000000000000000000000000"[:32]))
	require.NoError(t, err)
	assert.Len(t, iad.Discretionary, 16)
}

func TestAESVersion(t *testing.T) {
	// An AES card: AES master keys, the common session key and AES-CMAC.
	v := Version{
		Name: "AES test", CVN: 0x22, MasterKey: OptionA, ACKey: ACKeyCommon,
		TerminalDataLen: 29, ACData: ACDataIAD, IAD: IADVisa,
		ARPCMethod: 2, ARPCSessionKey: true, SMKey: SMKeyCommonARQC,
		Encipherment: EncipherCBCPadded, PINBlock: PINBlockISO2,
	}
	imk := aesKey(t, "000102030405060708090A0B0C0D0E0F")
	ks, err := v.DeriveICCKeys(imk, imk, imk, "5413330089020011", 0x01)
	require.NoError(t, err)
	p := ACParams{TerminalData: make([]byte, 29), ATC: [2]byte{0, 9}, IAD: unhex(t, "06012203A00000")}
	ac, err := v.ApplicationCryptogram(ks.AC, p)
	require.NoError(t, err)
	sk, err := SessionKeyATC(ks.AC, p.ATC)
	require.NoError(t, err)
	in, err := v.AppendACInput(nil, p)
	require.NoError(t, err)
	full, err := CMAC(sk, in)
	require.NoError(t, err)
	assert.Equal(t, full[:8], ac[:], "the AES cryptogram is the leftmost 8 bytes of AES-CMAC")

	ctx := ScriptContext{ATC: p.ATC, ARQC: ac}
	cmd, err := v.PINChangeCommand(ks, "2468", "", ctx)
	require.NoError(t, err)
	assert.Len(t, cmd.Data, 16+8)
	pin, err := v.RecoverScriptPIN(ks, cmd, "", ctx)
	require.NoError(t, err)
	assert.Equal(t, "2468", pin)

	_, err = v.ScriptPINBlock(ks.AC, "2468", "1357")
	assert.ErrorIs(t, err, ErrVersion)
}
