package vpcd_test

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/emvsim/emvsim/vpcd"
)

// selectOnly is a contact interface that answers SELECT with 9000 and any
// other command with 6D00 (instruction not supported).
type selectOnly struct{}

func (selectOnly) PowerOn() ([]byte, error) { return []byte{0x3B, 0x02, 0x14, 0x50}, nil }
func (selectOnly) PowerOff()                {}
func (selectOnly) Transmit(apdu []byte) ([]byte, error) {
	if len(apdu) >= 2 && apdu[1] == 0xA4 {
		return []byte{0x90, 0x00}, nil
	}
	return []byte{0x6D, 0x00}, nil
}

// The driver's side of the connection, played here over an in-memory pipe:
// it powers the card on, asks for the ATR and sends a SELECT of the PPSE.
// Each message is a two-byte big-endian length and its bytes.
func Example() {
	driverEnd, cardEnd := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	c := &vpcd.Card{
		Transport: selectOnly{},
		Dial: func(context.Context, string, string) (net.Conn, error) {
			return cardEnd, nil
		},
	}
	go func() { done <- c.Run(ctx) }()

	send := func(msg []byte) {
		_, _ = driverEnd.Write(append([]byte{byte(len(msg) >> 8), byte(len(msg))}, msg...))
	}
	receive := func() []byte {
		var hdr [2]byte
		_, _ = io.ReadFull(driverEnd, hdr[:])
		msg := make([]byte, int(hdr[0])<<8|int(hdr[1]))
		_, _ = io.ReadFull(driverEnd, msg)
		return msg
	}
	send([]byte{0x01}) // power on: no answer
	send([]byte{0x04}) // the ATR
	fmt.Printf("ATR % X\n", receive())
	send([]byte("\x00\xA4\x04\x00\x0E2PAY.SYS.DDF01\x00"))
	fmt.Printf("SELECT PPSE: % X\n", receive())

	cancel()
	fmt.Println("Run returned", <-done)
	// Output:
	// ATR 3B 02 14 50
	// SELECT PPSE: 90 00
	// Run returned <nil>
}
