package issuer

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
	"github.com/emvsim/emvsim/terminal"
)

func TestBINRangeIssuerIdentifier(t *testing.T) {
	tests := []struct {
		low, high, want string
	}{
		{"374245", "374245", "374245"},
		{"374245", "374246", "37424"},
		{"374245", "374299", "3742"},
		{"37424500", "37424599", "374245"},
		{"400000", "499999", "4"},
	}
	for _, tt := range tests {
		t.Run(tt.low+"-"+tt.high, func(t *testing.T) {
			assert.Equal(t, tt.want, BINRange{Low: tt.low, High: tt.high}.issuerIdentifier())
		})
	}
}

// TestTwoBINsPassODA: the issuer certificate names the digits both BINs
// share, so a card from the range's upper BIN passes the terminal's
// offline data authentication (Book 2 §5.3 step 8), not only one from the
// lower.
func TestTwoBINsPassODA(t *testing.T) {
	if testing.Short() {
		t.Skip("RSA key generation")
	}
	ca, err := oda.NewCertificationAuthority(seeded(7), oda.RID{0xA0, 0x00, 0x00, 0x00, 0x25}, 0x0F, 1152, 3)
	require.NoError(t, err)
	f := newFixture(t, func(c *Config) { c.CA = ca; c.BIN = BINRange{Low: "374245", High: "374246"} })
	ic, err := oda.RecoverIssuerKey(ca.PublicKey(), f.iss.issuerCert, f.iss.issuerRem, f.iss.issuerExp, packedPAN(f.codes.PAN), f.clk.Now(), nil)
	require.NoError(t, err)
	assert.Equal(t, [4]byte{0x37, 0x42, 0x4F, 0xFF}, ic.IssuerIdentifier)

	cfg0 := testConfig(t, newClock(), nil)
	cfg0.CA, cfg0.BIN, cfg0.PANLength = ca, BINRange{Low: "400000", High: "499999"}, 16
	_, err = New(cfg0)
	require.ErrorIs(t, err, ErrConfig, "one certificate cannot name a range sharing one digit")

	cas := &oda.CAStore{}
	require.NoError(t, cas.Add(ca.PublicKey()))
	cfg := terminal.ConvenienceStore()
	cfg.CAKeys, cfg.Rand, cfg.Now = cas, seeded(9), f.clk.Now
	term, err := terminal.New(cfg, f.iss)
	require.NoError(t, err)

	seen := map[string]bool{}
	for i := 0; len(seen) < 2; i++ {
		require.Less(t, i, 40, "both BINs drawn")
		c, codes := f.issue(t, CardRequest{CardholderName: "YAMADA/TARO"})
		bin := codes.PAN[:6]
		if seen[bin] {
			continue
		}
		seen[bin] = true
		t.Run(bin, func(t *testing.T) {
			o, err := term.Run(context.Background(), terminal.Insert(c.Contact()), terminal.Transaction{Amount: 500})
			require.NoError(t, err)
			assert.Equal(t, terminal.Approved, o.Result, o.Reason)
			assert.True(t, o.TSI.Has(emv.TSIOfflineDataAuthenticationPerformed))
			for _, b := range []emv.TVRBit{emv.TVROfflineDataAuthenticationNotPerformed, emv.TVRSDAFailed, emv.TVRDDAFailed, emv.TVRCDAFailed} {
				assert.False(t, o.TVR.Has(b), "%s set: %s", b, o.TVR)
			}
			assert.True(t, strings.HasPrefix(codes.PAN, "37424"))
		})
	}
}
