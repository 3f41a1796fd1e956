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
