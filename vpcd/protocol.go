package vpcd

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// DefaultAddr is where vpcd listens for the card of reader 0.
const DefaultAddr = "127.0.0.1:35963"

// Control codes the driver sends as one-byte messages.
const (
	ctrlPowerOff byte = 0
	ctrlPowerOn  byte = 1
	ctrlReset    byte = 2
	ctrlATR      byte = 4
)

// maxMessage bounds a message: a short APDU is at most 261 bytes and an
// extended one 65544, which the two-byte length already caps.
const maxMessage = 0xFFFF

// ErrEmptyMessage is a zero-length message, which the protocol never sends.
var ErrEmptyMessage = errors.New("vpcd: empty message")

// UnknownControlError is a one-byte message with a code the protocol does
// not define.
type UnknownControlError struct{ Code byte }

// Error names the code.
func (e *UnknownControlError) Error() string {
	return fmt.Sprintf("vpcd: unknown control code %#02x", e.Code)
}

// readMessage reads one length-prefixed message into buf, growing it as
// needed, and returns the message.
func readMessage(r io.Reader, buf []byte) ([]byte, error) {
	var hdr [2]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint16(hdr[:]))
	if n == 0 {
		return nil, ErrEmptyMessage
	}
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return buf, nil
}

// appendMessage frames msg with its length after dst, so that a reply goes
// out in one write.
func appendMessage(dst, msg []byte) ([]byte, error) {
	if len(msg) > maxMessage {
		return dst, fmt.Errorf("vpcd: message of %d bytes does not fit the 2-byte length", len(msg))
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(msg)))
	return append(dst, msg...), nil
}
