package rt_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// leafFrame is the frame of
//
//	//async
//	func leaf(x int, wait *rt.Future[int], log *events, boom, recov bool, cancel *rt.Task[int]) (int, error) {
//		defer log.add("leaf(%d) deferred", x) // when log is not nil
//		defer func() { if recov && recover() != nil { x = -2 } }()
//		if cancel != nil {
//			cancel.Cancel()
//		}
//		if wait != nil {
//			v, err := rt.Await(wait)
//			if err != nil {
//				return 0, err
//			}
//			x += v
//		}
//		if boom {
//			panic("boom")
//		}
//		return x + 1, nil
//	}
//
// called directly by callerFrame, which embeds it.
type leafFrame struct {
	rt.Frame[int]
	x      int
	wait   *rt.Future[int]
	log    *events
	boom   bool
	recov  bool
	cancel *rt.Task[int]
	fut1   *rt.Future[int]
}

func (f *leafFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	if f.log != nil {
		f.Frame.Defer(func() { f.log.add("leaf(%d) deferred", f.x) })
	}
	if f.recov {
		f.Frame.Defer(func() {
			if f.Frame.Recover() != nil {
				f.x = -2
			}
		})
	}
	if f.cancel != nil {
		f.cancel.Cancel()
	}
	if f.wait == nil {
		goto done
	}
	f.fut1 = rt.BeginFuture(&f.Frame, f.wait)
	if f.Frame.Suspend(f.fut1, 1) {
		return rt.Suspended
	}
resume1:
	{
		v, err := rt.AwaitResult(&f.Frame, &f.fut1)
		if err != nil {
			return f.Frame.Return(0, err)
		}
		f.x += v
	}
done:
	if f.boom {
		panic("boom")
	}
	return f.Frame.Return(f.x+1, nil)
}

func (f *leafFrame) Recovered() (int, error) { return f.x, nil }

// leafCall is one call of leaf that callerFrame makes.
type leafCall struct {
	x            int
	wait         *rt.Future[int]
	boom, recov  bool
	cancelCaller bool
}

// callerFrame is the frame of
//
//	//async
//	func caller(calls []leafCall, log *events) (int, error) {
//		defer log.add("caller deferred") // when log is not nil
//		total := 0
//		for _, c := range calls {
//			v, err := leaf(c.x, c.wait, log, c.boom, c.recov, self) // self: its own task, if c.cancelCaller
//			if err != nil {
//				return total, err
//			}
//			total += v
//		}
//		return total, nil
//	}
//
// with leaf's frame embedded in its own, as field call1.
type callerFrame struct {
	rt.Frame[int]
	calls []leafCall
	log   *events
	total int
	i     int
	call1 leafFrame
}

func (f *callerFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	if f.log != nil {
		f.Frame.Defer(func() { f.log.add("caller deferred") })
	}
loop:
	if !(f.i < len(f.calls)) {
		goto done
	}
	f.call1 = leafFrame{x: f.calls[f.i].x, wait: f.calls[f.i].wait, log: f.log, boom: f.calls[f.i].boom, recov: f.calls[f.i].recov}
	if f.calls[f.i].cancelCaller {
		f.call1.cancel = f.Frame.Task()
	}
	if rt.Call(&f.Frame, &f.call1, 1) {
		return rt.Suspended
	}
resume1:
	{
		v, err := rt.CallResult(&f.Frame, f.call1.Task())
		if err != nil {
			return f.Frame.Return(f.total, err)
		}
		f.total += v
	}
	f.i++
	goto loop
done:
	return f.Frame.Return(f.total, nil)
}

func caller(log *events, calls ...leafCall) *rt.Task[int] {
	return rt.NewTask(&callerFrame{calls: calls, log: log})
}

// TestCallReturnsAtOnce: callees that return without suspending give their
// results and run their deferred calls, one frame serving every call.
func TestCallReturnsAtOnce(t *testing.T) {
	var log events
	got, err := rt.Run(caller(&log, leafCall{x: 1}, leafCall{x: 10}, leafCall{x: 100}))
	if got != 114 || err != nil {
		t.Errorf("caller = %d, %v; want 114, nil", got, err)
	}
	if want := "leaf(1) deferred leaf(10) deferred leaf(100) deferred caller deferred"; log.String() != want {
		t.Errorf("log = %q; want %q", log.String(), want)
	}
}

// TestCallSuspends: a callee that suspends is a task of the loop's while it
// waits, listed by Dump and awaited by its caller; once it has finished it
// is listed no more, and its frame serves the next call afresh.
func TestCallSuspends(t *testing.T) {
	l := newLoop(t)
	var log events
	wait := rt.NewFuture[int]()
	task := caller(&log, leafCall{x: 1, wait: wait}, leafCall{x: 2}, leafCall{x: 3, wait: wait})
	l.Spawn(task)
	var dump, after strings.Builder
	l.CallSoon(func() {
		l.Dump(&dump)
		wait.Resolve(10)
		l.CallSoon(func() { l.Dump(&after) })
	})
	got, err := run(t, l, task)
	if got != 12+3+14 || err != nil {
		t.Errorf("caller = %d, %v; want 29, nil", got, err)
	}
	for _, want := range []string{
		"2 live tasks",
		"task 1 *rt_test.callerFrame pc=1 awaiting task 2\n",
		"task 2 *rt_test.leafFrame pc=1 awaiting a future\n",
	} {
		if !strings.Contains(dump.String(), want) {
			t.Errorf("Dump while the callee waits:\n%s\nwants %q", dump.String(), want)
		}
	}
	if want := "1 live tasks"; !strings.HasPrefix(after.String(), want) || strings.Contains(after.String(), "leafFrame") {
		t.Errorf("Dump once the callee has finished:\n%s\nwant %q and no leafFrame", after.String(), want)
	}
	if want := "leaf(11) deferred leaf(2) deferred leaf(13) deferred caller deferred"; log.String() != want {
		t.Errorf("log = %q; want %q", log.String(), want)
	}
}

// TestCallCancel: cancelling a caller whose callee waits cancels the
// callee, and the caller finishes only once the callee has, its deferred
// calls run.
func TestCallCancel(t *testing.T) {
	l := newLoop(t)
	var log events
	wait := rt.NewFuture[int]()
	task := caller(&log, leafCall{x: 1, wait: wait}, leafCall{x: 2})
	l.Spawn(task)
	l.CallSoon(func() { task.Cancel() })
	if _, err := run(t, l, task); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("caller: err = %v; want ErrCanceled", err)
	}
	if _, err := wait.Result(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("the future the callee awaited: err = %v; want ErrCanceled", err)
	}
	if want := "leaf(1) deferred caller deferred"; log.String() != want {
		t.Errorf("log = %q; want %q", log.String(), want)
	}
}

// TestCallCancelsCaller: a callee that cancels its own caller and then
// waits is cancelled in turn, and waited for.
func TestCallCancelsCaller(t *testing.T) {
	l := newLoop(t)
	var log events
	wait := rt.NewFuture[int]()
	task := caller(&log, leafCall{x: 1, wait: wait, cancelCaller: true}, leafCall{x: 2})
	if _, err := run(t, l, task); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("caller: err = %v; want ErrCanceled", err)
	}
	if !wait.Done() {
		t.Error("the caller finished while its callee still waited")
	}
	if want := "leaf(1) deferred caller deferred"; log.String() != want {
		t.Errorf("log = %q; want %q", log.String(), want)
	}
}

// twoCallsFrame is the frame of
//
//	//async
//	func twoCalls(log *events, boom, cancelSelf bool) (int, error) {
//		a, _ := leaf(1, nil, log, boom, false, self) // self: its own task if cancelSelf
//		b, err := leaf(2, nil, log, false, false, nil)
//		return a + b, err
//	}
type twoCallsFrame struct {
	rt.Frame[int]
	log        *events
	boom       bool
	cancelSelf bool
	a          int
	call1      leafFrame
}

func (f *twoCallsFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	case 2:
		goto resume2
	}
	f.call1 = leafFrame{x: 1, log: f.log, boom: f.boom}
	if f.cancelSelf {
		f.call1.cancel = f.Frame.Task()
	}
	if rt.Call(&f.Frame, &f.call1, 1) {
		return rt.Suspended
	}
resume1:
	f.a, _ = rt.CallResult(&f.Frame, f.call1.Task())
	f.call1 = leafFrame{x: 2, log: f.log}
	if rt.Call(&f.Frame, &f.call1, 2) {
		return rt.Suspended
	}
resume2:
	{
		b, err := rt.CallResult(&f.Frame, f.call1.Task())
		return f.Frame.Return(f.a+b, err)
	}
}

// TestCallCanceledCaller: a cancelled caller does not run its callee, and
// reads ErrCanceled as the call's result, even of a call that finished.
func TestCallCanceledCaller(t *testing.T) {
	var log events
	got, err := rt.Run(rt.NewTask(&twoCallsFrame{log: &log, cancelSelf: true}))
	if got != 0 || !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("twoCalls = %d, %v; want 0, ErrCanceled", got, err)
	}
	if want := "leaf(1) deferred"; log.String() != want {
		t.Errorf("log = %q; want %q (the second call must not run)", log.String(), want)
	}
}

// TestCallPanic: a panic in a callee, at once or after it suspended, runs
// the callee's deferred calls and goes on up through its caller, whose
// task ends with it; a callee that recovers returns to its caller.
func TestCallPanic(t *testing.T) {
	for _, tc := range []struct {
		name string
		wait bool
	}{{"at once", false}, {"after suspending", true}} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			var log events
			var wait *rt.Future[int]
			if tc.wait {
				wait = rt.NewFuture[int]()
			}
			task := caller(&log, leafCall{x: 1}, leafCall{x: 1, wait: wait, boom: true}, leafCall{x: 3})
			l.Spawn(task)
			if tc.wait {
				l.CallSoon(func() { wait.Resolve(1) }) // once the callee waits
			}
			_, err := run(t, l, task)
			var pe *rt.PanicError
			if !errors.As(err, &pe) || pe.Value != "boom" {
				t.Fatalf("caller: err = %v; want a *PanicError of boom", err)
			}
			if !strings.Contains(string(pe.Stack), "leafFrame") {
				t.Errorf("the panic's stack does not show the callee:\n%s", pe.Stack)
			}
			wantX := 1
			if tc.wait {
				wantX = 2
			}
			if want := fmt.Sprintf("leaf(1) deferred leaf(%d) deferred caller deferred", wantX); log.String() != want {
				t.Errorf("log = %q; want %q", log.String(), want)
			}

			log = events{}
			task = caller(&log, leafCall{x: 1, boom: true, recov: true}, leafCall{x: 3})
			if got, err := run(t, l, task); got != -2+4 || err != nil {
				t.Errorf("caller of a callee that recovers = %d, %v; want 2, nil", got, err)
			}
		})
	}
}

// boomFrame panics at once and defers nothing.
type boomFrame struct{ rt.Frame[int] }

func (f *boomFrame) Resume() rt.Step { panic("boom") }

// recoveringCaller is the frame of
//
//	//async
//	func recovering(recov bool) (v int) {
//		defer func() {
//			if recov && recover() != nil {
//				v = -1
//			}
//		}()
//		return boom() + 1
//	}
//
// with the call of boom made by call (rt.Call, or rt.BeginCall and
// rt.AfterCall).
type recoveringCaller struct {
	rt.Frame[int]
	call  func(f *recoveringCaller) bool
	recov bool
	v     int
	call1 boomFrame
}

func (f *recoveringCaller) Resume() rt.Step {
	if f.Frame.PC() == 0 {
		f.Frame.Defer(func() {
			if f.recov && f.Frame.Recover() != nil {
				f.v = -1
			}
		})
		f.call1 = boomFrame{}
		if f.call(f) {
			return rt.Suspended
		}
	}
	f.v = rt.CallValue(&f.Frame, f.call1.Task()) + 1
	if err := f.Frame.RunDefers(); err != nil {
		return f.Frame.Fail(err)
	}
	return f.Frame.Return(f.v, nil)
}

func (f *recoveringCaller) Recovered() (int, error) { return f.v, nil }

// TestBeginCallPanic: a panic of a callee called with BeginCall and
// AfterCall goes up through its caller as one called with Call does: the
// caller's deferred recover stops it, and without one the task ends with
// the panic, whose stack shows the callee.
func TestBeginCallPanic(t *testing.T) {
	for name, call := range map[string]func(f *recoveringCaller) bool{
		"Call": func(f *recoveringCaller) bool { return rt.Call(&f.Frame, &f.call1, 1) },
		"BeginCall": func(f *recoveringCaller) bool {
			return rt.BeginCall(&f.Frame, &f.call1.Frame) && rt.AfterCall(&f.Frame, &f.call1, f.call1.Resume(), 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			if v, err := rt.Run(rt.NewTask(&recoveringCaller{call: call, recov: true})); v != -1 || err != nil {
				t.Errorf("recovering = %d, %v; want -1, nil", v, err)
			}
			_, err := rt.Run(rt.NewTask(&recoveringCaller{call: call}))
			var pe *rt.PanicError
			if !errors.As(err, &pe) || pe.Value != "boom" {
				t.Fatalf("err = %v; want a *PanicError of boom", err)
			}
			if !strings.Contains(string(pe.Stack), "boomFrame") {
				t.Errorf("the panic's stack does not show the callee:\n%s", pe.Stack)
			}
		})
	}
}

// TestCallPanicUnwindsCaller: the caller of a callee that panicked does
// not go on, even where it would ignore an error: the panic goes through
// it, as through a plain call.
func TestCallPanicUnwindsCaller(t *testing.T) {
	var log events
	_, err := rt.Run(rt.NewTask(&twoCallsFrame{log: &log, boom: true}))
	if pe := (*rt.PanicError)(nil); !errors.As(err, &pe) || pe.Value != "boom" {
		t.Errorf("twoCalls: err = %v; want a *PanicError of boom", err)
	}
	if want := "leaf(1) deferred"; log.String() != want {
		t.Errorf("log = %q; want %q (the caller must not make its second call)", log.String(), want)
	}
}

// TestCallClose: closing the loop while a callee waits ends the callee
// and its caller, deferred calls run.
func TestCallClose(t *testing.T) {
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	var log events
	task := caller(&log, leafCall{x: 1, wait: rt.NewFuture[int]()})
	l.Spawn(task)
	l.RunUntil(rt.NewTask(&leafFrame{}))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := task.Result(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("caller: err = %v; want ErrCanceled", err)
	}
	if want := "leaf(1) deferred caller deferred"; log.String() != want {
		t.Errorf("log = %q; want %q", log.String(), want)
	}
}

// noReturnFrame returns Done without returning through Frame.Return.
type noReturnFrame struct{ rt.Frame[int] }

func (f *noReturnFrame) Resume() rt.Step { return rt.Done }

// noReturnCaller calls noReturnFrame directly.
type noReturnCaller struct {
	rt.Frame[int]
	call1 noReturnFrame
}

func (f *noReturnCaller) Resume() rt.Step {
	if f.Frame.PC() == 0 {
		f.call1 = noReturnFrame{}
		if rt.Call(&f.Frame, &f.call1, 1) {
			return rt.Suspended
		}
	}
	v, err := rt.CallResult(&f.Frame, f.call1.Task())
	return f.Frame.Return(v, err)
}

func TestCallNoReturn(t *testing.T) {
	_, err := rt.Run(rt.NewTask(&noReturnCaller{}))
	if err == nil || !strings.Contains(err.Error(), "without calling Return") {
		t.Errorf("err = %v; want the internal error of a frame that did not return", err)
	}
}

// fibFrames is the free list of fib's frames.
var fibFrames rt.FramePool[fibFrame]

// fibFrame is the frame of
//
//	//async
//	func fib(n int, yield bool) int {
//		if n < 2 {
//			if yield {
//				rt.Yield()
//			}
//			return n
//		}
//		a := fib(n-1, yield)
//		return a + fib(n-2, yield)
//	}
//
// whose frame, being recursive, comes from a free list for each call.
type fibFrame struct {
	rt.Frame[int]
	n     int
	yield bool
	a     int
	call1 *fibFrame
}

func (f *fibFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	case 2:
		goto resume2
	case 3:
		goto resume3
	}
	if !(f.n < 2) {
		goto recurse
	}
	if !f.yield {
		goto base
	}
	return f.Frame.Reschedule(3)
resume3:
base:
	return f.Frame.Return(f.n, nil)
recurse:
	f.call1 = rt.TakeFrame(&f.Frame, &fibFrames)
	*f.call1 = fibFrame{n: f.n - 1, yield: f.yield}
	if rt.Call(&f.Frame, f.call1, 1) {
		return rt.Suspended
	}
resume1:
	f.a = rt.CallValue(&f.Frame, f.call1.Task())
	rt.FreeFrame(&f.Frame, &fibFrames, f.call1)
	f.call1 = rt.TakeFrame(&f.Frame, &fibFrames)
	*f.call1 = fibFrame{n: f.n - 2, yield: f.yield}
	if rt.Call(&f.Frame, f.call1, 2) {
		return rt.Suspended
	}
resume2:
	{
		b := rt.CallValue(&f.Frame, f.call1.Task())
		rt.FreeFrame(&f.Frame, &fibFrames, f.call1)
		return f.Frame.Return(f.a+b, nil)
	}
}

// TestCallFreeList: a recursive callee's frames come from the loop's free
// list, so that once it is warm a deep recursion allocates no more than a
// shallow one, whether its calls suspend or not.
func TestCallFreeList(t *testing.T) {
	l := newLoop(t)
	for _, yield := range []bool{false, true} {
		fib := func(n int) int {
			task := rt.NewTask(&fibFrame{n: n, yield: yield})
			v, err := run(t, l, task)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if got := fib(15); got != 610 {
			t.Errorf("fib(15), yield=%v = %d; want 610", yield, got)
		}
		deep := testing.AllocsPerRun(5, func() { fib(15) })
		shallow := testing.AllocsPerRun(5, func() { fib(1) })
		if deep != shallow {
			t.Errorf("yield=%v: fib(15) costs %v allocations, fib(1) %v; want the same", yield, deep, shallow)
		}
		var dump strings.Builder
		l.Dump(&dump)
		if !strings.HasPrefix(dump.String(), "0 live tasks") {
			t.Errorf("tasks left behind:\n%s", dump.String())
		}
	}
}

// TestCallEmbeddedAllocs: a caller whose callee's frame is embedded
// allocates nothing per call once running, whether the callee returns at
// once or suspends.
func TestCallEmbeddedAllocs(t *testing.T) {
	l := newLoop(t)
	wait := rt.NewFuture[int]()
	wait.Resolve(1)
	calls := func(n int) []leafCall {
		c := make([]leafCall, n)
		for i := range c {
			c[i] = leafCall{x: i, wait: wait}
		}
		return c
	}
	short, long := calls(1), calls(1000)
	run(t, l, caller(nil, long...)) // the ready queue grows to its working size
	cost := func(c []leafCall) float64 {
		return testing.AllocsPerRun(5, func() { run(t, l, caller(nil, c...)) })
	}
	// The awaits of the done future suspend once the loop's budget for a
	// turn is spent: long makes its callee suspend, and so go through the
	// slow path, over and over.
	if a, b := cost(long), cost(short); a != b {
		t.Errorf("1000 calls cost %v allocations, 1 call %v; want the same", a, b)
	}
}
