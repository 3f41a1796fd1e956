package rt

import (
	"runtime"
	"testing"
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
