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
	"VisaCVN10":     VisaCVN10,
	"VisaCVN18":     VisaCVN18,
	"InteracCVN133": interacCVN133,
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

func (vv versionVector) keys(t testing.TB, v Version) ICCKeys {
	ks, err := v.DeriveICCKeys(tdes(t, vv.IMKAC), tdes(t, vv.IMKSMI), tdes(t, vv.IMKSMC), vv.PAN, psnByte(t, vv.PSN))
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
			assert.Equal(t, vv.KCVAC, kcvHex(t, ks.AC, 2))
			assert.Equal(t, vv.KCVSMI, kcvHex(t, ks.SMI, 2))
			assert.Equal(t, vv.KCVSMC, kcvHex(t, ks.SMC, 2))

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

			// Issuer authentication data, built and verified.
			ap := ARPCParams{ARQC: ac, ATC: p.ATC, UN: p.UN}
			if vv.ARC != "" {
				ap.ARC = [2]byte(unhex(t, vv.ARC))
			}
			if vv.CSU != "" {
				ap.CSU = [4]byte(unhex(t, vv.CSU))
			}
			iad91, err := v.AppendIssuerAuthenticationData(nil, ks.AC, ap)
			require.NoError(t, err)
			assert.Equal(t, vv.IssuerAuthData, upper(iad91), vv.Source)
			r, err := v.VerifyIssuerAuthenticationData(ks.AC, ARPCParams{ARQC: ac, ATC: p.ATC, UN: p.UN}, iad91)
			require.NoError(t, err)
			assert.Equal(t, ap.ARC, r.ARC)
			assert.Equal(t, ap.CSU, r.CSU)
			iad91[0] ^= 0x80
			_, err = v.VerifyIssuerAuthenticationData(ks.AC, ap, iad91)
			require.ErrorIs(t, err, ErrARPC)

			// A Session, derived once, gives the same published bytes.
			s, err := v.NewSession(ks.AC, p.ATC, p.UN)
			require.NoError(t, err)
			sac, err := s.ApplicationCryptogram(p)
			require.NoError(t, err)
			assert.Equal(t, vv.AC, upper(sac[:]), vv.Source)
			s91, err := s.AppendIssuerAuthenticationData(nil, ap)
			require.NoError(t, err)
			assert.Equal(t, vv.IssuerAuthData, upper(s91), vv.Source)

			// Script MAC of a data-less command (APPLICATION UNBLOCK or PIN UNBLOCK).
			ctx := ScriptContext{ATC: p.ATC, ARQC: ac}
			h := unhex(t, vv.UnblockMACHeader)
			mac, err := v.ScriptMAC(ks.SMI, h[0], h[1], h[2], h[3], nil, ctx)
			require.NoError(t, err)
			assert.Equal(t, vv.UnblockMAC, upper(mac[:]), vv.Source)

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

func TestSecureMessagingAgainstPublishedVectors(t *testing.T) {
	_, sms := loadVersionVectors(t)
	for _, sv := range sms {
		t.Run(sv.Name, func(t *testing.T) {
			v := Version{Name: sv.Name, MasterKey: OptionA}
			ctx := ScriptContext{}
			switch sv.SMKey {
			case "visa":
				v.SMKey = SMKeyVisa
				ctx.ATC = [2]byte(unhex(t, sv.R))
			case "common":
				v.SMKey = SMKeyCommonARQC
				ctx.ARQC = [8]byte(unhex(t, sv.R))
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
			psn := psnByte(t, sv.PSN)
			smi, err := DeriveMasterKeyOptionA(tdes(t, sv.IMKSMI), sv.PAN, psn)
			require.NoError(t, err)
			smc, err := DeriveMasterKeyOptionA(tdes(t, sv.IMKSMC), sv.PAN, psn)
			require.NoError(t, err)
			assert.Equal(t, sv.KCVSMI, kcvHex(t, smi, 3))
			assert.Equal(t, sv.KCVSMC, kcvHex(t, smc, 3))
			sk, err := v.SMSessionKey(smi, ctx)
			require.NoError(t, err)
			assert.Equal(t, sv.SKKCVSMI, kcvHex(t, sk, 3))
			sk, err = v.SMSessionKey(smc, ctx)
			require.NoError(t, err)
			assert.Equal(t, sv.SKKCVSMC, kcvHex(t, sk, 3))

			var mkAC Key
			if sv.IMKAC != "" {
				mkAC, err = DeriveMasterKeyOptionA(tdes(t, sv.IMKAC), sv.PAN, psn)
				require.NoError(t, err)
			}
			block, err := v.ScriptPINBlock(mkAC, sv.PIN, sv.CurrentPIN)
			require.NoError(t, err)
			assert.Equal(t, sv.PINBlock, upper(block[:]), sv.Source)
			enc, err := v.AppendEnciphered(nil, smc, block[:], ctx)
			require.NoError(t, err)
			assert.Equal(t, sv.Enciphered, upper(enc), sv.Source)
			// These published MACs take the header bytes as given (some with an
			// Lc that leaves out the MAC), so MAC header || data literally;
			// ScriptMAC's own Lc is checked by the CVN vectors.
			sk, err = v.SMSessionKey(smi, ctx)
			require.NoError(t, err)
			mac, err := RetailMAC(sk, append(unhex(t, sv.Header), enc...), PaddingMethod2)
			require.NoError(t, err)
			assert.Equal(t, sv.MAC, upper(mac[:]), sv.Source)
			if h := unhex(t, sv.Header); int(h[4]) == len(enc)+8 {
				got, err := v.ScriptMAC(smi, h[0], h[1], h[2], h[3], enc, ctx)
				require.NoError(t, err)
				assert.Equal(t, mac, got)
			}

			// Card side: decipher and read the PIN back.
			plain, err := v.AppendDeciphered(nil, smc, enc, ctx)
			require.NoError(t, err)
			pin, err := v.ParseScriptPINBlock(mkAC, plain[:8], sv.CurrentPIN)
			require.NoError(t, err)
			assert.Equal(t, sv.PIN, pin)
		})
	}
}
