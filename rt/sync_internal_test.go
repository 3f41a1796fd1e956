package rt

import (
	"runtime"
	"testing"
)

// TestCancelledWaitersDoNotPileUp cancels many waits on a lock that is
// never released: the queue of waiters must not keep them all.
func TestCancelledWaitersDoNotPileUp(t *testing.T) {
	var m Lock
	m.TryLock()
	for range 10000 {
		m.Lock().Start(nil).Cancel()
	}
	if n := len(m.waiters.s) - m.waiters.head; n > 128 {
		t.Errorf("%d cancelled waiters kept", n)
	}
	live := m.Lock().Start(nil)
	m.Unlock()
	if !live.Done() || live.Err() != nil {
		t.Errorf("the live waiter behind them: done %v, %v", live.Done(), live.Err())
	}
}

// pumpFrame puts 0..n-1 into q, or with get set takes n values from q.
type pumpFrame struct {
	Frame[int]
	q   *Queue[int]
	n   int
	i   int
	sum int
	get bool
	put *Future[struct{}]
	got *Future[int]
}

func (f *pumpFrame) Resume() Step {
	if f.PC() == 1 {
		goto resume
	}
loop:
	if f.i == f.n {
		return f.Frame.Return(f.sum, nil)
	}
	if f.get {
		f.got = Begin(&f.Frame, f.q.Get())
		if f.Frame.Suspend(f.got, 1) {
			return Suspended
		}
	} else {
		f.put = Begin(&f.Frame, f.q.Put(f.i))
		if f.Frame.Suspend(f.put, 1) {
			return Suspended
		}
	}
resume:
	if f.get {
		v, _ := AwaitResult(&f.Frame, &f.got)
		f.sum += v
	} else {
		AwaitResult(&f.Frame, &f.put)
	}
	f.i++
	goto loop
}

// TestQueueWaitsAllocateNothing hands values between two tasks that wait
// on each other through a queue of one: the kept ops make the puts and
// gets allocate nothing, so the allocations of a run do not grow with its
// length.
func TestQueueWaitsAllocateNothing(t *testing.T) {
	l, err := NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	allocs := func(n int) float64 {
		return testing.AllocsPerRun(5, func() {
			q := NewQueue[int](1)
			prod := NewTask(&pumpFrame{q: q, n: n})
			cons := NewTask(&pumpFrame{q: q, n: n, get: true})
			l.Spawn(prod)
			l.Spawn(cons)
			if err := l.RunUntil(cons); err != nil {
				t.Fatal(err)
			}
			if sum, _ := cons.Result(); sum != n*(n-1)/2 {
				t.Fatalf("sum %d", sum)
			}
		})
	}
	short, long := allocs(10), allocs(1000)
	if long > short+1 {
		t.Errorf("allocations: %v for 10 values, %v for 1000: the waits allocate", short, long)
	}
}

// TestWaitqEmptiesWhenAllLeave checks the invariant that Queue's methods
// rely on to skip the call: a waitq that holds no waiting op, whether its
// ops were served, cancelled or skipped as gone, holds no op at all.
func TestWaitqEmptiesWhenAllLeave(t *testing.T) {
	var m Lock
	m.TryLock()
	a, b, c := m.Lock().Start(nil), m.Lock().Start(nil), m.Lock().Start(nil)
	b.Cancel()
	m.Unlock() // to a
	if !a.Done() || !m.waiters.waiting() {
		t.Fatalf("a served: %v; c still waits: %v", a.Done(), m.waiters.waiting())
	}
	m.Unlock() // past the cancelled b, to c
	if !c.Done() || c.Err() != nil {
		t.Fatalf("c: done %v, %v", c.Done(), c.Err())
	}
	if m.waiters.waiting() || len(m.waiters.s) != 0 || m.waiters.head != 0 {
		t.Errorf("served and gone all: waiting %v, %d ops from %d", m.waiters.waiting(), len(m.waiters.s), m.waiters.head)
	}
	d := m.Lock().Start(nil)
	d.Cancel()
	if !m.waiters.empty() || m.waiters.waiting() {
		t.Errorf("after the only waiter is cancelled: empty %v, waiting %v", m.waiters.empty(), m.waiters.waiting())
	}
}

// TestKeptGetAfterGoroutineWaited reuses a Queue's kept Get whose future
// a goroutine waited on: the reused op takes its new result in place, and
// its future stays done for the goroutines that ask it.
func TestKeptGetAfterGoroutineWaited(t *testing.T) {
	q := NewQueue[int](1)
	get := q.Get()
	fut := get.Start(nil) // the queue is empty: it waits
	got := make(chan int)
	go func() {
		v, _ := fut.Wait()
		got <- v
	}()
	for fut.extra.Load() == nil { // the goroutine waits on the future's channel
		runtime.Gosched()
	}
	q.Put(1).Start(nil)
	if v := <-got; v != 1 {
		t.Fatalf("the goroutine got %d, want 1", v)
	}
	q.Put(2).Start(nil)
	again := q.Get()
	if again != get {
		t.Fatal("the Get was not kept for reuse")
	}
	if again.Start(nil) != fut || !fut.Done() {
		t.Fatalf("the reused Get's future: same %v, done %v", again.Start(nil) == fut, fut.Done())
	}
	go func() {
		v, _ := fut.Wait()
		got <- v
	}()
	if v := <-got; v != 2 {
		t.Errorf("a goroutine waiting on the reused future got %d, want 2", v)
	}
}
