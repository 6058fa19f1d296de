package cryptogram

import (
	"testing"

	"github.com/emvsim/emvsim/emv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// interacCVN133 is described by filling Version's fields: Option A, the
// Mastercard session key, the whole IAD in the input, ARPC method 1 under the
// session key, secure messaging keyed by the ARQC with a MAC over header and
// data, CBC encipherment and the format 2 PIN block.
var interacCVN133 = Version{
	Name: "Interac CVN 133", CVN: 0x85,
	MasterKey: OptionA, ACKey: ACKeyMastercard, ACPadding: PaddingMethod2,
	TerminalDataLen: 29, ACData: ACDataIAD, IAD: IADMChip,
	ARPCMethod: 1, ARPCSessionKey: true,
	SMKey: SMKeyCommonARQC, Encipherment: EncipherCBC, PINBlock: PINBlockISO2,
}

var testVersions = map[string]Version{
	"VisaCVN10":       VisaCVN10,
	"VisaCVN18":       VisaCVN18,
	"InteracCVN133":   interacCVN133,
	"MastercardCVN16": MastercardCVN16,
	"MastercardCVN17": MastercardCVN17,
}

type versionVector struct {
	Version          string `json:"version"`
	IMKAC            string `json:"imk_ac"`
	IMKSMI           string `json:"imk_smi"`
	IMKSMC           string `json:"imk_smc"`
	PAN              string `json:"pan"`
	PSN              string `json:"psn"`
	KCVAC            string `json:"kcv_ac"`
	KCVSMI           string `json:"kcv_smi"`
	KCVSMC           string `json:"kcv_smc"`
	TerminalData     string `json:"terminal_data"`
	AIP              string `json:"aip"`
	ATC              string `json:"atc"`
	UN               string `json:"un"`
	IAD              string `json:"iad"`
	AC               string `json:"ac"`
	ARC              string `json:"arc"`
	CSU              string `json:"csu"`
	IssuerAuthData   string `json:"issuer_auth_data"`
	UnblockMACHeader string `json:"unblock_mac_header"`
	UnblockMAC       string `json:"unblock_mac"`
	PIN              string `json:"pin"`
	CurrentPIN       string `json:"current_pin"`
	PINChange        string `json:"pin_change"`
	PINChangeCurrent string `json:"pin_change_current"`
	Source           string `json:"source"`
}

type smVector struct {
	Name           string `json:"name"`
	IMKAC          string `json:"imk_ac"`
	IMKSMI         string `json:"imk_smi"`
	IMKSMC         string `json:"imk_smc"`
	PAN            string `json:"pan"`
	PSN            string `json:"psn"`
	KCVSMI         string `json:"kcv_smi"`
	KCVSMC         string `json:"kcv_smc"`
	SMKey          string `json:"sm_key"`
	R              string `json:"r"`
	SKKCVSMI       string `json:"sk_kcv_smi"`
	SKKCVSMC       string `json:"sk_kcv_smc"`
	Encipher       string `json:"encipher"`
	PINBlockFormat string `json:"pin_block_format"`
	PIN            string `json:"pin"`
	CurrentPIN     string `json:"current_pin"`
	PINBlock       string `json:"pin_block"`
	Enciphered     string `json:"enciphered"`
	Header         string `json:"header"`
	MAC            string `json:"mac"`
	Source         string `json:"source"`

	// Sources that publish ICC master keys rather than IMKs give them here.
	Algorithm string `json:"algorithm"` // "aes" for AES keys
	MKAC      string `json:"mk_ac"`
	MKSMI     string `json:"mk_smi"`
	MKSMC     string `json:"mk_smc"`
	KCVAC     string `json:"kcv_ac"`
	SKSMI     string `json:"sk_smi"` // whole session keys, where published
	SKSMC     string `json:"sk_smc"`
	// ATC and ARQC bound into the MAC (MACWithATCARQC: header || ATC || ARQC
	// || data), and the complete command where the source gives one.
	ATC            string `json:"atc"`
	ARQC           string `json:"arqc"`
	MACWithATCARQC bool   `json:"mac_with_atc_arqc"`
	Command        string `json:"command"`
}

// masterKey is the published ICC master key mk, or the Option A key derived
// from imk, or the zero Key when the source gives neither.
func (sv smVector) masterKey(t testing.TB, imk, mk string) Key {
	t.Helper()
	switch {
	case mk != "" && sv.Algorithm == "aes":
		return aesKey(t, mk)
	case mk != "":
		return tdes(t, mk)
	case imk == "":
		return Key{}
	}
	k, err := DeriveMasterKeyOptionA(tdes(t, imk), sv.PAN, psnByte(t, sv.PSN))
	require.NoError(t, err)
	return k
}

func loadVersionVectors(t testing.TB) ([]versionVector, []smVector) {
	var f struct {
		Versions        []versionVector `json:"versions"`
		SecureMessaging []smVector      `json:"secure_messaging"`
	}
	loadJSON(t, "versions.json", &f)
	require.NotEmpty(t, f.Versions)
	require.NotEmpty(t, f.SecureMessaging)
	return f.Versions, f.SecureMessaging
}

// keys derives the ICC keys; sources that publish only IMK-AC use it for
// all three (their vectors check nothing that needs MK-SMI or MK-SMC).
func (vv versionVector) keys(t testing.TB, v Version) ICCKeys {
	smi, smc := vv.IMKSMI, vv.IMKSMC
	if smi == "" {
		smi, smc = vv.IMKAC, vv.IMKAC
	}
	ks, err := v.DeriveICCKeys(tdes(t, vv.IMKAC), tdes(t, smi), tdes(t, smc), vv.PAN, psnByte(t, vv.PSN))
	require.NoError(t, err)
	return ks
}

func (vv versionVector) acParams(t testing.TB) ACParams {
	return ACParams{
		TerminalData: unhex(t, vv.TerminalData),
		AIP:          [2]byte(unhex(t, vv.AIP)),
		ATC:          [2]byte(unhex(t, vv.ATC)),
		UN:           [4]byte(unhex(t, vv.UN)),
		IAD:          unhex(t, vv.IAD),
	}
}

func TestVersionsAgainstPublishedVectors(t *testing.T) {
	vvs, _ := loadVersionVectors(t)
	for _, vv := range vvs {
		t.Run(vv.Version, func(t *testing.T) {
			v, ok := testVersions[vv.Version]
			require.True(t, ok)
			ks := vv.keys(t, v)
			checkKCV(t, vv.KCVAC, ks.AC, vv.Source)
			checkKCV(t, vv.KCVSMI, ks.SMI, vv.Source)
			checkKCV(t, vv.KCVSMC, ks.SMC, vv.Source)

			// Card side: the cryptogram.
			p := vv.acParams(t)
			ac, err := v.ApplicationCryptogram(ks.AC, p)
			require.NoError(t, err)
			require.Equal(t, vv.AC, upper(ac[:]), vv.Source)
			// Issuer side: the same bytes verify; one changed bit does not.
			require.NoError(t, v.VerifyApplicationCryptogram(ks.AC, p, ac))
			bad := ac
			bad[7] ^= 1
			require.ErrorIs(t, v.VerifyApplicationCryptogram(ks.AC, p, bad), ErrCryptogram)

			// A Session, derived once, gives the same published cryptogram.
			s, err := v.NewSession(ks.AC, p.ATC, p.UN)
			require.NoError(t, err)
			sac, err := s.ApplicationCryptogram(p)
			require.NoError(t, err)
			assert.Equal(t, vv.AC, upper(sac[:]), vv.Source)

			// Issuer authentication data, built and verified, where published.
			if vv.IssuerAuthData != "" {
				testIssuerAuthData(t, v, vv, ks.AC, s, ac)
			}
			ctx := ScriptContext{ATC: p.ATC, ARQC: ac}

			// Script MAC of a data-less command (APPLICATION UNBLOCK or PIN UNBLOCK).
			if vv.UnblockMAC != "" {
				h := unhex(t, vv.UnblockMACHeader)
				mac, err := v.ScriptMAC(ks.SMI, h[0], h[1], h[2], h[3], nil, ctx)
				require.NoError(t, err)
				assert.Equal(t, vv.UnblockMAC, upper(mac[:]), vv.Source)
			}

			// The complete PIN CHANGE/UNBLOCK commands, and the card recovering the PIN.
			for _, c := range []struct{ current, want string }{{"", vv.PINChange}, {vv.CurrentPIN, vv.PINChangeCurrent}} {
				if c.want == "" {
					continue
				}
				cmd, err := v.PINChangeCommand(ks, vv.PIN, c.current, ctx)
				require.NoError(t, err)
				raw, err := cmd.Bytes()
				require.NoError(t, err)
				assert.Equal(t, c.want, upper(raw), vv.Source)
				parsed, err := emv.ParseCommand(raw)
				require.NoError(t, err)
				pin, err := v.RecoverScriptPIN(ks, parsed, c.current, ctx)
				require.NoError(t, err)
				assert.Equal(t, vv.PIN, pin)
			}
		})
	}
}

func testIssuerAuthData(t *testing.T, v Version, vv versionVector, mkAC Key, s Session, ac [8]byte) {
	p := vv.acParams(t)
	ap := ARPCParams{ARQC: ac, ATC: p.ATC, UN: p.UN}
	if vv.ARC != "" {
		ap.ARC = [2]byte(unhex(t, vv.ARC))
	}
	if vv.CSU != "" {
		ap.CSU = [4]byte(unhex(t, vv.CSU))
	}
	iad91, err := v.AppendIssuerAuthenticationData(nil, mkAC, ap)
	require.NoError(t, err)
	assert.Equal(t, vv.IssuerAuthData, upper(iad91), vv.Source)
	r, err := v.VerifyIssuerAuthenticationData(mkAC, ARPCParams{ARQC: ac, ATC: p.ATC, UN: p.UN}, iad91)
	require.NoError(t, err)
	assert.Equal(t, ap.ARC, r.ARC)
	assert.Equal(t, ap.CSU, r.CSU)
	s91, err := s.AppendIssuerAuthenticationData(nil, ap)
	require.NoError(t, err)
	assert.Equal(t, vv.IssuerAuthData, upper(s91), vv.Source)
	iad91[0] ^= 0x80
	_, err = v.VerifyIssuerAuthenticationData(mkAC, ap, iad91)
	require.ErrorIs(t, err, ErrARPC)
}

func TestSecureMessagingAgainstPublishedVectors(t *testing.T) {
	_, sms := loadVersionVectors(t)
	for _, sv := range sms {
		t.Run(sv.Name, func(t *testing.T) {
			v := Version{Name: sv.Name, MasterKey: OptionA, SMMACWithATCARQC: sv.MACWithATCARQC}
			ctx := ScriptContext{}
			switch sv.SMKey {
			case "visa":
				v.SMKey = SMKeyVisa
				ctx.ATC = [2]byte(unhex(t, sv.R))
			case "common":
				v.SMKey = SMKeyCommonARQC
				ctx.ARQC = [8]byte(unhex(t, sv.R))
			}
			if sv.ATC != "" {
				ctx.ATC = [2]byte(unhex(t, sv.ATC))
			}
			if sv.ARQC != "" {
				ctx.ARQC = [8]byte(unhex(t, sv.ARQC))
			}
			switch sv.Encipher {
			case "visa":
				v.Encipherment = EncipherVisa
			case "cbc":
				v.Encipherment = EncipherCBC
			case "cbc_padded":
				v.Encipherment = EncipherCBCPadded
			}
			v.PINBlock = PINBlockISO2
			if sv.PINBlockFormat == "vis" {
				v.PINBlock = PINBlockVIS
			}
			ks := ICCKeys{
				AC:  sv.masterKey(t, sv.IMKAC, sv.MKAC),
				SMI: sv.masterKey(t, sv.IMKSMI, sv.MKSMI),
				SMC: sv.masterKey(t, sv.IMKSMC, sv.MKSMC),
			}
			checkKCV(t, sv.KCVAC, ks.AC, sv.Source)
			checkKCV(t, sv.KCVSMI, ks.SMI, sv.Source)
			checkKCV(t, sv.KCVSMC, ks.SMC, sv.Source)
			if ks.SMI.Len() > 0 {
				sk, err := v.SMSessionKey(ks.SMI, ctx)
				require.NoError(t, err)
				checkKCV(t, sv.SKKCVSMI, sk, sv.Source)
				checkKey(t, sv.SKSMI, sk, false, sv.Source)
			}
			sk, err := v.SMSessionKey(ks.SMC, ctx)
			require.NoError(t, err)
			checkKCV(t, sv.SKKCVSMC, sk, sv.Source)
			checkKey(t, sv.SKSMC, sk, false, sv.Source)

			block, err := v.ScriptPINBlock(ks.AC, sv.PIN, sv.CurrentPIN)
			require.NoError(t, err)
			if sv.PINBlock != "" {
				assert.Equal(t, sv.PINBlock, upper(block[:]), sv.Source)
			}
			enc, err := v.AppendEnciphered(nil, ks.SMC, block[:], ctx)
			require.NoError(t, err)
			assert.Equal(t, sv.Enciphered, upper(enc), sv.Source)

			// Card side: decipher and read the PIN back.
			plain, err := v.AppendDeciphered(nil, ks.SMC, enc, ctx)
			require.NoError(t, err)
			pin, err := v.ParseScriptPINBlock(ks.AC, plain[:8], sv.CurrentPIN)
			require.NoError(t, err)
			assert.Equal(t, sv.PIN, pin)

			if sv.MAC == "" {
				return
			}
			// These published MACs take the header bytes as given (some with an
			// Lc that leaves out the MAC), so MAC header || data literally;
			// ScriptMAC's own Lc is checked where the Lc fits.
			h := unhex(t, sv.Header)
			in := h
			if sv.MACWithATCARQC {
				in = append(append(in, ctx.ATC[:]...), ctx.ARQC[:]...)
			}
			sk, err = v.SMSessionKey(ks.SMI, ctx)
			require.NoError(t, err)
			mac, err := RetailMAC(sk, append(in, enc...), PaddingMethod2)
			require.NoError(t, err)
			assert.Equal(t, sv.MAC, upper(mac[:]), sv.Source)
			if int(h[4]) == len(enc)+8 {
				got, err := v.ScriptMAC(ks.SMI, h[0], h[1], h[2], h[3], enc, ctx)
				require.NoError(t, err)
				assert.Equal(t, mac, got)
			}
			if sv.Command != "" {
				cmd, err := v.PINChangeCommand(ks, sv.PIN, sv.CurrentPIN, ctx)
				require.NoError(t, err)
				raw, err := cmd.Bytes()
				require.NoError(t, err)
				assert.Equal(t, sv.Command, upper(raw), sv.Source)
				parsed, err := emv.ParseCommand(raw)
				require.NoError(t, err)
				pin, err := v.RecoverScriptPIN(ks, parsed, sv.CurrentPIN, ctx)
				require.NoError(t, err)
				assert.Equal(t, sv.PIN, pin)
			}
		})
	}
}
