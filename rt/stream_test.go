//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// awaitIn awaits op in a task on l, or in blocking mode if l is nil.
func awaitIn[T any](t *testing.T, l *rt.Loop, op rt.Op[T]) (T, error) {
	t.Helper()
	if l == nil {
		return rt.Await(op)
	}
	return run(t, l, await(op))
}

// bothModes runs test with a loop and in blocking mode.
func bothModes(t *testing.T, test func(t *testing.T, l *rt.Loop)) {
	t.Run("loop", func(t *testing.T) { test(t, newLoop(t)) })
	t.Run("blocking", func(t *testing.T) { test(t, nil) })
}

// peerWriting returns a connection whose peer writes chunks, which may
// arrive apart or together, then closes.
func peerWriting(t *testing.T, chunks ...string) *rt.Conn {
	t.Helper()
	addr := stdPeer(t, func(c *net.TCPConn) {
		for _, s := range chunks {
			c.Write([]byte(s))
		}
		c.Close()
	})
	c, err := rt.Await(rt.Dial("tcp", addr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestReaderLines(t *testing.T) {
	bothModes(t, func(t *testing.T, l *rt.Loop) {
		r := rt.NewReader(peerWriting(t, "hello\r\nwor", "ld\n", "\nlast"))
		var got []string
		for {
			line, err := awaitIn(t, l, r.ReadLine())
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(line))
		}
		if want := "hello|world||last"; strings.Join(got, "|") != want {
			t.Errorf("lines %q, want %q", strings.Join(got, "|"), want)
		}
	})
}

func TestReaderUntilAndFull(t *testing.T) {
	bothModes(t, func(t *testing.T, l *rt.Loop) {
		big := strings.Repeat("x", 10000) // longer than the first buffer
		r := rt.NewReader(peerWriting(t, "a;b", ";", big[:3000], big[3000:], "tail"))
		for _, want := range []string{"a;", "b;"} {
			if b, err := awaitIn(t, l, r.ReadUntil(';')); string(b) != want || err != nil {
				t.Fatalf("ReadUntil = %q, %v; want %q", b, err, want)
			}
		}
		if b, err := awaitIn(t, l, r.ReadFull(len(big))); string(b) != big || err != nil {
			t.Fatalf("ReadFull(%d) = %d bytes, %v", len(big), len(b), err)
		}
		buf := make([]byte, 2)
		if n, err := awaitIn(t, l, r.Read(buf)); string(buf[:n]) != "ta" || err != nil {
			t.Fatalf("Read = %q, %v; want ta", buf[:n], err)
		}
		if b, err := awaitIn(t, l, r.ReadUntil(';')); string(b) != "il" || err != io.ErrUnexpectedEOF {
			t.Fatalf("ReadUntil at the end = %q, %v; want il, io.ErrUnexpectedEOF", b, err)
		}
		if _, err := awaitIn(t, l, r.ReadFull(1)); err != io.EOF {
			t.Fatalf("ReadFull after the end: %v, want io.EOF", err)
		}
	})
}

// TestReaderLimit: a line longer than the limit is an error, and the
// reader does not buffer more than the limit to find that out.
func TestReaderLimit(t *testing.T) {
	bothModes(t, func(t *testing.T, l *rt.Loop) {
		r := rt.NewReaderSize(peerWriting(t, strings.Repeat("y", 40), strings.Repeat("z", 1000)+"\nok\n"), 32)
		if _, err := awaitIn(t, l, r.ReadLine()); !errors.Is(err, rt.ErrTooLong) {
			t.Fatalf("ReadLine of a 1040-byte line, limit 32: %v, want ErrTooLong", err)
		}
		if r.Buffered() > 32 {
			t.Errorf("the reader holds %d bytes, more than its limit", r.Buffered())
		}
		// A line of exactly the limit, newline included, is fine.
		r = rt.NewReaderSize(peerWriting(t, strings.Repeat("w", 31)+"\n"), 32)
		if b, err := awaitIn(t, l, r.ReadLine()); len(b) != 31 || err != nil {
			t.Fatalf("ReadLine of a line at the limit: %d bytes, %v", len(b), err)
		}
	})
}

func TestWriterBuffersAndFlushes(t *testing.T) {
	bothModes(t, func(t *testing.T, l *rt.Loop) {
		got := make(chan string, 1)
		addr := stdPeer(t, func(c *net.TCPConn) {
			b, _ := io.ReadAll(c)
			got <- string(b)
		})
		c, err := rt.Await(rt.Dial("tcp", addr))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		w := rt.NewWriterSize(c, 8)
		for _, s := range []string{"abc", "def"} {
			if n, err := awaitIn(t, l, w.Write([]byte(s))); n != 3 || err != nil {
				t.Fatalf("Write = %d, %v", n, err)
			}
		}
		if w.Buffered() != 6 {
			t.Fatalf("Buffered = %d after two small writes, want 6", w.Buffered())
		}
		if _, err := awaitIn(t, l, w.Write([]byte("ghi"))); err != nil || w.Buffered() != 0 {
			t.Fatalf("a write past the size: %v, %d left buffered; want it written out", err, w.Buffered())
		}
		awaitIn(t, l, w.Write([]byte("jk")))
		if _, err := awaitIn(t, l, w.Flush()); err != nil || w.Buffered() != 0 {
			t.Fatalf("Flush: %v, %d left", err, w.Buffered())
		}
		c.CloseWrite()
		if s := <-got; s != "abcdefghijk" {
			t.Fatalf("peer read %q", s)
		}
	})
}

// TestWriterBackpressure: a write that overflows the buffer does not
// complete while the peer reads nothing, and completes once it reads.
func TestWriterBackpressure(t *testing.T) {
	l := newLoop(t)
	start := make(chan struct{})
	got := make(chan int, 1)
	addr := stdPeer(t, func(c *net.TCPConn) {
		<-start
		n, _ := io.Copy(io.Discard, c)
		got <- int(n)
	})
	c, err := run(t, l, await(rt.Dial("tcp", addr)))
	if err != nil {
		t.Fatal(err)
	}
	w := rt.NewWriter(c)
	msg := bytes.Repeat([]byte("m"), 32<<20) // more than loopback buffers hold
	write := await(w.Write(msg))
	l.Spawn(write)
	run(t, l, await(rt.Sleep(0)))
	run(t, l, await(rt.Sleep(0)))
	if write.Done() {
		t.Fatalf("a 32 MiB write to a peer that reads nothing completed: %v", write.Err())
	}
	close(start)
	if n, err := run(t, l, write); n != len(msg) || err != nil {
		t.Fatalf("Write = %d, %v once the peer reads", n, err)
	}
	c.Close()
	if n := <-got; n != len(msg) {
		t.Fatalf("peer read %d bytes, want %d", n, len(msg))
	}
}

// TestWriterLargeWriteDirect: a write as large as the buffer goes out as
// it is, after what was buffered, and is never copied into the buffer.
func TestWriterLargeWriteDirect(t *testing.T) {
	bothModes(t, func(t *testing.T, l *rt.Loop) {
		got := make(chan string, 1)
		addr := stdPeer(t, func(c *net.TCPConn) {
			b, _ := io.ReadAll(c)
			got <- string(b)
		})
		c, err := rt.Await(rt.Dial("tcp", addr))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		w := rt.NewWriterSize(c, 8)
		if _, err := awaitIn(t, l, w.Write([]byte("abc"))); err != nil {
			t.Fatal(err)
		}
		big := strings.Repeat("x", 1000)
		if n, err := awaitIn(t, l, w.Write([]byte(big))); n != len(big) || err != nil {
			t.Fatalf("a large Write = %d, %v; want %d", n, err, len(big))
		}
		if w.Buffered() != 0 {
			t.Fatalf("%d bytes left buffered after a large write", w.Buffered())
		}
		if w.BufferCap() > 8 {
			t.Errorf("the buffer grew to %d bytes for a large write: it was copied", w.BufferCap())
		}
		c.CloseWrite()
		if s := <-got; s != "abc"+big {
			t.Fatalf("peer read %d bytes %.10q..., want abc and the large write", len(s), s)
		}
	})
}

// TestReaderDeadline: an operation still waiting at the reader's deadline
// fails with ErrTimeout; what it had read stays buffered; a later
// deadline, or none, lets the next operation read on. In both modes.
func TestReaderDeadline(t *testing.T) {
	bothModes(t, func(t *testing.T, l *rt.Loop) {
		release := make(chan struct{})
		addr := stdPeer(t, func(c *net.TCPConn) {
			c.Write([]byte("par"))
			<-release
			c.Write([]byte("tial\n"))
			io.Copy(io.Discard, c)
		})
		c, err := rt.Await(rt.Dial("tcp", addr))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		defer close(release)
		r := rt.NewReader(c)
		r.SetDeadline(time.Now().Add(20 * time.Millisecond))
		if b, err := awaitIn(t, l, r.ReadLine()); !errors.Is(err, rt.ErrTimeout) {
			t.Fatalf("ReadLine past the deadline = %q, %v; want ErrTimeout", b, err)
		}
		// A deadline that moves earlier while a timer is armed for a
		// later one still holds.
		r.SetDeadline(time.Now().Add(time.Hour))
		if b, err := awaitIn(t, l, rt.Timeout(r.ReadLine(), 10*time.Millisecond)); !errors.Is(err, rt.ErrTimeout) {
			t.Fatalf("ReadLine under Timeout = %q, %v; want ErrTimeout", b, err)
		}
		r.SetDeadline(time.Now().Add(20 * time.Millisecond))
		if b, err := awaitIn(t, l, r.ReadLine()); !errors.Is(err, rt.ErrTimeout) {
			t.Fatalf("ReadLine past an earlier deadline = %q, %v; want ErrTimeout", b, err)
		}
		r.SetDeadline(time.Time{})
		release <- struct{}{}
		if b, err := awaitIn(t, l, r.ReadLine()); string(b) != "partial" || err != nil {
			t.Fatalf("ReadLine without a deadline = %q, %v; want partial", b, err)
		}
	})
}
