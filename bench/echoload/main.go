// Command echoload is the load of bench/instr.sh: it opens -conns
// connections to the echo server at -addr and echoes -n messages of 64
// bytes over them in all (bench.EchoLoad, BenchmarkEcho's client). It
// runs in a process of its own, so that the server, run under valgrind,
// is measured alone.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"

	"github.com/asyncgen/asyncgen/bench"
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
	return bench.EchoLoad(cs, n, 64)
}
