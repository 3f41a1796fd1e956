package rt

import (
	"testing"
	"time"
)

// countingPoller wraps the OS poller and counts what the loop asks of it.
type countingPoller struct {
	Poller
	waits, closes int
}

func (p *countingPoller) Wait(d time.Duration, ready func(int, Events)) error {
	p.waits++
	return p.Poller.Wait(d, ready)
}

func (p *countingPoller) Close() error {
	p.closes++
	return p.Poller.Close()
}

// TestWithPoller: a loop given a poller sleeps in it and closes it.
func TestWithPoller(t *testing.T) {
	os, err := newPoller()
	if err != nil {
		t.Fatal(err)
	}
	p := &countingPoller{Poller: os}
	l, err := NewLoop(WithPoller(p))
	if err != nil {
		t.Fatal(err)
	}
	fut := Sleep(time.Millisecond).Start(l)
	if err := l.runUntil(&fut.futureCore); err != nil {
		t.Fatal(err)
	}
	if p.waits == 0 {
		t.Error("the loop never waited in the poller it was given")
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if p.closes != 1 {
		t.Errorf("Close closed the poller %d times; want 1", p.closes)
	}
}
