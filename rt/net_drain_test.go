//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt_test

import (
	"net"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// probeOp completes at once with what fn returns when it starts.
type probeOp struct {
	fut rt.Future[int]
	fn  func() int
}

func (p *probeOp) Start(*rt.Loop) *rt.Future[int] {
	p.fut.Resolve(p.fn())
	return &p.fut
}

// TestReadAfterShortReadWaits checks that a read that follows a short read
// (one that drained the socket) waits for the selector instead of making
// a system call bound to fail with EAGAIN; and that it still gets the
// data that comes next.
func TestReadAfterShortReadWaits(t *testing.T) {
	ln := listen(t, "tcp", "127.0.0.1:0")
	defer ln.Close()
	peer, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	send := func(msg string) *probeOp {
		return &probeOp{fn: func() int {
			if _, err := peer.Write([]byte(msg)); err != nil {
				t.Error(err)
			}
			return 0
		}}
	}
	var c *rt.Conn
	var first, second []int
	buf, buf2 := make([]byte, 100), make([]byte, 100)
	var before, calls int64
	task := steps(
		func() rt.Op[struct{}] { return into(&c, ln.Accept()) },
		// A read that waits (and so registers the socket with the
		// selector), then gets 5 bytes of the 100 it asked for.
		func() rt.Op[struct{}] { return into(&first, rt.All(c.Read(buf), send("hello"))) },
		// The next read, started with nothing there: it must wait
		// without a read call; then it gets what comes.
		func() rt.Op[struct{}] {
			return into(&second, rt.All[int](
				&probeOp{fn: func() int { before = rt.ReadAttempts(); return 0 }},
				c.Read(buf2),
				&probeOp{fn: func() int { calls = rt.ReadAttempts() - before; return 0 }},
				send("again"),
			))
		},
		func() rt.Op[struct{}] { c.Close(); return nil },
	)
	if _, err := rt.Run(task); err != nil {
		t.Fatal(err)
	}
	if first[0] != 5 || string(buf[:5]) != "hello" || second[1] != 5 || string(buf2[:5]) != "again" {
		t.Fatalf("read %d %q, then %d %q", first[0], buf[:first[0]], second[1], buf2[:second[1]])
	}
	if calls != 0 {
		t.Errorf("the read after a short read made %d read calls before the socket was readable, want 0", calls)
	}
}
