package issuer

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
)

func TestOnlineRegistration(t *testing.T) {
	f := newFixture(t)
	require.Equal(t, card.PINNotRegistered, f.card.PINStatus())

	s, err := f.iss.Login(f.codes.PAN)
	require.NoError(t, err)
	require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
	require.NoError(t, s.EnterBackCode(f.codes.BackCode))
	require.NoError(t, s.SendOneTimeCode(ChannelEmail))
	m, ok := f.phone.Last(testEmail)
	require.True(t, ok)
	assert.Equal(t, ChannelEmail, m.Channel)
	assert.Len(t, m.Code, 6)
	assert.NotContains(t, m.String(), m.Code)
	assert.Equal(t, emv.MaskPAN(f.codes.PAN), m.PAN)
	require.NoError(t, s.EnterOneTimeCode(m.Code))
	require.NoError(t, s.RegisterPIN("4829"))

	a := f.account(t, f.codes.PAN)
	assert.Equal(t, PINRegistered, a.PIN.State)
	assert.Equal(t, card.PINRegistered, f.card.PINStatus(), "the card object learns the PIN is registered")
	pin, err := s.LookUpPIN()
	require.NoError(t, err)
	assert.Equal(t, "4829", pin)
	for _, e := range a.Log {
		assert.NotContains(t, e.String(), "4829")
	}
}

// TestOnlineFailures: every failure has its own error and leaves the PIN
// record as it was.
func TestOnlineFailures(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *fixture, s *OnlineSession) error
		want error
		left int
	}{
		{"wrong front code", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return s.EnterFrontCode(wrongCode(f.codes.FrontCode))
		}, ErrWrongFrontCode, 2},
		{"wrong back code", func(t *testing.T, f *fixture, s *OnlineSession) error {
			require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
			return s.EnterBackCode(wrongCode(f.codes.BackCode))
		}, ErrWrongBackCode, 2},
		{"back code first", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return s.EnterBackCode(f.codes.BackCode)
		}, ErrStep, -1},
		{"PIN before identity", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return s.RegisterPIN("4829")
		}, ErrStep, -1},
		{"wrong one-time code", func(t *testing.T, f *fixture, s *OnlineSession) error {
			require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
			require.NoError(t, s.EnterBackCode(f.codes.BackCode))
			require.NoError(t, s.SendOneTimeCode(ChannelSMS))
			return s.EnterOneTimeCode(wrongCode(f.otp(t, testPhone)))
		}, ErrWrongOneTimeCode, 2},
		{"expired one-time code", func(t *testing.T, f *fixture, s *OnlineSession) error {
			require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
			require.NoError(t, s.EnterBackCode(f.codes.BackCode))
			require.NoError(t, s.SendOneTimeCode(ChannelSMS))
			f.clk.Advance(10 * time.Minute)
			return s.EnterOneTimeCode(f.otp(t, testPhone))
		}, ErrOneTimeCodeExpired, -1},
		{"code used after expiry", func(t *testing.T, f *fixture, s *OnlineSession) error {
			require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
			require.NoError(t, s.EnterBackCode(f.codes.BackCode))
			require.NoError(t, s.SendOneTimeCode(ChannelSMS))
			f.clk.Advance(time.Hour)
			code := f.otp(t, testPhone)
			require.ErrorIs(t, s.EnterOneTimeCode(code), ErrOneTimeCodeExpired)
			return s.EnterOneTimeCode(code)
		}, ErrNoOneTimeCode, -1},
		{"PIN too short", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return f.verifiedSession(t, f.codes).RegisterPIN("482")
		}, ErrPINLength, -1},
		{"PIN too long", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return f.verifiedSession(t, f.codes).RegisterPIN("48290")
		}, ErrPINLength, -1},
		{"PIN not digits", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return f.verifiedSession(t, f.codes).RegisterPIN("48a9")
		}, ErrPINDigits, -1},
		{"PIN 1234", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return f.verifiedSession(t, f.codes).RegisterPIN("1234")
		}, ErrPINTrivial, -1},
		{"PIN 0000", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return f.verifiedSession(t, f.codes).RegisterPIN("0000")
		}, ErrPINTrivial, -1},
		{"PIN 9876", func(t *testing.T, f *fixture, s *OnlineSession) error {
			return f.verifiedSession(t, f.codes).RegisterPIN("9876")
		}, ErrPINTrivial, -1},
		{"lookup before registration", func(t *testing.T, f *fixture, s *OnlineSession) error {
			_, err := f.verifiedSession(t, f.codes).LookUpPIN()
			return err
		}, ErrNotRegistered, -1},
		{"after logout", func(t *testing.T, f *fixture, s *OnlineSession) error {
			s.Logout()
			return s.EnterFrontCode(f.codes.FrontCode)
		}, ErrSessionEnded, -1},
		{"no e-mail on file", func(t *testing.T, f *fixture, s *OnlineSession) error {
			_, codes := f.issue(t, CardRequest{CardholderName: "SATO/HANAKO", Phone: testPhone})
			s2, err := f.iss.Login(codes.PAN)
			require.NoError(t, err)
			require.NoError(t, s2.EnterFrontCode(codes.FrontCode))
			require.NoError(t, s2.EnterBackCode(codes.BackCode))
			return s2.SendOneTimeCode(ChannelEmail)
		}, ErrNoContact, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			s, err := f.iss.Login(f.codes.PAN)
			require.NoError(t, err)
			err = tt.run(t, f, s)
			require.ErrorIs(t, err, tt.want)
			var re *RegistrationError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.left, re.AttemptsLeft)
			a := f.account(t, f.codes.PAN)
			assert.Equal(t, PINNotRegistered, a.PIN.State)
			assert.Equal(t, card.PINNotRegistered, f.card.PINStatus())
		})
	}
}

func TestLockOut(t *testing.T) {
	f := newFixture(t)
	s, err := f.iss.Login(f.codes.PAN)
	require.NoError(t, err)
	require.ErrorIs(t, s.EnterFrontCode("0000"), ErrWrongFrontCode)
	require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
	require.ErrorIs(t, s.EnterBackCode(wrongCode(f.codes.BackCode)), ErrWrongBackCode)
	err = s.EnterBackCode(wrongCode(f.codes.BackCode))
	require.ErrorIs(t, err, ErrLockedOut, "the third failure locks")
	require.ErrorIs(t, s.EnterBackCode(f.codes.BackCode), ErrSessionEnded)

	_, err = f.iss.Login(f.codes.PAN)
	require.ErrorIs(t, err, ErrLockedOut)
	call := f.iss.Call()
	_, err = call.Key(f.codes.PAN)
	require.ErrorIs(t, err, ErrLockedOut, "the lock covers the phone line too")

	f.clk.Advance(24 * time.Hour)
	f.registerOnline(t, f.codes, "4829")
	assert.Equal(t, PINRegistered, f.account(t, f.codes.PAN).PIN.State)
}

func TestRegistrationOnceOnly(t *testing.T) {
	f := newFixture(t)
	f.registerOnline(t, f.codes, "4829")
	err := f.verifiedSession(t, f.codes).RegisterPIN("5930")
	require.ErrorIs(t, err, ErrAlreadyRegistered)

	call := f.iss.Call()
	for _, k := range []string{f.codes.PAN, f.codes.FrontCode, f.codes.BackCode} {
		_, err := call.Key(k)
		require.NoError(t, err)
	}
	_, err = call.Skip()
	require.NoError(t, err)
	_, err = call.Key("1")
	require.ErrorIs(t, err, ErrAlreadyRegistered)
	pin, err := call.LookUpPIN()
	require.NoError(t, err)
	assert.Equal(t, "4829", pin, "the first PIN stays")
}

func TestRegistrationPerCard(t *testing.T) {
	f := newFixture(t)
	second, codes2 := f.issue(t, CardRequest{CardholderName: "YAMADA/TARO", Phone: testPhone})
	require.NotEqual(t, f.codes.PAN, codes2.PAN)
	f.registerOnline(t, f.codes, "4829")
	assert.Equal(t, PINNotRegistered, f.account(t, codes2.PAN).PIN.State)
	assert.Equal(t, card.PINNotRegistered, second.PINStatus())

	// The first card's codes do not open the second card.
	s, err := f.iss.Login(codes2.PAN)
	require.NoError(t, err)
	require.ErrorIs(t, s.EnterFrontCode(f.codes.FrontCode), ErrWrongFrontCode)

	f.registerOnline(t, codes2, "7351")
	pin, err := f.verifiedSession(t, codes2).LookUpPIN()
	require.NoError(t, err)
	assert.Equal(t, "7351", pin)
}

func TestPhoneRegistration(t *testing.T) {
	f := newFixture(t)
	call := f.iss.Call()
	require.Equal(t, PromptCardNumber, call.Prompt())
	steps := []struct {
		key  string
		skip bool
		want PhonePrompt
	}{
		{key: f.codes.PAN, want: PromptFrontCode},
		{key: f.codes.FrontCode, want: PromptBackCode},
		{key: f.codes.BackCode, want: PromptTelephonePIN},
		{skip: true, want: PromptMenu}, // a new cardholder has no telephone PIN
		{key: "1", want: PromptNewPIN},
		{key: "4829", want: PromptConfirmPIN},
		{key: "4829", want: PromptGoodbye},
	}
	for i, st := range steps {
		var p PhonePrompt
		var err error
		if st.skip {
			p, err = call.Skip()
		} else {
			p, err = call.Key(st.key)
		}
		require.NoError(t, err, "step %d", i)
		require.Equal(t, st.want, p, "step %d", i)
	}
	assert.Equal(t, PINRegistered, f.account(t, f.codes.PAN).PIN.State)
	assert.Equal(t, card.PINRegistered, f.card.PINStatus())
	_, err := call.Key("1")
	require.ErrorIs(t, err, ErrSessionEnded)
}

func TestPhoneFailures(t *testing.T) {
	tests := []struct {
		name   string
		keys   []string // "skip" skips; the last one fails
		want   error
		prompt PhonePrompt // prompt after the failure
	}{
		{"unknown card", []string{"374245000000000"}, ErrUnknownCard, PromptCardNumber},
		{"wrong front code", []string{"PAN", "WRONGFRONT"}, ErrWrongFrontCode, PromptFrontCode},
		{"wrong back code", []string{"PAN", "FRONT", "WRONGBACK"}, ErrWrongBackCode, PromptBackCode},
		{"telephone PIN the cardholder does not have", []string{"PAN", "FRONT", "BACK", "1111"}, ErrWrongTelephonePIN, PromptTelephonePIN},
		{"skip too early", []string{"PAN", "skip"}, ErrStep, PromptFrontCode},
		{"menu key", []string{"PAN", "FRONT", "BACK", "skip", "9"}, ErrStep, PromptMenu},
		{"trivial PIN", []string{"PAN", "FRONT", "BACK", "skip", "1", "1111"}, ErrPINTrivial, PromptNewPIN},
		{"PIN entries differ", []string{"PAN", "FRONT", "BACK", "skip", "1", "4829", "4828"}, ErrPINMismatch, PromptNewPIN},
		{"lookup before registration", []string{"PAN", "FRONT", "BACK", "skip", "lookup"}, ErrNotRegistered, PromptMenu},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			subst := map[string]string{
				"PAN": f.codes.PAN, "FRONT": f.codes.FrontCode, "BACK": f.codes.BackCode,
				"WRONGFRONT": wrongCode(f.codes.FrontCode), "WRONGBACK": wrongCode(f.codes.BackCode),
			}
			call := f.iss.Call()
			var err error
			for _, k := range tt.keys {
				switch k {
				case "skip":
					_, err = call.Skip()
				case "lookup":
					_, err = call.LookUpPIN()
				default:
					if v, ok := subst[k]; ok {
						k = v
					}
					_, err = call.Key(k)
				}
			}
			require.ErrorIs(t, err, tt.want)
			assert.Equal(t, tt.prompt, call.Prompt())
			assert.Equal(t, PINNotRegistered, f.account(t, f.codes.PAN).PIN.State)
		})
	}
}

func TestPhoneTelephonePIN(t *testing.T) {
	f := newFixture(t)
	_, codes := f.issue(t, CardRequest{CardholderName: "SATO/HANAKO", TelephonePIN: "5173"})
	call := f.iss.Call()
	for _, k := range []string{codes.PAN, codes.FrontCode, codes.BackCode, "5173", "1", "4829", "4829"} {
		_, err := call.Key(k)
		require.NoError(t, err)
	}
	assert.Equal(t, PINRegistered, f.account(t, codes.PAN).PIN.State)
}

func TestPhoneUnknownNumbersEndCall(t *testing.T) {
	f := newFixture(t)
	call := f.iss.Call()
	_, err := call.Key("1")
	require.ErrorIs(t, err, ErrUnknownCard)
	_, err = call.Key("2")
	require.ErrorIs(t, err, ErrUnknownCard)
	p, err := call.Key("3")
	require.ErrorIs(t, err, ErrLockedOut)
	assert.Equal(t, PromptGoodbye, p)
}

func TestNoNotifier(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Notifier = nil })
	s, err := f.iss.Login(f.codes.PAN)
	require.NoError(t, err)
	require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
	require.NoError(t, s.EnterBackCode(f.codes.BackCode))
	require.ErrorIs(t, s.SendOneTimeCode(ChannelSMS), ErrNotification)
}

func TestNotifierError(t *testing.T) {
	down := errors.New("gateway down")
	f := newFixture(t, func(c *Config) {
		c.Notifier = NotifierFunc(func(OneTimeCode) error { return down })
	})
	s, err := f.iss.Login(f.codes.PAN)
	require.NoError(t, err)
	require.NoError(t, s.EnterFrontCode(f.codes.FrontCode))
	require.NoError(t, s.EnterBackCode(f.codes.BackCode))
	err = s.SendOneTimeCode(ChannelSMS)
	require.ErrorIs(t, err, ErrNotification)
	require.ErrorIs(t, err, down)
	require.ErrorIs(t, s.EnterOneTimeCode("000000"), ErrStep, "no code went out")
}

func TestPINAtIssuance(t *testing.T) {
	clk := newClock()
	cfg := testConfig(t, clk, &MemoryNotifier{})
	cfg.PIN.AtIssuance = true
	iss, err := New(cfg)
	require.NoError(t, err)

	_, _, err = iss.Issue(CardRequest{CardholderName: "SUZUKI/JIRO"})
	require.ErrorIs(t, err, ErrCardRequest, "this policy needs the PIN from the application form")
	_, _, err = iss.Issue(CardRequest{CardholderName: "SUZUKI/JIRO", PIN: "1234"})
	require.ErrorIs(t, err, ErrPINTrivial)

	c, codes, err := iss.Issue(CardRequest{CardholderName: "SUZUKI/JIRO", PIN: "4829"})
	require.NoError(t, err)
	assert.Equal(t, card.PINOnChip, c.PINStatus(), "most issuers: the card arrives with its PIN")
	a, err := iss.Account(codes.PAN)
	require.NoError(t, err)
	assert.Equal(t, PINOnChip, a.PIN.State)

	s, err := iss.Login(codes.PAN)
	require.NoError(t, err)
	require.NoError(t, s.EnterFrontCode(codes.FrontCode))
	require.NoError(t, s.EnterBackCode(codes.BackCode))
	// No notifier code check needed to see the refusal: the menu refuses.
	call := iss.Call()
	for _, k := range []string{codes.PAN, codes.FrontCode, codes.BackCode} {
		_, err := call.Key(k)
		require.NoError(t, err)
	}
	_, err = call.Skip()
	require.NoError(t, err)
	_, err = call.Key("1")
	require.ErrorIs(t, err, ErrAlreadyRegistered)
}

func TestNoPINAtIssuanceRefusesFormPIN(t *testing.T) {
	f := newFixture(t)
	_, _, err := f.iss.Issue(CardRequest{CardholderName: "SUZUKI/JIRO", PIN: "4829"})
	require.ErrorIs(t, err, ErrCardRequest)
}

func TestLoginUnknownCard(t *testing.T) {
	f := newFixture(t)
	_, err := f.iss.Login("374245000000001")
	require.ErrorIs(t, err, ErrUnknownCard)
	assert.NotContains(t, err.Error(), "374245000000001")
}

func TestLostCardCannotRegister(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.iss.SetStatus(f.codes.PAN, AccountLost))
	_, err := f.iss.Login(f.codes.PAN)
	require.ErrorIs(t, err, ErrAccountNotActive)
}
