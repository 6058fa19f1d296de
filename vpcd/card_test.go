package vpcd

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeCard is a contact interface that records what the driver made it do.
// It answers SELECT with 9000 and anything else with 6D00.
type fakeCard struct {
	mu    sync.Mutex
	calls []string
	fault error
}

var testATR = []byte{0x3B, 0x02, 0x14, 0x50}

func (f *fakeCard) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeCard) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeCard) PowerOn() ([]byte, error) { f.record("on"); return testATR, nil }
func (f *fakeCard) PowerOff()                { f.record("off") }
func (f *fakeCard) Transmit(apdu []byte) ([]byte, error) {
	f.record("apdu")
	if f.fault != nil {
		return nil, f.fault
	}
	if len(apdu) >= 2 && apdu[1] == 0xA4 {
		return []byte{0x90, 0x00}, nil
	}
	return []byte{0x6D, 0x00}, nil
}

// driver is the vpcd side of one connection, as pcscd's driver speaks it:
// the length and the payload in two writes.
type driver struct {
	t    testing.TB
	conn net.Conn
}

func (d driver) send(msg []byte) {
	var hdr [2]byte
	binary.BigEndian.PutUint16(hdr[:], uint16(len(msg)))
	_, err := d.conn.Write(hdr[:])
	require.NoError(d.t, err)
	_, err = d.conn.Write(msg)
	require.NoError(d.t, err)
}

func (d driver) receive() []byte {
	msg, err := readMessage(d.conn, nil)
	require.NoError(d.t, err)
	return msg
}

func startCard(t testing.TB, fc *fakeCard, noQuickAck bool) (net.Listener, context.CancelFunc, chan error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	c := &Card{Transport: fc, Addr: ln.Addr().String(), RetryInterval: 10 * time.Millisecond, NoQuickAck: noQuickAck}
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(func() { cancel(); ln.Close() })
	return ln, cancel, done
}

func accept(t testing.TB, ln net.Listener, nagle bool) driver {
	conn, err := ln.Accept()
	require.NoError(t, err)
	// Debian's vpcd leaves Nagle's algorithm on.
	require.NoError(t, conn.(*net.TCPConn).SetNoDelay(!nagle))
	t.Cleanup(func() { conn.Close() })
	return driver{t: t, conn: conn}
}

func TestCardAnswersControlAndAPDUs(t *testing.T) {
	fc := &fakeCard{}
	ln, cancel, done := startCard(t, fc, false)
	d := accept(t, ln, true)

	d.send([]byte{ctrlATR})
	assert.Equal(t, testATR, d.receive())
	d.send([]byte{ctrlPowerOn})
	d.send([]byte{0x00, 0xA4, 0x04, 0x00, 0x0E, '2', 'P', 'A', 'Y', '.', 'S', 'Y', 'S', '.', 'D', 'D', 'F', '0', '1', 0x00})
	assert.Equal(t, []byte{0x90, 0x00}, d.receive())
	d.send([]byte{0x80, 0xCA, 0x9F, 0x36, 0x00})
	assert.Equal(t, []byte{0x6D, 0x00}, d.receive())
	d.send([]byte{ctrlReset})
	d.send([]byte{ctrlATR})
	assert.Equal(t, testATR, d.receive())
	d.send([]byte{ctrlPowerOff})
	// An ATR request after the power-off is answered from the cached ATR;
	// its reply shows the power-off was handled before we hang up.
	d.send([]byte{ctrlATR})
	assert.Equal(t, testATR, d.receive())

	cancel()
	require.NoError(t, <-done)
	assert.Equal(t, []string{"on", "on", "apdu", "apdu", "off", "on", "off"}, fc.Calls())
}

func TestCardReconnectsWhenDriverRestarts(t *testing.T) {
	fc := &fakeCard{}
	ln, _, _ := startCard(t, fc, false)
	first := accept(t, ln, false)
	first.send([]byte{ctrlATR})
	assert.Equal(t, testATR, first.receive())
	first.conn.Close()

	second := accept(t, ln, false)
	second.send([]byte{0x00, 0xA4, 0x04, 0x00, 0x01, 0xA0})
	assert.Equal(t, []byte{0x90, 0x00}, second.receive())
}

func TestCardDropsConnectionOnUnknownControl(t *testing.T) {
	fc := &fakeCard{}
	ln, _, _ := startCard(t, fc, false)
	d := accept(t, ln, false)
	d.send([]byte{0x03})
	_, err := readMessage(d.conn, nil)
	assert.ErrorIs(t, err, io.EOF)
	// and comes back, as a reinserted card does
	accept(t, ln, false)
}

func TestCardFaultEndsRun(t *testing.T) {
	fault := errors.New("card removed")
	fc := &fakeCard{fault: fault}
	ln, _, done := startCard(t, fc, false)
	d := accept(t, ln, false)
	d.send([]byte{0x00, 0xB2, 0x01, 0x0C, 0x00})
	select {
	case err := <-done:
		assert.ErrorIs(t, err, fault)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the card's fault")
	}
}

func TestRunWithoutTransport(t *testing.T) {
	assert.Error(t, (&Card{}).Run(context.Background()))
}

func TestReadMessage(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want []byte
		err  error
	}{
		{"control", []byte{0x00, 0x01, 0x04}, []byte{0x04}, nil},
		{"apdu", []byte{0x00, 0x05, 0x00, 0xB2, 0x01, 0x0C, 0x00}, []byte{0x00, 0xB2, 0x01, 0x0C, 0x00}, nil},
		{"empty", []byte{0x00, 0x00}, nil, ErrEmptyMessage},
		{"short header", []byte{0x00}, nil, io.ErrUnexpectedEOF},
		{"short body", []byte{0x00, 0x03, 0x01}, nil, io.ErrUnexpectedEOF},
		{"eof", nil, nil, io.EOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readMessage(bytes.NewReader(tt.in), nil)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAppendMessage(t *testing.T) {
	got, err := appendMessage(nil, []byte{0x90, 0x00})
	require.NoError(t, err)
	assert.Equal(t, []byte{0x00, 0x02, 0x90, 0x00}, got)
	_, err = appendMessage(nil, make([]byte, maxMessage+1))
	assert.Error(t, err)
}

func FuzzReadMessage(f *testing.F) {
	f.Add([]byte{0x00, 0x01, 0x04})
	f.Add([]byte{0x00, 0x05, 0x00, 0xB2, 0x01, 0x0C, 0x00})
	f.Add([]byte{0xFF, 0xFF, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		msg, err := readMessage(bytes.NewReader(b), nil)
		if err != nil {
			return
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(msg) != n || !bytes.Equal(msg, b[2:2+n]) {
			t.Fatalf("message %X from %X", msg, b)
		}
		framed, err := appendMessage(nil, msg)
		if err != nil || !bytes.Equal(framed, b[:2+n]) {
			t.Fatalf("reframed %X, want %X", framed, b[:2+n])
		}
	})
}

// benchmarkAPDU measures one APDU round trip through a driver that writes
// the length and the APDU separately with Nagle's algorithm on, as Debian's
// vpcd does.
func benchmarkAPDU(b *testing.B, noQuickAck bool) {
	fc := &fakeCard{}
	ln, _, _ := startCard(b, fc, noQuickAck)
	d := accept(b, ln, true)
	apdu := []byte{0x00, 0xA4, 0x04, 0x00, 0x01, 0xA0}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d.send(apdu)
		d.receive()
	}
}

func BenchmarkAPDUQuickAck(b *testing.B)   { benchmarkAPDU(b, false) }
func BenchmarkAPDUDelayedAck(b *testing.B) { benchmarkAPDU(b, true) }
