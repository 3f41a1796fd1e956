//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt_test

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// serveEcho accepts one connection on ln and echoes its lines back until
// the client closes it. asyncgen writes serveEchoAsync into
// example_net_async_test.go, as it does for the other async functions
// here.
//
// async
func serveEcho(ln *rt.Listener) error {
	c, err := rt.Await(ln.Accept())
	if err != nil {
		return err
	}
	defer c.Close()
	r := rt.NewReader(c)
	for {
		line, err := rt.Await(r.ReadUntil('\n'))
		if err != nil {
			return nil // io.EOF: the client is done
		}
		if _, err := rt.Await(c.Write(line)); err != nil {
			return err
		}
	}
}

// askEcho sends msg to the server at addr and returns what comes back.
//
// async
func askEcho(addr, msg string) (string, error) {
	c, err := rt.Await(rt.Dial("tcp", addr))
	if err != nil {
		return "", err
	}
	defer c.Close()
	if _, err := rt.Await(c.Write([]byte(msg + "\n"))); err != nil {
		return "", err
	}
	line, err := rt.Await(rt.NewReader(c).ReadLine())
	return string(line), err
}

// echoRoundTrip runs a server and a client as two tasks of one loop, in
// a Group: Wait starts them, and returns when both have finished.
//
// async
func echoRoundTrip() (string, error) {
	ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
	if err != nil {
		return "", err
	}
	defer ln.Close()
	var g rt.Group
	g.Go(serveEchoAsync(ln))
	client := askEchoAsync(ln.Addr().String(), "hello, loop")
	g.Go(client)
	if _, err := rt.Await(g.Wait()); err != nil {
		return "", err
	}
	return rt.Await(client) // done: its result
}

func ExampleDial() {
	reply, err := rt.Run(echoRoundTripAsync())
	fmt.Println(reply, err)
	// Output: hello, loop <nil>
}
