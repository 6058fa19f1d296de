package terminal_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
)

// A new card without a PIN on its chip, inserted first at a PIN-only
// ticket machine, then at a convenience store.
func Example() {
	now := func() time.Time { return time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC) }
	key := func(b []byte) cryptogram.Key { k, _ := cryptogram.NewTDESKey(b); return k }
	iss, err := issuer.New(issuer.Config{
		Name:  "example issuer",
		IMKAC: key(card.TestIMKAC), IMKSMI: key(card.TestIMKSMI), IMKSMC: key(card.TestIMKSMC),
		CVK:       key([]byte("0123456789abcdef")),
		BIN:       issuer.BINRange{Low: "374245", High: "374245"},
		PANLength: 15,
		Rand:      rand.NewChaCha8([32]byte{1}),
		Now:       now,
	})
	if err != nil {
		panic(err)
	}
	c, _, err := iss.Issue(issuer.CardRequest{CardholderName: "HANAKO/YAMADA"})
	if err != nil {
		panic(err)
	}

	for _, cfg := range []terminal.Config{terminal.TicketMachine(), terminal.ConvenienceStore()} {
		cfg.Rand = rand.NewChaCha8([32]byte{2})
		cfg.Now = now
		term, err := terminal.New(cfg, iss)
		if err != nil {
			panic(err)
		}
		o, err := term.Run(context.Background(), terminal.Insert(c.Contact()), terminal.Transaction{Amount: 15000})
		if err != nil {
			panic(err)
		}
		fmt.Println(cfg.MerchantNameLocation)
		fmt.Println(" ", o)
		fmt.Println("  TVR:", o.TVR)
		fmt.Println("  CVM Results:", o.CVMResults)
	}
	// Output:
	// SHINJUKU STATION TOKYO JP
	//   declined offline (AAC), cardholder verification failed: declined offline: TVR matches the denial action codes: cardholder verification was not successful
	//   TVR: offline data authentication was not performed, cardholder verification was not successful, PIN try limit exceeded, transaction exceeds floor limit
	//   CVM Results: offline plaintext PIN (if terminal supports the CVM): failed
	// KONBINI SHINJUKU TOKYO JP
	//   approved online (TC), CVM signature, signature required: approved online by the issuer (00)
	//   TVR: offline data authentication was not performed, PIN try limit exceeded, transaction exceeds floor limit
	//   CVM Results: signature (if terminal supports the CVM): unknown
}
