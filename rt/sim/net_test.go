package sim_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
	"github.com/asyncgen/asyncgen/rt/sim"
)

// serveLines listens on address and echoes each line of each connection
// back, until the listener fails. Each connection is a task of a group.
//
// async
func serveLines(address string) error {
	ln, err := rt.Await(rt.Listen("tcp", address))
	if err != nil {
		return err
	}
	defer ln.Close()
	var g rt.Group
	g.Go(acceptLinesAsync(ln, &g))
	_, err = rt.Await(g.Wait())
	return err
}

// acceptLines accepts connections on ln and serves each in g.
//
// async
func acceptLines(ln *rt.Listener, g *rt.Group) error {
	for {
		c, err := rt.Await(ln.Accept())
		if err != nil {
			return err
		}
		g.Go(echoLinesAsync(c))
	}
}

// echoLines writes each line read from c back to it.
//
// async
func echoLines(c *rt.Conn) error {
	defer c.Close()
	r := rt.NewReader(c)
	for {
		line, err := rt.Await(r.ReadUntil('\n'))
		if err != nil {
			return nil
		}
		if _, err := rt.Await(c.Write(line)); err != nil {
			return nil
		}
	}
}

// ask dials address and sends each message as a line, reading each
// answer; it sleeps for pause before each message, and gives each answer
// d to come (no deadline if d is 0).
//
// async
func ask(address string, pause, d time.Duration, msgs ...string) ([]string, error) {
	c, err := rt.Await(rt.Dial("tcp", address))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	r := rt.NewReader(c)
	w := rt.NewWriter(c)
	var got []string
	for _, m := range msgs {
		if pause > 0 {
			rt.Await(rt.Sleep(pause))
		}
		if _, err := rt.Await(w.Write([]byte(m + "\n"))); err != nil {
			return got, err
		}
		if _, err := rt.Await(w.Flush()); err != nil {
			return got, err
		}
		if d > 0 {
			r.SetDeadline(sim.Now().Add(d))
		}
		line, err := rt.Await(r.ReadLine())
		if err != nil {
			return got, err
		}
		got = append(got, string(line))
	}
	return got, nil
}

// bootEcho starts host name serving lines on port 80.
func bootEcho(w *sim.World, name string) *sim.Host {
	h := w.Host(name)
	h.Start(func() rt.AnyTask { return serveLinesAsync(":80") })
	return h
}

// fixedLatency is a latency of exactly d.
func fixedLatency(d time.Duration) func(*rand.Rand) time.Duration {
	return func(*rand.Rand) time.Duration { return d }
}

// askIn runs ask in a world for seed, after setup.
func askIn(seed uint64, setup func(w *sim.World), address string, pause, d time.Duration, msgs ...string) ([]string, sim.Trace, error) {
	return sim.Run(seed, func() *rt.Task[[]string] {
		setup(sim.Running())
		return askAsync(address, pause, d, msgs...)
	})
}

func TestNetLatency(t *testing.T) {
	got, tr, err := askIn(1, func(w *sim.World) {
		w.SetNet(sim.NetConfig{Latency: fixedLatency(10 * time.Millisecond)})
		bootEcho(w, "b")
	}, "b:80", 0, 0, "one", "two")
	if err != nil || strings.Join(got, " ") != "one two" {
		t.Fatalf("ask = %q, %v", got, err)
	}
	// The dial's SYN and SYN-ACK, then two round trips.
	if tr.Elapsed != 60*time.Millisecond {
		t.Errorf("virtual time %v, want 60ms\n%v", tr.Elapsed, tr)
	}
	// A latency drawn at random: the run takes another time with
	// another seed, and the same with the same.
	times := map[time.Duration]bool{}
	for seed := range uint64(5) {
		_, tr, err := askIn(seed, func(w *sim.World) { bootEcho(w, "b") }, "b:80", 0, 0, "one", "two")
		if err != nil {
			t.Fatal(err)
		}
		_, again, _ := askIn(seed, func(w *sim.World) { bootEcho(w, "b") }, "b:80", 0, 0, "one", "two")
		if again.Hash != tr.Hash || again.Elapsed != tr.Elapsed {
			t.Fatalf("seed %d ran twice differently:\n%v\n%v", seed, tr, again)
		}
		times[tr.Elapsed] = true
	}
	if len(times) < 3 {
		t.Errorf("5 seeds took %d different times: %v", len(times), times)
	}
}

func TestNetAddresses(t *testing.T) {
	_, _, err := askIn(1, func(*sim.World) {}, "nowhere:80", 0, 0, "x")
	var dns *net.DNSError
	if !errors.As(err, &dns) {
		t.Errorf("dial of an unknown host: %v, want a *net.DNSError", err)
	}
	_, _, err = askIn(1, func(w *sim.World) { w.Host("b").Start(func() rt.AnyTask { return sleeperAsync(1, time.Hour) }) }, "b:80", 0, 0, "x")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dial of a port nobody listens on: %v, want ECONNREFUSED", err)
	}
	got, _, err := askIn(1, func(w *sim.World) {
		w.Host("a")
		bootEcho(w, "b") // the third host, after main and a
	}, "10.0.0.3:80", 0, 0, "by address")
	if err != nil || len(got) != 1 {
		t.Errorf("dial by address: %q, %v", got, err)
	}
}

func TestNetPartitionAndHeal(t *testing.T) {
	cut := func(heal time.Duration) func(w *sim.World) {
		return func(w *sim.World) {
			bootEcho(w, "b")
			w.Loop().CallLater(time.Second, func() { w.Partition([]string{"main"}, []string{"b"}) })
			if heal > 0 {
				w.Loop().CallLater(heal, w.Heal)
			}
		}
	}
	// The stream waits out the partition.
	got, tr, err := askIn(1, cut(10*time.Second), "b:80", 2*time.Second, 0, "a", "b")
	if err != nil || strings.Join(got, " ") != "a b" {
		t.Fatalf("ask across a healed partition: %q, %v", got, err)
	}
	if tr.Elapsed < 12*time.Second {
		t.Errorf("virtual time %v: the partition did not hold the stream up", tr.Elapsed)
	}
	// A Reader's deadline ends the wait.
	_, _, err = askIn(1, cut(10*time.Second), "b:80", 2*time.Second, time.Second, "a")
	if !errors.Is(err, rt.ErrTimeout) {
		t.Errorf("read with a deadline across a partition: %v, want ErrTimeout", err)
	}
	// A partition that does not heal breaks the connection.
	_, tr, err = askIn(1, cut(0), "b:80", 2*time.Second, 0, "a")
	if !errors.Is(err, syscall.ETIMEDOUT) {
		t.Errorf("read across a partition that lasts: %v, want ETIMEDOUT", err)
	}
	// And a dial across one times out.
	_, _, err = askIn(1, func(w *sim.World) {
		bootEcho(w, "b")
		w.Partition([]string{"main"}, []string{"b", "c"})
	}, "b:80", 0, 0, "a")
	if !errors.Is(err, syscall.ETIMEDOUT) {
		t.Errorf("dial across a partition: %v, want ETIMEDOUT", err)
	}
}

func TestNetReset(t *testing.T) {
	_, _, err := askIn(1, func(w *sim.World) {
		bootEcho(w, "b")
		w.Loop().CallLater(time.Second, func() { w.Reset("main", "b") })
	}, "b:80", 2*time.Second, 0, "a")
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("ask after a reset: %v, want ECONNRESET", err)
	}
	// With NetConfig.Reset, some seeds' connections break.
	broken := 0
	for seed := range uint64(20) {
		_, _, err := askIn(seed, func(w *sim.World) {
			w.SetNet(sim.NetConfig{Reset: 0.2})
			bootEcho(w, "b")
		}, "b:80", 0, 0, "a", "b")
		switch {
		case errors.Is(err, syscall.ECONNRESET):
			broken++
		case err != nil:
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
	if broken == 0 || broken == 20 {
		t.Errorf("Reset 0.2 broke %d of 20 runs' connections", broken)
	}
}

// countBoot counts a boot of a host in n, then serves lines on address.
//
// async
func countBoot(n *int, address string) error {
	*n++
	_, err := rt.Await(serveLinesAsync(address))
	return err
}

// crashAndAsk connects to b and reads until b crashes: the connection
// must be reset (not ended: a crashed host sends no FIN). It then dials b
// while it is down, and again once it is back.
//
// async
func crashAndAsk() ([]string, error) {
	c, err := rt.Await(rt.Dial("tcp", "b:80"))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	_, err = rt.Await(rt.NewReader(c).ReadLine()) // b crashes at 1s
	if !errors.Is(err, syscall.ECONNRESET) {
		return nil, fmt.Errorf("read on a connection to a crashed host: %v, want ECONNRESET", err)
	}
	if _, err := rt.Await(askAsync("b:80", 0, 0, "y")); !errors.Is(err, syscall.ETIMEDOUT) {
		return nil, fmt.Errorf("dial of a host that is down: %v, want ETIMEDOUT", err)
	}
	rt.Await(rt.Sleep(time.Minute)) // b restarts at 30s
	return rt.Await(askAsync("b:80", 0, 0, "after restart"))
}

func TestNetCrashAndRestart(t *testing.T) {
	for seed := range uint64(20) {
		boots := 0
		got, tr, err := sim.Run(seed, func() *rt.Task[[]string] {
			w := sim.Running()
			b := w.Host("b")
			var first *rt.Task[struct{}]
			b.Start(func() rt.AnyTask {
				task := countBootAsync(&boots, ":80")
				if first == nil {
					first = task
				}
				return task
			})
			w.Loop().CallLater(time.Second, b.Crash)
			w.Loop().CallLater(30*time.Second, func() {
				if b.Up() {
					t.Error("b is up after its crash")
				}
				if _, err := first.Result(); !first.Done() || !errors.Is(err, rt.ErrCanceled) {
					t.Errorf("b's task after the crash: done %v, %v; want it cancelled", first.Done(), err)
				}
				b.Restart()
			})
			return crashAndAskAsync()
		})
		if err != nil || strings.Join(got, "") != "after restart" {
			t.Fatalf("seed %d: crashAndAsk = %q, %v\n%v", seed, got, err, tr)
		}
		if boots != 2 {
			t.Errorf("seed %d: b booted %d times, want 2", seed, boots)
		}
	}
}

// datagrams sends n numbered datagrams from main to host b, which
// counts what arrives in the order it arrives, and returns that.
//
// async
func datagrams(n int) ([]int, error) {
	pc, err := rt.Await(rt.ListenPacket("udp", ":0"))
	if err != nil {
		return nil, err
	}
	defer pc.Close()
	w := sim.Running()
	var got []int
	w.Host("b").Start(func() rt.AnyTask { return receiveAsync(&got) })
	rt.Await(rt.Sleep(time.Millisecond)) // b binds its port
	to := &net.UDPAddr{IP: net.IPv4(10, 0, 0, 2), Port: 9}
	for i := range n {
		if _, err := rt.Await(pc.WriteTo([]byte{byte(i)}, to)); err != nil {
			return nil, err
		}
	}
	rt.Await(rt.Sleep(time.Second)) // everything has arrived
	return got, nil
}

// receive reads datagrams on port 9 into got.
//
// async
func receive(got *[]int) error {
	pc, err := rt.Await(rt.ListenPacket("udp", ":9"))
	if err != nil {
		return err
	}
	buf := make([]byte, 16)
	for {
		d, err := rt.Await(pc.ReadFrom(buf))
		if err != nil {
			return err
		}
		*got = append(*got, int(buf[0]))
		_ = d
	}
}

func TestNetDatagrams(t *testing.T) {
	run := func(seed uint64, c sim.NetConfig) []int {
		t.Helper()
		got, _, err := sim.Run(seed, func() *rt.Task[[]int] {
			sim.Running().SetNet(c)
			return datagramsAsync(100)
		})
		if err != nil {
			t.Fatal(err)
		}
		again, _, _ := sim.Run(seed, func() *rt.Task[[]int] {
			sim.Running().SetNet(c)
			return datagramsAsync(100)
		})
		if fmt.Sprint(got) != fmt.Sprint(again) {
			t.Fatalf("seed %d, %+v: %v, then %v", seed, c, got, again)
		}
		return got
	}
	inOrder := func(got []int) bool {
		for i := 1; i < len(got); i++ {
			if got[i] < got[i-1] {
				return false
			}
		}
		return true
	}
	fixed := fixedLatency(time.Millisecond)
	if got := run(1, sim.NetConfig{Latency: fixed}); len(got) != 100 || !inOrder(got) {
		t.Errorf("no faults: %v", got)
	}
	if got := run(1, sim.NetConfig{Latency: fixed, Loss: 0.3}); len(got) < 50 || len(got) > 90 || !inOrder(got) {
		t.Errorf("loss 0.3: %d arrived: %v", len(got), got)
	}
	if got := run(1, sim.NetConfig{Latency: fixed, Duplicate: 0.3}); len(got) < 110 || len(got) > 150 {
		t.Errorf("duplicate 0.3: %d arrived: %v", len(got), got)
	}
	if got := run(1, sim.NetConfig{Latency: fixed, Reorder: 0.3}); len(got) != 100 || inOrder(got) {
		t.Errorf("reorder 0.3: %v", got)
	}
	if got := run(1, sim.NetConfig{}); len(got) != 100 || inOrder(got) {
		t.Errorf("random latency: %v, want all, some out of order", got)
	}
}

// TestNetDeterminism runs a world with every fault twice per seed and
// compares the traces, network events included.
func TestNetDeterminism(t *testing.T) {
	sim.Check(t, 10, func(seed uint64) (sim.Trace, error) {
		_, tr, err := askIn(seed, func(w *sim.World) {
			w.SetNet(sim.NetConfig{Reset: 0.05})
			bootEcho(w, "b")
			bootEcho(w, "c")
			w.Loop().CallLater(50*time.Millisecond, func() { w.Partition([]string{"main"}, []string{"b"}) })
			w.Loop().CallLater(3*time.Second, w.Heal)
			w.Loop().CallLater(4*time.Second, w.Host("c").Restart)
		}, "b:80", time.Second, 0, "a", "b", "c", "d", "e")
		if errors.Is(err, syscall.ECONNRESET) {
			err = nil // a fault, as asked
		}
		return tr, err
	})
	// The network's events are in the trace: with another latency, one
	// seed's trace differs.
	_, a, _ := askIn(1, func(w *sim.World) { bootEcho(w, "b") }, "b:80", 0, 0, "a")
	_, b, _ := askIn(1, func(w *sim.World) {
		w.SetNet(sim.NetConfig{Latency: fixedLatency(time.Millisecond)})
		bootEcho(w, "b")
	}, "b:80", 0, 0, "a")
	if a.Hash == b.Hash {
		t.Errorf("two latencies, one trace: %v", a)
	}
}

// TestNetRealLoop runs the code of the simulated tests on a real loop,
// over loopback: the same functions, no faults.
func TestNetRealLoop(t *testing.T) {
	ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	addr := ln.Addr().String()
	got, err := rt.Run(serveAndAskAsync(addr))
	if err != nil || strings.Join(got, " ") != "real loop" {
		t.Errorf("on a real loop: %q, %v", got, err)
	}
}

// serveAndAsk serves lines on addr, asks two, and stops the server.
//
// async
func serveAndAsk(addr string) ([]string, error) {
	server := serveLinesAsync(addr)
	var got []string
	var g rt.Group
	g.Go(server)
	g.Go(askThenStopAsync(addr, server, &got))
	_, err := rt.Await(g.Wait())
	return got, err
}

// askThenStop asks the server at addr, then cancels it.
//
// async
func askThenStop(addr string, server *rt.Task[struct{}], got *[]string) error {
	v, err := rt.Await(askAsync(addr, time.Millisecond, time.Minute, "real", "loop"))
	*got = v
	server.Cancel()
	return err
}

// readTimeout dials an echo server, times out a read of a silent
// connection with rt.Timeout, then reads an echo on it.
//
// async
func readTimeout(address string) (string, error) {
	c, err := rt.Await(rt.Dial("tcp", address))
	if err != nil {
		return "", err
	}
	defer c.Close()
	buf := make([]byte, 16)
	if _, err := rt.Await(rt.Timeout(c.Read(buf), time.Second)); !errors.Is(err, rt.ErrTimeout) {
		return "", fmt.Errorf("read of a silent connection: %v, want ErrTimeout", err)
	}
	if _, err := rt.Await(c.Write([]byte("hi\n"))); err != nil {
		return "", err
	}
	n, err := rt.Await(c.Read(buf))
	return string(buf[:n]), err
}

func TestNetTimeout(t *testing.T) {
	got, tr, err := sim.Run(1, func() *rt.Task[string] {
		bootEcho(sim.Running(), "b")
		return readTimeoutAsync("b:80")
	})
	if got != "hi\n" || err != nil {
		t.Fatalf("readTimeout = %q, %v\n%v", got, err, tr)
	}
}

func TestHostPanic(t *testing.T) {
	_, _, err := sim.Run(1, func() *rt.Task[int] {
		w := sim.Running()
		h := w.Host("b")
		h.Start(func() rt.AnyTask { return sleeperAsync(1, time.Hour) })
		h.Loop().CallLater(time.Second, func() { panic("boom") })
		return sleeperAsync(2, time.Second)
	})
	if err == nil || !strings.Contains(err.Error(), "host b") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("a host's callback panicked: the run says %v", err)
	}
}

// closeWhileReading dials address, and closes the connection a second
// into a read of it, which must fail with net.ErrClosed; a second Close
// says so too.
//
// async
func closeWhileReading(address string) error {
	c, err := rt.Await(rt.Dial("tcp", address))
	if err != nil {
		return err
	}
	var g rt.Group
	read := readOneAsync(c)
	g.Go(read)
	g.Go(closeAfterAsync(c, time.Second))
	rt.Await(g.Wait())
	if _, err := rt.Await(read); !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("read of a Conn closed under it: %v, want net.ErrClosed", err)
	}
	if err := c.Close(); !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("second Close: %v, want net.ErrClosed", err)
	}
	return nil
}

// readOne reads once from c.
//
// async
func readOne(c *rt.Conn) (int, error) {
	return rt.Await(c.Read(make([]byte, 8)))
}

// closeAfter closes c after d.
//
// async
func closeAfter(c *rt.Conn, d time.Duration) error {
	rt.Await(rt.Sleep(d))
	return c.Close()
}

func TestNetClose(t *testing.T) {
	_, tr, err := sim.Run(1, func() *rt.Task[struct{}] {
		bootEcho(sim.Running(), "b")
		return closeWhileReadingAsync("b:80")
	})
	if err != nil {
		t.Fatalf("%v\n%v", err, tr)
	}
}
