//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// echoFrame is the frame of examples/echo's handler, without its defer:
//
//	//async
//	func echo(c *rt.Conn) error {
//		r := rt.NewReader(c)
//		for {
//			data, err := rt.Await(r.ReadSome())
//			if err != nil {
//				return nil
//			}
//			if _, err := rt.Await(c.Write(data)); err != nil {
//				return nil
//			}
//		}
//	}
type echoFrame struct {
	rt.Frame[struct{}]
	c    *rt.Conn
	r    *rt.Reader
	read *rt.Future[[]byte]
	wrot *rt.Future[int]
}

func (f *echoFrame) Resume() rt.Step {
	switch f.PC() {
	case 1:
		goto resume1
	case 2:
		goto resume2
	}
	f.r = rt.NewReader(f.c)
loop:
	f.read = rt.Begin(&f.Frame, f.r.ReadSome())
	if f.Frame.Suspend(f.read, 1) {
		return rt.Suspended
	}
resume1:
	{
		data, err := rt.AwaitResult(&f.Frame, &f.read)
		if err != nil {
			return f.Frame.Return(struct{}{}, nil)
		}
		f.wrot = rt.Begin(&f.Frame, f.c.Write(data))
	}
	if f.Frame.Suspend(f.wrot, 2) {
		return rt.Suspended
	}
resume2:
	if _, err := rt.AwaitResult(&f.Frame, &f.wrot); err != nil {
		return f.Frame.Return(struct{}{}, nil)
	}
	goto loop
}

// pingFrame sends msg on c rounds times and reads each back with
// Conn.Read, checking it:
//
//	//async
//	func ping(c *rt.Conn, msg, buf []byte, rounds int) error {
//		for range rounds {
//			if _, err := rt.Await(c.Write(msg)); err != nil {
//				return err
//			}
//			for got := 0; got < len(msg); {
//				n, err := rt.Await(c.Read(buf[got:len(msg)]))
//				if err != nil {
//					return err
//				}
//				got += n
//			}
//			if !bytes.Equal(buf[:len(msg)], msg) {
//				return errors.New("echoed wrong")
//			}
//		}
//		return nil
//	}
type pingFrame struct {
	rt.Frame[struct{}]
	c           *rt.Conn
	msg, buf    []byte
	rounds, got int
	fut         *rt.Future[int]
}

func (f *pingFrame) Resume() rt.Step {
	switch f.PC() {
	case 1:
		goto resume1
	case 2:
		goto resume2
	}
round:
	if f.rounds == 0 {
		return f.Frame.Return(struct{}{}, nil)
	}
	f.rounds--
	f.fut = rt.Begin(&f.Frame, f.c.Write(f.msg))
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume1:
	if _, err := rt.AwaitResult(&f.Frame, &f.fut); err != nil {
		return f.Frame.Return(struct{}{}, err)
	}
	f.got = 0
read:
	f.fut = rt.Begin(&f.Frame, f.c.Read(f.buf[f.got:len(f.msg)]))
	if f.Frame.Suspend(f.fut, 2) {
		return rt.Suspended
	}
resume2:
	{
		n, err := rt.AwaitResult(&f.Frame, &f.fut)
		if err != nil {
			return f.Frame.Return(struct{}{}, err)
		}
		f.got += n
	}
	if f.got < len(f.msg) {
		goto read
	}
	if !bytes.Equal(f.buf[:len(f.msg)], f.msg) {
		return f.Frame.Return(struct{}{}, errors.New("echoed wrong"))
	}
	goto round
}

// connPair returns both ends of a loopback TCP connection made on l.
func connPair(t *testing.T, l *rt.Loop) (client, server *rt.Conn) {
	t.Helper()
	ln, err := run(t, l, await(rt.Listen("tcp", "127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	acc := await(ln.Accept())
	l.Spawn(acc)
	client, err = run(t, l, await(rt.Dial("tcp", ln.Addr().String())))
	if err != nil {
		t.Fatal(err)
	}
	if server, err = run(t, l, acc); err != nil {
		t.Fatal(err)
	}
	return client, server
}

// TestConnOpsAllocateNothing: in the steady state, a task that reads and
// writes a Conn in turn, and one that reads through a Reader, allocate
// nothing per operation: the Conn and the Reader reuse their ops. So
// whether the loop made the Conns or blocking mode did.
func TestConnOpsAllocateNothing(t *testing.T) {
	t.Run("loop", func(t *testing.T) {
		l := newLoop(t)
		c, s := connPair(t, l)
		pingAllocs(t, l, c, s)
	})
	t.Run("blocking", func(t *testing.T) {
		ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		c, err := rt.Await(rt.Dial("tcp", ln.Addr().String()))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		s, err := rt.Await(ln.Accept())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		pingAllocs(t, newLoop(t), c, s)
	})
}

// pingAllocs echoes on s and pings on c, on l, and fails if a round trip
// allocates.
func pingAllocs(t *testing.T, l *rt.Loop, c, s *rt.Conn) {
	t.Helper()
	echo := rt.NewTask(&echoFrame{c: s})
	l.Spawn(echo)
	msg, buf := []byte(strings.Repeat("m", 64)), make([]byte, 64)
	// Warm up: the first operations make the ops that are reused.
	if _, err := run(t, l, rt.NewTask(&pingFrame{c: c, msg: msg, buf: buf, rounds: 10})); err != nil {
		t.Fatal(err)
	}
	const rounds = 200
	allocs := testing.AllocsPerRun(1, func() {
		if _, err := run(t, l, rt.NewTask(&pingFrame{c: c, msg: msg, buf: buf, rounds: rounds})); err != nil {
			t.Fatal(err)
		}
	})
	// The ping task itself is one allocation; allow a few more for
	// runtime noise, far fewer than the four ops a round used to cost.
	if allocs > 5 {
		t.Errorf("%v allocations for %d round trips (4 ops each), want at most 5", allocs, rounds)
	}
	c.Close()
	run(t, l, echo)
}

// TestConnConcurrentWriters: when one task's Write completes while
// another task runs ahead of it and writes to the same Conn, each gets its
// own op's result: the Conn's kept op, done but not yet read by the task
// that started it, is not reset under it.
func TestConnConcurrentWriters(t *testing.T) {
	l := newLoop(t)
	c, s := connPair(t, l)
	const size = 8 << 20 // well past the socket buffers: the write waits
	big := bytes.Repeat([]byte{'a'}, size)
	// The big writer takes the Conn's op and waits for the peer.
	bigw := &writeLoopFrame{c: c, msg: big, rounds: 1}
	bt := rt.NewTask(bigw)
	l.Spawn(bt)
	// The small writer yields every turn, so that it runs ahead of the
	// big writer in the turn that the big write completes, and then
	// writes at once.
	small := rt.NewTask(&writeAfterFrame{c: c, msg: []byte("b"), after: &bigw.fut})
	l.Spawn(small)
	read := make(chan int64, 1)
	l.CallSoon(func() {
		go func() {
			n, _ := io.Copy(io.Discard, blockingReader{s})
			read <- n
		}()
	})
	if _, err := run(t, l, bt); err != nil {
		t.Fatalf("the big write: %v", err)
	}
	if _, err := run(t, l, small); err != nil {
		t.Fatalf("the small write: %v", err)
	}
	c.Close()
	if n := <-read; n != size+1 {
		t.Fatalf("the peer read %d bytes, want %d", n, size+1)
	}
}

// writeAfterFrame waits, yielding, until *after has completed, then
// writes msg to c:
//
//	//async
//	func writeAfter(c *rt.Conn, msg []byte, after **rt.Future[int]) error {
//		for *after == nil || !(*after).Done() {
//			rt.Yield()
//		}
//		n, err := rt.Await(c.Write(msg))
//		...
//	}
type writeAfterFrame struct {
	rt.Frame[struct{}]
	c     *rt.Conn
	msg   []byte
	after **rt.Future[int]
	fut   *rt.Future[int]
}

func (f *writeAfterFrame) Resume() rt.Step {
	if f.PC() == 2 {
		goto resume2
	}
	if *f.after == nil || !(*f.after).Done() {
		return f.Frame.Reschedule(1)
	}
	f.fut = rt.Begin(&f.Frame, f.c.Write(f.msg))
	if f.Frame.Suspend(f.fut, 2) {
		return rt.Suspended
	}
resume2:
	if n, err := rt.AwaitResult(&f.Frame, &f.fut); err != nil || n != len(f.msg) {
		return f.Frame.Return(struct{}{}, fmt.Errorf("Write = %d, %v; want %d", n, err, len(f.msg)))
	}
	return f.Frame.Return(struct{}{}, nil)
}

// writeLoopFrame writes msg to c rounds times, checking each count:
//
//	//async
//	func writeLoop(c *rt.Conn, msg []byte, rounds int) error {
//		for range rounds {
//			n, err := rt.Await(c.Write(msg))
//			if err != nil {
//				return err
//			}
//			if n != len(msg) {
//				return fmt.Errorf(...)
//			}
//		}
//		return nil
//	}
type writeLoopFrame struct {
	rt.Frame[struct{}]
	c      *rt.Conn
	msg    []byte
	rounds int
	fut    *rt.Future[int]
}

func (f *writeLoopFrame) Resume() rt.Step {
	if f.PC() == 1 {
		goto resume1
	}
round:
	if f.rounds == 0 {
		return f.Frame.Return(struct{}{}, nil)
	}
	f.rounds--
	f.fut = rt.Begin(&f.Frame, f.c.Write(f.msg))
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume1:
	{
		n, err := rt.AwaitResult(&f.Frame, &f.fut)
		if err != nil {
			return f.Frame.Return(struct{}{}, err)
		}
		if n != len(f.msg) {
			return f.Frame.Return(struct{}{}, errors.New("a Write yielded another's count"))
		}
	}
	goto round
}

// TestReaderIdleHoldsNoBuffer: a Reader waiting on a quiet connection
// holds no buffer, and reads what comes next all the same.
func TestReaderIdleHoldsNoBuffer(t *testing.T) {
	l := newLoop(t)
	c, s := connPair(t, l)
	r := rt.NewReader(c)
	if _, err := run(t, l, await(s.Write([]byte("one\n")))); err != nil {
		t.Fatal(err)
	}
	if line, err := run(t, l, await(r.ReadLine())); string(line) != "one" || err != nil {
		t.Fatalf("ReadLine = %q, %v", line, err)
	}
	second := await(r.ReadLine())
	l.Spawn(second)
	// Let the read find the connection quiet and wait.
	if _, err := run(t, l, await(rt.Sleep(0))); err != nil {
		t.Fatal(err)
	}
	if second.Done() {
		t.Fatal("ReadLine finished on a quiet connection")
	}
	if r.HoldsBuffer() {
		t.Error("a Reader waiting on a quiet connection holds a buffer")
	}
	if _, err := run(t, l, await(s.Write([]byte("two\n")))); err != nil {
		t.Fatal(err)
	}
	if line, err := run(t, l, second); string(line) != "two" || err != nil {
		t.Fatalf("ReadLine after the wait = %q, %v", line, err)
	}
}

// TestReaderReadSome: ReadSome yields what one read brings, then what is
// left buffered, then io.EOF; in both modes.
func TestReaderReadSome(t *testing.T) {
	bothModes(t, func(t *testing.T, l *rt.Loop) {
		r := rt.NewReaderSize(peerWriting(t, "hello"), 16)
		var got []byte
		for {
			b, err := awaitIn(t, l, r.ReadSome())
			if err == io.EOF {
				break
			}
			if err != nil || len(b) == 0 {
				t.Fatalf("ReadSome = %q, %v", b, err)
			}
			got = append(got, b...)
		}
		if string(got) != "hello" {
			t.Errorf("ReadSome read %q, want hello", got)
		}
	})
}

// blockingReader reads an rt.Conn in blocking mode, as an io.Reader.
type blockingReader struct{ c *rt.Conn }

func (r blockingReader) Read(b []byte) (int, error) { return rt.Await(r.c.Read(b)) }
