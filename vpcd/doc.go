// Package vpcd serves a simulated card to PC/SC software through the
// virtual smart card reader driver of the vsmartcard project (vpcd).
//
// The driver runs inside pcscd and listens on TCP port 35963 for reader 0;
// the virtual card connects to it as a client. While the connection is open
// the reader reports a card present. Every message either way is a two-byte
// big-endian length followed by that many bytes. A one-byte message from the
// driver is a control code — power off, power on, reset, or a request for
// the ATR (answered with the ATR) — and anything longer is a command APDU,
// answered with one response APDU (ISO/IEC 7816-4 §5.1; the APDU transport
// of EMV 4.4 Book 1 §9).
//
// With this, ordinary PC/SC tools (pcsc_scan, scriptor, pyscard, other
// languages' EMV kernels) talk to an emvsim card exactly as to a plastic
// card in a reader. A power-off or reset goes to the card's
// emv.PoweredTransport, which loses what a real card loses on power-down and
// keeps what it keeps.
package vpcd
