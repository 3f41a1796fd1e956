package rt_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Panics outside tasks, and what the loop keeps consistent around them.

// runUntil runs l until task has finished and returns RunUntil's error; a
// panic out of RunUntil fails the test.
func runUntil(t *testing.T, l *rt.Loop, task rt.AnyTask) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("RunUntil panicked: %v", r)
		}
	}()
	return l.RunUntil(task)
}

// wantCallbackPanic checks that err is the PanicError of a callback that
// panicked with v.
func wantCallbackPanic(t *testing.T, err error, v any) {
	t.Helper()
	var pe *rt.PanicError
	if !errors.As(err, &pe) || pe.Value != v {
		t.Fatalf("err = %v, want a PanicError with value %v", err, v)
	}
	if !strings.HasPrefix(err.Error(), "rt: callback panicked: ") {
		t.Errorf("err = %q, want it to say a callback panicked", firstLine(err))
	}
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

func TestSubmitPanicKeepsTheBatch(t *testing.T) {
	l := newLoop(t)
	var log events
	fut := rt.NewFuture[int]()
	task := await[int](fut)
	l.Spawn(task)
	l.Submit(func() { log.add("a") })
	l.Submit(func() { panic("boom") })
	l.Submit(func() { log.add("c") })
	l.Submit(func() { fut.Resolve(1) })
	wantCallbackPanic(t, runUntil(t, l, task), "boom")
	if got := log.String(); got != "a" {
		t.Errorf("before the panic surfaced: log = %q, want %q", got, "a")
	}
	// The loop goes on where it stopped.
	if err := runUntil(t, l, task); err != nil {
		t.Fatal(err)
	}
	if got := log.String(); got != "a c" {
		t.Errorf("log = %q, want %q", got, "a c")
	}
	if v, err := task.Result(); v != 1 || err != nil {
		t.Errorf("task = %v, %v; want 1, nil", v, err)
	}
}

// TestSubmitPanicUnderConcurrentSubmits: callbacks submitted from other
// goroutines while the loop keeps stopping on panics all run once. The
// submit queue and its spare buffer used to end up sharing an array: a race
// (go test -race), and a nil func call without -race.
func TestSubmitPanicUnderConcurrentSubmits(t *testing.T) {
	l := newLoop(t)
	const goroutines, each = 4, 2000
	var ran atomic.Int64
	want := int64(0)
	done := rt.NewFuture[struct{}]()
	task := await[struct{}](done)
	l.Spawn(task)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				var err error
				if i%50 == 0 {
					err = l.Submit(func() { panic(fmt.Sprint("boom ", g, i)) })
				} else {
					err = l.Submit(func() { ran.Add(1) })
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
		want += each - each/50
	}
	go func() {
		wg.Wait()
		l.Submit(func() { done.Resolve(struct{}{}) })
	}()
	panics := 0
	for {
		err := runUntil(t, l, task)
		if err == nil {
			break
		}
		var pe *rt.PanicError
		if !errors.As(err, &pe) {
			t.Fatal(err)
		}
		panics++
	}
	if got := ran.Load(); got != want {
		t.Errorf("%d callbacks ran, want %d", got, want)
	}
	if want := goroutines * each / 50; panics != want {
		t.Errorf("RunUntil reported %d panics, want %d", panics, want)
	}
}

func TestCallbackPanicsSurface(t *testing.T) {
	l := newLoop(t)
	var log events
	fut := rt.NewFuture[int]()
	task := await[int](fut)
	l.Spawn(task)
	l.CallLater(0, func() { panic("timer") })
	l.CallLater(0, func() { log.add("timer 2") })
	l.CallSoon(func() { panic("soon") })
	l.CallSoon(func() { log.add("soon 2"); fut.Resolve(1) })
	var errs []string
	for range 3 {
		err := runUntil(t, l, task)
		if err == nil {
			break
		}
		var pe *rt.PanicError
		if !errors.As(err, &pe) {
			t.Fatal(err)
		}
		errs = append(errs, fmt.Sprint(pe.Value))
	}
	if got, want := strings.Join(errs, " "), "timer soon"; got != want {
		t.Errorf("panics reported: %q, want %q", got, want)
	}
	if got, want := log.String(), "timer 2 soon 2"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
	if !task.Done() {
		t.Error("the task did not finish")
	}
}

// TestOnDonePanicWakesTheOthers: a panicking OnDone callback registered
// before a task awaits the same task or future does not lose the task's
// wake-up, and the panic is not lost either.
func TestOnDonePanicWakesTheOthers(t *testing.T) {
	t.Run("task", func(t *testing.T) {
		l := newLoop(t)
		c := script(func(i int, err error) rt.Op[struct{}] {
			if i == 0 {
				return yield
			}
			return nil
		})
		c.OnDone(func() { panic("boom") })
		waiter := await[struct{}](c)
		l.Spawn(c)
		l.Spawn(waiter)
		wantCallbackPanic(t, runUntil(t, l, waiter), "boom")
		if err := runUntil(t, l, waiter); err != nil {
			t.Fatal(err)
		}
		if _, err := waiter.Result(); err != nil {
			t.Errorf("waiter: %v", err)
		}
	})
	t.Run("future", func(t *testing.T) {
		l := newLoop(t)
		f := rt.NewFuture[int]()
		f.OnDone(func() { panic("boom") })
		var log events
		f.OnDone(func() { log.add("second callback") })
		waiter := await[int](f)
		l.Spawn(waiter)
		l.CallSoon(func() { l.Submit(func() { f.Resolve(7) }) })
		wantCallbackPanic(t, runUntil(t, l, waiter), "boom")
		if err := runUntil(t, l, waiter); err != nil {
			t.Fatal(err)
		}
		if v, err := waiter.Result(); v != 7 || err != nil {
			t.Errorf("waiter = %v, %v; want 7, nil", v, err)
		}
		if log.String() != "second callback" {
			t.Errorf("the second callback did not run")
		}
	})
	t.Run("resolved by a task", func(t *testing.T) {
		// The task that completes the future runs the callback, and its
		// panic: the task fails with it. The waiter still wakes.
		l := newLoop(t)
		f := rt.NewFuture[int]()
		f.OnDone(func() { panic("boom") })
		waiter := await[int](f)
		resolver := script(func(i int, err error) rt.Op[struct{}] {
			if i == 0 {
				return yield
			}
			f.Resolve(7)
			return nil
		})
		l.Spawn(waiter)
		l.Spawn(resolver)
		if err := runUntil(t, l, waiter); err != nil {
			t.Fatal(err)
		}
		if v, err := waiter.Result(); v != 7 || err != nil {
			t.Errorf("waiter = %v, %v; want 7, nil", v, err)
		}
		var pe *rt.PanicError
		if err := resolver.Err(); !errors.As(err, &pe) || pe.Value != "boom" {
			t.Errorf("resolver: err = %v, want its callback's panic", err)
		}
	})
}

// TestCloseRunsAcceptedCallbacks: a callback that Submit accepted runs
// before Close returns, even with no task live.
func TestCloseRunsAcceptedCallbacks(t *testing.T) {
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	f := rt.NewFuture[int]()
	var log events
	if err := l.Submit(func() {
		f.Resolve(42)
		l.CallSoon(func() { log.add("soon") })
	}); err != nil {
		t.Fatal(err)
	}
	l.CallSoon(func() { log.add("before") })
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if v, err := f.Result(); v != 42 || err != nil {
		t.Errorf("f = %v, %v; want 42, nil", v, err)
	}
	if got, want := log.String(), "before soon"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

// TestCloseReportsCallbackPanics: a callback that panics while Close
// winds the loop down does not stop the others; Close returns the panic.
func TestCloseReportsCallbackPanics(t *testing.T) {
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	var log events
	l.Submit(func() { panic("boom") })
	l.Submit(func() { log.add("after") })
	wantCallbackPanic(t, l.Close(), "boom")
	if log.String() != "after" {
		t.Errorf("the callback after the panicking one did not run")
	}
}

// goexitFrame calls runtime.Goexit, as t.FailNow does.
type goexitFrame struct{ rt.Frame[int] }

func (f *goexitFrame) Resume() rt.Step {
	runtime.Goexit()
	return rt.Suspended
}

// TestGoexitInTask: runtime.Goexit in a task ends the goroutine that runs
// the loop; the task fails, its waiters hear of it, and the loop can be
// closed from elsewhere.
func TestGoexitInTask(t *testing.T) {
	var notice strings.Builder
	l, err := rt.NewLoop(rt.WithDebugLog(&notice))
	if err != nil {
		t.Fatal(err)
	}
	task := rt.NewTask(&goexitFrame{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		l.RunUntil(task)
		t.Error("RunUntil returned")
	}()
	<-ended
	if _, err := task.Wait(); err != rt.ErrGoexit {
		t.Errorf("task err = %v, want ErrGoexit", err)
	}
	if got := notice.String(); !strings.Contains(got, "task 1 (*rt_test.goexitFrame) called runtime.Goexit") {
		t.Errorf("debug log = %q, want a notice naming the task", got)
	}
	if err := l.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestCloseWhileRunning: Close from another goroutine, or from inside the
// loop, while the loop runs hands the close to the loop; RunUntil then
// finishes it and returns ErrClosed.
func TestCloseWhileRunning(t *testing.T) {
	for _, from := range []string{"goroutine", "task", "callback"} {
		t.Run(from, func(t *testing.T) {
			l, err := rt.NewLoop()
			if err != nil {
				t.Fatal(err)
			}
			started := make(chan struct{})
			var closeErr error
			task := script(func(i int, err error) rt.Op[struct{}] {
				if i == 0 {
					switch from {
					case "goroutine":
						close(started)
					case "task":
						closeErr = l.Close()
					case "callback":
						l.Submit(func() { closeErr = l.Close() })
					}
					return rt.NewFuture[struct{}]() // never done
				}
				return nil
			})
			if from == "goroutine" {
				go func() {
					<-started
					if err := l.Close(); err != nil {
						t.Errorf("Close from a goroutine: %v", err)
					}
				}()
			}
			if err := runUntil(t, l, task); err != rt.ErrClosed {
				t.Errorf("RunUntil = %v, want ErrClosed", err)
			}
			if closeErr != nil {
				t.Errorf("Close = %v", closeErr)
			}
			if err := task.Err(); !errors.Is(err, rt.ErrCanceled) {
				t.Errorf("task err = %v, want ErrCanceled", err)
			}
			if err := l.Submit(func() {}); err != rt.ErrClosed {
				t.Errorf("Submit after the close = %v, want ErrClosed", err)
			}
			if err := l.Close(); err != nil {
				t.Errorf("Close after the close = %v", err)
			}
		})
	}
}

// TestClosePanicInCancel: a callback that panics while Close cancels the
// tasks (an OnDone of the future a task awaits) does not stop the close:
// the other tasks end, the selector is released, and Close returns the
// panic.
func TestClosePanicInCancel(t *testing.T) {
	before := openFDs(t)
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	f := rt.NewFuture[int]()
	f.OnDone(func() { panic("boom") })
	waiter, other := await[int](f), after(time.Hour, 0, nil)
	l.Spawn(waiter)
	l.Spawn(other)
	run(t, l, script(func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			return yield
		}
		return nil
	}))
	wantCallbackPanic(t, l.Close(), "boom")
	for _, task := range []rt.AnyTask{waiter, other} {
		if !errors.Is(task.Err(), rt.ErrCanceled) {
			t.Errorf("err = %v, want ErrCanceled", task.Err())
		}
	}
	if after := openFDs(t); after != before {
		t.Errorf("open descriptors: %d before NewLoop, %d after Close", before, after)
	}
}

// TestGoexitInCallback: runtime.Goexit in a submitted callback ends the
// loop's goroutine; the callbacks after it stay queued, and Close runs them.
func TestGoexitInCallback(t *testing.T) {
	var notice strings.Builder
	l, err := rt.NewLoop(rt.WithDebugLog(&notice))
	if err != nil {
		t.Fatal(err)
	}
	f := rt.NewFuture[int]()
	l.Submit(runtime.Goexit)
	l.Submit(func() { f.Resolve(1) })
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		l.RunUntil(await[int](f))
		t.Error("RunUntil returned")
	}()
	<-ended
	if f.Done() {
		t.Fatal("the callback after Goexit ran on a goroutine that had exited")
	}
	if err := l.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if v, err := f.Result(); v != 1 || err != nil {
		t.Errorf("f = %v, %v; want the callback after Goexit to have run in Close", v, err)
	}
	if !strings.Contains(notice.String(), "a callback called runtime.Goexit") {
		t.Errorf("debug log = %q", notice.String())
	}
}
