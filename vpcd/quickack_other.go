//go:build !linux

package vpcd

import "net"

// quickAck is Linux-only; elsewhere delayed ACKs are left as they are.
func quickAck(net.Conn) {}
