package card

import (
	"encoding/hex"
	"testing"

	"github.com/emvsim/emvsim/emv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCardRiskManagement walks the consecutive offline limits: after an
// online transaction the card approves offline up to LCOL (3), then asks
// to go online; when the terminal cannot (Y3), it still approves up to
// UCOL (5), then declines.
func TestCardRiskManagement(t *testing.T) {
	p := visaProfile(t)
	c := newCard(t, p)

	// A new card goes online even when the terminal asks for a TC.
	tr := startContact(t, c)
	a := parseAC(t, xmit(t, tr, genAC(emv.P1TC, cdol1)))
	require.Equal(t, cidARQC, a.CID)
	require.Equal(t, "9000", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, p, a, "00"))))
	require.Equal(t, cidTC, parseAC(t, xmit(t, tr, genAC(emv.P1TC, cdolHead+"3030"))).CID)
	tr.PowerOff()

	first := func() acResponse {
		tr = startContact(t, c)
		return parseAC(t, xmit(t, tr, genAC(emv.P1TC, cdol1)))
	}
	for i := 0; i < 3; i++ {
		a = first()
		assert.Equal(t, cidTC, a.CID, "offline approval %d", i+1)
		tr.PowerOff()
	}
	steps := []struct {
		arc   string
		want  byte
		count uint8
	}{
		{"5933", cidTC, 4},  // Y3: unable to go online, approve offline
		{"5933", cidTC, 5},  // up to UCOL
		{"5933", cidAAC, 5}, // UCOL reached: decline
		{"5A33", cidAAC, 5}, // Z3: the terminal itself declines
	}
	for _, s := range steps {
		a = first()
		assert.Equal(t, cidARQC, a.CID, "LCOL reached: online")
		// CVR byte 3: velocity counters exceeded.
		assert.Equal(t, byte(0x20), a.IAD[5]&0x20)
		got := parseAC(t, xmit(t, tr, genAC(emv.P1TC, cdolHead+s.arc)))
		assert.Equal(t, s.want, got.CID, "ARC %s", s.arc)
		assert.Equal(t, byte(0x01), got.IAD[4]&0x01, "CVR: unable to go online")
		assert.Equal(t, s.count, c.state.Apps[0].OfflineCount)
		tr.PowerOff()
	}

	// Back online with issuer authentication: the counters start again.
	a = first()
	require.Equal(t, "9000", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, p, a, "00"))))
	require.Equal(t, cidTC, parseAC(t, xmit(t, tr, genAC(emv.P1TC, cdolHead+"3030"))).CID)
	assert.Equal(t, uint8(0), c.state.Apps[0].OfflineCount)
	tr.PowerOff()

	// Issuer authentication fails: the card declines and goes online next
	// time, reporting the failure.
	a = first()
	require.Equal(t, cidTC, a.CID)
	tr.PowerOff()
	tr = startContact(t, c)
	a = parseAC(t, xmit(t, tr, genAC(emv.P1ARQC, cdol1)))
	assert.Equal(t, "6300", send(t, tr, "008200000A11223344556677883030"))
	assert.Equal(t, "6985", send(t, tr, "008200000A"+hex.EncodeToString(arpc(t, p, a, "00"))), "once per transaction")
	got := parseAC(t, xmit(t, tr, genAC(emv.P1TC, cdolHead+"3030")))
	assert.Equal(t, cidAAC, got.CID)
	assert.Equal(t, byte(0x08), got.IAD[4]&0x08, "CVR: issuer authentication failed")
	tr.PowerOff()
	a = first()
	assert.Equal(t, cidARQC, a.CID)
	assert.Equal(t, byte(0x08), a.IAD[5]&0x08, "CVR: issuer authentication failure on last online transaction")
}
