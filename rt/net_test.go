//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt_test

import (
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// into is an op that awaits op and stores its value in *dst, so that a
// script can await ops of any type. Cancelling it does not cancel op: the
// tests of cancellation await op itself.
func into[T any](dst *T, op rt.Op[T]) rt.Op[struct{}] { return &intoOp[T]{op: op, dst: dst} }

// errOf is an op that awaits op, stores its error in *err and succeeds
// itself: for a script step whose failure is what the test expects.
func errOf[T any](err *error, op rt.Op[T]) rt.Op[struct{}] {
	return &intoOp[T]{op: op, errp: err}
}

type intoOp[T any] struct {
	fut   rt.Future[struct{}]
	op    rt.Op[T]
	dst   *T
	errp  *error
	inner *rt.Future[T]
}

func (o *intoOp[T]) Start(l *rt.Loop) *rt.Future[struct{}] {
	if o.inner == nil {
		o.inner = o.op.Start(l)
		o.inner.OnDone(func() {
			v, err := o.inner.Result()
			if o.dst != nil {
				*o.dst = v
			}
			if o.errp != nil {
				*o.errp, err = err, nil
			}
			o.fut.Complete(struct{}{}, err)
		})
	}
	return &o.fut
}

// steps is a script of ops run in order, stopping at the first error.
func steps(ops ...func() rt.Op[struct{}]) *rt.Task[struct{}] {
	return script(func(i int, err error) rt.Op[struct{}] {
		if err != nil || i == len(ops) {
			return nil
		}
		return ops[i]()
	})
}

// listen listens on network and address in blocking mode; the test closes
// the listener.
func listen(t *testing.T, network, address string) *rt.Listener {
	t.Helper()
	ln, err := rt.Await(rt.Listen(network, address))
	if err != nil {
		if network == "tcp6" && address == "[::1]:0" {
			t.Skipf("no IPv6 loopback: %v", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// echoOnce is a task that accepts one connection on ln, reads one message
// of up to 64 bytes and writes it back, then closes the connection.
func echoOnce(ln *rt.Listener, got *string) *rt.Task[struct{}] {
	var c *rt.Conn
	var n int
	buf := make([]byte, 64)
	return steps(
		func() rt.Op[struct{}] { return into(&c, ln.Accept()) },
		func() rt.Op[struct{}] { return into(&n, c.Read(buf)) },
		func() rt.Op[struct{}] {
			*got = string(buf[:n])
			return into(&n, c.Write(buf[:n]))
		},
		func() rt.Op[struct{}] { c.Close(); return nil },
	)
}

// TestEchoTCP: a server task on a loop, a client in blocking mode, over
// 127.0.0.1 and ::1.
func TestEchoTCP(t *testing.T) {
	for _, tc := range []struct{ network, address string }{
		{"tcp", "127.0.0.1:0"}, {"tcp4", "127.0.0.1:0"}, {"tcp6", "[::1]:0"},
	} {
		t.Run(tc.network, func(t *testing.T) {
			before := openFDs(t)
			l := newLoop(t)
			ln := listen(t, tc.network, tc.address)
			var got string
			server := echoOnce(ln, &got)
			l.Spawn(server)
			done := make(chan error, 1)
			go func() { done <- blockingEcho(ln.Addr().String(), "hello") }()
			if _, err := run(t, l, server); err != nil {
				t.Fatalf("server: %v", err)
			}
			if err := <-done; err != nil {
				t.Fatalf("client: %v", err)
			}
			if got != "hello" {
				t.Errorf("server read %q, want hello", got)
			}
			ln.Close()
			l.Close()
			if after := openFDs(t); after != before {
				t.Errorf("%d descriptors open after, %d before", after, before)
			}
		})
	}
}

// blockingEcho dials addr in blocking mode, sends msg and checks that it
// comes back.
func blockingEcho(addr, msg string) error {
	c, err := rt.Await(rt.Dial("tcp", addr))
	if err != nil {
		return err
	}
	defer c.Close()
	if c.RemoteAddr().String() != addr {
		return errors.New("RemoteAddr " + c.RemoteAddr().String() + ", want " + addr)
	}
	if n, err := rt.Await(c.Write([]byte(msg))); err != nil || n != len(msg) {
		return errors.Join(err, errors.New("short write"))
	}
	buf := make([]byte, 64)
	n, err := rt.Await(c.Read(buf))
	if err != nil {
		return err
	}
	if string(buf[:n]) != msg {
		return errors.New("echo " + string(buf[:n]) + ", want " + msg)
	}
	if _, err := rt.Await(c.Read(buf)); err != io.EOF {
		return errors.Join(errors.New("read after the server closed: want io.EOF"), err)
	}
	return nil
}

// TestEchoOneLoop: client and server are tasks of one loop, so every read
// waits for the other side (EAGAIN first, then the selector).
func TestEchoOneLoop(t *testing.T) {
	for _, network := range []string{"tcp", "unix"} {
		t.Run(network, func(t *testing.T) {
			l := newLoop(t)
			address := "127.0.0.1:0"
			if network == "unix" {
				address = filepath.Join(t.TempDir(), "sock")
			}
			ln, err := run(t, l, await(rt.Listen(network, address)))
			if err != nil {
				t.Fatal(err)
			}
			var got string
			server := echoOnce(ln, &got)
			l.Spawn(server)
			var c *rt.Conn
			var n int
			buf := make([]byte, 64)
			client := steps(
				func() rt.Op[struct{}] { return into(&c, rt.Dial(network, ln.Addr().String())) },
				func() rt.Op[struct{}] { return into(&n, c.Read(buf[:0])) }, // an empty read reads nothing
				func() rt.Op[struct{}] { return into(&n, c.Write([]byte("ping"))) },
				func() rt.Op[struct{}] { return into(&n, c.Read(buf)) },
			)
			if _, err := run(t, l, client); err != nil {
				t.Fatalf("client: %v", err)
			}
			if string(buf[:n]) != "ping" || got != "ping" {
				t.Errorf("echoed %q, server read %q; want ping", buf[:n], got)
			}
			if _, err := run(t, l, server); err != nil {
				t.Fatal(err)
			}
			// The loop owns what it made: closing it closes the listener,
			// which removes a unix socket's file.
			l.Close()
			if _, err := rt.Await(ln.Accept()); !errors.Is(err, net.ErrClosed) {
				t.Errorf("Accept after Loop.Close: %v, want net.ErrClosed", err)
			}
			if network == "unix" {
				if _, err := os.Stat(ln.Addr().String()); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("unix socket file after Close: %v", err)
				}
			}
		})
	}
}

// TestListenWrongNetwork: Listen takes stream networks and ListenPacket
// datagram ones, on a loop and in blocking mode alike; the wrong kind is
// an error, not a listener over the wrong kind of socket.
func TestListenWrongNetwork(t *testing.T) {
	l := newLoop(t)
	var unknown net.UnknownNetworkError
	if ln, err := run(t, l, await(rt.Listen("udp", "127.0.0.1:0"))); !errors.As(err, &unknown) {
		if ln != nil {
			ln.Close()
		}
		t.Errorf("Listen(udp) on a loop: %v, want an UnknownNetworkError", err)
	}
	if ln, err := rt.Await(rt.Listen("udp4", "127.0.0.1:0")); !errors.As(err, &unknown) {
		if ln != nil {
			ln.Close()
		}
		t.Errorf("Listen(udp4) in blocking mode: %v, want an UnknownNetworkError", err)
	}
	if pc, err := run(t, l, await(rt.ListenPacket("tcp", "127.0.0.1:0"))); !errors.As(err, &unknown) {
		if pc != nil {
			pc.Close()
		}
		t.Errorf("ListenPacket(tcp) on a loop: %v, want an UnknownNetworkError", err)
	}
	if pc, err := rt.Await(rt.ListenPacket("tcp", "127.0.0.1:0")); !errors.As(err, &unknown) {
		if pc != nil {
			pc.Close()
		}
		t.Errorf("ListenPacket(tcp) in blocking mode: %v, want an UnknownNetworkError", err)
	}
}

// TestConnReadOnTwoLoops: a Conn read on two loops at once is registered
// with each, and each registration keeps its own waiter: data written
// after both began to wait completes one read, more data the other.
// (The first loop to register a descriptor uses the registration inside
// it, the second one of its own: if both shared one, the second
// registration would drop the first's waiter, and its read would hang.)
func TestConnReadOnTwoLoops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := rt.Await(rt.Dial("tcp", ln.Addr().String()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	peer, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()

	loops := [2]*rt.Loop{newLoop(t), newLoop(t)}
	got := make(chan string, 2)
	waiting := make(chan bool, 2)
	errs := make(chan error, 2)
	for _, l := range loops {
		buf := make([]byte, 8)
		task := await(c.Read(buf))
		l.Spawn(task)
		l.CallSoon(func() { waiting <- true }) // after the task's first step: it waits
		go func() {
			if err := l.RunUntil(task); err != nil {
				errs <- err
				return
			}
			n, err := task.Result()
			if err != nil {
				errs <- err
				return
			}
			got <- string(buf[:n])
		}()
	}
	<-waiting
	<-waiting
	var reads []string
	for _, msg := range []string{"x", "y"} {
		if _, err := peer.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		select {
		case s := <-got:
			reads = append(reads, s)
		case err := <-errs:
			t.Fatal(err)
		case <-time.After(10 * time.Second):
			t.Fatalf("after writing %q: reads so far %q; the other loop's read never completed", msg, reads)
		}
	}
	if want := []string{"x", "y"}; !slices.Equal(reads, want) {
		t.Errorf("reads = %q, want %q", reads, want)
	}
}
