package terminal

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// issuerHost is a test issuer: it answers with code, computes the ARPC
// under the card's MK-AC as the cryptogram version says, and can add a PIN
// script in template 71 or 72. The real issuer package does more (it
// verifies the ARQC); the kernel tests only need a correct response.
type issuerHost struct {
	testHost
	v         cryptogram.Version
	keys      cryptogram.ICCKeys
	wrongARPC bool
	noARPC    bool
	// pin, when set, is written to the card by a PIN CHANGE/UNBLOCK script
	// in template scriptTag (71 or 72); badScript breaks its MAC.
	pin       string
	scriptTag emv.Tag
	badScript bool
	scriptID  []byte
}

func newIssuerHost(t testing.TB, p card.Profile, v cryptogram.Version) *issuerHost {
	t.Helper()
	k := p.Applications[0].Keys
	ac, err := cryptogram.NewTDESKey(k.AC)
	require.NoError(t, err)
	smi, err := cryptogram.NewTDESKey(k.SMI)
	require.NoError(t, err)
	smc, err := cryptogram.NewTDESKey(k.SMC)
	require.NoError(t, err)
	return &issuerHost{testHost: testHost{code: emv.ResponseApproved}, v: v,
		keys: cryptogram.ICCKeys{AC: ac, SMI: smi, SMC: smc}, scriptTag: emv.TagIssuerScriptTemplate2, scriptID: []byte{0, 0, 0, 1}}
}

func (h *issuerHost) Authorize(r emv.AuthorizationRequest) (emv.AuthorizationResponse, error) {
	resp, err := h.testHost.Authorize(r)
	if err != nil {
		return resp, err
	}
	get := func(t emv.Tag) []byte {
		o, ok, _ := emv.Find(r.ICCData, t)
		if !ok {
			return nil
		}
		return o.Value
	}
	var p cryptogram.ARPCParams
	copy(p.ARQC[:], get(emv.TagApplicationCryptogram))
	copy(p.ATC[:], get(emv.TagApplicationTransactionCounter))
	copy(p.UN[:], get(emv.TagUnpredictableNumber))
	copy(p.ARC[:], resp.Code)
	if !h.noARPC {
		iad, err := h.v.AppendIssuerAuthenticationData(nil, h.keys.AC, p)
		if err != nil {
			return resp, err
		}
		if h.wrongARPC {
			iad[0] ^= 0x01
		}
		resp.ICCData = emv.AppendTLV(resp.ICCData, emv.TagIssuerAuthenticationData, iad)
	}
	if h.pin != "" {
		ctx := cryptogram.ScriptContext{ATC: p.ATC, ARQC: p.ARQC}
		cmd, err := h.v.PINChangeCommand(h.keys, h.pin, "", ctx)
		if err != nil {
			return resp, err
		}
		raw, err := cmd.Bytes()
		if err != nil {
			return resp, err
		}
		if h.badScript {
			raw[len(raw)-1] ^= 0x01
		}
		body := emv.AppendTLV(nil, emv.TagIssuerScriptIdentifier, h.scriptID)
		body = emv.AppendTLV(body, emv.TagIssuerScriptCommand, raw)
		resp.ICCData = emv.AppendTLV(resp.ICCData, h.scriptTag, body)
	}
	return resp, nil
}
