//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// runOp runs op to its end on l, in a task of its own.
func runOp[T any](t *testing.T, l *Loop, op Op[T]) T {
	t.Helper()
	task := NewTask(&opFrame[T]{op: op})
	if err := l.RunUntil(task); err != nil {
		t.Fatal(err)
	}
	v, err := task.Result()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// tcpPair returns the two ends of a loopback TCP connection on l, the
// client's and the server's.
func tcpPair(t *testing.T, l *Loop) (client, server *Conn) {
	t.Helper()
	var c *Conn
	s := acceptDialed(t, l, func(addr string) {
		c = runOp(t, l, Dial("tcp", addr))
		t.Cleanup(func() { c.Close() })
	})
	return c, s
}

// acceptDialed listens on l, calls dial with the address while a task
// accepts, and returns the accepted Conn.
func acceptDialed(t *testing.T, l *Loop, dial func(addr string)) *Conn {
	t.Helper()
	ln := runOp(t, l, Listen("tcp", "127.0.0.1:0"))
	t.Cleanup(func() { ln.Close() })
	acc := NewTask(&opFrame[*Conn]{op: ln.Accept()})
	l.Spawn(acc)
	dial(ln.Addr().String())
	if err := l.RunUntil(acc); err != nil {
		t.Fatal(err)
	}
	s, err := acc.Result()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// parkedPair returns the server end of a loopback connection on l, after
// it has written once and while a task waits to read from it: its write
// op is done, and noted to be parked (see Loop.parkLater).
func parkedPair(t *testing.T, l *Loop) *pollFD {
	t.Helper()
	_, s := tcpPair(t, l)
	runOp(t, l, s.Write([]byte("x")))
	p := s.s.(*pollFD)
	if p.wop.Load() == nil {
		t.Fatal("the Conn kept no write op")
	}
	l.Spawn(NewTask(&opFrame[int]{op: s.Read(make([]byte, 8))}))
	return p
}

// opsParked reports whether Conn p's write op is in loop l's pool.
func opsParked(l *Loop, p *pollFD) bool { return p.wop.Load() == nil && len(l.ops) == 1 }

// TestConnOpsParkWhenIdle checks when a Conn that waits to read gives its
// done ops to the loop's pool: not while the loop is busy (it waits less
// than coolAfter at a time), and once the loop goes idle.
func TestConnOpsParkWhenIdle(t *testing.T) {
	for _, c := range []struct {
		sleep  time.Duration
		parked bool
	}{
		{coolAfter / 4, false},
		{20 * coolAfter, true},
	} {
		l := newTestLoop(t)
		p := parkedPair(t, l)
		var got bool
		task := NewTask(&opFrame[struct{}]{op: Sleep(c.sleep)})
		task.OnDone(func() { got = opsParked(l, p) })
		if err := l.RunUntil(task); err != nil {
			t.Fatal(err)
		}
		if got != c.parked {
			t.Errorf("after a sleep of %v: write op parked %v, want %v", c.sleep, got, c.parked)
		}
	}
}

// TestConnOpsParkOnABusyLoop: a loop that never goes idle parks the ops
// all the same once parkAfter has passed, whether its turns wait less than
// coolAfter (for a timer) or never wait (work always ready: then every
// pollEvery turns), so that the Conns it noted, closed ones too, do not
// pile up.
func TestConnOpsParkOnABusyLoop(t *testing.T) {
	for _, busy := range []struct {
		name string
		run  func(l *Loop) error
	}{
		{"a turn that waits less than coolAfter", func(l *Loop) error {
			l.CallLater(coolAfter/4, func() {})
			return l.turn(true)
		}},
		{"pollEvery turns that do not wait", func(l *Loop) error {
			for range pollEvery {
				if err := l.turn(false); err != nil {
					return err
				}
			}
			return nil
		}},
	} {
		for _, since := range []time.Duration{parkAfter / 2, parkAfter} {
			l := newTestLoop(t)
			p := parkedPair(t, l)
			if err := l.turn(false); err != nil { // the read starts, and waits
				t.Fatal(err)
			}
			l.parkedAt = l.now() - int64(since)
			if err := busy.run(l); err != nil {
				t.Fatal(err)
			}
			if got, want := opsParked(l, p), since >= parkAfter; got != want {
				t.Errorf("%s, %v after the last parking: write op parked %v, want %v", busy.name, since, got, want)
			}
		}
	}
}

// newTestLoop returns a loop that the test closes.
func newTestLoop(t *testing.T) *Loop {
	l, err := NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// testWaiter is an fdWaiter that stays waiting.
type testWaiter struct{ dir Events }

func (w *testWaiter) retry() bool     { return false }
func (w *testWaiter) abort(error)     {}
func (w *testWaiter) waitDir() Events { return w.dir }

// TestRegistrationQueueSpills: a registration keeps one waiter inline;
// a second moves the queue to an array of its own, after which the inline
// slot holds no copy of the first (which would keep it alive), and once
// the queue is empty the next waiter is inline again.
func TestRegistrationQueueSpills(t *testing.T) {
	l := newTestLoop(t)
	var fds [2]int
	if err := unix.Pipe(fds[:]); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[1])
	p := newPollFD(fds[0], l)
	defer p.close(l)
	a, b := &testWaiter{Readable}, &testWaiter{Writable}
	for _, w := range []*testWaiter{a, b} {
		if err := l.waitFD(p, w); err != nil {
			t.Fatal(err)
		}
	}
	r := l.regOf(p)
	if r == nil || len(r.q) != 2 || r.q[0] != fdWaiter(a) || r.q[1] != fdWaiter(b) {
		t.Fatalf("queue after two waits: %v", r)
	}
	if r.q0[0] != nil {
		t.Errorf("the inline slot still holds %v once the queue has spilled", r.q0[0])
	}
	l.unwaitFD(p, a)
	l.unwaitFD(p, b)
	if err := l.waitFD(p, a); err != nil {
		t.Fatal(err)
	}
	if &r.q[0] != &r.q0[0] {
		t.Error("the only waiter of an emptied queue is not inline")
	}
}
