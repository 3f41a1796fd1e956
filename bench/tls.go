package bench

import (
	"crypto/tls"
	"errors"
	"net"

	"github.com/asyncgen/asyncgen/rt"
)

// tlsServe accepts connections on ln and echoes each over TLS on a task of
// its own, until ln is closed: BenchmarkTLSEcho's impl=task server.
//
// async
func tlsServe(ln *rt.Listener, config *tls.Config) error {
	var g rt.Group
	g.Go(tlsAcceptAsync(ln, config, &g))
	_, err := rt.Await(g.Wait())
	return err
}

// tlsAccept adds a TLS echo task to g for each connection ln accepts.
//
// async
func tlsAccept(ln *rt.Listener, config *tls.Config, g *rt.Group) error {
	for {
		c, err := rt.Await(ln.Accept())
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		g.Go(tlsHandleAsync(rt.TLSServer(c, config)))
	}
}

// tlsHandle echoes what c sends until it closes.
//
// async
func tlsHandle(c *rt.TLSConn) error {
	defer c.Close()
	buf := make([]byte, 4096)
	for {
		n, err := rt.Await(c.Read(buf))
		if err != nil {
			return nil
		}
		if _, err := rt.Await(c.Write(buf[:n])); err != nil {
			return nil
		}
	}
}
