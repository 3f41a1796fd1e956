package bench

import (
	"github.com/asyncgen/asyncgen/examples/echo/server"
	"github.com/asyncgen/asyncgen/rt"
)

// echoServe runs examples/echo's server on ln until ln is closed:
// BenchmarkEcho's and BenchmarkIdleConns's impl=task server, plain //async
// code as a user would write it, and the same code the example runs.
//
// async
func echoServe(ln *rt.Listener) error {
	var g rt.Group
	g.Go(server.ServeAsync(ln, &g))
	_, err := rt.Await(g.Wait())
	return err
}

// echoSpread accepts connections on ln and hands each to the next of the
// loops, round robin, until ln is closed: BenchmarkEchoMulticore's
// impl=loops server, on examples/echo's handler.
//
// async
func echoSpread(ln *rt.Listener, loops *rt.Loops) error {
	defer loops.Stop()
	for {
		c, err := rt.Await(ln.Accept())
		if err != nil {
			return nil // ln closed
		}
		loops.Go(server.HandleAsync(c))
	}
}
