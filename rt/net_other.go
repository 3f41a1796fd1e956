//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package rt

import (
	"errors"
	"runtime"
)

// osNetwork has no sockets on this system.
type osNetwork struct{}

var errNoSockets = errors.New("rt: no sockets on " + runtime.GOOS)

func (osNetwork) dial(*Loop, string, string) *Future[*Conn] {
	f := new(Future[*Conn])
	f.Reject(errNoSockets)
	return f
}

func (osNetwork) listen(*Loop, string, string) *Future[*Listener] {
	f := new(Future[*Listener])
	f.Reject(errNoSockets)
	return f
}

func (osNetwork) listenPacket(*Loop, string, string) *Future[*PacketConn] {
	f := new(Future[*PacketConn])
	f.Reject(errNoSockets)
	return f
}

func (osNetwork) dialBlocking(string, string) (*Conn, error)       { return nil, errNoSockets }
func (osNetwork) listenBlocking(string, string) (*Listener, error) { return nil, errNoSockets }
func (osNetwork) listenPacketBlocking(string, string) (*PacketConn, error) {
	return nil, errNoSockets
}
