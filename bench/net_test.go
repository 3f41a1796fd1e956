package bench

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/panjf2000/gnet/v2"

	"github.com/asyncgen/asyncgen/examples/echo/server"
	"github.com/asyncgen/asyncgen/rt"
)

// The network benchmarks run the server in a child process, the test
// binary run again with BENCH_SERVER=impl and GOMAXPROCS=1, and the client
// in this one. The child is the server alone: its CPU time
// (getrusage(RUSAGE_SELF), user plus system, read before and after the
// timed part) is the server's cost, whatever the client spends, and its
// memory (heap and stacks in use after a GC) is the server's.
//
// The child prints its address, then answers commands on standard input,
// one a line: "cpu" (microseconds of CPU used so far), "mem" (bytes of heap
// and stacks in use). It exits when standard input closes.

// serverEnv names the server a child process runs.
const serverEnv = "BENCH_SERVER"

// profileEnv, if set, names the file prefix to which each server writes
// its CPU profile (path.impl), and at each "mem" command its heap profile
// (path.impl.heap): BENCH_SERVER_PROFILE=/tmp/echo.prof.
const profileEnv = "BENCH_SERVER_PROFILE"

func TestMain(m *testing.M) {
	if impl := os.Getenv(serverEnv); impl != "" {
		if path := os.Getenv(profileEnv); path != "" {
			f, err := os.Create(path + "." + impl)
			if err == nil {
				pprof.StartCPUProfile(f)
			}
		}
		if err := runServer(impl); err != nil {
			fmt.Fprintln(os.Stderr, "bench server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runServer runs the echo server impl on a port of 127.0.0.1.
func runServer(impl string) error {
	switch impl {
	case "task":
		ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
		if err != nil {
			return err
		}
		go commands(ln.Addr().String())
		_, err = rt.Run(echoServeAsync(ln))
		return err
	case "loops":
		ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
		if err != nil {
			return err
		}
		ls, err := rt.NewLoops(0)
		if err != nil {
			return err
		}
		defer ls.Close()
		go commands(ln.Addr().String())
		return ls.Run(func(i int) rt.AnyTask {
			if i == 0 {
				return server.SpreadAsync(ln, ls)
			}
			return nil
		})
	case "goroutine":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		go commands(ln.Addr().String())
		for {
			c, err := ln.Accept()
			if err != nil {
				return nil
			}
			go func() {
				defer c.Close()
				buf := make([]byte, 4096)
				for {
					n, err := c.Read(buf)
					if err != nil {
						return
					}
					if _, err := c.Write(buf[:n]); err != nil {
						return
					}
				}
			}()
		}
	case "gnet":
		// gnet takes no port 0 back: find a free port first.
		probe, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		addr := probe.Addr().String()
		probe.Close()
		es := &gnetEcho{}
		go commands(addr)
		return gnet.Run(es, "tcp://"+addr, gnet.WithMulticore(false), gnet.WithNumEventLoop(1), gnet.WithTCPNoDelay(gnet.TCPNoDelay))
	case "gnet-multicore":
		probe, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		addr := probe.Addr().String()
		probe.Close()
		go commands(addr)
		return gnet.Run(&gnetEcho{}, "tcp://"+addr, gnet.WithMulticore(true), gnet.WithTCPNoDelay(gnet.TCPNoDelay))
	}
	return fmt.Errorf("unknown server %q", impl)
}

// gnetEcho is gnet's echo server, as its own examples write it: a
// callback that writes back what came in.
type gnetEcho struct {
	gnet.BuiltinEventEngine
	eng gnet.Engine
}

func (es *gnetEcho) OnBoot(eng gnet.Engine) gnet.Action {
	es.eng = eng
	return gnet.None
}

func (es *gnetEcho) OnTraffic(c gnet.Conn) gnet.Action {
	buf, _ := c.Next(-1)
	c.Write(buf)
	return gnet.None
}

// commands prints addr and serves the parent's commands, and ends the
// process when they end. Its lines start "addr " and "= ", to stand out
// from what a server may log.
func commands(addr string) {
	fmt.Println("addr", addr)
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		switch sc.Text() {
		case "cpu":
			var ru syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
			fmt.Println("=", ru.Utime.Nano()/1e3+ru.Stime.Nano()/1e3)
		case "mem":
			fmt.Println("=", inUse())
			if path := os.Getenv(profileEnv); path != "" {
				if f, err := os.Create(path + "." + os.Getenv(serverEnv) + ".heap"); err == nil {
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
		}
	}
	pprof.StopCPUProfile()
	os.Exit(0)
}

// child is a server in a child process.
type child struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Scanner
	addr string
}

// startServer starts the server impl in a child process at GOMAXPROCS=1.
func startServer(b *testing.B, impl string) *child { return startServerProcs(b, impl, "1") }

// startServerProcs starts the server impl in a child process at
// GOMAXPROCS=procs, or Go's default if procs is "".
func startServerProcs(b *testing.B, impl, procs string) *child {
	b.Helper()
	raiseFDLimit(b)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GOMAXPROCS=") })
	if procs != "" {
		env = append(env, "GOMAXPROCS="+procs)
	}
	cmd.Env = append(env, serverEnv+"="+impl)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	c := &child{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	b.Cleanup(func() {
		in.Close()
		cmd.Wait()
	})
	c.addr = strings.TrimPrefix(c.line(b, "addr "), "addr ")
	// gnet reports its port only by listening: wait for it.
	for i := 0; ; i++ {
		conn, err := net.Dial("tcp", c.addr)
		if err == nil {
			conn.Close()
			break
		}
		if i == 100 {
			b.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return c
}

// line returns the server's next line that starts with prefix.
func (c *child) line(b *testing.B, prefix string) string {
	b.Helper()
	for c.out.Scan() {
		if strings.HasPrefix(c.out.Text(), prefix) {
			return c.out.Text()
		}
	}
	b.Fatalf("server: no %q line", prefix)
	return ""
}

// ask sends a command and returns the number the server answers.
func (c *child) ask(b *testing.B, cmd string) float64 {
	b.Helper()
	fmt.Fprintln(c.in, cmd)
	v, err := strconv.ParseFloat(strings.TrimPrefix(c.line(b, "= "), "= "), 64)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// raiseFDLimit raises the soft limit on descriptors to the hard one, for
// this process and the servers it starts.
func raiseFDLimit(b *testing.B) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatal(err)
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatal(err)
	}
}

// dialAll opens n connections to addr.
func dialAll(b *testing.B, addr string, n int) []net.Conn {
	b.Helper()
	conns := make([]net.Conn, n)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatalf("connection %d: %v", i, err)
		}
		conns[i] = c
	}
	b.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	return conns
}

// echoImpls are the servers BenchmarkEcho and BenchmarkIdleConns compare.
var echoImpls = []string{"task", "goroutine", "gnet"}

// echoMsg is the size of BenchmarkEcho's messages.
const echoMsg = 64

// BenchmarkEcho runs 1,000 connections (10 with -short) that each send
// a 64-byte message, wait for it to come back and send the next; one op is
// one message echoed. req/s is messages echoed per second over all
// connections; cpu-us/req is the server process's CPU time per message.
func BenchmarkEcho(b *testing.B) {
	conns := 1000
	if testing.Short() {
		conns = 10
	}
	for _, impl := range echoImpls {
		b.Run("impl="+impl, func(b *testing.B) { echoRun(b, startServer(b, impl), conns) })
	}
}

// BenchmarkEchoMulticore is BenchmarkEcho with the server at Go's default
// GOMAXPROCS, spread over the machine: impl=loops is examples/echo's
// handler on a loop per CPU (rt.Loops, one loop accepting and handing
// connections round robin), impl=goroutine the goroutine-per-connection
// server, impl=gnet-multicore gnet with an event loop per CPU.
func BenchmarkEchoMulticore(b *testing.B) {
	conns := 1000
	if testing.Short() {
		conns = 10
	}
	for _, impl := range []string{"loops", "goroutine", "gnet-multicore"} {
		b.Run("impl="+impl, func(b *testing.B) { echoRun(b, startServerProcs(b, impl, ""), conns) })
	}
}

// echoRun echoes b.N messages of echoMsg bytes over conns connections to
// srv, and reports req/s and the server's cpu-us/req.
func echoRun(b *testing.B, srv *child, conns int) {
	cs := dialAll(b, srv.addr, conns)
	cpu0 := srv.ask(b, "cpu")
	b.ResetTimer()
	start := time.Now()
	err := EchoLoad(cs, int64(b.N), echoMsg)
	elapsed := time.Since(start)
	b.StopTimer()
	cpu := srv.ask(b, "cpu") - cpu0
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(cpu/float64(b.N), "cpu-us/req")
}

// idleFor is how long BenchmarkIdleConns leaves its connections quiet
// before it asks what the server holds: a loop holds the pool of buffers
// its Readers give back until it has had nothing to do for a millisecond
// (rt's coolAfter), not only until it next waits, as a busy loop lends
// them again at once.
const idleFor = 20 * time.Millisecond

// BenchmarkIdleConns opens idleConns connections (100 with -short) to the
// server, echoes one message on each and leaves them open and idle; B/conn
// is what the server holds for each, in heap and stacks after a GC, once
// they have been quiet for idleFor. One op is one such round.
func BenchmarkIdleConns(b *testing.B) {
	n := 10_000
	if testing.Short() {
		n = 100
	}
	for _, impl := range echoImpls {
		b.Run("impl="+impl, func(b *testing.B) {
			var total float64
			for range b.N {
				b.StopTimer()
				srv := startServer(b, impl)
				before := srv.ask(b, "mem")
				b.StartTimer()
				cs := dialAll(b, srv.addr, n)
				msg := make([]byte, echoMsg)
				for _, c := range cs {
					if _, err := c.Write(msg); err != nil {
						b.Fatal(err)
					}
				}
				for _, c := range cs {
					if _, err := io.ReadFull(c, msg); err != nil {
						b.Fatal(err)
					}
				}
				time.Sleep(idleFor)
				total += srv.ask(b, "mem") - before
				b.StopTimer()
				for _, c := range cs {
					c.Close()
				}
				b.StartTimer()
			}
			b.ReportMetric(total/float64(b.N)/float64(n), "B/conn")
		})
	}
}
