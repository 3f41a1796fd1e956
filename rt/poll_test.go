//go:build unix

package rt

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestPollerReadiness(t *testing.T) {
	l, err := NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var fds [2]int
	if err := unix.Pipe(fds[:]); err != nil {
		t.Fatal(err)
	}
	r, w := fds[0], fds[1]
	defer unix.Close(r)

	// Readable: a task waits for what another goroutine writes.
	got := NewFuture[string]()
	err = l.watch(r, Readable, func(ev Events) {
		if ev&Readable == 0 {
			t.Errorf("events %b, want Readable", ev)
		}
		buf := make([]byte, 16)
		n, _ := unix.Read(r, buf)
		got.Resolve(string(buf[:n]))
	})
	if err != nil {
		t.Fatal(err)
	}
	go unix.Write(w, []byte("ping"))
	task := NewTask(&awaitFrame{fut: got})
	if err := l.RunUntil(task); err != nil {
		t.Fatal(err)
	}
	if v, _ := got.Result(); v != "ping" {
		t.Errorf("read %q, want ping", v)
	}

	// Writable: an empty pipe can be written at once.
	writable := NewFuture[Events]()
	if err := l.watch(w, Writable, func(ev Events) { writable.Resolve(ev) }); err != nil {
		t.Fatal(err)
	}
	wt := NewTask(&awaitFrame{fut: writable})
	l.RunUntil(wt)
	if ev, _ := writable.Result(); ev&Writable == 0 {
		t.Errorf("events %b, want Writable", ev)
	}
	if err := l.unwatch(w); err != nil {
		t.Fatal(err)
	}

	// Hang-up: closing the write end makes the read end readable (EOF).
	got2 := NewFuture[string]()
	l.watchers[r] = func(ev Events) {
		buf := make([]byte, 16)
		n, _ := unix.Read(r, buf)
		if n == 0 {
			got2.Resolve("eof")
		}
	}
	unix.Close(w)
	task2 := NewTask(&awaitFrame{fut: got2})
	l.RunUntil(task2)
	if v, _ := got2.Result(); v != "eof" {
		t.Errorf("after close: %q, want eof", v)
	}
	if err := l.unwatch(r); err != nil {
		t.Fatal(err)
	}
	if len(l.watchers) != 0 {
		t.Errorf("watchers left: %v", l.watchers)
	}
}

// awaitFrame awaits fut and returns nothing.
type awaitFrame struct {
	Frame[struct{}]
	fut Waitable
}

func (f *awaitFrame) Resume() Step {
	if f.PC() == 0 && f.Frame.Suspend(f.fut, 1) {
		return Suspended
	}
	return f.Return(struct{}{}, nil)
}
