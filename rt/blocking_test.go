package rt_test

import (
	"errors"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

func TestBlockingResult(t *testing.T) {
	l := newLoop(t)
	v, err := run(t, l, await(rt.Blocking(func() (int, error) { return 42, nil })))
	if v != 42 || err != nil {
		t.Fatalf("Blocking = %v, %v; want 42", v, err)
	}
	boom := errors.New("boom")
	if _, err := run(t, l, await(rt.Blocking(func() (int, error) { return 0, boom }))); err != boom {
		t.Fatalf("Blocking's error = %v, want boom", err)
	}
	var pe *rt.PanicError
	if _, err := run(t, l, await(rt.Blocking(func() (int, error) { panic("oops") }))); !errors.As(err, &pe) || pe.Value != "oops" {
		t.Fatalf("Blocking that panics: %v, want a *PanicError", err)
	}
	if v, err := rt.Await(rt.Blocking(func() (int, error) { return 7, nil })); v != 7 || err != nil {
		t.Fatalf("blocking mode: %v, %v", v, err)
	}
}

// TestBlockingPoolBound: no more calls run at once than the pool's size,
// and the rest run as slots free up.
func TestBlockingPoolBound(t *testing.T) {
	l := newLoop(t, rt.WithBlockingPool(2))
	var running, most atomic.Int32
	release := make(chan struct{})
	var ops []rt.Op[int]
	for i := range 5 {
		ops = append(ops, rt.Blocking(func() (int, error) {
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			<-release
			running.Add(-1)
			return i, nil
		}))
	}
	all := await(rt.All(ops...))
	l.Spawn(all)
	go func() {
		for running.Load() < 2 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(5 * time.Millisecond) // a third, if the pool let one in, would be running now
		close(release)
	}()
	vals, err := run(t, l, all)
	if err != nil || len(vals) != 5 || vals[4] != 4 {
		t.Fatalf("All of Blocking = %v, %v", vals, err)
	}
	if m := most.Load(); m != 2 {
		t.Fatalf("%d calls ran at once in a pool of 2", m)
	}
}

// TestBlockingCancel: a timed-out Blocking returns at once, while its call
// still runs; the late result is dropped.
func TestBlockingCancel(t *testing.T) {
	l := newLoop(t)
	release := make(chan struct{})
	started := rt.NewFuture[struct{}]()
	var finished sync.WaitGroup
	finished.Add(1)
	call := await(rt.Blocking(func() (int, error) {
		defer finished.Done()
		l.Submit(func() { started.Resolve(struct{}{}) })
		<-release
		return 1, nil
	}))
	// The timeout counts from the call's start: a Blocking cancelled
	// before the pool takes it up never runs (finished would wait
	// forever), however loaded the machine.
	l.Spawn(call)
	if _, err := run(t, l, await(started)); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, l, await(rt.Timeout(call, time.Millisecond))); !errors.Is(err, rt.ErrTimeout) {
		t.Fatalf("Blocking under Timeout: %v, want ErrTimeout", err)
	}
	close(release)
	finished.Wait()
	// The late result reaches the loop and is dropped.
	run(t, l, await(rt.Sleep(time.Millisecond)))
}

// TestResolveBesidePool: a host name resolves while blocking work fills
// the pool, and a numeric address never asks the resolver.
func TestResolveBesidePool(t *testing.T) {
	if _, err := net.LookupHost("localhost"); err != nil {
		t.Fatalf("this machine cannot resolve localhost: %v", err)
	}
	l := newLoop(t, rt.WithBlockingPool(1))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	release := make(chan struct{})
	hog := await(rt.Blocking(func() (int, error) { <-release; return 0, nil }))
	l.Spawn(hog)
	defer func() { close(release); run(t, l, hog) }()

	lookups := rt.Lookups()
	c, err := run(t, l, await(rt.Dial("tcp4", "127.0.0.1:"+port)))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if n := rt.Lookups() - lookups; n != 0 {
		t.Errorf("a numeric Dial did %d lookups, want 0", n)
	}
	c, err = run(t, l, await(rt.Dial("tcp4", "localhost:"+port)))
	if err != nil {
		t.Fatalf("Dial of localhost with the pool full: %v", err)
	}
	c.Close()
	if n := rt.Lookups() - lookups; n != 1 {
		t.Errorf("a Dial of localhost did %d lookups, want 1", n)
	}
}
