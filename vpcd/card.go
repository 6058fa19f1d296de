package vpcd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/emvsim/emvsim/emv"
)

// Card connects a card's contact interface to a vpcd driver and serves it
// until its context ends. A connection that the driver closes (pcscd
// stopped or restarted) is dialled again every RetryInterval.
type Card struct {
	// Transport is the card's contact interface.
	Transport emv.PoweredTransport
	// Addr is the driver's address; DefaultAddr when empty.
	Addr string
	// RetryInterval is the wait between connection attempts; 200 ms when 0.
	RetryInterval time.Duration
	// Dial opens the connection; a net.Dialer when nil.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// NoQuickAck leaves the kernel's delayed ACKs alone. Only for measuring:
	// the driver writes the length and the APDU in two writes, and without
	// quick ACKs every APDU waits for a delayed ACK (about 40 ms on Linux).
	NoQuickAck bool
	// Events, when set, is told of connections and control codes as they
	// happen; it must not block.
	Events func(Event)
}

// Event is something that happened on the connection.
type Event struct {
	Kind EventKind
	Err  error // for EventDisconnected, why
}

// EventKind names an Event.
type EventKind int

// The events a Card reports.
const (
	EventConnected EventKind = iota + 1
	EventDisconnected
	EventPowerOn
	EventPowerOff
	EventReset
)

// Run serves the card until ctx ends, then closes the connection and
// returns nil. It returns an error only when the card itself fails (its
// transport reports a fault, as a removed card does).
func (c *Card) Run(ctx context.Context) error {
	if c.Transport == nil {
		return errors.New("vpcd: no card transport")
	}
	addr := c.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	retry := c.RetryInterval
	if retry <= 0 {
		retry = 200 * time.Millisecond
	}
	dial := c.Dial
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	for {
		conn, err := dial(ctx, "tcp", addr)
		if err == nil {
			c.event(Event{Kind: EventConnected})
			err = c.serve(ctx, conn)
			c.event(Event{Kind: EventDisconnected, Err: err})
			var fault *cardFault
			if errors.As(err, &fault) {
				return fault.err
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retry):
		}
	}
}

// cardFault marks an error of the card's transport, which ends Run.
type cardFault struct{ err error }

func (f *cardFault) Error() string { return f.err.Error() }

func (c *Card) event(e Event) {
	if c.Events != nil {
		c.Events(e)
	}
}

// serve answers the driver on one connection until it closes or ctx ends.
func (c *Card) serve(ctx context.Context, conn net.Conn) error {
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	defer conn.Close()

	var atr []byte
	in := make([]byte, 0, 272)
	out := make([]byte, 0, 272)
	for {
		if !c.NoQuickAck {
			quickAck(conn)
		}
		msg, err := readMessage(conn, in)
		if err != nil {
			return err
		}
		in = msg[:0]
		var reply []byte
		if len(msg) == 1 {
			switch msg[0] {
			case ctrlPowerOff:
				c.Transport.PowerOff()
				c.event(Event{Kind: EventPowerOff})
				continue
			case ctrlPowerOn, ctrlReset:
				if msg[0] == ctrlReset {
					c.Transport.PowerOff()
					c.event(Event{Kind: EventReset})
				} else {
					c.event(Event{Kind: EventPowerOn})
				}
				if atr, err = c.Transport.PowerOn(); err != nil {
					return &cardFault{fmt.Errorf("vpcd: card power-on: %w", err)}
				}
				continue
			case ctrlATR:
				if atr == nil {
					if atr, err = c.Transport.PowerOn(); err != nil {
						return &cardFault{fmt.Errorf("vpcd: card power-on: %w", err)}
					}
				}
				reply = atr
			default:
				return &UnknownControlError{Code: msg[0]}
			}
		} else {
			if reply, err = c.Transport.Transmit(msg); err != nil {
				return &cardFault{fmt.Errorf("vpcd: card transmit: %w", err)}
			}
		}
		if out, err = appendMessage(out[:0], reply); err != nil {
			return err
		}
		if _, err := conn.Write(out); err != nil {
			return err
		}
	}
}
