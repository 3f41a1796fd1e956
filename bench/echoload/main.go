// Command echoload is the load of bench/instr.sh: it opens -conns
// connections to the echo server at -addr and echoes -n messages of 64
// bytes over them in all, each connection sending one, waiting for it to
// come back and sending the next, as BenchmarkEcho's client does. It runs
// in a process of its own, so that the server, run under valgrind, is
// measured alone.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
)

func main() {
	addr := flag.String("addr", "", "the server's address")
	conns := flag.Int("conns", 200, "connections")
	n := flag.Int64("n", 10000, "messages echoed over all connections")
	flag.Parse()
	if err := run(*addr, *conns, *n); err != nil {
		fmt.Fprintln(os.Stderr, "echoload:", err)
		os.Exit(1)
	}
}

func run(addr string, conns int, n int64) error {
	cs := make([]net.Conn, conns)
	for i := range cs {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		cs[i] = c
	}
	var left atomic.Int64
	left.Store(n)
	errs := make(chan error, conns)
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg, back := make([]byte, 64), make([]byte, 64)
			for left.Add(-1) >= 0 {
				if _, err := c.Write(msg); err != nil {
					errs <- err
					return
				}
				if _, err := io.ReadFull(c, back); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
