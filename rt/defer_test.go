package rt_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// cleanupFrame is the frame asyncgen writes for
//
//	//async
//	func cleanup(name string, gate *rt.Future[int], log *events, panics bool) {
//		log.add("%s start", name)
//		_, err := rt.Await(gate)
//		log.add("%s: %v", name, err)
//		if panics {
//			panic(name)
//		}
//	}
type cleanupFrame struct {
	rt.Frame[struct{}]
	name   string
	gate   *rt.Future[int]
	log    *events
	panics bool
	fut    *rt.Future[int]
}

func (f *cleanupFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.log.add("%s start", f.name)
	f.fut = rt.BeginFuture(&f.Frame, f.gate)
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume1:
	_, err := rt.AwaitResult(&f.Frame, &f.fut)
	f.log.add("%s: %v", f.name, err)
	if f.panics {
		panic(f.name)
	}
	return f.Frame.Return(struct{}{}, nil)
}

func cleanupAsync(name string, gate *rt.Future[int], log *events, panics bool) *rt.Task[struct{}] {
	return rt.NewTask(&cleanupFrame{name: name, gate: gate, log: log, panics: panics})
}

// deferringFrame is the frame asyncgen writes for
//
//	//async
//	func deferring(c *deferCase) (int, error) {
//		defer func() {
//			if c.recovers {
//				if r := recover(); r != nil {
//					c.log.add("recovered %v", r)
//				}
//			}
//			c.log.add("plain")
//		}()
//		defer cleanup("outer", c.outer, c.log, c.outerPanics)
//		defer c.log.add("middle")
//		defer cleanup("inner", c.inner, c.log, false)
//		if c.block != nil {
//			if _, err := rt.Await(c.block); err != nil {
//				return 0, err
//			}
//		}
//		if c.panics {
//			panic("body")
//		}
//		return 1, nil
//	}
type deferringFrame struct {
	rt.Frame[int]
	c   *deferCase
	fut *rt.Future[int]
}

type deferCase struct {
	log                 *events
	outer, inner, block *rt.Future[int]
	outerPanics, panics bool
	recovers            bool
}

func (f *deferringFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.Frame.Defer(func() {
		if f.c.recovers {
			if r := f.Frame.Recover(); r != nil {
				f.c.log.add("recovered %v", r)
			}
		}
		f.c.log.add("plain")
	})
	rt.DeferAwait(&f.Frame, cleanupAsync("outer", f.c.outer, f.c.log, f.c.outerPanics))
	f.Frame.Defer(func() { f.c.log.add("middle") })
	rt.DeferAwait(&f.Frame, cleanupAsync("inner", f.c.inner, f.c.log, false))
	if f.c.block != nil {
		f.fut = rt.BeginFuture(&f.Frame, f.c.block)
		if f.Frame.Suspend(f.fut, 1) {
			return rt.Suspended
		}
	}
resume1:
	if f.c.block != nil {
		if _, err := rt.AwaitResult(&f.Frame, &f.fut); err != nil {
			return f.Frame.Return(0, err)
		}
	}
	if f.c.panics {
		panic("body")
	}
	return f.Frame.Return(1, nil)
}

func newDeferCase() *deferCase {
	return &deferCase{log: new(events), outer: rt.NewFuture[int](), inner: rt.NewFuture[int]()}
}

// TestDeferAwaitOnReturn: the deferred awaits run when the function
// returns, last in first out with the plain deferred calls, and the task
// ends only once they are over, with the function's results.
func TestDeferAwaitOnReturn(t *testing.T) {
	l := newLoop(t)
	c := newDeferCase()
	task := rt.NewTask(&deferringFrame{c: c})
	l.Spawn(task)
	settle(t, l)
	if got := c.log.String(); got != "inner start" || task.Done() {
		t.Fatalf("before the inner cleanup's gate opens: log %q, done %v; want \"inner start\", not done", got, task.Done())
	}
	c.inner.Resolve(0)
	settle(t, l)
	if got := c.log.String(); got != "inner start inner: <nil> middle outer start" || task.Done() {
		t.Fatalf("before the outer cleanup's gate opens: log %q, done %v", got, task.Done())
	}
	c.outer.Resolve(0)
	v, err := run(t, l, task)
	if v != 1 || err != nil {
		t.Errorf("result = %v, %v; want 1, nil", v, err)
	}
	if got, want := c.log.String(), "inner start inner: <nil> middle outer start outer: <nil> plain"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// TestDeferAwaitShieldedFromCancel: a task cancelled in its body still
// runs its deferred awaits, whose own awaits succeed, and ends with the
// cancellation.
func TestDeferAwaitShieldedFromCancel(t *testing.T) {
	l := newLoop(t)
	c := newDeferCase()
	c.block = rt.NewFuture[int]()
	task := rt.NewTask(&deferringFrame{c: c})
	l.Spawn(task)
	settle(t, l)
	task.Cancel()
	settle(t, l)
	if got := c.log.String(); got != "inner start" || task.Done() {
		t.Fatalf("after Cancel: log %q, done %v; want the inner cleanup waiting", got, task.Done())
	}
	l.CallSoon(func() { c.inner.Resolve(0) })
	l.CallSoon(func() { l.CallSoon(func() { c.outer.Resolve(0) }) })
	_, err := run(t, l, task)
	if !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("err = %v, want ErrCanceled", err)
	}
	if got, want := c.log.String(), "inner start inner: <nil> middle outer start outer: <nil> plain"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// TestDeferAwaitSecondCancelInterrupts: a second Cancel, while a deferred
// await waits, cancels it and every later one, which still run; the plain
// deferred calls run as always.
func TestDeferAwaitSecondCancelInterrupts(t *testing.T) {
	l := newLoop(t)
	c := newDeferCase()
	c.block = rt.NewFuture[int]()
	task := rt.NewTask(&deferringFrame{c: c})
	l.Spawn(task)
	settle(t, l)
	task.Cancel()
	settle(t, l)
	if !task.Cancel() {
		t.Fatal("a second Cancel of a task running its cleanup reported false")
	}
	_, err := run(t, l, task)
	if !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("err = %v, want ErrCanceled", err)
	}
	if got, want := c.log.String(), "inner start inner: rt: canceled middle outer start outer: rt: canceled plain"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// TestDeferAwaitCancelAfterReturn: a first Cancel that comes while the
// deferred awaits of a function that returned wait interrupts them too;
// the task keeps the results the function returned.
func TestDeferAwaitCancelAfterReturn(t *testing.T) {
	l := newLoop(t)
	c := newDeferCase()
	task := rt.NewTask(&deferringFrame{c: c})
	l.Spawn(task)
	settle(t, l)
	task.Cancel()
	v, err := run(t, l, task)
	if v != 1 || err != nil {
		t.Errorf("result = %v, %v; want 1, nil", v, err)
	}
	if got, want := c.log.String(), "inner start inner: rt: canceled middle outer start outer: rt: canceled plain"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// TestDeferAwaitCancelReachesNestedCleanup: a Cancel of a task that waits
// for a task in its cleanup goes on down to it.
func TestDeferAwaitCancelReachesNestedCleanup(t *testing.T) {
	l := newLoop(t)
	c := newDeferCase()
	c.block = rt.NewFuture[int]()
	child := rt.NewTask(&deferringFrame{c: c})
	parent := await[int](child)
	l.Spawn(parent)
	settle(t, l)
	parent.Cancel() // reaches the child at its await of block: its cleanup starts, shielded
	settle(t, l)
	if got := c.log.String(); got != "inner start" {
		t.Fatalf("after the first Cancel: log %q, want the child's inner cleanup waiting", got)
	}
	parent.Cancel() // goes on down to the child, whose cleanup it interrupts
	_, err := run(t, l, parent)
	if !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("err = %v, want ErrCanceled", err)
	}
	if got, want := c.log.String(), "inner start inner: rt: canceled middle outer start outer: rt: canceled plain"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// TestDeferAwaitPanics: a panic in the function goes on after the
// deferred awaits have run; a panic in a deferred await replaces it; and a
// deferred call below can recover either.
func TestDeferAwaitPanics(t *testing.T) {
	for _, tc := range []struct {
		name                         string
		panics, outerPanics, recover bool
		want                         string // the panic's value, or the result
		log                          string
	}{
		{"body", true, false, false, "body", "inner start inner: <nil> middle outer start outer: <nil> plain"},
		{"replaced", true, true, false, "outer", "inner start inner: <nil> middle outer start outer: <nil> plain"},
		{"deferred", false, true, false, "outer", "inner start inner: <nil> middle outer start outer: <nil> plain"},
		{"recovered", true, false, true, "0", "inner start inner: <nil> middle outer start outer: <nil> recovered body plain"},
		{"deferred recovered", false, true, true, "1", "inner start inner: <nil> middle outer start outer: <nil> recovered outer plain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			c := newDeferCase()
			c.panics, c.outerPanics, c.recovers = tc.panics, tc.outerPanics, tc.recover
			c.inner.Resolve(0)
			task := rt.NewTask(&deferringFrame{c: c})
			l.Spawn(task)
			l.CallSoon(func() { l.CallSoon(func() { c.outer.Resolve(0) }) })
			v, err := run(t, l, task)
			got := fmt.Sprint(v)
			var pe *rt.PanicError
			if errors.As(err, &pe) {
				got = fmt.Sprint(pe.Value)
			} else if err != nil {
				t.Fatalf("err = %v, want a *PanicError or nil", err)
			}
			if got != tc.want {
				t.Errorf("ended with %q, want %q", got, tc.want)
			}
			if log := c.log.String(); log != tc.log {
				t.Errorf("log = %q, want %q", log, tc.log)
			}
		})
	}
}

// TestDeferAwaitOfOp: DeferAwait takes any op, started when its turn
// comes: here a future completed by the deferred call that runs first.
func TestDeferAwaitOfOp(t *testing.T) {
	l := newLoop(t)
	log := new(events)
	fut := rt.NewFuture[int]()
	task := rt.NewTask(&opDeferFrame{log: log, fut: fut})
	l.Spawn(task)
	l.CallSoon(func() { l.CallSoon(func() { fut.Resolve(7) }) })
	if _, err := run(t, l, task); err != nil {
		t.Fatal(err)
	}
	if got, want := log.String(), "body first last"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// opDeferFrame is the frame of
//
//	//async
//	func opDefer(log *events, fut *rt.Future[int]) {
//		defer log.add("last")
//		defer rt.Await(fut)
//		defer log.add("first")
//		log.add("body")
//	}
type opDeferFrame struct {
	rt.Frame[struct{}]
	log *events
	fut *rt.Future[int]
}

func (f *opDeferFrame) Resume() rt.Step {
	f.Frame.Defer(func() { f.log.add("last") })
	rt.DeferAwait(&f.Frame, f.fut)
	f.Frame.Defer(func() { f.log.add("first") })
	f.log.add("body")
	return f.Frame.Return(struct{}{}, nil)
}

// TestDeferAwaitLoopClose: a task whose deferred await never ends is ended
// by Loop.Close, and runs the rest of its deferred calls.
func TestDeferAwaitLoopClose(t *testing.T) {
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	c := newDeferCase()
	task := rt.NewTask(&deferringFrame{c: c})
	l.Spawn(task)
	settle(t, l)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if !task.Done() {
		t.Fatal("the task is not done after Close")
	}
	// Close cancels the task, which interrupts the inner cleanup; the
	// outer one is a task started on a closed loop, which ends at once
	// without running.
	if got, want := c.log.String(), "inner start inner: rt: canceled middle plain"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// yieldDeferFrame is the frame of
//
//	//async
//	func yieldDefer(l *rt.Loop, log *events) {
//		defer log.add("last")
//		defer rt.Yield()
//		defer log.add("first")
//		l.CallSoon(func() { log.add("other") })
//		log.add("body")
//	}
type yieldDeferFrame struct {
	rt.Frame[struct{}]
	l   *rt.Loop
	log *events
}

func (f *yieldDeferFrame) Resume() rt.Step {
	f.Frame.Defer(func() { f.log.add("last") })
	rt.DeferYield(&f.Frame)
	f.Frame.Defer(func() { f.log.add("first") })
	f.l.CallSoon(func() { f.log.add("other") })
	f.log.add("body")
	return f.Frame.Return(struct{}{}, nil)
}

// TestDeferYield: a deferred yield lets what is ready on the loop run
// before the rest of the stack, and the task ends after it.
func TestDeferYield(t *testing.T) {
	l := newLoop(t)
	log := new(events)
	task := rt.NewTask(&yieldDeferFrame{l: l, log: log})
	if _, err := run(t, l, task); err != nil {
		t.Fatal(err)
	}
	if got, want := log.String(), "body first other last"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// recoveringFrame is the frame of
//
//	//async
//	func recovering(gate *rt.Future[int]) (out string) {
//		defer func() {
//			rt.Await(gate)
//			out = fmt.Sprint("recovered ", recover(), ", again ", recover())
//		}()
//		panic("boom")
//	}
//
// and recoveringLitFrame that of its literal, which the frame defers as a
// task of its own whose recover is RecoverFor of the deferring frame.
type recoveringFrame struct {
	rt.Frame[string]
	gate *rt.Future[int]
	out  string
}

func (f *recoveringFrame) Resume() rt.Step {
	rt.DeferAwait(&f.Frame, rt.NewTask(&recoveringLitFrame{gate: f.gate, out: &f.out, deferrer: &f.Frame}))
	panic("boom")
}

func (f *recoveringFrame) Recovered() (string, error) { return f.out, nil }

type recoveringLitFrame struct {
	rt.Frame[struct{}]
	gate     *rt.Future[int]
	out      *string
	deferrer rt.Deferrer
	fut      *rt.Future[int]
}

func (f *recoveringLitFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.fut = rt.BeginFuture(&f.Frame, f.gate)
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume1:
	rt.AwaitResult(&f.Frame, &f.fut)
	*f.out = fmt.Sprint("recovered ", rt.RecoverFor(f.deferrer), ", again ", rt.RecoverFor(f.deferrer))
	return f.Frame.Return(struct{}{}, nil)
}

// TestRecoverFor: recover in a deferred literal that awaits stops the
// panic of the frame that deferred it, after the literal's await, and
// the task returns its named result as the literal left it; a second
// recover, and one with no deferring frame (a literal called, not
// deferred), return nil.
func TestRecoverFor(t *testing.T) {
	l := newLoop(t)
	gate := rt.NewFuture[int]()
	task := rt.NewTask(&recoveringFrame{gate: gate})
	l.Spawn(task)
	l.CallSoon(func() { l.CallSoon(func() { gate.Resolve(0) }) })
	v, err := run(t, l, task)
	if want := "recovered boom, again <nil>"; v != want || err != nil {
		t.Errorf("result = %q, %v; want %q, nil", v, err, want)
	}
	if r := rt.RecoverFor(nil); r != nil {
		t.Errorf("RecoverFor(nil) = %v, want nil", r)
	}
}
