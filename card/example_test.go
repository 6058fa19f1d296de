package card_test

import (
	"fmt"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// Power up the story's American Express card, select its application and
// ask for its PIN try counter: the new card has no PIN on its chip.
func Example() {
	pan := "374245455400126"
	keys, err := card.TestKeys(cryptogram.AmexCVN01.Name, pan, 0x00)
	if err != nil {
		panic(err)
	}
	c, err := card.New(card.AmexProfile(pan, 0x00, keys))
	if err != nil {
		panic(err)
	}
	contact := c.Contact()
	atr, _ := contact.PowerOn()
	fmt.Printf("ATR % X\n", atr)

	sel, _ := emv.SelectCommand([]byte{0xA0, 0x00, 0x00, 0x00, 0x25, 0x01, 0x08, 0x01}, false).Bytes()
	r, _ := contact.Transmit(sel)
	resp, _ := emv.ParseResponse(r)
	fmt.Println("SELECT:", resp.SW)

	gpo, _ := emv.GetProcessingOptionsCommand(nil)
	b, _ := gpo.Bytes()
	r, _ = contact.Transmit(b)
	resp, _ = emv.ParseResponse(r)
	fmt.Printf("GET PROCESSING OPTIONS: % X %s\n", resp.Data, resp.SW)

	gd, _ := emv.GetDataCommand(emv.TagPINTryCounter).Bytes()
	r, _ = contact.Transmit(gd)
	fmt.Printf("GET DATA 9F17: % X\n", r)
	fmt.Println(c.PINStatus())
	// Output:
	// ATR 3B E0 00 FF 81 31 7C 41 92
	// SELECT: 9000 success
	// GET PROCESSING OPTIONS: 80 0A 1C 00 08 01 01 00 10 01 01 01 9000 success
	// GET DATA 9F17: 9F 17 01 00 90 00
	// PIN not registered
}

// A profile file with a bad field is refused with the field's name.
func ExampleParseProfile() {
	_, err := card.ParseProfile([]byte(`{"Applications":[{"AID":"A00000002501080G"}]}`))
	fmt.Println(err)
	// Output:
	// card: profile field Applications.AID: card: invalid profile: non-hex string
}
