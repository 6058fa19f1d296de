package issuer

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Channel is how a one-time code reaches the cardholder.
type Channel int

// Delivery channels of one-time codes.
const (
	ChannelSMS Channel = iota + 1
	ChannelEmail
)

// String names the channel.
func (c Channel) String() string {
	switch c {
	case ChannelSMS:
		return "SMS"
	case ChannelEmail:
		return "e-mail"
	}
	return "unknown channel"
}

// OneTimeCode is a one-time code on its way to a cardholder. String never
// shows the code; the PAN is masked.
type OneTimeCode struct {
	Channel Channel
	To      string // phone number or e-mail address on file
	PAN     string // masked
	Code    string // six digits
	Expires time.Time
}

// String describes the message without the code.
func (m OneTimeCode) String() string {
	return "one-time code by " + m.Channel.String() + " to " + m.To + " for card " + m.PAN
}

// GoString is String.
func (m OneTimeCode) GoString() string { return m.String() }

// Notifier delivers one-time codes (an SMS gateway, a mail server). An error
// means the code did not go out; the session then has no valid code. Notify
// is called while the card's account is locked, so it must not call back
// into the Issuer.
type Notifier interface {
	Notify(m OneTimeCode) error
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(m OneTimeCode) error

// Notify calls f.
func (f NotifierFunc) Notify(m OneTimeCode) error { return f(m) }

// MemoryNotifier keeps every code it is given instead of sending it: the
// cardholder's phone and mailbox in tests and examples. Safe for concurrent
// use.
type MemoryNotifier struct {
	mu   sync.Mutex
	sent []OneTimeCode
}

// Notify records m.
func (n *MemoryNotifier) Notify(m OneTimeCode) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, m)
	return nil
}

// Last is the most recent code sent to the address to, if any.
func (n *MemoryNotifier) Last(to string) (OneTimeCode, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for i := len(n.sent) - 1; i >= 0; i-- {
		if n.sent[i].To == to {
			return n.sent[i], true
		}
	}
	return OneTimeCode{}, false
}

// Len is the number of codes sent so far.
func (n *MemoryNotifier) Len() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.sent)
}

// discardNotifier drops codes: the default when the configuration has no
// notifier, so online registration cannot complete by accident.
type discardNotifier struct{}

// Notify refuses to send.
func (discardNotifier) Notify(OneTimeCode) error { return ErrNotification }

// String counts the codes without showing them.
func (n *MemoryNotifier) String() string {
	return fmt.Sprintf("issuer.MemoryNotifier(%d codes)", n.Len())
}

// GoString is String.
func (n *MemoryNotifier) GoString() string { return n.String() }

// Format prints String for every verb.
func (n *MemoryNotifier) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, n.String()) }
