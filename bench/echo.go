package bench

import (
	"errors"
	"net"

	"github.com/asyncgen/asyncgen/rt"
)

// echoServe accepts connections on ln and echoes each on a task of its
// own, until ln is closed: BenchmarkEcho's and BenchmarkIdleConns's
// impl=task server, plain //async code as a user would write it.
//
// async
func echoServe(ln *rt.Listener) error {
	var g rt.Group
	g.Go(echoAcceptAsync(ln, &g))
	_, err := rt.Await(g.Wait())
	return err
}

// echoAccept adds an echo task to g for each connection ln accepts.
//
// async
func echoAccept(ln *rt.Listener, g *rt.Group) error {
	for {
		c, err := rt.Await(ln.Accept())
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		g.Go(echoHandleAsync(c))
	}
}

// echoHandle echoes what c sends until it closes.
//
// async
func echoHandle(c *rt.Conn) error {
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
