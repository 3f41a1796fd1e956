//go:build linux

package rt

import (
	"bytes"
	"fmt"
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
// selector without reading, which could only fail with EAGAIN (see
// fdReg.drained): reading a message that has not yet come then takes one
// read, the one that gets it. (Before the socket is registered, the
// Reader reads first, as the loop has no edge to wait for.)
//
// It counts the reads two ways. With the loop's ioRing, they are the
// recv requests queued in it. Without, they are read(2) calls: the loop runs on
// this goroutine, locked to its thread, so the thread's count of read
// calls is the loop's and threadReads' own, which the test measures and
// leaves out.
func TestReaderSkipsReadOnDrainedSocket(t *testing.T) {
	for _, ring := range []bool{false, true} {
		t.Run(fmt.Sprintf("ring=%v", ring), func(t *testing.T) {
			l := newTestLoop(t)
			var reads func() int
			if ring {
				if l.ring() == nil {
					t.Skip("no io_uring here")
				}
				reads = l.uring.recvs
			} else {
				l.ringTried = true // and none made
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				c0, ok := threadReads()
				c1, _ := threadReads()
				if !ok {
					t.Skip("the kernel keeps no count of a thread's read calls")
				}
				cost := c1 - c0 // the reads of one threadReads
				n := 0
				reads = func() int {
					c, _ := threadReads()
					n -= cost
					return c + n
				}
			}
			readTwice(t, l, reads)
		})
	}
}

// readTwice reads two messages on l with a Reader, each of which comes
// once the read waits for it, and checks how many reads each took, as
// reads counts them.
func readTwice(t *testing.T, l *Loop, reads func() int) {
	c, s := tcpPair(t, l)
	r := NewReader(s)
	for i, msg := range []string{"a", "b"} {
		read := NewTask(&opFrame[[]byte]{op: r.ReadSome()})
		before := reads()
		l.Spawn(read)                     // it runs first, and finds nothing...
		runOp(t, l, c.Write([]byte(msg))) // ...before this writes
		if err := l.RunUntil(read); err != nil {
			t.Fatal(err)
		}
		after := reads()
		if got, err := read.Result(); err != nil || string(got) != msg {
			t.Fatalf("ReadSome %d = %q, %v; want %q", i, got, err, msg)
		}
		want := 2 // the first finds the socket empty (EAGAIN), the second reads
		if i > 0 {
			want = 1 // drained: no read until the selector reports the socket
		}
		if n := after - before; n != want {
			t.Errorf("ReadSome %d of a message that had not come made %d reads, want %d", i, n, want)
		}
	}
}
