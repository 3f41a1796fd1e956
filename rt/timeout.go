package rt

import (
	"errors"
	"fmt"
	"time"
)

// timeoutOp is the op behind Timeout: its future, its timer and the inner
// operation's waiter in one allocation.
type timeoutOp[T any] struct {
	fut   Future[T] // named: an embedded Future would lend the op its block method
	op    Op[T]
	d     time.Duration
	inner *Future[T]
	loop  *Loop // set when the op starts
	fired bool
}

// Timeout returns an op that runs op with a deadline d from when it starts.
// If op finishes first, Timeout yields its result. When the deadline
// passes, Timeout cancels op (a task stops at its current await) and, once
// op has finished, fails with ErrTimeout; if op succeeds or fails otherwise
// all the same, Timeout yields that result instead.
//
// Cancelling the await of Timeout cancels op.
func Timeout[T any](op Op[T], d time.Duration) Op[T] {
	return &timeoutOp[T]{op: op, d: d}
}

func (o *timeoutOp[T]) Start(l *Loop) *Future[T] {
	if o.loop != nil { // started already
		return &o.fut
	}
	o.loop = l
	o.fut.owner = o
	o.inner = o.op.Start(l)
	o.op = nil
	if o.inner.isDone() {
		o.fut.Complete(o.inner.val, o.inner.err)
		return &o.fut
	}
	l.addTimer(l.now()+int64(o.d), o)
	o.inner.addWaiter(o)
	return &o.fut
}

// fire is called at the deadline.
func (o *timeoutOp[T]) fire() {
	if o.fut.isDone() || o.inner.isDone() {
		return
	}
	o.fired = true
	o.inner.cancel()
}

// dead reports that the deadline no longer matters.
func (o *timeoutOp[T]) dead() bool { return o.fut.isDone() }

// wake is called when the inner operation finishes.
func (o *timeoutOp[T]) wake(*futureCore) {
	v, err := o.inner.val, o.inner.err
	if o.fired && errors.Is(err, ErrCanceled) {
		var zero T
		v, err = zero, ErrTimeout
	}
	o.fut.Complete(v, err)
	if !o.fired {
		o.loop.timerDied()
	}
}

func (o *timeoutOp[T]) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	o.inner.cancel()
	return true
}

// refuse passes on a result that nobody will read to the inner operation.
func (o *timeoutOp[T]) refuse() { unclaimed(&o.inner.futureCore) }

func (o *timeoutOp[T]) String() string { return fmt.Sprintf("Timeout %v", o.d) }
