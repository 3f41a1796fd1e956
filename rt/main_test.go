package rt_test

import (
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/asyncgen/asyncgen/rt"
)

// TestMain fails the run if a test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// newLoop returns a loop that the test closes when it ends.
func newLoop(t *testing.T, opts ...rt.Option) *rt.Loop {
	t.Helper()
	l, err := rt.NewLoop(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// run runs l until task has finished.
func run[T any](t *testing.T, l *rt.Loop, task *rt.Task[T]) (T, error) {
	t.Helper()
	if err := l.RunUntil(task); err != nil {
		t.Fatalf("RunUntil: %v", err)
	}
	return task.Result()
}

// manualClock is a clock that moves only when told to, so that timer
// tests do not depend on how fast the machine is.
type manualClock struct{ ns atomic.Int64 }

var clockBase = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (c *manualClock) Now() time.Time          { return clockBase.Add(time.Duration(c.ns.Load())) }
func (c *manualClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// newTickingLoop returns a loop whose clock is virtual and moves forward
// 100µs on each turn of the loop, however long the turn takes. Deadlines
// set in the same turn share their base, so timers set together fire in
// the order of their durations even on a machine too loaded to keep real
// milliseconds apart.
func newTickingLoop(t *testing.T) *rt.Loop {
	clk := new(manualClock)
	l := newLoop(t, rt.WithClock(clk))
	var tick func()
	tick = func() {
		clk.Advance(100 * time.Microsecond)
		l.CallSoon(tick)
	}
	l.CallSoon(tick)
	return l
}

// openFDs counts the process's open file descriptors, or skips the test
// where it cannot.
func openFDs(t *testing.T) int {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("counts descriptors through /proc/self/fd")
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip(err)
	}
	return len(ents)
}
