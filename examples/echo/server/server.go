// Package server is the echo server of examples/echo: a task per
// connection, each a plain read-and-write-back loop. It is a package of
// its own so that the benchmarks in bench/ measure this very code.
//
// Serve and Handle are ordinary Go functions marked //async; asyncgen
// writes their state machines, and the constructors ServeAsync and
// HandleAsync, into server_async.go.
package server

import (
	"errors"
	"net"

	"github.com/asyncgen/asyncgen/rt"
)

//go:generate go tool asyncgen

// Serve accepts connections on ln and echoes each on a task of its own in
// g, until ln is closed.
//
// async
func Serve(ln *rt.Listener, g *rt.Group) error {
	for {
		c, err := rt.Await(ln.Accept())
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		g.Go(HandleAsync(c))
	}
}

// Handle echoes what c sends until it closes. A client that goes away is
// not the server's failure.
//
// The Reader hands out what each read brought without copying it, and
// holds no buffer while the connection is quiet: an idle connection
// costs its task, its Conn and its registration with the loop.
//
// async
func Handle(c *rt.Conn) error {
	defer c.Close()
	r := rt.NewReader(c)
	for {
		data, err := rt.Await(r.ReadSome())
		if err != nil {
			return nil
		}
		if _, err := rt.Await(c.Write(data)); err != nil {
			return nil
		}
	}
}

// Spread accepts connections on ln and hands each to the next of loops,
// round robin, to be echoed there, until ln is closed; then it stops the
// loops. It is the main task of the loop that accepts (see rt.Loops).
//
// async
func Spread(ln *rt.Listener, loops *rt.Loops) error {
	defer loops.Stop()
	for {
		c, err := rt.Await(ln.Accept())
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := loops.Go(HandleAsync(c)); err != nil {
			c.Close()
			return err
		}
	}
}
