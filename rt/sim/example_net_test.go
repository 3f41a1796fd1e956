package sim_test

import (
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/asyncgen/asyncgen/rt"
	"github.com/asyncgen/asyncgen/rt/sim"
)

// greet serves one greeting per connection on address: what would run
// on a real machine, unchanged.
//
// async
func greet(address string) error {
	ln, err := rt.Await(rt.Listen("tcp", address))
	if err != nil {
		return err
	}
	for {
		c, err := rt.Await(ln.Accept())
		if err != nil {
			return err
		}
		rt.Await(c.Write([]byte("hello from " + c.LocalAddr().String() + "\n")))
		c.Close()
	}
}

// fetch dials address and reads one line.
//
// async
func fetch(address string) (string, error) {
	c, err := rt.Await(rt.Dial("tcp", address))
	if err != nil {
		return "", err
	}
	defer c.Close()
	line, err := rt.Await(rt.NewReader(c).ReadLine())
	return string(line), err
}

// fetchTwice fetches from address, then again after the host has
// crashed.
//
// async
func fetchTwice(address string) (string, error) {
	first, err := rt.Await(fetchAsync(address))
	if err != nil {
		return "", err
	}
	rt.Await(rt.Sleep(time.Minute)) // the host crashes meanwhile
	_, err = rt.Await(fetchAsync(address))
	return first, err
}

// Example runs a server on host "web" and a client on the main loop,
// over the simulated network: the client's rt.Dial names the host. Then
// the host crashes, and the next dial times out after 20 seconds of
// virtual time, which take no time at all.
func Example() {
	v, trace, err := sim.Run(42, func() *rt.Task[string] {
		w := sim.Running()
		web := w.Host("web")
		web.Start(func() rt.AnyTask { return greetAsync(":80") })
		w.Loop().CallLater(30*time.Second, web.Crash)
		return fetchTwiceAsync("web:80")
	})
	fmt.Println(v)
	fmt.Println(errors.Is(err, syscall.ETIMEDOUT), trace.Elapsed > 80*time.Second)
	// Output:
	// hello from 10.0.0.2:80
	// true true
}
