package rt_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Debug mode, the idle dump and the timers the heap holds.

// hookWriter collects what the loop writes and calls hook with all of it
// after each write, on the loop's goroutine.
type hookWriter struct {
	buf  strings.Builder
	hook func(s string)
}

func (w *hookWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	if w.hook != nil {
		w.hook(w.buf.String())
	}
	return len(p), nil
}

// TestIdleDump: a loop that sits idle with a task awaiting a future that
// nothing completes dumps its tasks to the debug log. The test's writer
// completes the future once the dump names it, which ends the run.
func TestIdleDump(t *testing.T) {
	never := rt.NewFuture[int]()
	w := &hookWriter{hook: func(s string) {
		if strings.Contains(s, "awaiting a future") {
			never.Resolve(1)
		}
	}}
	l := newLoop(t, rt.WithIdleDump(time.Millisecond), rt.WithDebugLog(w))
	waiter := await[int](never)
	if v, err := run(t, l, waiter); v != 1 || err != nil {
		t.Fatalf("waiter = %v, %v", v, err)
	}
	out := w.buf.String()
	for _, want := range []string{
		"rt: loop idle for ",
		" with 1 live tasks; no timer or descriptor can wake them; only a Submit from another goroutine can\n",
		"1 live tasks, 0 ready, 0 timers\ntask 1 *rt_test.awaitFrame[int] pc=1 awaiting a future\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("debug log lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "rt: loop idle"); n != 1 {
		t.Errorf("%d dumps, want 1:\n%s", n, out)
	}
}

// TestIdleDumpNamesTheNextTimer: a sleeper's timer is what will wake the
// loop, and the dump says so.
func TestIdleDumpNamesTheNextTimer(t *testing.T) {
	w := &hookWriter{}
	l := newLoop(t, rt.WithIdleDump(time.Millisecond), rt.WithDebugLog(w))
	never := rt.NewFuture[int]()
	w.hook = func(s string) {
		if strings.Contains(s, "task 2") {
			never.Resolve(1)
		}
	}
	l.Spawn(after(time.Hour, 0, nil))
	run(t, l, await[int](never))
	if out := w.buf.String(); !strings.Contains(out, "with 2 live tasks; the next timer is due in ") {
		t.Errorf("debug log:\n%s", out)
	}
}

func TestDebugSettings(t *testing.T) {
	for _, tc := range []struct {
		env        string
		opts       []rt.Option
		slow, idle time.Duration
	}{
		{"", nil, 0, 0},
		{"0", nil, 0, 0},
		{"1", nil, 100 * time.Millisecond, 10 * time.Second},
		{"yes", nil, 100 * time.Millisecond, 10 * time.Second},
		{"1", []rt.Option{rt.WithDebug(false)}, 0, 0},
		{"", []rt.Option{rt.WithDebug(true)}, 100 * time.Millisecond, 10 * time.Second},
		{"1", []rt.Option{rt.WithIdleDump(0), rt.WithSlowSteps(time.Second, nil)}, time.Second, 0},
		{"", []rt.Option{rt.WithIdleDump(time.Minute)}, 0, time.Minute},
	} {
		t.Setenv(rt.DebugEnv, tc.env)
		l := newLoop(t, tc.opts...)
		if slow, idle := l.DebugSettings(); slow != tc.slow || idle != tc.idle {
			t.Errorf("%s=%q, %d options: slow steps %v, idle dump %v; want %v, %v",
				rt.DebugEnv, tc.env, len(tc.opts), slow, idle, tc.slow, tc.idle)
		}
	}
}

// slowTask takes a second by clk in its one step.
func slowTask(clk *manualClock) *rt.Task[struct{}] {
	return script(func(i int, err error) rt.Op[struct{}] {
		clk.Advance(time.Second)
		return nil
	})
}

// TestRunTakesOptions: Run passes its options to its loop, and debug mode,
// by option or environment, logs a slow step to the debug log.
func TestRunTakesOptions(t *testing.T) {
	for _, tc := range []struct {
		env  string
		opts []rt.Option
		logs bool
	}{
		{"", nil, false},
		{"", []rt.Option{rt.WithDebug(true)}, true},
		{"1", nil, true},
		{"1", []rt.Option{rt.WithDebug(false)}, false},
	} {
		t.Setenv(rt.DebugEnv, tc.env)
		clk := new(manualClock)
		var log bytes.Buffer
		opts := append([]rt.Option{rt.WithClock(clk), rt.WithDebugLog(&log)}, tc.opts...)
		if _, err := rt.Run(slowTask(clk), opts...); err != nil {
			t.Fatal(err)
		}
		logged := strings.Contains(log.String(), `msg="rt: slow task step"`) &&
			strings.Contains(log.String(), "frame=*rt_test.scriptFrame pc=0 duration=1s")
		if logged != tc.logs {
			t.Errorf("%s=%q, %d options: debug log %q; want a slow step: %v", rt.DebugEnv, tc.env, len(tc.opts), log.String(), tc.logs)
		}
	}
}

// TestFinishedTimeoutsFreeTheirTimers: timers that die before their
// deadline (Timeouts whose operations finish, cancelled sleeps, stopped
// timers) do not stay in the heap, holding what they refer to, until then.
func TestFinishedTimeoutsFreeTheirTimers(t *testing.T) {
	const n = 10 * rt.MinSweep
	settle := func(t *testing.T, l *rt.Loop, fn func()) {
		t.Helper()
		run(t, l, script(func(i int, err error) rt.Op[struct{}] {
			if i == 0 {
				fn()
				return yield
			}
			return nil
		}))
	}
	check := func(t *testing.T, l *rt.Loop, set func(), kill func()) {
		t.Helper()
		settle(t, l, set)
		if got := l.TimersHeld(); got < n {
			t.Fatalf("%d timers held after %d set", got, n)
		}
		settle(t, l, kill)
		if got := l.TimersHeld(); got >= rt.MinSweep {
			t.Errorf("%d timers held after all %d died", got, n)
		}
	}
	t.Run("Timeout", func(t *testing.T) {
		l := newLoop(t)
		futs := make([]*rt.Future[int], n)
		tasks := make([]*rt.Task[int], n)
		check(t, l, func() {
			for i := range futs {
				futs[i] = rt.NewFuture[int]()
				tasks[i] = await(rt.Timeout[int](futs[i], time.Hour))
				l.Spawn(tasks[i])
			}
		}, func() {
			for i, f := range futs {
				f.Resolve(i)
			}
		})
		for i, task := range tasks {
			if v, err := task.Result(); v != i || err != nil {
				t.Fatalf("task %d = %v, %v", i, v, err)
			}
		}
	})
	t.Run("Sleep", func(t *testing.T) {
		l := newLoop(t)
		tasks := make([]*rt.Task[int], n)
		check(t, l, func() {
			for i := range tasks {
				tasks[i] = after(time.Hour, i, nil)
				l.Spawn(tasks[i])
			}
		}, func() {
			for _, task := range tasks {
				task.Cancel()
			}
		})
	})
	t.Run("Timer", func(t *testing.T) {
		l := newLoop(t)
		timers := make([]*rt.Timer, n)
		check(t, l, func() {
			for i := range timers {
				timers[i] = l.CallLater(time.Hour, func() {})
			}
		}, func() {
			for _, tm := range timers {
				tm.Stop()
			}
		})
	})
}
