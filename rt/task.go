package rt

import (
	"errors"
	"fmt"
)

// Task flags.
const (
	fStarted   uint8 = 1 << iota // bound to a loop
	fRan                         // Resume has been called at least once
	fQueued                      // in the ready queue
	fCanceled                    // Cancel was called: every later await fails
	fRunning                     // inside Resume now
	fInline                      // a direct call that has not suspended: see Call
	fReturned                    // a direct call that finished inline: its result is in its frame
	fDeferring                   // waiting for a deferred await: the loop resumes the defer stack, not Resume
)

// taskCore is the part of a task that does not depend on its result type:
// what the loop schedules, wakes and lists.
type taskCore struct {
	frame    resumable   // the frame that drives the task
	loop     *Loop       // set when the task starts
	fut      *futureCore // the task's own result
	awaiting *futureCore // what the task is suspended on, if anything
	id       uint32      // the task's number on its loop; wraps after 2^32
	slot     uint32      // the task's index in Loop.live while it is live
	pc       int32
	flags    uint8
}

// resumable is what the loop needs of a frame. The unexported method comes
// from the embedded Frame, so only frames built on Frame satisfy it.
type resumable interface {
	Resume() Step
	fail(err error)
	resumeDefers() Step
	interrupt() bool
}

// future returns the future that holds the task's result. It is a field,
// not a method call on the frame: step reads it twice per step, and with
// the live list gone the field fits in the frame's 128-byte size class.
func (c *taskCore) future() *futureCore { return c.fut }

func (c *taskCore) run(l *Loop) { l.step(c) }

// wake is called when the future the task awaits completes.
func (c *taskCore) wake(*futureCore) {
	c.awaiting = nil
	c.loop.schedule(c)
}

// cancel implements Task.Cancel.
func (c *taskCore) cancel() bool {
	if c.future().isDone() {
		return false
	}
	if c.frame != nil && c.frame.interrupt() {
		// Its deferred calls run: the cleanup is interrupted (see
		// DeferAwait).
		c.flags |= fCanceled
		return true
	}
	if c.flags&fCanceled != 0 {
		// Cancelled already: a further Cancel goes on to what the task
		// awaits, and so reaches the cleanup of a task below it.
		if c.awaiting != nil {
			c.awaiting.cancel()
		}
		return true
	}
	c.flags |= fCanceled
	switch {
	case c.flags&fStarted == 0:
		// Never started: it ends now, without running.
		if debugTasks.Load() {
			debugStarted(c)
		}
		c.flags |= fStarted | fRan
		c.frame.fail(ErrCanceled)
	case c.awaiting != nil:
		// Cancelling what the task awaits wakes it; for an awaited task
		// that happens once the child has finished.
		c.awaiting.cancel()
	}
	// Otherwise the task is queued or running: its next await fails.
	return true
}

// AnyTask is implemented by every *Task[T], whatever its result type, so
// that loops, groups and debugging tools can hold tasks of mixed types.
type AnyTask interface {
	// Done reports whether the task has finished.
	Done() bool
	// Cancel asks the task to stop; see Task.Cancel.
	Cancel() bool
	// Err returns the task's error, or ErrPending while it runs.
	Err() error
	core() *taskCore
}

// A Task is a Future driven by a frame: an async function's call in
// progress. Generated FAsync functions return tasks; a task starts when it
// is spawned on a loop or awaited, and not before.
type Task[T any] struct {
	fut Future[T]
	c   taskCore
}

func (t *Task[T]) core() *taskCore { return &t.c }

// Done reports whether the task has finished. It is safe from any goroutine.
func (t *Task[T]) Done() bool { return t.fut.isDone() }

// Result returns the task's result, or ErrPending while it runs.
func (t *Task[T]) Result() (T, error) { return t.fut.Result() }

// Err returns the task's error, or ErrPending while it runs.
func (t *Task[T]) Err() error { return t.fut.Err() }

// Wait blocks the calling goroutine until the task has finished and returns
// its result. It is safe from any goroutine except the loop's own.
func (t *Task[T]) Wait() (T, error) { return t.fut.Wait() }

// OnDone arranges for fn to run on the loop when the task finishes.
func (t *Task[T]) OnDone(fn func()) { t.fut.OnDone(fn) }

// Future returns the future that holds the task's result.
func (t *Task[T]) Future() *Future[T] { return &t.fut }

// Cancel asks the task to stop and reports whether the request was taken
// (false once the task has finished). Cancellation is delivered at awaits:
// the await the task is suspended on, and every later one, returns an error
// for which errors.Is(err, ErrCanceled) holds. What the task awaits is
// cancelled with it: a task awaiting another task cancels that task too and
// waits for it to finish, one awaiting a combinator (All, Timeout, a Group's
// Wait...) cancels the combinator, and one awaiting a plain Future cancels
// the future, as asyncio does. A task cancelled before
// it starts finishes with ErrCanceled without running. Call Cancel on the
// loop's goroutine.
func (t *Task[T]) Cancel() bool { return t.c.cancel() }

// ID returns the task's number on its loop, 0 before it starts.
func (t *Task[T]) ID() uint64 { return uint64(t.c.id) }

// Start makes a task an Op. Awaiting a task that has not started starts it
// on the awaiting task's loop and runs it at once, up to its first
// suspension, without a trip through the ready queue.
func (t *Task[T]) Start(l *Loop) *Future[T] {
	c := &t.c
	if c.flags&fStarted == 0 && l.start(c) {
		if l.budget > 0 {
			l.budget--
			l.step(c)
		} else {
			l.schedule(c)
		}
	}
	return &t.fut
}

func (t *Task[T]) block() (T, error) {
	// The loop field, not the flags, which the goroutine of a task that
	// Spawn started in blocking mode writes while this one reads.
	if t.c.loop != nil || t.fut.isDone() {
		return t.Wait()
	}
	return run(t, true)
}

func (t *Task[T]) waitable() *futureCore { return &t.fut.futureCore }

// String names the task by its number and frame type, for debugging.
func (t *Task[T]) String() string {
	return fmt.Sprintf("task %d (%T)", t.c.id, t.c.frame)
}

var errNoReturn = errors.New("rt: internal error: frame returned Done without calling Return")
