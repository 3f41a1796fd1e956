//go:build unix

package rt

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// pollOnce waits up to d on p and returns the events it reports, by
// descriptor.
func pollOnce(t *testing.T, p Poller, d time.Duration) map[int]Events {
	t.Helper()
	got := map[int]Events{}
	if err := p.Wait(d, func(fd int, ev Events) { got[fd] |= ev }); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestPollerReadiness checks what the OS selector reports, edge-triggered
// as the loop registers descriptors: readable once per arrival, writable,
// the peer's half-close as ReadHangup, and a hang-up.
func TestPollerReadiness(t *testing.T) {
	p, err := newPoller()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	a, b := fds[0], fds[1]
	unix.SetNonblock(a, true)
	defer unix.Close(a)
	if err := p.Add(a, Readable|Writable|Edge); err != nil {
		t.Fatal(err)
	}
	// Registered: writable at once, and nothing to read.
	if ev := pollOnce(t, p, time.Second)[a]; ev&Writable == 0 || ev&(Readable|ReadHangup|Hangup) != 0 {
		t.Fatalf("a fresh socket: events %04b, want Writable alone", ev)
	}
	// Edge-triggered: no second report for the same readiness.
	if ev := pollOnce(t, p, 0)[a]; ev != 0 {
		t.Fatalf("polled again: events %04b, want none", ev)
	}
	unix.Write(b, []byte("ping"))
	if ev := pollOnce(t, p, time.Second)[a]; ev&Readable == 0 || ev&(ReadHangup|Hangup) != 0 {
		t.Fatalf("after a write: events %04b, want Readable", ev)
	}
	// Data left unread and no new arrival: no report.
	if ev := pollOnce(t, p, 0)[a]; ev != 0 {
		t.Fatalf("data left unread: events %04b, want none", ev)
	}
	// The peer shuts down its writing side: readable, and the selector
	// says why, so that a reader knows a read would end the stream.
	unix.Shutdown(b, unix.SHUT_WR)
	if ev := pollOnce(t, p, time.Second)[a]; ev&(Readable|ReadHangup) != Readable|ReadHangup || ev&Hangup != 0 {
		t.Fatalf("after the peer's shutdown(SHUT_WR): events %04b, want Readable|ReadHangup", ev)
	}
	// The peer closes: a hang-up.
	unix.Close(b)
	if ev := pollOnce(t, p, time.Second)[a]; ev&Hangup == 0 {
		t.Fatalf("after the peer's close: events %04b, want Hangup", ev)
	}
	if err := p.Remove(a); err != nil {
		t.Fatal(err)
	}
}
