package rt_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Debug mode's reports of lost work: a task dropped without being
// started, a loop or socket collected without Close, a loop method called
// from another goroutine. The first two run in a child process (the test
// binary again), which the first needs for the environment variable and
// the second for the descriptors its unclosed loop leaks.

// childEnv names the scenario a child process runs.
const childEnv = "RT_DEBUG_CHILD"

// runChild runs the test named by scenario's test in a child process
// with env added, and returns its standard output without the test
// binary's closing PASS.
func runChild(t *testing.T, test, scenario string, env ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+scenario), env...)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("child: %v\nstdout:\n%s\nstderr:\n%s", err, out, ee.Stderr)
		}
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(out), "PASS\n")
}

// syncLog is a log safe for the goroutines that cleanups run on.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// collectUntil runs the garbage collector until done, or fails after a
// bound far beyond what a collection takes.
func collectUntil(t *testing.T, what string, done func() bool) {
	t.Helper()
	for i := 0; !done(); i++ {
		if i == 5000 {
			t.Fatalf("still waiting for %s after %d collections", what, i)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	// Let cleanups queued by the same collections run too.
	for range 3 {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// gone returns a counter that goes up as each of a and b is collected.
func gone[A, B any](a *A, b *B) *atomic.Int32 {
	n := new(atomic.Int32)
	runtime.AddCleanup(a, func(n *atomic.Int32) { n.Add(1) }, n)
	runtime.AddCleanup(b, func(n *atomic.Int32) { n.Add(1) }, n)
	return n
}

// droppedAsync stands for a generated constructor.
func droppedAsync() *rt.Task[struct{}] {
	return rt.NewTask(&scriptFrame{body: func(int, error) rt.Op[struct{}] { return nil }})
}

// TestDroppedTask: with ASYNCGEN_DEBUG=1, a task that is made and dropped
// without being started is reported, with its constructor and the line
// that called it; a task that ran and one cancelled before it started are
// not.
func TestDroppedTask(t *testing.T) {
	if os.Getenv(childEnv) != "dropped-task" {
		out := runChild(t, "TestDroppedTask", "dropped-task", rt.DebugEnv+"=1")
		want := regexp.MustCompile(`^rt: task \*rt_test.scriptFrame, made by github.com/asyncgen/asyncgen/rt_test.droppedAsync at \S+/debug_report_test.go:(\d+) \(github.com/asyncgen/asyncgen/rt_test.TestDroppedTask.func1\), was dropped without being started: it never ran; await it, spawn it \(Loop.Spawn\) or add it to a Group\n$`)
		line, out, _ := strings.Cut(out, "\n")
		m := want.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("child reported\n%s\nwant one line matching %s", out, want)
		}
		if m[1] != line {
			t.Errorf("report names line %s, want %s, where the task was made", m[1], line)
		}
		return
	}
	var log syncLog
	defer rt.SetTaskLog(&log)()
	var line int
	func() {
		line = here() + 1
		drop(droppedAsync())
	}()
	ran, canceled := droppedAsync(), droppedAsync()
	if _, err := rt.Run(ran); err != nil {
		t.Fatal(err)
	}
	canceled.Cancel()
	n := gone(ran, canceled)
	ran, canceled = nil, nil
	collectUntil(t, "the tasks to be collected and the report", func() bool {
		return n.Load() == 2 && strings.Contains(log.String(), "dropped")
	})
	fmt.Printf("%d\n%s", line, log.String())
}

// drop drops a task, on purpose: asyncgen vet reports a task made and
// discarded on the spot.
func drop(rt.AnyTask) {}

// here returns the line it is called from.
func here() int {
	_, _, line, _ := runtime.Caller(1)
	return line
}

// TestLoopCollectedWithoutClose: a loop in debug mode that is collected
// without Close is reported, with where it was made; a closed one is not.
func TestLoopCollectedWithoutClose(t *testing.T) {
	if os.Getenv(childEnv) != "loop" {
		out := runChild(t, "TestLoopCollectedWithoutClose", "loop")
		want := regexp.MustCompile(`^rt: loop made at \S+/debug_report_test.go:(\d+) \(github.com/asyncgen/asyncgen/rt_test.TestLoopCollectedWithoutClose\) was garbage-collected without Close: its selector and the descriptors of its sockets stay open; close it when done \(defer l.Close\(\)\)\n$`)
		line, out, _ := strings.Cut(out, "\n")
		m := want.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("child reported\n%s\nwant one line matching %s", out, want)
		}
		if m[1] != line {
			t.Errorf("report names line %s, want %s, where the loop was made", m[1], line)
		}
		return
	}
	var log syncLog
	line := here() + 1
	leaked, err := rt.NewLoop(rt.WithDebug(true), rt.WithDebugLog(&log))
	if err != nil {
		t.Fatal(err)
	}
	closed, err := rt.NewLoop(rt.WithDebug(true), rt.WithDebugLog(&log))
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	n := gone(leaked, closed)
	leaked, closed = nil, nil
	collectUntil(t, "the loops to be collected and the report", func() bool {
		return n.Load() == 2 && strings.Contains(log.String(), "without Close")
	})
	fmt.Printf("%d\n%s", line, log.String())
}

// TestSocketCollectedWithoutClose: a listener and a connection that a
// task drops without closing are reported when collected; a closed
// listener is not. The loop closes their descriptors when it closes.
func TestSocketCollectedWithoutClose(t *testing.T) {
	var log syncLog
	l := newLoop(t, rt.WithDebug(true), rt.WithDebugLog(&log))
	var n *atomic.Int32
	ready := rt.NewFuture[int]()
	// The sockets are made by ops started in a callback on the loop's
	// goroutine, as a task's awaits would start them, and dropped there.
	l.CallSoon(func() {
		lnFut := rt.Listen("tcp", "127.0.0.1:0").Start(l)
		closedFut := rt.Listen("tcp", "127.0.0.1:0").Start(l)
		closedFut.OnDone(func() {
			if ln, err := closedFut.Result(); err == nil {
				ln.Close()
			}
		})
		lnFut.OnDone(func() {
			ln, err := lnFut.Result()
			if err != nil {
				ready.Reject(err)
				return
			}
			dial := rt.Dial("tcp", ln.Addr().String()).Start(l)
			dial.OnDone(func() {
				c, err := dial.Result()
				if err != nil {
					ready.Reject(err)
					return
				}
				n = gone(ln, c)
				ready.Resolve(1)
			})
		})
	})
	if _, err := run(t, l, await[int](ready)); err != nil {
		t.Fatal(err)
	}
	collectUntil(t, "the sockets to be collected and reported", func() bool {
		return n.Load() == 2 && strings.Count(log.String(), "without Close") == 2
	})
	out := log.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^rt: Listener on 127.0.0.1:\d+ was garbage-collected without Close: its descriptor stays open until its loop closes; close it when done$`),
		regexp.MustCompile(`(?m)^rt: Conn 127.0.0.1:\d+->127.0.0.1:\d+ \(from Dial\) was garbage-collected without Close`),
	} {
		if !want.MatchString(out) {
			t.Errorf("debug log lacks a line matching %s:\n%s", want, out)
		}
	}
	if c := strings.Count(out, "rt: "); c != 2 {
		t.Errorf("debug log has %d reports, want 2 (the closed listener is not one):\n%s", c, out)
	}
}

// TestLoopMethodFromOtherGoroutine: in debug mode, Spawn, CallSoon,
// CallLater and CallAt called from another goroutine while the loop runs
// panic, naming the method and Submit; before the loop runs, or from the
// loop's own goroutine, they do not.
func TestLoopMethodFromOtherGoroutine(t *testing.T) {
	l := newLoop(t, rt.WithDebug(true), rt.WithDebugLog(&syncLog{}))
	l.Spawn(droppedAsync()) // not running yet: any goroutine may
	done := rt.NewFuture[int]()
	panics := map[string]string{}
	calls := map[string]func(){
		"Spawn":     func() { l.Spawn(droppedAsync()) },
		"CallSoon":  func() { l.CallSoon(func() {}) },
		"CallLater": func() { l.CallLater(time.Hour, func() {}) },
		"CallAt":    func() { l.CallAt(time.Now().Add(time.Hour), func() {}) },
	}
	l.CallSoon(func() {
		calls["Spawn"]() // on the loop's goroutine: fine
		go func() {
			for name, call := range calls {
				func() {
					defer func() { panics[name] = fmt.Sprint(recover()) }()
					call()
				}()
			}
			l.Submit(func() { done.Resolve(1) })
		}()
	})
	if _, err := run(t, l, await[int](done)); err != nil {
		t.Fatal(err)
	}
	for name := range calls {
		want := regexp.MustCompile(`^rt: Loop\.` + name + ` called on goroutine \d+ while the loop runs on goroutine \d+: call it from the loop's own tasks and callbacks, or hand it to the loop with Loop.Submit$`)
		if !want.MatchString(panics[name]) {
			t.Errorf("%s from another goroutine: recovered %q, want a panic matching %s", name, panics[name], want)
		}
	}
}
