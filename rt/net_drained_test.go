//go:build linux

package rt

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// threadReads returns how many read(2) calls the calling thread has made
// (syscr in /proc/thread-self/io, which counts the calls that fail with
// EAGAIN too), and false if the kernel does not keep the count.
func threadReads() (int, bool) {
	b, err := os.ReadFile("/proc/thread-self/io")
	if err != nil {
		return 0, false
	}
	for line := range bytes.Lines(b) {
		if v, ok := bytes.CutPrefix(line, []byte("syscr: ")); ok {
			n, err := strconv.Atoi(string(bytes.TrimSpace(v)))
			return n, err == nil
		}
	}
	return 0, false
}

// TestReaderSkipsReadOnDrainedSocket checks that a Reader whose last read
// came back short, on a socket the loop has registered, next waits for the
// selector without calling read(2), which could only fail with EAGAIN
// (see fdReg.drained): reading a message that has not yet come then takes
// one read(2), the one that gets it. (Before the socket is registered,
// the Reader reads first, as the loop has no edge to wait for.) The loop
// runs on this goroutine, locked to its thread, so the thread's count of
// read calls is the loop's and threadReads' own, which the test measures
// and leaves out.
func TestReaderSkipsReadOnDrainedSocket(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, ok := threadReads()
	c1, _ := threadReads()
	if !ok {
		t.Skip("the kernel keeps no count of a thread's read calls")
	}
	cost := c1 - c0 // the reads of one threadReads

	l := newTestLoop(t)
	c, s := tcpPair(t, l)
	r := NewReader(s)
	// Each read waits before its message comes: the first registers the
	// socket with the loop, and the message ends it with a read that
	// returns less than it asked for, so that the socket is drained.
	for i, msg := range []string{"a", "b"} {
		var before, after int
		read := NewTask(&opFrame[[]byte]{op: r.ReadSome()})
		before, _ = threadReads()
		l.Spawn(read)                     // it runs first, and finds nothing...
		runOp(t, l, c.Write([]byte(msg))) // ...before this writes
		if err := l.RunUntil(read); err != nil {
			t.Fatal(err)
		}
		after, _ = threadReads()
		if got, err := read.Result(); err != nil || string(got) != msg {
			t.Fatalf("ReadSome %d = %q, %v; want %q", i, got, err, msg)
		}
		want := 2 // the first finds the socket empty (EAGAIN), the second reads
		if i > 0 {
			want = 1 // drained: no read until the selector reports the socket
		}
		if n := after - before - cost; n != want {
			t.Errorf("ReadSome %d of a message that had not come made %d read(2) calls, want %d", i, n, want)
		}
	}
}
