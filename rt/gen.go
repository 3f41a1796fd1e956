package rt

import (
	"runtime/debug"
	"sync"
)

// Generator states.
const (
	genIdle     uint8 = iota // the producer has not started
	genRunning               // the producer runs; the consumer awaits Next
	genYielded               // the producer is suspended in yield; the consumer has its values
	genStopping              // Stop was called; the producer is finishing
	genEnded                 // the producer's task has finished
)

// A Gen runs an async generator for generated code: an async function
// whose result is an iterator (iter.Seq or iter.Seq2, or a function of
// that shape) and whose iterator awaits. In blocking mode such a function
// is a plain Go iterator; in async code its iterator runs as a task of
// its own, the producer, on the loop of the task that ranges over it, the
// consumer, and the Gen hands the values across, one at a time:
//
//   - the consumer awaits Next, which starts or resumes the producer and
//     completes with true when the producer yields (the values are then
//     read with Key and Value) or with false when it returned;
//   - the producer's yield(k, v) is an await of Yield, which completes
//     with true when the consumer asks for the next values or with false
//     when it stopped;
//   - the consumer awaits Stop where Go stops an iterator (after the
//     loop, or before a break or return that leaves it): the pending
//     yield returns false and Stop completes when the producer's task has
//     ended, its deferred calls run;
//   - a consumer that unwinds (a panic, cancellation) closes the
//     generator before its deferred calls run (see DeferGen): the
//     producer unwinds from its yield with the consumer's panic, running
//     its deferred calls, and the consumer awaits its end, as a panic in
//     a loop's body unwinds the iterator in Go.
//
// The producer never runs ahead of the consumer by more than one value. A
// producer's panic reaches the consumer as a *PanicError, the error of
// Next or of Stop. As in Go, a producer that calls yield again after it
// returned false panics. Handing values across allocates nothing.
type Gen[K, V any] struct {
	k     K
	v     V
	next  Future[bool]     // what the consumer awaits in Next
	back  Future[bool]     // what the producer awaits in yield
	done  Future[struct{}] // what the consumer awaits in Stop
	task  *taskCore        // the producer
	state uint8
	// refused is set once a yield has returned false.
	refused bool
	// unwinding is the consumer's panic that the producer unwinds with
	// (see DeferGen).
	unwinding *PanicError
}

// NewGen returns a generator with no producer yet: generated code makes
// the producer's frame, which holds the Gen, then calls Produce.
func NewGen[K, V any]() *Gen[K, V] {
	g := new(Gen[K, V])
	g.done.owner = (*genDone[K, V])(g)
	return g
}

// genDone is the canceler of a Gen's done future: a consumer cancelled
// while it awaits the producer's end (in Stop, or as it closes the
// generator) cancels the producer, which interrupts its deferred awaits,
// and still waits for it to end, so that no producer outlives its loop.
type genDone[K, V any] Gen[K, V]

func (d *genDone[K, V]) cancel() bool {
	g := (*Gen[K, V])(d)
	if g.done.isDone() || g.state != genStopping {
		return false
	}
	return g.task.cancel()
}

// Produce makes task t the generator's producer and returns g. The task
// starts at the first Next; a generator whose Next is never awaited never
// runs it.
func (g *Gen[K, V]) Produce(t AnyTask) *Gen[K, V] {
	g.task = t.core()
	return g
}

// Key returns the first value of the current iteration.
func (g *Gen[K, V]) Key() K { return g.k }

// Value returns the second value of the current iteration.
func (g *Gen[K, V]) Value() V { return g.v }

// genNext, genYield and genStop are the Gen's ops: a Gen converted, so
// that taking one allocates nothing.
type (
	genNext[K, V any]  Gen[K, V]
	genYield[K, V any] Gen[K, V]
	genStop[K, V any]  Gen[K, V]
)

// Next returns the op the consumer awaits for the next values: true when
// the producer yielded them, false when it returned; the error of a
// producer that panicked.
func (g *Gen[K, V]) Next() Op[bool] { return (*genNext[K, V])(g) }

// Yield returns the op the producer awaits in yield(k, v): true when the
// consumer wants more, false when it stopped.
func (g *Gen[K, V]) Yield(k K, v V) Op[bool] {
	g.k, g.v = k, v
	return (*genYield[K, V])(g)
}

// Stop returns the op the consumer awaits when it leaves the loop: the
// producer's pending yield returns false, and the op completes when the
// producer has ended, with the producer's panic as its error if it
// panicked. A cancellation of the await cancels the producer, whose
// deferred awaits it interrupts, and the await still ends only when the
// producer has.
func (g *Gen[K, V]) Stop() Op[struct{}] { return (*genStop[K, V])(g) }

// Start implements Op: it starts or resumes the producer.
func (n *genNext[K, V]) Start(l *Loop) *Future[bool] {
	g := (*Gen[K, V])(n)
	switch g.state {
	case genIdle:
		g.state = genRunning
		g.task.fut.addWaiter(g)
		if g.task.flags&fStarted == 0 && l.start(g.task) {
			l.schedule(g.task)
		}
	case genYielded:
		g.state = genRunning
		g.next.Reset()
		g.back.Complete(true, nil)
	}
	// Running already (an await of Next that was cancelled, awaited
	// again), stopping or ended: the future holds what there is.
	return &g.next
}

// Start implements Op: it hands the values to the consumer.
func (y *genYield[K, V]) Start(*Loop) *Future[bool] {
	g := (*Gen[K, V])(y)
	if g.refused {
		panic("rt: generator continued iteration after yield returned false")
	}
	g.back.Reset()
	if g.state != genRunning {
		// The consumer stopped, or gave up its Next (cancellation).
		g.refused = true
		g.back.Complete(false, nil)
		return &g.back
	}
	g.state = genYielded
	g.next.Complete(true, nil)
	return &g.back
}

// Start implements Op: it stops the producer.
func (s *genStop[K, V]) Start(*Loop) *Future[struct{}] {
	g := (*Gen[K, V])(s)
	switch g.state {
	case genIdle, genEnded:
		g.state = genEnded
		g.done.Complete(struct{}{}, nil)
	case genYielded:
		// The pending yield returns false, and the producer runs at once
		// rather than when the loop comes to it.
		g.state = genStopping
		g.refused = true
		g.resumeNow(false, nil)
	case genRunning:
		// The consumer's await of Next was cancelled.
		g.state = genStopping
		g.task.cancel()
	}
	return &g.done
}

// DeferGen registers the range loop over a generator whose Gen frame f
// keeps in *g: generated code calls it when the loop is first entered.
// If the frame unwinds (a panic, cancellation) while the loop runs, the
// generator is closed before any of the frame's deferred calls run, as
// in Go, where a panic in a loop's body unwinds the iterator before it
// reaches the function that ranges: the frame awaits the producer's end.
// A producer suspended in yield unwinds from there with the frame's panic,
// which its deferred calls can recover, or, for a cancellation, with
// ErrCanceled; one that runs (the frame's await of Next was cancelled) is
// cancelled. A panic of the producer's replaces the one in flight; a
// producer that recovers the frame's panic and returns leaves in its
// place Go's runtime error for a range function that did not resume
// panicking. Frames close their generators innermost first, the last
// registered first; a generator that has ended, or a nil *g (a loop not
// yet entered), is skipped.
func DeferGen[R, K, V any](f *Frame[R], g **Gen[K, V]) {
	f.pushGen(genRef[K, V]{g})
}

// genRef is the field that holds the Gen of a range loop, for DeferGen: a
// pointer, which an interface holds without allocating.
type genRef[K, V any] struct{ g **Gen[K, V] }

func (r genRef[K, V]) closeGen(p *PanicError) *futureCore { return (*r.g).close(p) }

// close stops the producer of a consumer that unwinds with panic p (nil
// for a cancellation or an error), and returns the future to await for
// its end, or nil when it has ended. See DeferGen.
func (g *Gen[K, V]) close(p *PanicError) *futureCore {
	if g == nil {
		return nil
	}
	switch g.state {
	case genIdle, genEnded:
		g.state = genEnded
		g.done.Complete(struct{}{}, nil)
		return nil
	case genYielded:
		// The producer unwinds from its yield at once, as in Go.
		g.state = genStopping
		g.refused = true
		g.unwinding = p
		if p != nil {
			g.resumeNow(false, p)
		} else {
			g.task.flags |= fCanceled
			g.resumeNow(false, ErrCanceled)
		}
	case genRunning:
		// The consumer's await of Next was cancelled.
		g.state = genStopping
		g.task.cancel()
	}
	// Stopping: the consumer gave up its await of Stop, or came here.
	return &g.done.futureCore
}

// resumeNow completes the yield that the producer awaits with ok and err,
// and runs the producer at once, up to its end or its next await.
func (g *Gen[K, V]) resumeNow(ok bool, err error) {
	t := g.task
	if t.awaiting != &g.back.futureCore {
		g.back.Complete(ok, err)
		return
	}
	g.back.removeWaiter(t)
	t.awaiting = nil
	g.back.Complete(ok, err)
	t.loop.step(t)
}

// wake is called when the producer's task ends.
func (g *Gen[K, V]) wake(c *futureCore) {
	err := c.err
	if g.state == genStopping {
		switch {
		case err == ErrCanceled:
			err = nil // Stop or DeferGen cancelled it
		case err == nil && g.unwinding != nil:
			// It recovered the consumer's panic and returned.
			err = rangeRecovered()
		}
		g.done.Complete(struct{}{}, err)
	} else {
		// The consumer awaits Next (or gave it up). A later Stop finds
		// the producer ended.
		g.next.Complete(false, err)
	}
	g.state = genEnded
	g.done.Complete(struct{}{}, nil)
}

// NextResult returns what an await of Next returned, for generated code:
// whether there are values. A producer's panic goes on up through the
// consumer, a cancelled consumer unwinds (closing the generator, then
// running its deferred calls), and so does one whose producer ended with an
// error of the runtime's (ErrClosed, say).
func (g *Gen[K, V]) NextResult(ok bool, err error) bool {
	if err != nil {
		unwind(err)
	}
	return ok
}

// YieldResult returns what an await of Yield returned, for generated
// code: whether the consumer wants more. A producer whose consumer
// unwound (see DeferGen), or that was cancelled, unwinds, running its
// deferred calls.
func (g *Gen[K, V]) YieldResult(ok bool, err error) bool {
	if err != nil {
		unwind(err)
	}
	return ok
}

// StopResult takes what an await of Stop returned, for generated code: a
// producer's panic goes on up through the consumer, as with NextResult.
func (g *Gen[K, V]) StopResult(_ struct{}, err error) {
	if err != nil {
		unwind(err)
	}
}

// unwind unwinds the calling frame with err.
func unwind(err error) {
	if p, ok := err.(*PanicError); ok {
		panic(p)
	}
	if err == ErrCanceled {
		panic(cancelUnwind{})
	}
	panic(errorUnwind{err})
}

// rangeRecovered returns the panic that Go raises in a function whose
// range-over-func loop's body panicked when the iterator recovers that
// panic and returns: Go's own runtime error, taken from such a loop once.
func rangeRecovered() error {
	return &PanicError{Value: recoveredBodyPanic(), Stack: debug.Stack()}
}

var recoveredBodyPanic = sync.OnceValue(func() (r any) {
	defer func() { r = recover() }()
	for range func(yield func() bool) {
		defer func() { _ = recover() }()
		yield()
	} {
		panic("body")
	}
	return nil
})
