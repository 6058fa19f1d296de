package emv

// Transport carries APDUs to a card, exactly as a reader does: a command APDU
// in, the response data followed by SW1 SW2 out. A Go error means only a
// transport fault (card removed, connection lost); every answer of the card,
// even 6D00, is a response. It has the shape PC/SC libraries use.
type Transport interface {
	Transmit(apdu []byte) ([]byte, error)
}

// PoweredTransport is a contact interface: a Transport whose card can be
// powered up, answering with its ATR (ISO/IEC 7816-3), and powered down. A
// terminal powers a card up before its first command; power-down ends the
// card's session and loses what a real card loses (selection, transaction
// state) while keeping its counters and PIN.
type PoweredTransport interface {
	Transport
	PowerOn() (atr []byte, err error)
	PowerOff()
}

// Tracks is a magnetic stripe as a reader's head sees it: the characters of
// track 1 and track 2 with their start and end sentinels and, where read,
// the LRC ("%B…^…^…?" and ";…=…?"). An empty string is an unread track.
type Tracks struct {
	Track1, Track2 string
}
