package rt_test

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// producerFrame is the frame of an async generator's iterator, written as
// the generated code writes it: it yields 1..n, each an await of
// Gen.Yield, with a deferred call, and logs what it does.
type producerFrame struct {
	rt.Frame[struct{}]
	gen     *rt.Gen[int, struct{}]
	n       int
	panicAt int             // panics instead of yielding this value
	blockAt int             // awaits block (and resolves reached) before yielding this value
	block   *rt.Future[int] // what it awaits at blockAt
	reached *rt.Future[int] // resolved when it gets to blockAt
	again   bool            // goes on yielding after yield returned false
	log     *[]string       // nil: no logging (and no allocation)
	i       int
	ok      bool
	fut     *rt.Future[bool]
	blocked *rt.Future[int]
}

func logf(log *[]string, format string, args ...any) {
	if log != nil {
		*log = append(*log, fmt.Sprintf(format, args...))
	}
}

func (f *producerFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	case 2:
		goto resume2
	}
	f.Frame.Defer(func() { logf(f.log, "producer defer") })
	f.i = 1
loop:
	if f.i > f.n {
		return f.Frame.Return(struct{}{}, nil)
	}
	if f.i == f.panicAt {
		panic("boom")
	}
	if f.i != f.blockAt {
		goto yield
	}
	f.reached.Resolve(0)
	f.blocked = rt.BeginFuture(&f.Frame, f.block)
	if f.Frame.Suspend(f.blocked, 2) {
		return rt.Suspended
	}
resume2:
	if _, err := rt.AwaitResult(&f.Frame, &f.blocked); err != nil {
		logf(f.log, "producer: %v", err)
	}
yield:
	if f.log != nil {
		logf(f.log, "yield %d", f.i)
	}
	f.fut = rt.Begin(&f.Frame, f.gen.Yield(f.i, struct{}{}))
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume1:
	f.ok = f.gen.YieldResult(rt.AwaitResult(&f.Frame, &f.fut))
	if !f.ok {
		logf(f.log, "yield %d: false", f.i)
		if !f.again {
			return f.Frame.Return(struct{}{}, nil)
		}
	}
	f.i++
	goto loop
}

// consumerFrame ranges over gen, as the generated code of a range loop
// over an async generator does, and breaks after stopAfter values (0:
// never, when it logs, as it counts only the values it logs; -1: never).
type consumerFrame struct {
	rt.Frame[[]int]
	gen       *rt.Gen[int, struct{}]
	stopAfter int // -1: never
	panicAt   int // panics in the loop's body at this value
	log       *[]string
	got       []int
	ok        bool
	err       error
	next      *rt.Future[bool]
	stop      *rt.Future[struct{}]
}

func (f *consumerFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	case 2:
		goto resume2
	}
	f.Frame.Defer(func() { logf(f.log, "consumer defer") })
	rt.DeferGen(&f.Frame, &f.gen)
loop:
	f.next = rt.Begin(&f.Frame, f.gen.Next())
	if f.Frame.Suspend(f.next, 1) {
		return rt.Suspended
	}
resume1:
	f.ok, f.err = rt.AwaitResult(&f.Frame, &f.next)
	if f.err != nil {
		return f.Frame.Return(f.got, f.err)
	}
	if !f.ok {
		goto stop
	}
	if f.log != nil { // boxing the arguments would allocate
		logf(f.log, "got %d", f.gen.Key())
	}
	if f.gen.Key() == f.panicAt {
		panic("body")
	}
	if f.log != nil {
		f.got = append(f.got, f.gen.Key())
	}
	if len(f.got) == f.stopAfter {
		goto stop
	}
	goto loop
stop:
	f.stop = rt.Begin(&f.Frame, f.gen.Stop())
	if f.Frame.Suspend(f.stop, 2) {
		return rt.Suspended
	}
resume2:
	_, f.err = rt.AwaitResult(&f.Frame, &f.stop)
	logf(f.log, "stopped: %v", f.err)
	return f.Frame.Return(f.got, f.err)
}

// newGen returns a generator whose producer is p, and p's task.
func newGen(p *producerFrame) (*rt.Gen[int, struct{}], *rt.Task[struct{}]) {
	g := rt.NewGen[int, struct{}]()
	p.gen = g
	task := rt.NewTask(p)
	return g.Produce(task), task
}

func checkLog(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("log:\n%q\nwant:\n%q", got, want)
	}
}

// The producer runs only when the consumer asks for a value, one value
// at a time, and its deferred call runs before Stop completes.
func TestGenLazy(t *testing.T) {
	var log []string
	g, producer := newGen(&producerFrame{n: 3, log: &log})
	got, err := rt.Run(rt.NewTask(&consumerFrame{gen: g, log: &log}))
	if err != nil || !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("consumer = %v, %v; want [1 2 3], nil", got, err)
	}
	checkLog(t, log, "yield 1", "got 1", "yield 2", "got 2", "yield 3", "got 3", "producer defer", "stopped: <nil>", "consumer defer")
	if !producer.Done() {
		t.Error("the producer's task has not finished")
	}
}

// A generator closed before its first Next never runs its producer, and
// a loop not yet entered (a nil Gen) is skipped.
func TestGenNeverStarted(t *testing.T) {
	var log []string
	g, producer := newGen(&producerFrame{n: 3, log: &log})
	_, err := rt.Run(rt.NewTask(&unwindFrame{gen: g}))
	var pe *rt.PanicError
	if !errors.As(err, &pe) || pe.Value != "unwind" {
		t.Fatalf("consumer's error = %v; want its panic", err)
	}
	if producer.ID() != 0 || len(log) != 0 {
		t.Errorf("a generator closed before its first Next ran its producer: %q", log)
	}
}

// unwindFrame registers its generator and a nil one, then panics.
type unwindFrame struct {
	rt.Frame[int]
	gen    *rt.Gen[int, struct{}]
	nilGen *rt.Gen[int, int]
}

func (f *unwindFrame) Resume() rt.Step {
	rt.DeferGen(&f.Frame, &f.gen)
	rt.DeferGen(&f.Frame, &f.nilGen)
	panic("unwind")
}

// A consumer that breaks stops the producer: its pending yield returns
// false, and its deferred calls run before the consumer goes on.
func TestGenBreakRunsDefers(t *testing.T) {
	var log []string
	g, producer := newGen(&producerFrame{n: 5, log: &log})
	got, err := rt.Run(rt.NewTask(&consumerFrame{gen: g, stopAfter: 2, log: &log}))
	if err != nil || !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("consumer = %v, %v; want [1 2], nil", got, err)
	}
	checkLog(t, log, "yield 1", "got 1", "yield 2", "got 2", "yield 2: false", "producer defer", "stopped: <nil>", "consumer defer")
	if err := producer.Err(); err != nil {
		t.Errorf("producer's error = %v; want nil", err)
	}
}

// A producer's panic reaches the consumer, as the error of Next, after
// the producer's deferred calls have run.
func TestGenProducerPanic(t *testing.T) {
	var log []string
	g, _ := newGen(&producerFrame{n: 5, panicAt: 2, log: &log})
	got, err := rt.Run(rt.NewTask(&consumerFrame{gen: g, log: &log}))
	var pe *rt.PanicError
	if !errors.As(err, &pe) || pe.Value != "boom" {
		t.Fatalf("consumer's error = %v; want the producer's panic", err)
	}
	if !slices.Equal(got, []int{1}) {
		t.Errorf("consumer got %v; want [1]", got)
	}
	checkLog(t, log, "yield 1", "got 1", "producer defer", "consumer defer")
}

// As in Go, a producer that yields again after yield returned false
// panics; the panic is the error of the consumer's Stop.
func TestGenYieldAfterFalse(t *testing.T) {
	var log []string
	g, _ := newGen(&producerFrame{n: 5, again: true, log: &log})
	_, err := rt.Run(rt.NewTask(&consumerFrame{gen: g, stopAfter: 1, log: &log}))
	var pe *rt.PanicError
	if !errors.As(err, &pe) || pe.Value != "rt: generator continued iteration after yield returned false" {
		t.Fatalf("consumer's error = %v; want the producer's panic", err)
	}
	checkLog(t, log, "yield 1", "got 1", "yield 1: false", "yield 2", "producer defer", "stopped: "+err.Error(), "consumer defer")
}

// Cancelling the consumer while the producer awaits something else
// cancels the producer, whose deferred calls run, and the consumer awaits
// its end before its own deferred calls run (see DeferGen).
func TestGenCancelConsumer(t *testing.T) {
	var log []string
	reached := rt.NewFuture[int]()
	g, producer := newGen(&producerFrame{n: 5, blockAt: 2, block: rt.NewFuture[int](), reached: reached, log: &log})
	l := newLoop(t)
	consumer := rt.NewTask(&consumerFrame{gen: g, log: &log})
	l.Spawn(consumer)
	if err := l.RunUntil(rt.NewTask(&waiterFrame{fut: reached, deferred: new(atomic.Int32)})); err != nil {
		t.Fatal(err)
	}
	consumer.Cancel()
	if err := l.RunUntil(consumer); err != nil {
		t.Fatal(err)
	}
	if err := consumer.Err(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("consumer's error = %v; want ErrCanceled", err)
	}
	if err := l.RunUntil(producer); err != nil {
		t.Fatal(err)
	}
	checkLog(t, log, "yield 1", "got 1", "producer: "+rt.ErrCanceled.Error(), "yield 2", "producer defer", "consumer defer")
}

// Handing values across allocates nothing per value.
func TestGenAllocs(t *testing.T) {
	run := func(n int) float64 {
		return testing.AllocsPerRun(20, func() {
			g, _ := newGen(&producerFrame{n: n})
			if _, err := rt.Run(rt.NewTask(&consumerFrame{gen: g, stopAfter: -1})); err != nil {
				t.Fatal(err)
			}
		})
	}
	few, many := run(1), run(101)
	if many-few > 1 {
		t.Errorf("100 more values cost %v more allocations; want none", many-few)
	}
}

// A consumer that panics in its loop's body closes the generator from its
// defer stack: the producer unwinds from its yield (which does not
// return), its deferred calls run at once, before the consumer's own, as
// in Go.
func TestGenConsumerPanic(t *testing.T) {
	var log []string
	g, producer := newGen(&producerFrame{n: 5, log: &log})
	_, err := rt.Run(rt.NewTask(&consumerFrame{gen: g, panicAt: 2, log: &log}))
	var pe *rt.PanicError
	if !errors.As(err, &pe) || pe.Value != "body" {
		t.Fatalf("consumer's error = %v; want its panic", err)
	}
	checkLog(t, log, "yield 1", "got 1", "yield 2", "got 2", "producer defer", "consumer defer")
	if !producer.Done() {
		t.Error("the producer has not finished")
	}
}

// BenchmarkGen measures handing one value from a producer to its
// consumer: for impl=task a Next, a Yield and the switches between their
// tasks; for impl=goroutine, its baseline, a producer goroutine that
// sends each value on an unbuffered channel, as lazily as a generator.
func BenchmarkGen(b *testing.B) {
	b.Run("impl=task", func(b *testing.B) {
		b.ReportAllocs()
		g, _ := newGen(&producerFrame{n: b.N})
		if _, err := rt.Run(rt.NewTask(&consumerFrame{gen: g, stopAfter: -1})); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("impl=goroutine", func(b *testing.B) {
		b.ReportAllocs()
		ch := make(chan int)
		go func() {
			defer close(ch)
			for i := range b.N {
				ch <- i
			}
		}()
		sum := 0
		for v := range ch {
			sum += v
		}
		if want := b.N * (b.N - 1) / 2; sum != want {
			b.Fatalf("sum = %d, want %d", sum, want)
		}
	})
}
