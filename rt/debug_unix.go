//go:build unix

package rt

import "fmt"

// newConn, newListener and newPacketConn wrap a socket for the user.
func newConn(p *pollFD, how string) *Conn {
	if p.home != nil && p.home.debug {
		// A Conn of its own: the one inside p would keep p, which the
		// cleanup holds, and so itself, from ever being collected.
		c := &Conn{s: p}
		return debugSocket(c, p, fmt.Sprintf("Conn %s->%s (from %s)", p.local(), p.remote(), how))
	}
	return p.asConn()
}

func newListener(p *pollFD) *Listener {
	ln := &Listener{s: p}
	if p.home != nil && p.home.debug {
		debugSocket(ln, p, fmt.Sprintf("Listener on %s", p.local()))
	}
	return ln
}

func newPacketConn(p *pollFD) *PacketConn {
	pc := &PacketConn{s: p}
	if p.home != nil && p.home.debug {
		debugSocket(pc, p, fmt.Sprintf("PacketConn on %s", p.local()))
	}
	return pc
}
