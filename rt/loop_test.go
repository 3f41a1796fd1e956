package rt_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

func TestReadyQueueIsFIFO(t *testing.T) {
	l := newLoop(t)
	var log events
	var tasks []*rt.Task[struct{}]
	for _, name := range []string{"a", "b", "c"} {
		task := script(func(i int, err error) rt.Op[struct{}] {
			log.add("%s%d", name, i)
			if i < 2 {
				return yield
			}
			return nil
		})
		l.Spawn(task)
		tasks = append(tasks, task)
	}
	l.CallSoon(func() { log.add("cb") })
	run(t, l, tasks[2])
	want := "a0 b0 c0 cb a1 b1 c1 a2 b2 c2"
	if got := log.String(); got != want {
		t.Errorf("order = %q, want %q", got, want)
	}
}

func TestTimersFireInDeadlineOrder(t *testing.T) {
	clk := new(manualClock)
	l := newLoop(t, rt.WithClock(clk))
	var log events
	var tasks []*rt.Task[struct{}]
	for _, d := range []int{30, 10, 20, 10, 0, 20} {
		task := script(func(i int, err error) rt.Op[struct{}] {
			if i == 0 {
				return rt.Sleep(time.Duration(d) * time.Millisecond)
			}
			log.add("%d", d)
			return nil
		})
		l.Spawn(task)
		tasks = append(tasks, task)
	}
	// Every task has set its timer once the ones spawned before this have
	// run: then let time pass.
	l.CallSoon(func() { clk.Advance(time.Hour) })
	all := script(func(i int, err error) rt.Op[struct{}] {
		if i < len(tasks) {
			return tasks[i]
		}
		return nil
	})
	run(t, l, all)
	want := "0 10 10 20 20 30"
	if got := log.String(); got != want {
		t.Errorf("order = %q, want %q", got, want)
	}
}

func TestEqualDeadlinesFireInOrderSet(t *testing.T) {
	clk := new(manualClock)
	l := newLoop(t, rt.WithClock(clk))
	var log events
	at := clk.Now().Add(20 * time.Millisecond)
	for i, d := range []time.Duration{20, 10, 20, 20, 5, 30, 20} {
		l.CallAt(clk.Now().Add(d*time.Millisecond), func() { log.add("%d:%d", d, i) })
	}
	stopped := l.CallAt(at, func() { log.add("stopped") })
	if !stopped.Stop() || stopped.Stop() {
		t.Error("Stop: want true, then false")
	}
	l.CallAt(at, func() { log.add("last") })
	clk.Advance(time.Hour)
	run(t, l, script(func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			return yield
		}
		return nil
	}))
	want := "5:4 10:1 20:0 20:2 20:3 20:6 last 30:5"
	if got := log.String(); got != want {
		t.Errorf("order = %q, want %q", got, want)
	}
}

func TestSubmitFromManyGoroutines(t *testing.T) {
	l := newLoop(t)
	const n = 100
	futs := make([]rt.Op[int], n)
	for i := range futs {
		futs[i] = rt.NewFuture[int]()
	}
	task := await(rt.All(futs...))
	l.Spawn(task)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			err := l.Submit(func() { futs[i].(*rt.Future[int]).Resolve(i * i) })
			if err != nil {
				t.Error(err)
			}
		})
	}
	close(start)
	vals, err := run(t, l, task)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		if v != i*i {
			t.Fatalf("vals[%d] = %d, want %d", i, v, i*i)
		}
	}
}

func TestWaitFromGoroutines(t *testing.T) {
	l := newLoop(t)
	fut := rt.NewFuture[string]()
	task := after(5*time.Millisecond, 42, nil)
	l.Spawn(task)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if v, err := task.Wait(); v != 42 || err != nil {
				t.Errorf("task.Wait() = %v, %v", v, err)
			}
			if v, err := fut.Wait(); v != "ok" || err != nil {
				t.Errorf("fut.Wait() = %q, %v", v, err)
			}
		})
	}
	main := script(func(i int, err error) rt.Op[struct{}] {
		switch i {
		case 0:
			return rt.Sleep(time.Millisecond)
		case 1:
			fut.Resolve("ok")
			return yield
		}
		return nil
	})
	l.Spawn(main)
	run(t, l, task)
	run(t, l, main)
	wg.Wait()
	if fut.Resolve("again") {
		t.Error("a second Resolve was taken")
	}
}

func TestPanicFailsOnlyItsTask(t *testing.T) {
	l := newLoop(t)
	bad := rt.NewTask(&panicFrame{v: "boom"})
	good := after(time.Millisecond, 7, nil)
	l.Spawn(bad)
	l.Spawn(good)
	_, err := run(t, l, bad)
	var pe *rt.PanicError
	if !errors.As(err, &pe) || pe.Value != "boom" {
		t.Fatalf("err = %v, want a PanicError with value boom", err)
	}
	if !bytes.Contains(pe.Stack, []byte("panicFrame")) {
		t.Errorf("stack does not show the panicking frame:\n%s", pe.Stack)
	}
	if v, err := run(t, l, good); v != 7 || err != nil {
		t.Errorf("other task = %v, %v; want 7, nil", v, err)
	}
	// A panic in a callee goes on up through a direct call.
	errBoom := errors.New("boom")
	caller := rt.NewTask(&callFrame{t: rt.NewTask(&panicFrame{v: errBoom})})
	if _, err := run(t, l, caller); !errors.As(err, &pe) || !errors.Is(err, errBoom) {
		t.Errorf("caller err = %v, want the callee's PanicError", err)
	}
}

func TestDeferredCallsRunOnEveryExit(t *testing.T) {
	l := newLoop(t)
	var log events
	deferring := func(name string, body func(i int, err error) rt.Op[struct{}]) *rt.Task[struct{}] {
		f := &scriptFrame{}
		f.body = func(i int, err error) rt.Op[struct{}] {
			if i == 0 && err == nil {
				f.Defer(func() { log.add("%s:1", name) })
				f.Defer(func() { log.add("%s:2", name) })
			}
			return body(i, err)
		}
		return rt.NewTask(f)
	}
	ret := deferring("ret", func(i int, err error) rt.Op[struct{}] { return nil })
	pan := deferring("panic", func(i int, err error) rt.Op[struct{}] { panic("x") })
	canc := deferring("cancel", func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			return rt.Sleep(time.Hour)
		}
		return nil
	})
	for _, task := range []*rt.Task[struct{}]{ret, pan, canc} {
		l.Spawn(task)
	}
	run(t, l, pan)
	canc.Cancel()
	run(t, l, canc)
	want := "ret:2 ret:1 panic:2 panic:1 cancel:2 cancel:1"
	if got := log.String(); got != want {
		t.Errorf("defers ran as %q, want %q", got, want)
	}
}

func TestCloseFinishesPendingWork(t *testing.T) {
	before := openFDs(t)
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	var log events
	never := rt.NewFuture[int]()
	sleeper := after(time.Hour, 1, nil)
	child := after(time.Hour, 2, nil)
	parent := rt.NewTask(&callFrame{t: child})
	waiter := await[int](never)
	defers := &scriptFrame{}
	defers.body = func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			defers.Defer(func() { log.add("deferred") })
			return rt.Sleep(time.Hour)
		}
		log.add("woke with %v", err)
		return nil
	}
	deferring := rt.NewTask(defers)
	queued := after(0, 3, nil)
	tasks := []rt.AnyTask{sleeper, parent, waiter, deferring}
	for _, task := range tasks {
		l.Spawn(task)
	}
	// Run the loop until every task has suspended.
	run(t, l, script(func(i int, err error) rt.Op[struct{}] {
		if i < 3 {
			return yield
		}
		return nil
	}))
	l.Spawn(queued) // spawned, never run
	waited := make(chan error)
	go func() {
		_, err := sleeper.Wait()
		waited <- err
	}()
	var dump strings.Builder
	l.Dump(&dump)
	if !strings.Contains(dump.String(), "6 live tasks") {
		t.Errorf("before Close, Dump says:\n%s", dump.String())
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for i, task := range append(tasks, child, queued) {
		if !errors.Is(task.Err(), rt.ErrCanceled) {
			t.Errorf("task %d: err = %v, want ErrCanceled", i, task.Err())
		}
	}
	if err := <-waited; !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("Wait from a goroutine = %v, want ErrCanceled", err)
	}
	if got, want := log.String(), "woke with rt: canceled deferred"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
	dump.Reset()
	l.Dump(&dump)
	if !strings.HasPrefix(dump.String(), "0 live tasks, 0 ready, 0 timers") {
		t.Errorf("after Close, Dump says:\n%s", dump.String())
	}
	if err := l.Submit(func() {}); err != rt.ErrClosed {
		t.Errorf("Submit after Close = %v, want ErrClosed", err)
	}
	late := after(0, 4, nil)
	l.Spawn(late)
	if err := late.Err(); err != rt.ErrClosed {
		t.Errorf("task spawned after Close: err = %v, want ErrClosed", err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if after := openFDs(t); after != before {
		t.Errorf("open descriptors: %d before NewLoop, %d after Close", before, after)
	}
}

// stubbornFrame ignores cancellation and suspends with nothing to wake it:
// the kind of broken frame that Close must still get rid of.
type stubbornFrame struct{ rt.Frame[int] }

func (f *stubbornFrame) Resume() rt.Step {
	f.Frame.Suspend(rt.NewFuture[int](), 1)
	return rt.Suspended
}

func TestCloseEndsTasksThatWillNotFinish(t *testing.T) {
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	task := rt.NewTask(&stubbornFrame{})
	l.Spawn(task)
	run(t, l, script(func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			return yield
		}
		return nil
	}))
	l.Close()
	if err := task.Err(); err != rt.ErrClosed {
		t.Errorf("err = %v, want ErrClosed", err)
	}
}

func TestNewLoopCloseLeavesNoDescriptor(t *testing.T) {
	before := openFDs(t)
	for range 10 {
		l, err := rt.NewLoop()
		if err != nil {
			t.Fatal(err)
		}
		l.Submit(func() {}) // wakes through the descriptor
		l.Close()
	}
	if after := openFDs(t); after != before {
		t.Errorf("open descriptors: %d before, %d after", before, after)
	}
}

func TestDump(t *testing.T) {
	l := newLoop(t)
	var out strings.Builder
	child := after(time.Hour, 1, nil)
	parent := rt.NewTask(&callFrame{t: child})
	waiter := await[int](rt.NewFuture[int]())
	all := await(rt.All[int](rt.NewFuture[int](), rt.NewFuture[int]()))
	var dumper *rt.Task[struct{}]
	dumper = script(func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			return yield
		}
		waiter.Cancel()
		l.Dump(&out)
		return nil
	})
	for _, task := range []rt.AnyTask{parent, waiter, all, dumper} {
		l.Spawn(task)
	}
	run(t, l, dumper)
	want := strings.Join([]string{
		"5 live tasks, 1 ready, 1 timers",
		"task 5 *rt_test.afterFrame[int] pc=1 awaiting a future",
		"task 4 *rt_test.scriptFrame pc=1 running",
		"task 3 *rt_test.awaitFrame[[]int] pc=1 awaiting All of 2",
		"task 2 *rt_test.awaitFrame[int] pc=1 ready, canceled",
		"task 1 *rt_test.callFrame pc=1 awaiting task 5",
	}, "\n")
	if got := strings.TrimSpace(out.String()); got != want {
		t.Errorf("Dump:\n%s\nwant:\n%s", got, want)
	}
}

func TestSlowStepsAreLogged(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	l := newLoop(t, rt.WithSlowSteps(time.Millisecond, logger))
	slow := script(func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			time.Sleep(20 * time.Millisecond) // holds up the loop
			return yield
		}
		return nil
	})
	run(t, l, slow)
	out := buf.String()
	if strings.Count(out, "slow task step") != 1 || !strings.Contains(out, "frame=*rt_test.scriptFrame") ||
		!strings.Contains(out, "pc=0") {
		t.Errorf("log = %q, want one slow step of the scriptFrame at pc 0", out)
	}

	buf.Reset()
	l2 := newLoop(t, rt.WithSlowSteps(time.Hour, logger))
	run(t, l2, after(time.Millisecond, 1, nil))
	if buf.Len() != 0 {
		t.Errorf("fast steps were logged: %q", buf.String())
	}
}

func TestSubmitRunsOnTheLoopGoroutine(t *testing.T) {
	l := newLoop(t)
	fut := rt.NewFuture[string]()
	task := await[string](fut)
	l.Spawn(task)
	go l.Submit(func() {
		buf := make([]byte, 1<<16)
		fut.Resolve(fmt.Sprint(strings.Contains(string(buf[:runtime.Stack(buf, false)]), "RunUntil")))
	})
	if v, _ := run(t, l, task); v != "true" {
		t.Error("submitted callback did not run inside RunUntil")
	}
}
