//go:build linux

package rt_test

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/asyncgen/asyncgen/rt"
)

// fullListener returns the address of a listener on 127.0.0.1 whose
// accept queue is full, so that a connection to it does not complete:
// Linux drops the SYN of a connection that its listener has no room for.
func fullListener(t *testing.T) string {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, _ := unix.Getsockname(fd)
	addr := (&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: sa.(*unix.SockaddrInet4).Port}).String()
	// Fill the queue: connections that complete until one does not.
	for i := 0; ; i++ {
		if i == 16 {
			t.Fatal("the listener's accept queue never filled")
		}
		c, err := net.DialTimeout("tcp", addr, 50*time.Millisecond)
		if err != nil {
			break
		}
		t.Cleanup(func() { c.Close() })
	}
	return addr
}

func TestDialTimeout(t *testing.T) {
	addr := fullListener(t)
	l := newLoop(t)
	before := openFDs(t)
	_, err := run(t, l, await(rt.Timeout(rt.Dial("tcp", addr), 20*time.Millisecond)))
	if !errors.Is(err, rt.ErrTimeout) {
		t.Fatalf("Dial of a full listener under Timeout: %v, want ErrTimeout", err)
	}
	if after := openFDs(t); after != before {
		t.Errorf("%d descriptors open after the timed-out dial, %d before", after, before)
	}
}

// TestAcceptBacksOffAtFDLimit: Accept out of descriptors tries again
// after a pause, not in a busy loop, and accepts once one is free.
func TestAcceptBacksOffAtFDLimit(t *testing.T) {
	clk := new(manualClock)
	l := newLoop(t, rt.WithClock(clk))
	ln, err := run(t, l, await(rt.Listen("tcp", "127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	client, err := net.Dial("tcp", ln.Addr().String()) // waits in the accept queue
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()

	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	// Use up every descriptor under a lowered limit.
	var spare []int
	defer func() {
		for _, fd := range spare {
			unix.Close(fd)
		}
	}()
	low := lim
	low.Cur = uint64(openFDs(t) + 8)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Fatal(err)
	}
	for {
		fd, err := unix.Dup(0)
		if err != nil {
			if err != unix.EMFILE {
				t.Fatal(err)
			}
			break
		}
		spare = append(spare, fd)
	}
	attempts := rt.AcceptAttempts()
	accept := await(ln.Accept())
	l.Spawn(accept)
	// Turns of the loop with no time passing: no new attempt.
	for range 5 {
		run(t, l, script(func(i int, err error) rt.Op[struct{}] {
			if i == 0 {
				return yield
			}
			return nil
		}))
	}
	if accept.Done() {
		t.Fatalf("Accept out of descriptors: %v, want it to wait", accept.Err())
	}
	if n := rt.AcceptAttempts() - attempts; n != 1 {
		t.Fatalf("%d accept calls without time passing, want 1", n)
	}
	// Time passes, still no descriptor: one more attempt per pause.
	l.Submit(func() { clk.Advance(time.Second) })
	run(t, l, await(rt.Sleep(0)))
	if n := rt.AcceptAttempts() - attempts; n != 2 {
		t.Fatalf("%d accept calls after one pause, want 2", n)
	}
	// A descriptor frees up: the next attempt accepts.
	unix.Close(spare[len(spare)-1])
	spare = spare[:len(spare)-1]
	l.Submit(func() { clk.Advance(time.Minute) })
	c, err := run(t, l, accept)
	if err != nil {
		t.Fatalf("Accept once a descriptor is free: %v", err)
	}
	if c.RemoteAddr().String() != client.LocalAddr().String() {
		t.Errorf("accepted %v, want %v", c.RemoteAddr(), client.LocalAddr())
	}
	c.Close()
}
