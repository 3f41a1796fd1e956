//go:build linux

package rt_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/asyncgen/asyncgen/rt"
)

// threads records which OS thread things ran on.
type threads struct {
	mu  sync.Mutex
	ids map[string]int
}

func (th *threads) here(name string) {
	th.mu.Lock()
	defer th.mu.Unlock()
	if th.ids == nil {
		th.ids = map[string]int{}
	}
	th.ids[name] = unix.Gettid()
}

func (th *threads) of(name string) int {
	th.mu.Lock()
	defer th.mu.Unlock()
	return th.ids[name]
}

func newLoops(t *testing.T, n int) *rt.Loops {
	t.Helper()
	ls, err := rt.NewLoops(n)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ls.Close() })
	return ls
}

// runLoops runs ls.Run(main) on a goroutine and returns its result channel.
func runLoops(ls *rt.Loops, main func(i int) rt.AnyTask) <-chan error {
	done := make(chan error, 1)
	go func() { done <- ls.Run(main) }()
	return done
}

func TestLoopsRunOnThreadsOfTheirOwnAndStopTogether(t *testing.T) {
	ls := newLoops(t, 3)
	var th threads
	var log events
	mains := make([]*rt.Task[struct{}], ls.Len())
	started := make(chan struct{}, ls.Len())
	done := runLoops(ls, func(i int) rt.AnyTask {
		mains[i] = script(func(step int, err error) rt.Op[struct{}] {
			if step == 0 {
				th.here(string(rune('a' + i)))
				started <- struct{}{}
				return rt.Sleep(time.Hour)
			}
			log.add("%d:%v", i, err)
			return nil
		})
		return mains[i]
	})
	for range ls.Len() {
		<-started
	}
	ls.Stop()
	if err := <-done; err != nil {
		t.Fatalf("Run after Stop: %v", err)
	}
	a, b, c := th.of("a"), th.of("b"), th.of("c")
	if a == 0 || a == b || b == c || a == c {
		t.Errorf("threads %d %d %d: want three", a, b, c)
	}
	for _, m := range mains {
		if !errors.Is(m.Err(), rt.ErrCanceled) {
			t.Errorf("main: %v, want ErrCanceled", m.Err())
		}
	}
}

func TestLoopsFirstFailureStopsTheRest(t *testing.T) {
	ls := newLoops(t, 3)
	done := runLoops(ls, func(i int) rt.AnyTask {
		if i == 1 {
			return after(time.Millisecond, struct{}{}, errA)
		}
		return after(time.Hour, struct{}{}, nil)
	})
	if err := <-done; err != errA {
		t.Errorf("Run = %v, want %v alone", err, errA)
	}
}

func TestLoopsGoSpreadsTasks(t *testing.T) {
	ls := newLoops(t, 3)
	var th threads
	done := runLoops(ls, func(int) rt.AnyTask { return nil })
	var tasks []*rt.Task[struct{}]
	for i := range 6 {
		task := script(func(int, error) rt.Op[struct{}] {
			th.here(string(rune('a' + i)))
			return nil
		})
		if err := ls.Go(task); err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
	}
	for _, task := range tasks {
		task.Wait()
	}
	ls.Stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	per := map[int]int{}
	for i := range 6 {
		per[th.of(string(rune('a'+i)))]++
	}
	if len(per) != 3 {
		t.Errorf("6 tasks ran on %d threads, want 3 (two each): %v", len(per), per)
	}
	for tid, n := range per {
		if n != 2 {
			t.Errorf("thread %d ran %d tasks, want 2", tid, n)
		}
	}
	ls.Close()
	if err := ls.Go(script(func(int, error) rt.Op[struct{}] { return nil })); !errors.Is(err, rt.ErrClosed) {
		t.Errorf("Go on closed loops: %v", err)
	}
}

func TestOnRunsATaskOnAnotherLoop(t *testing.T) {
	ls := newLoops(t, 2)
	var th threads
	var log events
	remote := script(func(int, error) rt.Op[struct{}] {
		th.here("remote")
		return nil
	})
	slow := after(time.Hour, struct{}{}, nil)
	done := runLoops(ls, func(i int) rt.AnyTask {
		if i == 1 {
			return nil
		}
		return script(func(step int, err error) rt.Op[struct{}] {
			switch step {
			case 0:
				th.here("main")
				return rt.On(ls.Loop(1), remote)
			case 1:
				th.here("main after")
				log.add("remote:%v", err)
				return rt.Timeout(rt.On(ls.Loop(1), slow), time.Millisecond)
			}
			if step == 2 {
				log.add("slow:%v", err)
				ls.Stop()
				return yield // ends the script without the timeout's error
			}
			return nil
		})
	})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got, want := log.String(), "remote:<nil> slow:rt: timeout"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
	if m, r := th.of("main"), th.of("remote"); m == r || m != th.of("main after") {
		t.Errorf("main on %d, remote on %d, main after on %d", m, r, th.of("main after"))
	}
	if !errors.Is(slow.Err(), rt.ErrCanceled) {
		t.Errorf("the timed-out remote task: %v, want ErrCanceled", slow.Err())
	}
}
