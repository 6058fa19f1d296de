package emv

// Transport carries APDUs to a card, exactly as a reader does: a command APDU
// in, the response data followed by SW1 SW2 out. A Go error means only a
// transport fault (card removed, connection lost); every answer of the card,
// even 6D00, is a response. It has the shape PC/SC libraries use.
type Transport interface {
	Transmit(apdu []byte) ([]byte, error)
}
