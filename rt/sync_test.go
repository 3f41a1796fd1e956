package rt_test

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// settle runs l until every task and callback ready now, and what they make
// ready in turn, has run (a few turns), so that waiters are in place.
func settle(t *testing.T, l *rt.Loop) {
	t.Helper()
	run(t, l, script(func(i int, err error) rt.Op[struct{}] {
		if i < 8 {
			return yield
		}
		return nil
	}))
}

// spawn starts op as a task of its own on l and returns the task.
func spawn[T any](l *rt.Loop, op rt.Op[T]) *rt.Task[T] {
	task := await(op)
	l.Spawn(task)
	return task
}

// results describes each task's result, in order.
func results[T any](tasks ...*rt.Task[T]) string {
	var s []string
	for _, task := range tasks {
		v, err := task.Result()
		if err != nil {
			s = append(s, err.Error())
		} else {
			s = append(s, fmt.Sprint(v))
		}
	}
	return fmt.Sprint(s)
}

func TestQueueOrderAndBackpressure(t *testing.T) {
	l := newLoop(t)
	q := rt.NewQueue[int](2)
	var log events
	producer := script(func(i int, err error) rt.Op[struct{}] {
		if i > 0 {
			log.add("put%d:%v", i, err)
		}
		if i == 5 {
			return nil
		}
		return q.Put(i + 1)
	})
	l.Spawn(producer)
	settle(t, l)
	// The queue holds two; the third put waits.
	if got, want := log.String(), "put1:<nil> put2:<nil>"; got != want {
		t.Fatalf("before any get: %q, want %q", got, want)
	}
	var got []int
	for range 5 {
		v, err := run(t, l, await(q.Get()))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if !slices.Equal(got, []int{1, 2, 3, 4, 5}) {
		t.Errorf("got %v, want 1..5 in order", got)
	}
	if q.Len() != 0 || !producer.Done() {
		t.Errorf("Len %d, producer done %v", q.Len(), producer.Done())
	}
}

func TestQueueWaitersAreServedInOrder(t *testing.T) {
	l := newLoop(t)
	q := rt.NewQueue[string](1)
	g1, g2, g3 := spawn(l, q.Get()), spawn(l, q.Get()), spawn(l, q.Get())
	settle(t, l)
	for _, v := range []string{"a", "b", "c"} {
		if _, err := run(t, l, await(q.Put(v))); err != nil {
			t.Fatal(err)
		}
	}
	settle(t, l)
	if got, want := results(g1, g2, g3), "[a b c]"; got != want {
		t.Errorf("gets = %s, want %s", got, want)
	}
	// Puts wait in order too.
	q.TryPut("x")
	p1, p2 := spawn(l, q.Put("y")), spawn(l, q.Put("z"))
	settle(t, l)
	var got []string
	for range 3 {
		v, _ := run(t, l, await(q.Get()))
		got = append(got, v)
	}
	if !slices.Equal(got, []string{"x", "y", "z"}) || !p1.Done() || !p2.Done() {
		t.Errorf("got %v, want x y z", got)
	}
}

func TestQueueCancelledWaitersTakeNothing(t *testing.T) {
	l := newLoop(t)
	q := rt.NewQueue[int](1)
	g1, g2 := spawn(l, q.Get()), spawn(l, q.Get())
	settle(t, l)
	g1.Cancel()
	settle(t, l)
	q.TryPut(1)
	settle(t, l)
	if got, want := results(g1, g2), "[rt: canceled 1]"; got != want {
		t.Errorf("gets = %s, want %s", got, want)
	}
	// A put cancelled while it waits puts nothing.
	q.TryPut(2)
	p := spawn(l, q.Put(3))
	settle(t, l)
	p.Cancel()
	settle(t, l)
	if !errors.Is(p.Err(), rt.ErrCanceled) {
		t.Errorf("put: %v, want ErrCanceled", p.Err())
	}
	if v, ok := q.TryGet(); v != 2 || !ok {
		t.Errorf("TryGet = %v, %v; want 2", v, ok)
	}
	if v, ok := q.TryGet(); ok {
		t.Errorf("TryGet = %v: the cancelled put's value is in the queue", v)
	}
}

func TestQueueValueHandedToCancelledGetGoesBack(t *testing.T) {
	l := newLoop(t)
	q := rt.NewQueue[int](1)
	// The next waiter gets it.
	g1, g2 := spawn(l, q.Get()), spawn(l, q.Get())
	settle(t, l)
	l.CallSoon(func() {
		q.TryPut(1) // handed to g1...
		g1.Cancel() // ...which is cancelled in the same turn
	})
	settle(t, l)
	if got, want := results(g1, g2), "[rt: canceled 1]"; got != want {
		t.Errorf("gets = %s, want %s", got, want)
	}
	// With nobody waiting, it goes back to the front of the queue, ahead
	// of what was put since.
	g3 := spawn(l, q.Get())
	settle(t, l)
	l.CallSoon(func() {
		q.TryPut(2)
		g3.Cancel()
		q.TryPut(3) // the queue is empty again: 3 goes in
	})
	settle(t, l)
	var got []int
	for q.Len() > 0 {
		v, _ := q.TryGet()
		got = append(got, v)
	}
	if !errors.Is(g3.Err(), rt.ErrCanceled) || !slices.Equal(got, []int{2, 3}) {
		t.Errorf("g3 %v; queue %v, want [2 3]", g3.Err(), got)
	}
}

func TestQueueClose(t *testing.T) {
	l := newLoop(t)
	q := rt.NewQueue[int](1)
	q.TryPut(1)
	p := spawn(l, q.Put(2))
	settle(t, l)
	q.Close()
	settle(t, l)
	if !errors.Is(p.Err(), rt.ErrQueueClosed) {
		t.Errorf("waiting put: %v, want ErrQueueClosed", p.Err())
	}
	if _, err := run(t, l, await(q.Put(3))); !errors.Is(err, rt.ErrQueueClosed) {
		t.Errorf("put after Close: %v", err)
	}
	if v, err := run(t, l, await(q.Get())); v != 1 || err != nil {
		t.Errorf("get after Close = %v, %v; want what was left", v, err)
	}
	if _, err := run(t, l, await(q.Get())); err != io.EOF {
		t.Errorf("get of a closed, empty queue: %v, want io.EOF", err)
	}
	// Waiting gets end with io.EOF.
	q2 := rt.NewQueue[int](1)
	g := spawn(l, q2.Get())
	settle(t, l)
	q2.Close()
	settle(t, l)
	if g.Err() != io.EOF {
		t.Errorf("waiting get: %v, want io.EOF", g.Err())
	}
}

func TestQueueUnderTimeoutAndAny(t *testing.T) {
	l := newLoop(t)
	q := rt.NewQueue[int](4)
	if _, err := run(t, l, await(rt.Timeout(q.Get(), time.Millisecond))); err != rt.ErrTimeout {
		t.Errorf("Timeout of an empty queue's Get: %v", err)
	}
	q.TryPut(1)
	if v, err := run(t, l, await(rt.Timeout(q.Get(), time.Hour))); v != 1 || err != nil {
		t.Errorf("Timeout of a Get = %v, %v", v, err)
	}
	// Any of two gets that both succeed at once: the loser's value goes back.
	q1, q2 := rt.NewQueue[int](1), rt.NewQueue[int](1)
	q1.TryPut(10)
	q2.TryPut(20)
	v, err := run(t, l, await(rt.Any(q1.Get(), q2.Get())))
	if v != 10 || err != nil {
		t.Fatalf("Any = %v, %v", v, err)
	}
	if q1.Len() != 0 || q2.Len() != 1 {
		t.Errorf("after Any: lens %d and %d, want 0 and 1: the second value is lost", q1.Len(), q2.Len())
	}
	// All that fails: the values it took go back.
	q1.TryPut(11)
	fut := rt.NewFuture[int]()
	fut.Reject(errA)
	if _, err := run(t, l, await(rt.All(q1.Get(), q2.Get(), rt.Op[int](fut)))); err != errA {
		t.Errorf("All = %v", err)
	}
	if q1.Len() != 1 || q2.Len() != 1 {
		t.Errorf("after a failed All: lens %d and %d, want 1 and 1", q1.Len(), q2.Len())
	}
	// A Timeout whose task is cancelled in the turn its Get succeeded.
	q3 := rt.NewQueue[int](1)
	g := spawn(l, rt.Timeout(q3.Get(), time.Hour))
	settle(t, l)
	l.CallSoon(func() { q3.TryPut(5); g.Cancel() })
	settle(t, l)
	if v, ok := q3.TryGet(); !errors.Is(g.Err(), rt.ErrCanceled) || v != 5 || !ok {
		t.Errorf("get %v; queue had %v, %v; want 5 back", g.Err(), v, ok)
	}
}

func TestLock(t *testing.T) {
	l := newLoop(t)
	var m rt.Lock
	if !m.TryLock() || m.TryLock() {
		t.Fatal("TryLock of a free lock failed, or of a held one succeeded")
	}
	w1, w2, w3 := spawn(l, m.Lock()), spawn(l, m.Lock()), spawn(l, m.Lock())
	settle(t, l)
	w1.Cancel() // cancelled while waiting: takes nothing
	l.CallSoon(func() {
		m.Unlock()  // hands the lock to w2...
		w2.Cancel() // ...cancelled in the same turn: it passes on to w3
	})
	settle(t, l)
	if got, want := results(w1, w2, w3), "[rt: canceled rt: canceled {}]"; got != want {
		t.Errorf("waiters = %s, want %s", got, want)
	}
	if !m.Locked() {
		t.Fatal("w3 does not hold the lock")
	}
	m.Unlock()
	if m.Locked() {
		t.Error("locked after the last Unlock")
	}
	defer func() {
		if recover() == nil {
			t.Error("Unlock of an unlocked Lock did not panic")
		}
	}()
	m.Unlock()
}

// TestLockIsFairAcrossAwaits runs tasks that each take the lock, yield
// while holding it, and release it: each must enter alone, in the order
// they asked.
func TestLockIsFairAcrossAwaits(t *testing.T) {
	l := newLoop(t)
	var m rt.Lock
	var log events
	inside := 0
	var tasks []*rt.Task[struct{}]
	for n := range 4 {
		task := script(func(i int, err error) rt.Op[struct{}] {
			switch i {
			case 0:
				return m.Lock()
			case 1, 2:
				if i == 1 {
					inside++
					log.add("in%d:%d", n, inside)
				}
				return yield
			}
			inside--
			m.Unlock()
			return nil
		})
		l.Spawn(task)
		tasks = append(tasks, task)
	}
	for _, task := range tasks {
		run(t, l, task)
	}
	if got, want := log.String(), "in0:1 in1:1 in2:1 in3:1"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

func TestSemaphore(t *testing.T) {
	l := newLoop(t)
	s := rt.NewSemaphore(2)
	a, b := spawn(l, s.Acquire()), spawn(l, s.Acquire())
	c, d, e := spawn(l, s.Acquire()), spawn(l, s.Acquire()), spawn(l, s.Acquire())
	settle(t, l)
	if !a.Done() || !b.Done() || c.Done() || s.Free() != 0 {
		t.Fatalf("two permits: a %v b %v c %v, free %d", a.Done(), b.Done(), c.Done(), s.Free())
	}
	c.Cancel()
	l.CallSoon(func() { s.Release(); d.Cancel() }) // d's permit passes on to e
	settle(t, l)
	if got, want := results(c, d, e), "[rt: canceled rt: canceled {}]"; got != want {
		t.Errorf("waiters = %s, want %s", got, want)
	}
	if s.TryAcquire() {
		t.Error("TryAcquire succeeded with no permit free")
	}
	s.Release()
	s.Release()
	if s.Free() != 2 {
		t.Errorf("free = %d, want 2", s.Free())
	}
	defer func() {
		if recover() == nil {
			t.Error("Release with every permit free did not panic")
		}
	}()
	s.Release()
}

func TestEvent(t *testing.T) {
	l := newLoop(t)
	var e rt.Event
	w1, w2, w3 := spawn(l, e.Wait()), spawn(l, e.Wait()), spawn(l, e.Wait())
	settle(t, l)
	w2.Cancel()
	settle(t, l)
	if w1.Done() || w3.Done() {
		t.Fatal("a waiter woke before Set")
	}
	e.Set()
	settle(t, l)
	if got, want := results(w1, w2, w3), "[{} rt: canceled {}]"; got != want {
		t.Errorf("waiters = %s, want %s", got, want)
	}
	if _, err := run(t, l, await(e.Wait())); err != nil || !e.IsSet() {
		t.Errorf("Wait of a set event: %v", err)
	}
	e.Clear()
	w4 := spawn(l, e.Wait())
	settle(t, l)
	if w4.Done() {
		t.Error("Wait after Clear did not wait")
	}
	e.Set()
	settle(t, l)
	if !w4.Done() {
		t.Error("Set did not wake the waiter after Clear")
	}
}

// condWaiter is a task that takes c.L, waits on c until *ready, logs, and
// releases c.L.
func condWaiter(c *rt.Condition, name string, ready *bool, log *events) *rt.Task[struct{}] {
	return script(func(i int, err error) rt.Op[struct{}] {
		switch {
		case i == 0:
			return c.L.Lock()
		case err != nil && i > 1:
			log.add("%s:%v:locked=%v", name, err, c.L.Locked())
			c.L.Unlock() // Wait holds the lock even when it fails
			return nil
		case !*ready:
			return c.Wait()
		}
		log.add("%s", name)
		c.L.Unlock()
		return nil
	})
}

func TestCondition(t *testing.T) {
	l := newLoop(t)
	c := rt.NewCondition(nil)
	var log events
	ready := false
	a, b, d := condWaiter(c, "a", &ready, &log), condWaiter(c, "b", &ready, &log), condWaiter(c, "d", &ready, &log)
	for _, w := range []*rt.Task[struct{}]{a, b, d} {
		l.Spawn(w)
	}
	settle(t, l)
	if c.L.Locked() {
		t.Fatal("the lock is held while every task waits")
	}
	// A signal with the condition false: a wakes, checks, waits again, at
	// the back.
	c.Signal()
	settle(t, l)
	// Cancel b while a task holds the lock: b must take it again before
	// it ends.
	if !c.L.TryLock() {
		t.Fatal("TryLock failed")
	}
	b.Cancel()
	settle(t, l)
	if b.Done() {
		t.Fatal("cancelled Wait ended without the lock")
	}
	ready = true
	c.L.Unlock()
	settle(t, l)
	c.Signal() // d, which waited before a went back
	settle(t, l)
	c.Broadcast()
	settle(t, l)
	if got, want := log.String(), "b:rt: canceled:locked=true d a"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
	if c.L.Locked() {
		t.Error("lock held at the end")
	}
}

// TestPrimitivesInBlockingMode uses each primitive from goroutines, as an
// async function called from ordinary Go does.
func TestPrimitivesInBlockingMode(t *testing.T) {
	q := rt.NewQueue[int](2)
	var m rt.Lock
	s := rt.NewSemaphore(1)
	var e rt.Event
	c := rt.NewCondition(&m)
	var wg sync.WaitGroup
	const workers, each = 4, 100
	counter, maxIn, in := 0, 0, 0
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := rt.Await(q.Put(w*each + i)); err != nil {
					t.Error(err)
				}
				rt.Await(m.Lock())
				counter++
				m.Unlock()
				rt.Await(s.Acquire()) // one permit: alone inside
				in++
				maxIn = max(maxIn, in)
				in--
				s.Release()
			}
		}()
	}
	seen := map[int]bool{}
	for range workers * each {
		v, err := rt.Await(q.Get())
		if err != nil || seen[v] {
			t.Fatalf("get %v, %v (seen before: %v)", v, err, seen[v])
		}
		seen[v] = true
	}
	wg.Wait()
	q.Close()
	if _, err := rt.Await(q.Get()); err != io.EOF {
		t.Errorf("get of a closed queue: %v", err)
	}
	if counter != workers*each || maxIn != 1 {
		t.Errorf("counter %d, most inside %d", counter, maxIn)
	}
	// Event and Condition.
	ready := false
	done := make(chan string)
	go func() {
		rt.Await(e.Wait())
		rt.Await(m.Lock())
		for !ready {
			rt.Await(c.Wait())
		}
		m.Unlock()
		done <- "woke"
	}()
	e.Set()
	rt.Await(m.Lock())
	ready = true
	c.Broadcast()
	m.Unlock()
	if got := <-done; got != "woke" {
		t.Error(got)
	}
}

// forwardFrame is the frame of
//
//	//async
//	func forward(in, out *rt.Queue[int]) {
//		for {
//			v, _ := rt.Await(in.Get())
//			if v < 0 {
//				out.Close()
//				return
//			}
//			rt.Await(out.Put(2 * v))
//		}
//	}
type forwardFrame struct {
	rt.Frame[struct{}]
	in, out *rt.Queue[int]
	get     *rt.Future[int]
	put     *rt.Future[struct{}]
}

func (f *forwardFrame) Resume() rt.Step {
	switch f.PC() {
	case 1:
		goto resume1
	case 2:
		goto resume2
	}
loop:
	f.get = rt.Begin(&f.Frame, f.in.Get())
	if f.Frame.Suspend(f.get, 1) {
		return rt.Suspended
	}
resume1:
	if v, _ := rt.AwaitResult(&f.Frame, &f.get); v >= 0 {
		f.put = rt.Begin(&f.Frame, f.out.Put(2*v))
		if f.Frame.Suspend(f.put, 2) {
			return rt.Suspended
		}
	} else {
		f.out.Close()
		return f.Frame.Return(struct{}{}, nil)
	}
resume2:
	rt.AwaitResult(&f.Frame, &f.put)
	goto loop
}

func TestQueueSendReceiveFromGoroutines(t *testing.T) {
	l := newLoop(t)
	in, out := rt.NewQueue[int](1), rt.NewQueue[int](1)
	go func() {
		for i := range 5 {
			if err := in.Send(l, i); err != nil {
				t.Error(err)
			}
		}
		in.Send(l, -1)
	}()
	var got []int
	received := rt.NewFuture[struct{}]()
	go func() {
		for {
			v, err := out.Receive(l)
			if err != nil {
				break
			}
			got = append(got, v)
		}
		l.Submit(func() { received.Resolve(struct{}{}) })
	}()
	l.Spawn(rt.NewTask(&forwardFrame{in: in, out: out}))
	run(t, l, await[struct{}](received))
	if !slices.Equal(got, []int{0, 2, 4, 6, 8}) {
		t.Errorf("received %v, want 0 2 4 6 8", got)
	}

	// A goroutine blocked in Send is let go when the loop closes.
	full := rt.NewQueue[int](1)
	full.TryPut(0)
	errc := make(chan error)
	go func() { errc <- full.Send(l, 1) }()
	run(t, l, script(func(i int, err error) rt.Op[struct{}] {
		var b strings.Builder
		l.Dump(&b)
		if i < 100000 && !strings.Contains(b.String(), "Queue.Put") {
			return yield
		}
		return nil
	}))
	l.Close()
	if err := <-errc; !errors.Is(err, rt.ErrCanceled) && !errors.Is(err, rt.ErrClosed) {
		t.Errorf("Send to a full queue of a closed loop: %v", err)
	}
	if err := in.Send(l, 1); !errors.Is(err, rt.ErrClosed) {
		t.Errorf("Send after Close: %v, want ErrClosed", err)
	}
}

// TestQueueKeptOpIsNotReusedUnread hands a value to a waiting Get and, in
// the same turn, makes another Get: it must not reuse the first one's op,
// whose task has not read its value yet.
func TestQueueKeptOpIsNotReusedUnread(t *testing.T) {
	l := newLoop(t)
	q := rt.NewQueue[int](1)
	g1 := spawn(l, q.Get())
	settle(t, l)
	var second *rt.Future[int]
	l.CallSoon(func() {
		q.TryPut(1)               // handed to g1, which has not run since
		second = q.Get().Start(l) // must be an op of its own
		q.TryPut(2)
	})
	settle(t, l)
	if v, err := g1.Result(); v != 1 || err != nil {
		t.Errorf("g1 = %v, %v; want 1", v, err)
	}
	if v, err := second.Result(); v != 2 || err != nil {
		t.Errorf("second = %v, %v; want 2", v, err)
	}
}
