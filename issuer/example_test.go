package issuer_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/issuer"
)

// newStoryIssuer is an issuer that writes no PIN at issuance, with the
// public test keys, a seeded random source and a fixed clock.
func newStoryIssuer(phone issuer.Notifier) *issuer.Issuer {
	key := func(b []byte) cryptogram.Key {
		k, err := cryptogram.NewTDESKey(b)
		if err != nil {
			panic(err)
		}
		return k
	}
	iss, err := issuer.New(issuer.Config{
		Name:  "story issuer",
		IMKAC: key(card.TestIMKAC), IMKSMI: key(card.TestIMKSMI), IMKSMC: key(card.TestIMKSMC),
		CVK:       key([]byte("0123456789ABCDEF")),
		BIN:       issuer.BINRange{Low: "374245", High: "374245"},
		PANLength: 15,
		PIN:       issuer.PINPolicy{RefuseTrivial: true},
		Notifier:  phone,
		Rand:      rand.NewChaCha8([32]byte{1}),
		Now:       func() time.Time { return time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		panic(err)
	}
	return iss
}

// Registering a PIN online: the two printed codes, a one-time code by SMS,
// then the PIN. The card still has no PIN on its chip: the first online
// contact transaction will write it.
func Example() {
	phone := &issuer.MemoryNotifier{}
	iss := newStoryIssuer(phone)
	c, codes, err := iss.Issue(issuer.CardRequest{CardholderName: "YAMADA/TARO", Phone: "+81-90-0000-0000"})
	if err != nil {
		panic(err)
	}
	fmt.Println(codes)
	fmt.Println(c.PINStatus())

	s, _ := iss.Login(codes.PAN)
	fmt.Println(s.EnterFrontCode(codes.FrontCode), s.EnterBackCode(codes.BackCode))
	fmt.Println(s.SendOneTimeCode(issuer.ChannelSMS))
	sms, _ := phone.Last("+81-90-0000-0000")
	fmt.Println(sms)
	fmt.Println(s.EnterOneTimeCode(sms.Code))
	fmt.Println(s.RegisterPIN("1234"))
	fmt.Println(s.RegisterPIN("4829"))

	a, _ := iss.Account(codes.PAN)
	fmt.Println(a.PIN.State)
	fmt.Println(c.PINStatus())
	// Output:
	// card 374245*****1425 expires 04/31 YAMADA/TARO
	// PIN not registered
	// <nil> <nil>
	// <nil>
	// one-time code by SMS to +81-90-0000-0000 for card 374245*****1425
	// <nil>
	// issuer: PIN is a trivial sequence (PIN)
	// <nil>
	// registered
	// PIN registered with the issuer, not on the chip
}

// Registering a PIN by phone: the voice asks for a telephone PIN the new
// cardholder does not have; letting the prompt run out goes on.
func ExamplePhoneCall() {
	iss := newStoryIssuer(nil)
	_, codes, err := iss.Issue(issuer.CardRequest{CardholderName: "YAMADA/TARO"})
	if err != nil {
		panic(err)
	}
	call := iss.Call()
	fmt.Println(call.Prompt())
	for _, k := range []string{codes.PAN, codes.FrontCode, codes.BackCode} {
		p, err := call.Key(k)
		fmt.Println(p, err)
	}
	p, err := call.Skip()
	fmt.Println(p, err)
	for _, k := range []string{"1", "4829", "4828", "4829", "4829"} {
		p, err := call.Key(k)
		fmt.Println(p, err)
	}
	// Output:
	// card number
	// front code <nil>
	// back code <nil>
	// telephone PIN <nil>
	// menu <nil>
	// new PIN <nil>
	// confirm PIN <nil>
	// new PIN issuer: the two PIN entries differ (PIN)
	// confirm PIN <nil>
	// goodbye <nil>
}
