package rt

import (
	"errors"
	"sync/atomic"
)

// Future states.
const (
	pending uint32 = iota
	done
)

// A waiter is told when a future it waits on completes. Tasks, combinators
// and plain callbacks are waiters; registering one allocates nothing.
type waiter interface {
	wake(c *futureCore)
}

// callback adapts a plain func to a waiter and to the ready queue.
type callback func()

func (fn callback) wake(*futureCore) { fn() }
func (fn callback) run(l *Loop)      { l.call(fn) }

// A canceler is what cancelling a future means when something drives it: a
// task's future cancels the task, a combinator's future cancels the
// operations it combines. The future then completes when they have
// finished, so nothing is left running behind it.
type canceler interface {
	cancel() bool
}

// futureCore is the part of a future that does not depend on its value type.
type futureCore struct {
	state atomic.Uint32
	err   error
	first waiter                    // the usual single waiter, stored inline
	owner canceler                  // what drives this future (a task, a combinator), nil for a plain future
	extra atomic.Pointer[extraWait] // further waiters and blocked goroutines, rarely needed
}

// extraWait is the rarely used part of a future, kept out of line so that
// every future, and so every task, stays small: the waiters after the
// first (touched only on the loop) and the channel that blocked goroutines
// wait on (closed when the future completes). Whichever side needs it
// first installs it.
type extraWait struct {
	more []waiter
	ch   chan struct{}
}

// ext returns the future's extraWait, installing one if it has none.
func (c *futureCore) ext() *extraWait {
	if x := c.extra.Load(); x != nil {
		return x
	}
	x := &extraWait{ch: make(chan struct{})}
	if c.extra.CompareAndSwap(nil, x) {
		return x
	}
	return c.extra.Load()
}

func (c *futureCore) isDone() bool { return c.state.Load() == done }

func (c *futureCore) addWaiter(w waiter) {
	if c.first == nil {
		c.first = w
		return
	}
	x := c.ext()
	x.more = append(x.more, w)
}

// removeWaiter forgets w, so that a cancelled task is not woken twice.
func (c *futureCore) removeWaiter(w waiter) {
	if c.first == w {
		c.first = nil
		return
	}
	if x := c.extra.Load(); x != nil {
		for i, y := range x.more {
			if y == w {
				x.more = append(x.more[:i], x.more[i+1:]...)
				return
			}
		}
	}
}

// finish marks the future done and tells every waiter. The caller has stored
// the value and the error first.
func (c *futureCore) finish() {
	c.state.Store(done)
	x := c.extra.Load()
	if x != nil {
		close(x.ch)
	}
	w := c.first
	c.first = nil
	if x == nil || x.more == nil {
		if w != nil {
			w.wake(c)
		}
		return
	}
	ws := x.more
	x.more = nil
	wakeAll(c, w, ws)
}

// wakeAll wakes first, if not nil, then every waiter in ws. A waiter that
// panics (an OnDone callback, or a combinator whose completion runs one)
// does not keep the others from waking: they are woken before the panic
// goes on up.
func wakeAll(c *futureCore, first waiter, ws []waiter) {
	i := -1 // the waiter being woken: first, then ws[i]
	defer func() {
		if i < len(ws) {
			wakeAll(c, nil, ws[i+1:])
		}
	}()
	if first != nil {
		first.wake(c)
	}
	for i = 0; i < len(ws); i++ {
		ws[i].wake(c)
	}
}

// cancel cancels the future: for a task's or a combinator's future what
// drives it, otherwise the future itself, which then completes with
// ErrCanceled.
func (c *futureCore) cancel() bool {
	if c.owner != nil {
		return c.owner.cancel()
	}
	if c.isDone() {
		return false
	}
	c.err = ErrCanceled // a pending future holds the zero value already
	c.finish()
	return true
}

// wait blocks the calling goroutine until the future is done.
func (c *futureCore) wait() {
	if c.isDone() {
		return
	}
	ch := c.ext().ch
	// finish stores the state before it loads extra: either it sees our
	// channel and closes it, or we see the state here.
	if c.isDone() {
		return
	}
	<-ch
}

// ErrPending is returned by Result for a future that is not done yet.
var ErrPending = errors.New("rt: future is not done")

// A Future holds the result of an operation that completes later: one value
// and one error, set once.
//
// A Future belongs to the loop whose tasks await it: complete or cancel it
// on that loop's goroutine (from elsewhere, go through Loop.Submit). Wait and
// Done are safe from any goroutine. The zero Future is pending and ready to
// use.
type Future[T any] struct {
	// val comes first: a zero-size last field (val of a Future[struct{}])
	// would be padded, and push every such task into a larger size class.
	val T
	futureCore
}

// NewFuture returns a pending future.
func NewFuture[T any]() *Future[T] { return new(Future[T]) }

// Done reports whether the future has its result. It is safe from any
// goroutine.
func (f *Future[T]) Done() bool { return f.isDone() }

// Complete sets the future's result and wakes every task that awaits it.
// It reports false, and changes nothing, if the future was already done:
// a future completes once.
func (f *Future[T]) Complete(v T, err error) bool {
	if f.state.Load() != pending {
		return false
	}
	f.val, f.err = v, err
	f.finish()
	return true
}

// Resolve completes the future with v and no error.
func (f *Future[T]) Resolve(v T) bool { return f.Complete(v, nil) }

// Reject completes the future with err and the zero value.
func (f *Future[T]) Reject(err error) bool {
	var zero T
	return f.Complete(zero, err)
}

// Cancel completes a pending future with ErrCanceled and reports whether it
// did. For the future of a task or of a combinator (All, Any, Timeout, a
// Group's Wait) it cancels that instead (see Task.Cancel), and the future
// completes once what it drives has finished.
func (f *Future[T]) Cancel() bool { return f.cancel() }

// Result returns the future's value and error, or ErrPending if it is not
// done. Once Done has reported true, Result is safe from any goroutine.
func (f *Future[T]) Result() (T, error) {
	if !f.isDone() {
		var zero T
		return zero, ErrPending
	}
	return f.val, f.err
}

// Err returns the future's error, or ErrPending if it is not done.
func (f *Future[T]) Err() error {
	_, err := f.Result()
	return err
}

// Wait blocks the calling goroutine until the future is done and returns its
// result. It is safe from any goroutine except the loop's own, which it
// would deadlock.
func (f *Future[T]) Wait() (T, error) {
	f.wait()
	return f.val, f.err
}

// OnDone arranges for fn to be called, on the goroutine that completes the
// future, once it is done; if it is done already, fn runs at once.
//
// fn runs as part of the completion, so a panic in fn goes on from the call
// that completed the future (Complete, Resolve, Reject, Cancel), once every
// other waiter has been told: a task that completes the future fails with
// the panic, and a callback that does stops the loop with it (see Loop).
// When the future is a task's, completed by the task's return, the panic
// stops the loop.
func (f *Future[T]) OnDone(fn func()) {
	if f.isDone() {
		fn()
		return
	}
	f.addWaiter(callback(fn))
}

// Reset makes a done future pending again so that it can be reused without
// a new allocation, as a channel is reused. Only the code that completes the
// future may call it, after every waiter has read the result. It panics on
// the future of a task or a combinator, which completes only once.
func (f *Future[T]) Reset() {
	if f.owner != nil {
		panic("rt: Reset of a task's or combinator's future")
	}
	var zero T
	f.val, f.err = zero, nil
	if f.extra.Load() != nil { // an atomic store costs: skip it when it changes nothing
		f.extra.Store(nil)
	}
	f.state.Store(pending)
}

// Start makes a Future an Op: awaiting a future waits for its result.
func (f *Future[T]) Start(*Loop) *Future[T] { return f }

func (f *Future[T]) block() (T, error) { return f.Wait() }
