package vpcd

import (
	"net"
	"syscall"
)

// quickAck asks Linux to acknowledge the next segments at once. The kernel
// leaves quick-ACK mode by itself, so it is re-armed before every read.
func quickAck(c net.Conn) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return
	}
	_ = raw.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
}
