package bench

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

func newLoop(b *testing.B) *rt.Loop {
	b.Helper()
	l, err := rt.NewLoop()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	return l
}

// spawnBatch is how many tasks BenchmarkSpawn spawns between runs of the
// loop, so that its ready queue stays at a working size.
const spawnBatch = 256

// frames keeps BenchmarkSpawn's impl=alloc frames reachable, so that the
// compiler cannot place them on the stack.
var frames [spawnBatch]*nopFrame

// BenchmarkSpawn runs with GOMAXPROCS=1 and with the default, as PingPong
// does. Beside the task and goroutine halves, impl=alloc does only the one
// allocation a task needs (its frame, which embeds the task): it is the
// floor under impl=task, and shows how much of a spawn is the collector's.
func BenchmarkSpawn(b *testing.B) {
	for _, procs := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("procs=%d/impl=task", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			l := newLoop(b)
			b.ReportAllocs()
			for i := 0; i < b.N; {
				var last *rt.Task[struct{}]
				for j := 0; j < spawnBatch && i < b.N; i, j = i+1, j+1 {
					last = rt.NewTask(&nopFrame{})
					l.Spawn(last)
				}
				if err := l.RunUntil(last); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("procs=%d/impl=goroutine", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			b.ReportAllocs()
			var wg sync.WaitGroup
			for i := 0; i < b.N; {
				for j := 0; j < spawnBatch && i < b.N; i, j = i+1, j+1 {
					wg.Add(1)
					go func() { wg.Done() }()
				}
				wg.Wait()
			}
		})
		b.Run(fmt.Sprintf("procs=%d/impl=alloc", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			b.ReportAllocs()
			for i := 0; i < b.N; {
				for j := 0; j < spawnBatch && i < b.N; i, j = i+1, j+1 {
					frames[j] = &nopFrame{}
				}
			}
			frames = [spawnBatch]*nopFrame{}
		})
	}
}

func BenchmarkPingPong(b *testing.B) {
	for _, procs := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("procs=%d/impl=task", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			l := newLoop(b)
			ping, pong := rt.NewFuture[int](), rt.NewFuture[int]()
			server := rt.NewTask(&playerFrame{in: pong, out: ping, n: b.N, serve: true})
			client := rt.NewTask(&playerFrame{in: ping, out: pong, n: b.N})
			b.ReportAllocs()
			b.ResetTimer()
			l.Spawn(server)
			l.Spawn(client)
			if err := l.RunUntil(server); err != nil {
				b.Fatal(err)
			}
			l.RunUntil(client)
		})
		b.Run(fmt.Sprintf("procs=%d/impl=goroutine", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			ping, pong := make(chan int), make(chan int)
			player := func(in <-chan int, out chan<- int, n int, serve bool) {
				if serve {
					if out <- 1; n <= 1 {
						return
					}
				}
				for {
					v := <-in
					if v >= n {
						return
					}
					out <- v + 1
					if v+1 >= n {
						return
					}
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			var wg sync.WaitGroup
			wg.Go(func() { player(pong, ping, b.N, true) })
			player(ping, pong, b.N, false)
			wg.Wait()
		})
	}
}

// BenchmarkCall: one op is one direct call of an async function (step, in
// frames_test.go) that returns at once (op=Return: its suspension point is
// on a path not taken) or suspends once at a Yield (op=Suspend). The
// halves: impl=plaincall is the same function as a plain Go call that is
// not inlined, and for op=Suspend impl=goroutine is that call letting the
// other goroutines run once (runtime.Gosched) where the task yields;
// impl=task calls it through its own task, the protocol's
// first form, which allocates the frame; impl=embedded runs its frame
// embedded in the caller's (rt.Call), and impl=freelist takes it from a
// free list of the loop's (rt.TakeFrame), as for a recursive callee.
// Target for op=Return: 0 allocations, and at most 5x impl=plaincall.
func BenchmarkCall(b *testing.B) {
	run := func(b *testing.B, task *rt.Task[int]) {
		b.Helper()
		b.ReportAllocs()
		b.ResetTimer()
		got, err := rt.Run(task)
		if err != nil || got != b.N {
			b.Fatalf("got %d, %v; want %d", got, err, b.N)
		}
	}
	b.Run("op=Return/impl=plaincall", func(b *testing.B) {
		b.ReportAllocs()
		x := 0
		for range b.N {
			x = stepPlain(x, false)
		}
		if x != b.N {
			b.Fatalf("got %d; want %d", x, b.N)
		}
	})
	b.Run("op=Suspend/impl=goroutine", func(b *testing.B) {
		b.ReportAllocs()
		x := 0
		for range b.N {
			x = stepGosched(x)
		}
		if x != b.N {
			b.Fatalf("got %d; want %d", x, b.N)
		}
	})
	for _, op := range []struct {
		name  string
		yield bool
	}{{"Return", false}, {"Suspend", true}} {
		b.Run("op="+op.name+"/impl=task", func(b *testing.B) {
			run(b, rt.NewTask(&stepsTask{n: b.N, yield: op.yield}))
		})
		b.Run("op="+op.name+"/impl=embedded", func(b *testing.B) {
			run(b, rt.NewTask(&stepsEmbedded{n: b.N, yield: op.yield}))
		})
		b.Run("op="+op.name+"/impl=freelist", func(b *testing.B) {
			run(b, rt.NewTask(&stepsFree{n: b.N, yield: op.yield}))
		})
	}
}

// TestCallForms checks that the three forms of a direct call in
// BenchmarkCall compute what the plain function does, so that the
// benchmark compares like with like, and that the embedded and free-list
// forms allocate nothing per call once running, whether the callee
// returns at once or suspends.
func TestCallForms(t *testing.T) {
	for _, yield := range []bool{false, true} {
		for _, n := range []int{0, 1, 100} {
			want := 0
			for range n {
				want = stepPlain(want, yield)
			}
			for name, task := range map[string]*rt.Task[int]{
				"task":     rt.NewTask(&stepsTask{n: n, yield: yield}),
				"embedded": rt.NewTask(&stepsEmbedded{n: n, yield: yield}),
				"freelist": rt.NewTask(&stepsFree{n: n, yield: yield}),
			} {
				if got, err := rt.Run(task); got != want || err != nil {
					t.Errorf("steps(%d, %v) by %s = %d, %v; want %d, nil", n, yield, name, got, err, want)
				}
			}
		}
	}
	// Allocations: the loop and each task's frame are paid once; a
	// thousand calls more must cost nothing more. (AllocsPerRun counts the
	// whole process: a stray allocation elsewhere during the short run
	// can make the difference negative, never positive.)
	allocs := func(newTask func(n int) *rt.Task[int], yield bool) float64 {
		l, err := rt.NewLoop()
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		l.RunUntil(rt.NewTask(&stepsFree{n: 10, yield: yield})) // fill the free list and the ready queue
		cost := func(n int) float64 {
			return testing.AllocsPerRun(10, func() { l.RunUntil(newTask(n)) })
		}
		return cost(1000) - cost(1)
	}
	for _, yield := range []bool{false, true} {
		if a := allocs(func(n int) *rt.Task[int] { return rt.NewTask(&stepsEmbedded{n: n, yield: yield}) }, yield); a > 0 {
			t.Errorf("embedded, yield=%v: 999 more calls cost %v allocations; want 0", yield, a)
		}
		if a := allocs(func(n int) *rt.Task[int] { return rt.NewTask(&stepsFree{n: n, yield: yield}) }, yield); a > 0 {
			t.Errorf("free list, yield=%v: 999 more calls cost %v allocations; want 0", yield, a)
		}
		if a := allocs(func(n int) *rt.Task[int] { return rt.NewTask(&stepsTask{n: n, yield: yield}) }, yield); a < 999 {
			t.Errorf("task, yield=%v: 999 more calls cost %v allocations; want one each (the test cannot tell otherwise)", yield, a)
		}
	}
}

// idleTasks is how many tasks or goroutines Idle parks.
const idleTasks = 100_000

// inUse returns the memory that the heap and the goroutine stacks hold,
// after a collection.
func inUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse + ms.StackInuse
}

func BenchmarkIdle(b *testing.B) {
	b.Run("impl=task", func(b *testing.B) {
		l := newLoop(b)
		round := func() uint64 {
			fut := rt.NewFuture[struct{}]()
			before := inUse()
			var last *rt.Task[struct{}]
			for range idleTasks {
				last = rt.NewTask(&parkFrame{fut: fut})
				l.Spawn(last)
			}
			// Let every task reach its await: they run before this one.
			l.RunUntil(rt.NewTask(&nopFrame{}))
			parked := inUse()
			fut.Resolve(struct{}{})
			l.RunUntil(last)
			return parked - before
		}
		round() // the loop's ready queue grows to its working size
		var total uint64
		b.ResetTimer()
		for range b.N {
			total += round()
		}
		b.ReportMetric(float64(total)/float64(b.N)/idleTasks, "B/task")
	})
	b.Run("impl=goroutine", func(b *testing.B) {
		var total uint64
		for range b.N {
			ch := make(chan struct{})
			var parked, wg sync.WaitGroup
			before := inUse()
			for range idleTasks {
				parked.Add(1)
				wg.Add(1)
				go func() {
					parked.Done()
					<-ch
					wg.Done()
				}()
			}
			parked.Wait()
			total += inUse() - before
			close(ch)
			wg.Wait()
		}
		b.ReportMetric(float64(total)/float64(b.N)/idleTasks, "B/task")
	})
}

// timerTasks is how many tasks or goroutines Timers puts to sleep.
const timerTasks = 100_000

// nap is how long sleeper i sleeps: 1 to 10 ms.
func nap(i int) time.Duration { return time.Duration(1+i%10) * time.Millisecond }

func BenchmarkTimers(b *testing.B) {
	b.Run("impl=task", func(b *testing.B) {
		l := newLoop(b)
		b.ReportAllocs()
		for range b.N {
			left := timerTasks
			done := rt.NewFuture[struct{}]()
			for i := range timerTasks {
				l.Spawn(rt.NewTask(&sleepFrame{d: nap(i), left: &left, done: done}))
			}
			if err := l.RunUntil(rt.NewTask(&parkFrame{fut: done})); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=goroutine", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var wg sync.WaitGroup
			for i := range timerTasks {
				wg.Go(func() { time.Sleep(nap(i)) })
			}
			wg.Wait()
		}
	})
}
