//go:build unix

package rt_test

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/asyncgen/asyncgen/rt"
)

// nonblockingPipe returns a pipe whose read end is non-blocking; the test
// closes both ends.
func nonblockingPipe(t *testing.T) (r, w int) {
	t.Helper()
	var fds [2]int
	if err := unix.Pipe(fds[:]); err != nil {
		t.Fatal(err)
	}
	if err := unix.SetNonblock(fds[0], true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

func TestWaitFDReadable(t *testing.T) {
	l := newLoop(t)
	r, w := nonblockingPipe(t)
	buf := make([]byte, 8)
	if _, err := unix.Read(r, buf); err != unix.EAGAIN {
		t.Fatalf("read of an empty pipe: %v, want EAGAIN", err)
	}
	task := await(rt.WaitFD(r, rt.Readable))
	l.Spawn(task)
	// The task waits: write once it has begun to.
	l.CallSoon(func() { unix.Write(w, []byte("x")) })
	ev, err := run(t, l, task)
	if err != nil || ev&rt.Readable == 0 {
		t.Fatalf("WaitFD = %v, %v; want Readable", ev, err)
	}
	if n, _ := unix.Read(r, buf); n != 1 {
		t.Fatalf("read %d bytes after the wait, want 1", n)
	}
	// Edge-triggered: a second wait, after EAGAIN, completes on new data
	// written by another goroutine.
	unix.Read(r, buf)
	task = await(rt.WaitFD(r, rt.Readable))
	l.Spawn(task)
	l.CallSoon(func() { go unix.Write(w, []byte("y")) })
	if _, err := run(t, l, task); err != nil {
		t.Fatal(err)
	}
}

func TestWaitFDTimeoutAndCancel(t *testing.T) {
	l := newLoop(t)
	r, _ := nonblockingPipe(t)
	task := await(rt.Timeout(rt.WaitFD(r, rt.Readable), time.Millisecond))
	if _, err := run(t, l, task); !errors.Is(err, rt.ErrTimeout) {
		t.Fatalf("WaitFD under Timeout on a silent pipe: %v, want ErrTimeout", err)
	}
	task = await(rt.WaitFD(r, rt.Readable))
	l.Spawn(task)
	l.CallSoon(func() { task.Cancel() })
	if _, err := run(t, l, task); !errors.Is(err, rt.ErrCanceled) {
		t.Fatalf("cancelled WaitFD: %v, want ErrCanceled", err)
	}
}

func TestWaitFDWritable(t *testing.T) {
	l := newLoop(t)
	_, w := nonblockingPipe(t)
	ev, err := run(t, l, await(rt.WaitFD(w, rt.Writable)))
	if err != nil || ev&rt.Writable == 0 {
		t.Fatalf("WaitFD(Writable) on an empty pipe = %v, %v", ev, err)
	}
}

func TestWaitFDBlocking(t *testing.T) {
	r, w := nonblockingPipe(t)
	go func() {
		time.Sleep(time.Millisecond)
		unix.Write(w, []byte("z"))
	}()
	ev, err := rt.Await(rt.WaitFD(r, rt.Readable))
	if err != nil || ev != rt.Readable {
		t.Fatalf("blocking WaitFD = %v, %v", ev, err)
	}
}

// TestWaitFDHangup: closing the write end of a pipe wakes a task waiting
// for the read end, which then reads the end of the stream.
func TestWaitFDHangup(t *testing.T) {
	l := newLoop(t)
	var fds [2]int
	if err := unix.Pipe(fds[:]); err != nil {
		t.Fatal(err)
	}
	r, w := fds[0], fds[1]
	defer unix.Close(r)
	if err := unix.SetNonblock(r, true); err != nil {
		t.Fatal(err)
	}
	task := await(rt.WaitFD(r, rt.Readable))
	l.Spawn(task)
	l.CallSoon(func() { unix.Close(w) })
	if ev, err := run(t, l, task); err != nil || ev&rt.Readable == 0 {
		t.Fatalf("WaitFD after the writer closed = %v, %v; want Readable", ev, err)
	}
	if n, err := unix.Read(r, make([]byte, 8)); n != 0 || err != nil {
		t.Fatalf("read after the hang-up = %d, %v; want 0, nil (EOF)", n, err)
	}
}
