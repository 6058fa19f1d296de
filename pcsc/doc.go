// Package pcsc lets the emvsim terminal talk to a card in a PC/SC reader:
// a real card in a real reader, or an emvsim card served through the
// vsmartcard virtual reader (package vpcd).
//
// It lives in a module of its own because the PC/SC binding needs cgo and
// libpcsclite; the main module stays pure Go. The transport follows
// ISO/IEC 7816-4 §5: a command APDU in, response data and SW1 SW2 out, with
// T=0's GET RESPONSE and wrong-Le conventions left to the terminal kernel.
package pcsc
