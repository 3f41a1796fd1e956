package rt

import (
	"runtime"
	"testing"
	"time"
)

// TestBufferPool checks the loop's pool of Reader buffers: a running loop
// lends again, at once, the buffer it was given back, and holds it weakly
// once it has waited or stopped, so that the garbage collector frees the
// buffers of a loop that has gone quiet.
func TestBufferPool(t *testing.T) {
	l, err := NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	b := l.borrow()
	l.lend(b)
	if again := l.borrow(); &again[0] != &b[0] {
		t.Error("the buffer given back is not the one lent next")
	}
	l.lend(b)
	b = nil
	done := NewFuture[struct{}]()
	done.Resolve(struct{}{})
	if err := l.RunUntil(NewTask(&opFrame[struct{}]{op: done})); err != nil {
		t.Fatal(err)
	}
	if len(l.bufs) != 0 || len(l.cold) != 1 {
		t.Fatalf("after the loop stopped: %d buffers held, %d held weakly; want 0 and 1", len(l.bufs), len(l.cold))
	}
	runtime.GC()
	if l.cold[0].Value() != nil {
		t.Error("the garbage collector did not free the buffer that a stopped loop held")
	}
	if got := l.borrow(); len(got) != readerBufSize || len(l.cold) != 0 {
		t.Errorf("borrow after the pool's buffer was freed: %d bytes, %d left in the pool", len(got), len(l.cold))
	}
}

// TestBufferPoolCoolsWhenIdle checks when a running loop lets its pool go:
// not while it waits less than coolAfter (a busy loop, between requests),
// and once it has waited that long with nothing to do.
func TestBufferPoolCoolsWhenIdle(t *testing.T) {
	for _, c := range []struct {
		sleep      time.Duration
		held, weak int
	}{
		{coolAfter / 4, 1, 0},
		{20 * coolAfter, 0, 1},
	} {
		l, err := NewLoop()
		if err != nil {
			t.Fatal(err)
		}
		l.lend(l.borrow())
		var held, weak int
		task := NewTask(&opFrame[struct{}]{op: Sleep(c.sleep)})
		task.OnDone(func() { held, weak = len(l.bufs), len(l.cold) })
		if err := l.RunUntil(task); err != nil {
			t.Fatal(err)
		}
		if held != c.held || weak != c.weak {
			t.Errorf("after a sleep of %v: %d buffers held, %d held weakly; want %d and %d", c.sleep, held, weak, c.held, c.weak)
		}
		l.Close()
	}
}
