//go:build linux

package rt

import (
	"errors"
	"net"
	"testing"
	"time"
)

// ringLoop returns a new loop that has an ioRing, or skips the test.
func ringLoop(t *testing.T) *Loop {
	t.Helper()
	l := newTestLoop(t)
	if l.ring() == nil {
		t.Skip("no io_uring here (or ASYNCGEN_IORING=0, or the race detector)")
	}
	return l
}

// netPair returns a Conn of l and the net.Conn at its other end, which
// the test writes and reads without the loop.
func netPair(t *testing.T, l *Loop) (*Conn, net.Conn) {
	t.Helper()
	var peer net.Conn
	c := acceptDialed(t, l, func(addr string) {
		var err error
		if peer, err = net.Dial("tcp", addr); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { peer.Close() })
	})
	return c, peer
}

// turn runs one turn of l that may wait, up to a second.
func turn(t *testing.T, l *Loop) {
	t.Helper()
	task := NewTask(&opFrame[struct{}]{op: Sleep(0)})
	if err := l.RunUntil(task); err != nil {
		t.Fatal(err)
	}
}

// TestRingCancelQueuedWrite: a write cancelled while its call waits in
// the ring, before the loop submits it, sends nothing and reports no
// bytes written.
func TestRingCancelQueuedWrite(t *testing.T) {
	l := ringLoop(t)
	c, peer := netPair(t, l)
	fut := c.Write([]byte("lost")).Start(l) // queued until the turn ends
	if !fut.Cancel() {
		t.Fatal("Cancel of a queued write = false")
	}
	if n, err := fut.Result(); n != 0 || !errors.Is(err, ErrCanceled) {
		t.Fatalf("cancelled write = %d, %v; want 0, ErrCanceled", n, err)
	}
	runOp(t, l, c.Write([]byte("kept")))
	peer.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 16)
	n, err := peer.Read(buf)
	if err != nil || string(buf[:n]) != "kept" {
		t.Fatalf("the peer read %q, %v; want %q", buf[:n], err, "kept")
	}
}

// TestRingCancelInFlightRead: two Readers' reads complete in one batch of
// the ring, and the completion of whichever comes first cancels the
// other, whose read has been made already. The cancelled op fails with
// ErrCanceled, and what its read brought stays in its Reader: the next
// read returns it.
func TestRingCancelInFlightRead(t *testing.T) {
	l := ringLoop(t)
	c1, p1 := netPair(t, l)
	c2, p2 := netPair(t, l)
	r1, r2 := NewReader(c1), NewReader(c2)
	f1, f2 := r1.ReadSome().Start(l), r2.ReadSome().Start(l)
	f1.OnDone(func() { f2.Cancel() })
	f2.OnDone(func() { f1.Cancel() })
	turn(t, l) // both find nothing and wait
	if f1.Done() || f2.Done() {
		t.Fatal("a read finished before anything was sent")
	}
	recvs := l.uring.recvs()
	p1.Write([]byte("one"))
	p2.Write([]byte("two"))
	for !f1.Done() || !f2.Done() {
		turn(t, l)
	}
	if n := l.uring.recvs() - recvs; n != 2 {
		t.Fatalf("%d reads queued, want 2", n)
	}
	// The Readers' next ops reuse the futures: take the results first.
	got1, err1 := f1.Result()
	got2, err2 := f2.Result()
	if (err1 == nil) == (err2 == nil) {
		t.Errorf("results %v and %v: want one read done and the other cancelled", err1, err2)
	}
	for _, c := range []struct {
		got  []byte
		err  error
		r    *Reader
		want string
	}{{got1, err1, r1, "one"}, {got2, err2, r2, "two"}} {
		got, err := c.got, c.err
		switch {
		case errors.Is(err, ErrCanceled):
			c.r.SetDeadline(time.Now().Add(5 * time.Second)) // a lost message fails, not hangs
			if again := runOp(t, l, c.r.ReadSome()); string(again) != c.want {
				t.Errorf("after the cancel, ReadSome = %q, want %q", again, c.want)
			}
		case err != nil || string(got) != c.want:
			t.Errorf("ReadSome = %q, %v; want %q", got, err, c.want)
		}
	}
}

// TestRingSoloGoesDirect: once the loop's requests come one at a time, a
// task's writes go out as system calls of their own and the task goes on
// without waiting for the end of the turn; writes on two connections in
// one turn have the ring batch again.
func TestRingSoloGoesDirect(t *testing.T) {
	l := ringLoop(t)
	c1, p1 := netPair(t, l)
	c2, p2 := netPair(t, l)
	runOp(t, l, c1.Write([]byte("x"))) // a batch of one: the ring goes solo
	queued := l.uring.queued()
	write := func(c *Conn, n int) *Task[struct{}] { return NewTask(&writesFrame{c: c, n: n}) }
	turns := l.turns
	if err := l.RunUntil(write(c1, 10)); err != nil {
		t.Fatal(err)
	}
	if n := l.uring.queued() - queued; n != 0 {
		t.Errorf("a lone task's 10 writes queued %d requests, want 0", n)
	}
	if n := l.turns - turns; n > 2 {
		t.Errorf("a lone task's 10 writes took %d turns, want at most 2", n)
	}
	runOp(t, l, c1.Write([]byte("y"))) // many writes, but on one connection
	if n := l.uring.queued() - queued; n != 0 {
		t.Errorf("after a lone task's writes, a write queued %d requests, want 0", n)
	}
	// Two tasks that write on two connections in one turn: the span has
	// requests from two descriptors, so the ring batches again.
	t1, t2 := write(c1, 5), write(c2, 5)
	l.Spawn(t1)
	if err := l.RunUntil(t2); err != nil {
		t.Fatal(err)
	}
	if err := l.RunUntil(t1); err != nil {
		t.Fatal(err)
	}
	if n := l.uring.queued() - queued; n != 0 {
		t.Errorf("the solo ring queued %d requests, want 0", n)
	}
	runOp(t, l, c1.Write([]byte("z")))
	if n := l.uring.queued() - queued; n != 1 {
		t.Errorf("after writes from two connections in a turn, a write queued %d requests, want 1", n)
	}
	for _, p := range []struct {
		c    net.Conn
		want int
	}{{p1, 1 + 10 + 1 + 5 + 1}, {p2, 5}} {
		p.c.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 64)
		got := 0
		for got < p.want {
			n, err := p.c.Read(buf)
			if err != nil {
				t.Fatalf("the peer read %d bytes, then %v; want %d", got, err, p.want)
			}
			got += n
		}
	}
}

// writesFrame writes "y" to c n times, awaiting each write.
type writesFrame struct {
	Frame[struct{}]
	c   *Conn
	n   int
	fut *Future[int]
}

func (f *writesFrame) Resume() Step {
	for {
		if f.PC() == 1 {
			if _, err := AwaitResult(&f.Frame, &f.fut); err != nil {
				return f.Frame.Return(struct{}{}, err)
			}
		}
		if f.n == 0 {
			return f.Frame.Return(struct{}{}, nil)
		}
		f.n--
		f.fut = Begin(&f.Frame, f.c.Write([]byte("y")))
		if f.Frame.Suspend(f.fut, 1) {
			return Suspended
		}
	}
}
