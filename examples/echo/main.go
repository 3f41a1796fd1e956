// Command echo is an echo server and a load client for it, written as
// plain sequential Go: every connection is a task with its own read and
// write loop, and one event loop runs them all.
//
// By default it runs both in one process for a second and prints the
// client's figures:
//
//	echo [-conns 50] [-size 64] [-duration 1s] [-loops 1]
//
// -mode server serves on -addr until SIGINT or SIGTERM; -mode client loads
// the server at -addr. -loops N spreads the server over N event loops,
// each on a thread of its own (0: one per CPU): the first accepts, and
// hands each connection to the next loop in turn.
//
// The server is package server (echo.ServeAsync); load, client and the
// rest are ordinary Go functions marked //async here, whose state machines
// asyncgen writes into main_async.go.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"syscall"
	"time"

	echo "github.com/asyncgen/asyncgen/examples/echo/server"
	"github.com/asyncgen/asyncgen/rt"
)

//go:generate go tool asyncgen

var (
	mode     = flag.String("mode", "both", "`mode`: both, server or client")
	addr     = flag.String("addr", "127.0.0.1:7007", "server `address` (mode server or client)")
	conns    = flag.Int("conns", 50, "client connections")
	size     = flag.Int("size", 64, "message size in `bytes`")
	duration = flag.Duration("duration", time.Second, "how long the client runs")
	loops    = flag.Int("loops", 1, "event loops for the server, each on a thread of its own (0: one per CPU)")
)

// stopOnSignal closes ln at SIGINT or SIGTERM, so that the server returns.
//
// async
func stopOnSignal(ln *rt.Listener) error {
	sig, err := rt.Await(rt.Signal(os.Interrupt, syscall.SIGTERM))
	if err != nil {
		return err
	}
	log.Printf("%v: closing", sig)
	return ln.Close()
}

// stats is what the client's connections measured.
type stats struct {
	latencies []time.Duration
}

// client sends messages of size bytes on one connection to addr, one at
// a time, until the deadline, and records how long each took to come
// back.
//
// async
func client(addr string, size int, deadline time.Time, st *stats) error {
	c, err := rt.Await(rt.Dial("tcp", addr))
	if err != nil {
		return err
	}
	defer c.Close()
	r := rt.NewReader(c)
	msg := make([]byte, size)
	for i := range msg {
		msg[i] = byte('a' + i%26)
	}
	for time.Now().Before(deadline) {
		start := time.Now()
		if _, err := rt.Await(c.Write(msg)); err != nil {
			return err
		}
		back, err := rt.Await(r.ReadFull(size))
		if err != nil {
			return err
		}
		if string(back) != string(msg) {
			return fmt.Errorf("echo: got %q back, sent %q", back, msg)
		}
		st.latencies = append(st.latencies, time.Since(start))
	}
	return nil
}

// load runs conns clients against addr for d.
//
// async
func load(addr string, conns, size int, d time.Duration) (*stats, error) {
	st := &stats{}
	deadline := time.Now().Add(d)
	var g rt.Group
	for range conns {
		g.Go(clientAsync(addr, size, deadline, st))
	}
	if _, err := rt.Await(g.Wait()); err != nil {
		return nil, err
	}
	return st, nil
}

// both serves on a port of 127.0.0.1 and loads it, on one loop.
//
// async
func both(conns, size int, d time.Duration) (*stats, error) {
	ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
	if err != nil {
		return nil, err
	}
	var server rt.Group
	server.Go(echo.ServeAsync(ln, &server))
	clients := loadAsync(ln.Addr().String(), conns, size, d)
	server.Go(stopAfterAsync(clients, ln))
	if _, err := rt.Await(server.Wait()); err != nil {
		return nil, err
	}
	return rt.Await(clients)
}

// stopAfter waits for the clients, then closes ln.
//
// async
func stopAfter(clients *rt.Task[*stats], ln *rt.Listener) error {
	_, err := rt.Await(clients)
	ln.Close()
	return err
}

// serveUntilSignal serves on addr until SIGINT or SIGTERM.
//
// async
func serveUntilSignal(addr string) error {
	ln, err := rt.Await(rt.Listen("tcp", addr))
	if err != nil {
		return err
	}
	log.Printf("serving on %v", ln.Addr())
	var g rt.Group
	g.Go(echo.ServeAsync(ln, &g))
	g.Go(stopOnSignalAsync(ln))
	_, err = rt.Await(g.Wait())
	return err
}

// serveSpread serves on ln with n loops until ln is closed: loop 0
// accepts, and every loop echoes the connections it is handed.
func serveSpread(ln *rt.Listener, n int) error {
	ls, err := rt.NewLoops(n)
	if err != nil {
		return err
	}
	defer ls.Close()
	return ls.Run(func(i int) rt.AnyTask {
		if i == 0 {
			return echo.SpreadAsync(ln, ls)
		}
		return nil // the loop runs until Stop
	})
}

// bothSpread is both with the server on n loops: the client runs on a
// loop of its own, in this goroutine.
func bothSpread(conns, size int, d time.Duration, n int) (*stats, error) {
	ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
	if err != nil {
		return nil, err
	}
	served := make(chan error, 1)
	go func() { served <- serveSpread(ln, n) }()
	st, err := rt.Run(loadAsync(ln.Addr().String(), conns, size, d))
	ln.Close()
	if serr := <-served; err == nil {
		err = serr
	}
	return st, err
}

// serveSpreadUntilSignal serves on addr with n loops until SIGINT or
// SIGTERM.
func serveSpreadUntilSignal(addr string, n int) error {
	ln, err := rt.Await(rt.Listen("tcp", addr))
	if err != nil {
		return err
	}
	log.Printf("serving on %v with %d loops", ln.Addr(), max(n, 1))
	go rt.Run(stopOnSignalAsync(ln))
	return serveSpread(ln, n)
}

// report prints the requests per second and the latency percentiles.
func report(w io.Writer, st *stats, d time.Duration, size int) {
	n := len(st.latencies)
	if n == 0 {
		fmt.Fprintln(w, "no requests completed")
		return
	}
	slices.Sort(st.latencies)
	pct := func(p float64) time.Duration { return st.latencies[min(n-1, int(p*float64(n)))] }
	rate := float64(n) / d.Seconds()
	fmt.Fprintf(w, "%d requests of %d B in %v: %.0f req/s, %.1f MB/s each way\n", n, size, d, rate, rate*float64(size)/1e6)
	fmt.Fprintf(w, "latency p50 %v  p90 %v  p99 %v  max %v\n", pct(0.50), pct(0.90), pct(0.99), st.latencies[n-1])
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("echo: ")
	flag.Parse()
	var st *stats
	var err error
	switch {
	case *mode == "both" && *loops == 1:
		st, err = rt.Run(bothAsync(*conns, *size, *duration))
	case *mode == "both":
		st, err = bothSpread(*conns, *size, *duration, *loops)
	case *mode == "client":
		st, err = rt.Run(loadAsync(*addr, *conns, *size, *duration))
	case *mode == "server" && *loops == 1:
		_, err = rt.Run(serveUntilSignalAsync(*addr))
	case *mode == "server":
		err = serveSpreadUntilSignal(*addr, *loops)
	default:
		log.Fatalf("unknown -mode %q: want both, server or client", *mode)
	}
	if err != nil {
		log.Fatal(err)
	}
	if st != nil {
		report(os.Stdout, st, *duration, *size)
	}
}
