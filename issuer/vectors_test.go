package issuer

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// publishedVersionVectors is the cryptogram package's file of published
// whole-version vectors (knovichikhin/pyemv tests/test_cvn_hsm.py: IMKs,
// PAN, terminal data, ARQC, issuer authentication data and PIN CHANGE
// script commands for Visa CVN 10 and CVN 18). The issuer reads it in
// place rather than keeping a copy.
const publishedVersionVectors = "../emv/cryptogram/testdata/versions.json"

type versionVector struct {
	Version        string `json:"version"`
	IMKAC          string `json:"imk_ac"`
	IMKSMI         string `json:"imk_smi"`
	IMKSMC         string `json:"imk_smc"`
	PAN            string `json:"pan"`
	PSN            string `json:"psn"`
	TerminalData   string `json:"terminal_data"`
	AIP            string `json:"aip"`
	ATC            string `json:"atc"`
	UN             string `json:"un"`
	IAD            string `json:"iad"`
	AC             string `json:"ac"`
	ARC            string `json:"arc"`
	CSU            string `json:"csu"`
	IssuerAuthData string `json:"issuer_auth_data"`
	PIN            string `json:"pin"`
	PINChange      string `json:"pin_change"`
	Source         string `json:"source"`
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// vectorIssuer is an issuer holding one account for the vector's card, with
// the vector's PIN registered and not yet on the chip.
func vectorIssuer(t *testing.T, v versionVector, version cryptogram.Version, limit int64) *Issuer {
	clk := newClock()
	cfg := testConfig(t, clk, &MemoryNotifier{})
	cfg.IMKAC, cfg.IMKSMI, cfg.IMKSMC = tdes(t, unhex(t, v.IMKAC)), tdes(t, unhex(t, v.IMKSMI)), tdes(t, unhex(t, v.IMKSMC))
	cfg.Version = version
	iss, err := New(cfg)
	require.NoError(t, err)
	psn := unhex(t, v.PSN)[0]
	iss.accounts[v.PAN] = &account{
		pan: v.PAN, psn: psn, expiry: "301231", serviceCode: "201", version: version,
		status: AccountActive, limit: limit, lastATC: -1,
		pin: PINRecord{State: PINRegistered}, pinDigits: v.PIN,
	}
	return iss
}

// vectorRequest rebuilds the DE55 an acquirer would forward for the vector's
// cryptogram: the terminal data split into its Book 2 §8.1.1 objects.
func vectorRequest(t *testing.T, v versionVector) emv.AuthorizationRequest {
	td := unhex(t, v.TerminalData)
	require.Len(t, td, 29)
	var de55 []byte
	add := func(tag emv.Tag, val []byte) { de55 = emv.AppendTLV(de55, tag, val) }
	add(emv.TagAmountAuthorised, td[0:6])
	add(emv.TagAmountOther, td[6:12])
	add(emv.TagTerminalCountryCode, td[12:14])
	add(emv.TagTerminalVerificationResults, td[14:19])
	add(emv.TagTransactionCurrencyCode, td[19:21])
	add(emv.TagTransactionDate, td[21:24])
	add(emv.TagTransactionType, td[24:25])
	add(emv.TagUnpredictableNumber, td[25:29])
	add(emv.TagApplicationInterchangeProfile, unhex(t, v.AIP))
	add(emv.TagApplicationTransactionCounter, unhex(t, v.ATC))
	add(emv.TagIssuerApplicationData, unhex(t, v.IAD))
	add(emv.TagApplicationCryptogram, unhex(t, v.AC))
	add(emv.TagCryptogramInformationData, []byte{0x80})
	amount, err := emv.ParseN(td[0:6])
	require.NoError(t, err)
	return emv.AuthorizationRequest{
		ID: "vector", EntryMode: emv.EntryModeChip, PAN: v.PAN, PANSequenceNumber: -1,
		Amount: int64(amount), CurrencyCode: 124, ICCData: de55,
	}
}

// TestPublishedARQCVectors checks the issuer's ARQC verification, ARPC and
// PIN script against published vectors: the issuer must accept the
// published ARQC, answer with the published issuer authentication data and
// send the published PIN CHANGE (P2 02) command for the published PIN.
func TestPublishedARQCVectors(t *testing.T) {
	raw, err := os.ReadFile(publishedVersionVectors)
	require.NoError(t, err)
	var file struct {
		Versions []versionVector `json:"versions"`
	}
	require.NoError(t, json.Unmarshal(raw, &file))
	versions := map[string]cryptogram.Version{"VisaCVN10": cryptogram.VisaCVN10, "VisaCVN18": cryptogram.VisaCVN18}
	tested := 0
	for _, v := range file.Versions {
		version, ok := versions[v.Version]
		if !ok || v.IMKSMI == "" || v.PINChange == "" {
			// Versions whose response code is not ASCII "00" (Interac's and
			// pyemv's M/Chip ARC), and sources that publish no script keys
			// or PIN CHANGE command: the cryptogram package checks those.
			continue
		}
		tested++
		t.Run(v.Version, func(t *testing.T) {
			// A zero CSU is the published one: the method 2 vector is a
			// decline (an approval would set the CSU's approval bits), so
			// that issuer has no credit left.
			limit := int64(1 << 40)
			want := emv.ResponseApproved
			if v.CSU != "" {
				limit, want = 1, emv.ResponseInsufficientFunds
			}
			iss := vectorIssuer(t, v, version, limit)
			resp, err := iss.Authorize(vectorRequest(t, v))
			require.NoError(t, err)
			require.Equal(t, want, resp.Code, v.Source)

			o, ok, err := emv.Find(resp.ICCData, emv.TagIssuerAuthenticationData)
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, v.IssuerAuthData, strings.ToUpper(hex.EncodeToString(o.Value)), "91, "+v.Source)

			o, ok, err = emv.Find(resp.ICCData, emv.TagIssuerScriptCommand)
			require.NoError(t, err)
			require.True(t, ok, "PIN script")
			assert.Equal(t, v.PINChange, strings.ToUpper(hex.EncodeToString(o.Value)), "86, "+v.Source)
			tpl, ok, _ := emv.Find(resp.ICCData, emv.TagIssuerScriptTemplate2)
			require.True(t, ok, "the script goes in template 72, after the second GENERATE AC")
			assert.Equal(t, byte(0x72), tpl.Raw[0])

			a, err := iss.Account(v.PAN)
			require.NoError(t, err)
			assert.Equal(t, PINSentInScript, a.PIN.State)
			assert.Equal(t, uint16(0x001C), a.PIN.ScriptATC)

			// The same ARQC again is a replay.
			req := vectorRequest(t, v)
			req.ID = "replay"
			resp, err = iss.Authorize(req)
			require.NoError(t, err)
			assert.Equal(t, emv.ResponseSecurityViolation, resp.Code)
			assert.Empty(t, resp.ICCData)

			// One flipped cryptogram bit fails verification.
			iss = vectorIssuer(t, v, version, limit)
			req = vectorRequest(t, v)
			req.ICCData = append([]byte(nil), req.ICCData...)
			o, _, _ = emv.Find(req.ICCData, emv.TagApplicationCryptogram)
			o.Value[7] ^= 0x01
			resp, err = iss.Authorize(req)
			require.NoError(t, err)
			assert.Equal(t, emv.ResponseCryptographicError, resp.Code)
			assert.Empty(t, resp.ICCData)
		})
	}
	require.Equal(t, 2, tested)
}
