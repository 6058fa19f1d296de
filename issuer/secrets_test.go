package issuer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoSecretsInOutput: PINs, codes and keys never reach String, errors or
// the log; PANs are masked.
func TestNoSecretsInOutput(t *testing.T) {
	f := newFixture(t)
	s, err := f.iss.Login(f.codes.PAN)
	require.NoError(t, err)
	var errs []error
	errs = append(errs, s.EnterFrontCode(wrongCode(f.codes.FrontCode)))
	require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
	errs = append(errs, s.EnterBackCode(wrongCode(f.codes.BackCode)))
	require.NoError(t, s.EnterBackCode(f.codes.BackCode))
	require.NoError(t, s.SendOneTimeCode(ChannelSMS))
	otp := f.otp(t, testPhone)
	require.NoError(t, s.EnterOneTimeCode(otp))
	errs = append(errs, s.RegisterPIN("1234"), s.RegisterPIN("98765"))
	require.NoError(t, s.RegisterPIN("4829"))
	_, err = f.iss.Login("374245000000001")
	errs = append(errs, err)

	m, _ := f.phone.Last(testPhone)
	a := f.account(t, f.codes.PAN)
	cfg := f.iss.cfg
	var out []string
	call := f.iss.Call()
	_, _ = call.Key(f.codes.PAN)
	_, _ = call.Key(f.codes.FrontCode)
	for _, v := range []any{s, call, f.codes, a, m, cfg, f.iss, f.phone, CardRequest{PIN: "4829", TelephonePIN: "5173"}} {
		out = append(out, fmt.Sprintf("%v %+v %#v %s", v, v, v, v))
	}
	for _, e := range errs {
		require.Error(t, e)
		out = append(out, e.Error())
	}
	for _, e := range a.Log {
		out = append(out, e.String())
	}
	all := strings.Join(out, "\n")
	for _, secret := range []string{"4829", "5173", f.codes.PAN, f.codes.FrontCode + " ", otp, "0123456789ABCDEF", "0123456789abcdef"} {
		assert.NotContains(t, all, secret)
	}
	assert.Contains(t, all, "374245") // the masked PAN keeps the BIN
}
