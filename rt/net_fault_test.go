//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// stdPeer listens with the net package on 127.0.0.1 and hands each
// connection it accepts to serve, on a goroutine; the test waits for
// serve to return.
func stdPeer(t *testing.T, serve func(c *net.TCPConn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		ln.Close()
		if err != nil {
			return
		}
		serve(c.(*net.TCPConn))
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

func TestHalfClose(t *testing.T) {
	l := newLoop(t)
	ln := listen(t, "tcp", "127.0.0.1:0")
	var c *rt.Conn
	var n int
	buf := make([]byte, 16)
	var got []byte
	var eofErr error
	server := steps(
		func() rt.Op[struct{}] { return into(&c, ln.Accept()) },
		func() rt.Op[struct{}] { return into(&n, c.Read(buf)) },
		func() rt.Op[struct{}] {
			got = append(got, buf[:n]...)
			return errOf(&eofErr, c.Read(buf))
		},
		func() rt.Op[struct{}] { return into(&n, c.Write([]byte("ok"))) },
		func() rt.Op[struct{}] { c.Close(); return nil },
	)
	l.Spawn(server)
	done := make(chan error, 1)
	go func() {
		c, err := rt.Await(rt.Dial("tcp", ln.Addr().String()))
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		rt.Await(c.Write([]byte("abc")))
		if err := c.CloseWrite(); err != nil {
			done <- err
			return
		}
		b, err := io.ReadAll(connReader{c})
		if string(b) != "ok" {
			err = errors.Join(err, errors.New("client read "+string(b)+" after its CloseWrite, want ok"))
		}
		done <- err
	}()
	if _, err := run(t, l, server); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if string(got) != "abc" || eofErr != io.EOF {
		t.Errorf("server read %q then %v; want abc then io.EOF", got, eofErr)
	}
}

// connReader is an io.Reader over a Conn in blocking mode.
type connReader struct{ c *rt.Conn }

func (r connReader) Read(b []byte) (int, error) { return rt.Await(r.c.Read(b)) }

func TestConnReset(t *testing.T) {
	l := newLoop(t)
	dialed := make(chan struct{})
	addr := stdPeer(t, func(c *net.TCPConn) {
		<-dialed
		c.SetLinger(0) // close with a reset
		c.Close()
	})
	var c *rt.Conn
	var readErr error
	buf := make([]byte, 16)
	task := steps(
		func() rt.Op[struct{}] { return into(&c, rt.Dial("tcp", addr)) },
		func() rt.Op[struct{}] {
			close(dialed)
			return errOf(&readErr, c.Read(buf))
		},
	)
	if _, err := run(t, l, task); err != nil {
		t.Fatal(err)
	}
	var oe *net.OpError
	if !errors.Is(readErr, syscall.ECONNRESET) || !errors.As(readErr, &oe) || oe.Op != "read" {
		t.Fatalf("read of a reset connection: %v, want a *net.OpError read matching ECONNRESET", readErr)
	}
}

func TestCloseCompletesPendingOps(t *testing.T) {
	l := newLoop(t)
	ln := listen(t, "tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	peer, peerDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(peerDone)
		c, err := net.Dial("tcp", addr)
		if err == nil {
			<-peer // keep it open, silent
			c.Close()
		}
	}()
	defer func() { close(peer); <-peerDone }()
	c, err := run(t, l, await(ln.Accept()))
	if err != nil {
		t.Fatal(err)
	}
	read := await(c.Read(make([]byte, 8)))
	accept := await(ln.Accept())
	l.Spawn(read)
	l.Spawn(accept)
	l.CallSoon(func() { c.Close(); ln.Close() })
	run(t, l, read)
	run(t, l, accept)
	if _, err := read.Result(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("read pending at Close: %v, want net.ErrClosed", err)
	}
	if _, err := accept.Result(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("accept pending at Close: %v, want net.ErrClosed", err)
	}
	if err := c.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close: %v, want net.ErrClosed", err)
	}
}

// TestCloseWakesBlockingRead: a read blocked in blocking mode ends when
// another goroutine closes the connection.
func TestCloseWakesBlockingRead(t *testing.T) {
	addr := stdPeer(t, func(c *net.TCPConn) {
		io.Copy(io.Discard, c) // silent until the other side closes
		c.Close()
	})
	c, err := rt.Await(rt.Dial("tcp", addr))
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error)
	go func() {
		_, err := rt.Await(c.Read(make([]byte, 8)))
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond) // let the read block; it fails the same if it has not
	c.Close()
	if err := <-errc; !errors.Is(err, net.ErrClosed) {
		t.Fatalf("blocked read after Close: %v, want net.ErrClosed", err)
	}
}

func TestDialRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	l := newLoop(t)
	if _, err := run(t, l, await(rt.Dial("tcp", addr))); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Dial of a closed port on a loop: %v, want ECONNREFUSED", err)
	}
	if _, err := rt.Await(rt.Dial("tcp", addr)); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Dial of a closed port in blocking mode: %v, want ECONNREFUSED", err)
	}
}

func TestReadTimeoutThenRead(t *testing.T) {
	l := newLoop(t)
	ready := make(chan struct{})
	addr := stdPeer(t, func(c *net.TCPConn) {
		<-ready
		c.Write([]byte("late"))
		c.Close()
	})
	c, err := run(t, l, await(rt.Dial("tcp", addr)))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 8)
	if _, err := run(t, l, await(rt.Timeout(c.Read(buf), time.Millisecond))); !errors.Is(err, rt.ErrTimeout) {
		t.Fatalf("read of a silent peer under Timeout: %v, want ErrTimeout", err)
	}
	close(ready)
	n, err := run(t, l, await(c.Read(buf)))
	if err != nil || string(buf[:n]) != "late" {
		t.Fatalf("read after a timed-out read: %q, %v", buf[:n], err)
	}
}

// TestWriteWholeBuffer: a write far larger than the socket's buffers
// finishes only when the slow peer has taken all of it.
func TestWriteWholeBuffer(t *testing.T) {
	l := newLoop(t)
	msg := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MiB
	got := make(chan []byte, 1)
	addr := stdPeer(t, func(c *net.TCPConn) {
		var b bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := c.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		got <- b.Bytes()
	})
	c, err := run(t, l, await(rt.Dial("tcp", addr)))
	if err != nil {
		t.Fatal(err)
	}
	n, err := run(t, l, await(c.Write(msg)))
	if err != nil || n != len(msg) {
		t.Fatalf("Write = %d, %v; want %d", n, err, len(msg))
	}
	c.CloseWrite()
	if b := <-got; !bytes.Equal(b, msg) {
		t.Fatalf("peer got %d bytes, want the %d written", len(b), len(msg))
	}
}

func TestUDP(t *testing.T) {
	for _, address := range []string{"127.0.0.1:0", "[::1]:0"} {
		t.Run(address, func(t *testing.T) {
			l := newLoop(t)
			pc, err := run(t, l, await(rt.ListenPacket("udp", address)))
			if err != nil {
				if address == "[::1]:0" {
					t.Skipf("no IPv6 loopback: %v", err)
				}
				t.Fatal(err)
			}
			peer, err := net.ListenPacket("udp", address)
			if err != nil {
				t.Fatal(err)
			}
			defer peer.Close()
			go func() {
				buf := make([]byte, 64)
				n, from, err := peer.ReadFrom(buf)
				if err == nil {
					peer.WriteTo(append([]byte("re: "), buf[:n]...), from)
				}
			}()
			if _, err := run(t, l, await(pc.WriteTo([]byte("hi"), peer.LocalAddr()))); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 64)
			d, err := run(t, l, await(pc.ReadFrom(buf)))
			if err != nil {
				t.Fatal(err)
			}
			if string(buf[:d.N]) != "re: hi" || d.Addr.String() != peer.LocalAddr().String() {
				t.Errorf("ReadFrom = %q from %v; want \"re: hi\" from %v", buf[:d.N], d.Addr, peer.LocalAddr())
			}
		})
	}
}

// TestLoopCloseClosesSockets: Close closes every socket the loop made,
// completes the operations pending on them, and leaves no descriptor.
func TestLoopCloseClosesSockets(t *testing.T) {
	before := openFDs(t)
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := run(t, l, await(rt.Listen("tcp", "127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	c, err := run(t, l, await(rt.Dial("tcp", ln.Addr().String())))
	if err != nil {
		t.Fatal(err)
	}
	s, err := run(t, l, await(ln.Accept()))
	if err != nil {
		t.Fatal(err)
	}
	reader := await(s.Read(make([]byte, 8))) // a task waiting
	l.Spawn(reader)
	pending := c.Read(make([]byte, 8)).Start(l) // an op no task awaits
	l.Spawn(await(ln.Accept()))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := reader.Result(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("task reading at Close: %v, want ErrCanceled", err)
	}
	if err := pending.Err(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("read pending at Close: %v, want net.ErrClosed", err)
	}
	if after := openFDs(t); after != before {
		t.Errorf("%d descriptors open after Loop.Close, %d before", after, before)
	}
}

// TestSocketAcrossLoops: a connection made on one loop is used in blocking
// mode, where Timeout runs it on a private loop, and then on its loop
// again; its loop's Close closes it.
func TestSocketAcrossLoops(t *testing.T) {
	l := newLoop(t)
	ln := listen(t, "tcp", "127.0.0.1:0")
	c, err := run(t, l, await(rt.Dial("tcp", ln.Addr().String())))
	if err != nil {
		t.Fatal(err)
	}
	s, err := rt.Await(ln.Accept())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	buf := make([]byte, 8)
	// On a private loop: registers there, waits, times out.
	if _, err := rt.Await(rt.Timeout(c.Read(buf), time.Millisecond)); !errors.Is(err, rt.ErrTimeout) {
		t.Fatalf("blocking Read under Timeout: %v, want ErrTimeout", err)
	}
	rt.Await(s.Write([]byte("one")))
	if n, err := rt.Await(rt.Timeout(c.Read(buf), time.Minute)); err != nil || string(buf[:n]) != "one" {
		t.Fatalf("blocking Read under Timeout: %q, %v", buf[:n], err)
	}
	// Back on its own loop, waiting there.
	read := await(c.Read(buf))
	l.Spawn(read)
	wrote := make(chan struct{})
	l.CallSoon(func() {
		go func() {
			defer close(wrote)
			rt.Await(s.Write([]byte("two")))
		}()
	})
	n, err := run(t, l, read)
	<-wrote
	if err != nil || string(buf[:n]) != "two" {
		t.Fatalf("Read on the loop: %q, %v", buf[:n], err)
	}
	l.Close()
	if _, err := rt.Await(c.Read(buf)); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Read after its loop closed: %v, want net.ErrClosed", err)
	}
}

// TestWriteToResetConn: writing to a connection the peer has reset fails
// with an error (EPIPE or ECONNRESET), and does not kill the process with
// SIGPIPE.
func TestWriteToResetConn(t *testing.T) {
	l := newLoop(t)
	dialed := make(chan struct{})
	addr := stdPeer(t, func(c *net.TCPConn) {
		<-dialed
		c.SetLinger(0)
		c.Close()
	})
	c, err := run(t, l, await(rt.Dial("tcp", addr)))
	if err != nil {
		t.Fatal(err)
	}
	close(dialed)
	// The first write may be taken before the reset arrives; a later one
	// fails.
	msg := make([]byte, 1024)
	for range 1000 {
		_, err = run(t, l, await(c.Write(msg)))
		if err != nil {
			break
		}
		run(t, l, await(rt.Sleep(time.Millisecond)))
	}
	if !errors.Is(err, syscall.EPIPE) && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("write to a reset connection: %v, want EPIPE or ECONNRESET", err)
	}
}
