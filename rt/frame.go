package rt

import "runtime/debug"

// FrameProtocolV2 names the frame protocol that this runtime speaks.
// Generated files refer to it, so a generated file that does not match the
// runtime fails to build, naming this constant: run asyncgen again.
// Version 2 renamed the protocol's steps apart from the user API's names
// (see the package documentation) and added direct calls (Call).
const FrameProtocolV2 = 2

// A Step is what a frame's Resume returns: Suspended when the frame waits
// for something and has arranged to be resumed, Done when it has returned
// through Frame.Return.
type Step uint8

const (
	// Suspended means the frame is waiting; the loop resumes it later.
	Suspended Step = iota
	// Done means the frame has returned; its task is finished.
	Done

	// returnedInline is Done for a direct call that has returned without
	// suspending (see AfterCall), so that its caller can tell at once.
	// Only a callee's first step, which its caller runs, returns it.
	returnedInline
)

// Framer is implemented by every frame: a struct that embeds Frame[T] and
// has a Resume method. See the package documentation for the protocol.
// The loop holds frames of every result type as resumables, the part of
// Framer that does not depend on T.
type Framer[T any] interface {
	resumable
	base() *Frame[T]
}

// Frame is the part of a frame that the runtime owns: the task, the resume
// point and the defer stack. Frames embed it; its methods are the protocol
// that generated code (or a hand-written frame) follows.
type Frame[T any] struct {
	task   Task[T]
	defers *deferStack // a pointer, as most frames defer nothing
}

// deferStack is a frame's deferred calls, and the panic they are run for.
type deferStack struct {
	fns       []func()
	panicking *PanicError // the panic that the stack is running for, if any
	recovered bool        // Recover has returned panicking's value
}

func (f *Frame[T]) base() *Frame[T] { return f }

// NewTask returns the task driven by frame f, ready to be spawned or
// awaited. It allocates nothing: the task lives inside the frame.
func NewTask[T any](f Framer[T]) *Task[T] {
	t := &f.base().task
	t.c.frame = f
	t.c.fut = &t.fut.futureCore
	t.fut.owner = &t.c
	if debugTasks.Load() {
		debugCreated(&t.c)
	}
	return t
}

// Task returns the frame's task. The frame of a direct call (see Call)
// is reused once the call has returned: its task must not be handed out.
func (f *Frame[T]) Task() *Task[T] { return &f.task }

// PC returns the resume point that Resume should continue at: 0 on the first
// call, then the pc passed to the Suspend, Reschedule or Call that suspended
// the frame.
func (f *Frame[T]) PC() int { return int(f.task.c.pc) }

// Canceled reports whether the frame's task has been cancelled.
func (f *Frame[T]) Canceled() bool { return f.task.c.flags&fCanceled != 0 }

// Suspend prepares to continue at resume point pc once w is done: the
// generated form of the waiting half of rt.Await(op). It reports whether
// the frame must suspend now (return Suspended from Resume). It
// reports false when the result can be read at once: w is done already (up
// to a budget per loop turn, so one task cannot starve the others). In a
// cancelled task it cancels w and still waits for it to finish; the result
// then reads as ErrCanceled.
func (f *Frame[T]) Suspend(w Waitable, pc int) bool {
	c := &f.task.c
	fc := w.waitable()
	if fc == nil {
		return false
	}
	if c.flags&fCanceled != 0 && !fc.isDone() {
		// Cancelled while the op was starting (a child that ran inline
		// cancelled us, say): cancel the op, then wait for it as usual,
		// so that a child task never outlives the await. Result reports
		// ErrCanceled either way.
		fc.cancel()
	}
	l := c.loop
	c.pc = int32(pc)
	if fc.isDone() {
		if l.budget > 0 {
			l.budget--
			return false
		}
		l.schedule(c)
		return true
	}
	c.awaiting = fc
	fc.addWaiter(c)
	return true
}

// Reschedule suspends the frame until the loop has run every task that was
// ready before it, and resumes at pc: the generated form of rt.Yield. A
// cancelled task stops here, as at any suspension point.
func (f *Frame[T]) Reschedule(pc int) Step {
	c := &f.task.c
	if c.flags&fCanceled != 0 {
		panic(cancelUnwind{})
	}
	c.pc = int32(pc)
	c.loop.schedule(c)
	return Suspended
}

// Defer pushes fn onto the frame's defer stack. The stack runs, last in
// first out, when the frame returns, fails or is cancelled.
func (f *Frame[T]) Defer(fn func()) {
	if f.defers == nil {
		f.defers = new(deferStack)
	}
	f.defers.fns = append(f.defers.fns, fn)
}

// Recover is the builtin recover for a function deferred by the frame:
// generated code calls it in place of recover in a deferred function
// literal. While the defer stack runs because the frame panicked, the
// first call returns the panic's value and stops the panic: once the stack
// has run, the task ends as if its function had returned, with its
// results as they then are (see Recoverer). Otherwise it returns nil.
// Cancellation is not a panic, and is not stopped.
func (f *Frame[T]) Recover() any {
	d := f.defers
	if d == nil || d.panicking == nil || d.recovered {
		return nil
	}
	d.recovered = true
	return d.panicking.Value
}

// A Recoverer is a frame whose function can stop a panic with recover:
// Recovered returns its results for a task whose panic a deferred call
// stopped (its named results as the deferred calls left them, or zero
// values). A frame that is not a Recoverer returns zero values then.
type Recoverer[T any] interface {
	Recovered() (T, error)
}

// runDefers runs the defer stack. A panicking deferred call ends the frame
// with that panic, as in Go, after the rest of the stack has run.
func (f *Frame[T]) runDefers() (perr error) {
	d := f.defers
	if d == nil {
		return nil
	}
	for len(d.fns) > 0 {
		fn := d.fns[len(d.fns)-1]
		d.fns = d.fns[:len(d.fns)-1]
		func() {
			defer func() {
				if r := recover(); r != nil {
					perr = panicError(r)
					if pe, ok := perr.(*PanicError); ok && d.panicking != nil {
						// A new panic replaces the one the stack runs for.
						d.panicking, d.recovered = pe, false
					}
				}
			}()
			fn()
		}()
	}
	f.defers = nil
	return perr
}

// RunDefers runs the frame's defer stack now, last in first out, and
// returns the panic of a deferred call that panicked (as a *PanicError),
// if any. Generated code calls it to return from a function with named
// results and deferred calls, which may change the results: it assigns the
// results, runs the stack, then returns the results with Return, or with
// Fail the deferred panic.
func (f *Frame[T]) RunDefers() error { return f.runDefers() }

// Fail finishes the frame's task with err (and the zero result) after
// running what is left of its defer stack, and returns Done for Resume to
// return.
func (f *Frame[T]) Fail(err error) Step {
	f.fail(err)
	return Done
}

// Return finishes the frame's task with (v, err) after running its defer
// stack, and returns Done for Resume to return.
func (f *Frame[T]) Return(v T, err error) Step {
	if f.task.c.flags&fInline != 0 && f.defers == nil {
		// A direct call returning without suspending: what finish does,
		// without the call (see Call).
		f.returnInline(v, err)
		return returnedInline
	}
	if f.defers != nil {
		if perr := f.runDefers(); perr != nil {
			var zero T
			v, err = zero, perr
		}
	}
	f.finish(v, err)
	return Done
}

func (f *Frame[T]) fail(err error) {
	var v T
	d := f.defers
	if pe, ok := err.(*PanicError); ok && d != nil {
		d.panicking = pe // a deferred call may Recover it
	}
	perr := f.runDefers()
	switch {
	case d != nil && d.recovered:
		// Stopped: the function returns its results.
		err = nil
		if r, ok := f.task.c.frame.(Recoverer[T]); ok {
			v, err = r.Recovered()
		}
	case perr != nil:
		err = perr
	}
	f.finish(v, err)
}

// returnInline finishes a direct call that has not suspended: no one
// waits on its future, and no one else can see it (see Call), so its
// result stays in its frame.
func (f *Frame[T]) returnInline(v T, err error) {
	f.task.fut.val, f.task.fut.err = v, err
	f.task.c.flags |= fReturned
}

func (f *Frame[T]) finish(v T, err error) {
	c := &f.task.c
	if c.flags&fInline != 0 {
		f.returnInline(v, err)
		return
	}
	if c.loop != nil {
		c.loop.untrack(c)
	}
	f.task.fut.Complete(v, err)
}

// cancelUnwind is the panic value that unwinds a cancelled frame from a
// suspension point that has no error to return it through.
type cancelUnwind struct{}

// errorUnwind unwinds a frame whose callee ended with an error that is not
// a panic (ErrClosed, say) through a call that has no error result: the
// frame ends with that error.
type errorUnwind struct{ err error }

func panicError(r any) error {
	switch r := r.(type) {
	case *PanicError:
		return r // a panic passed up from an awaited call: keep its stack
	case cancelUnwind:
		return ErrCanceled
	case errorUnwind:
		return r.err
	}
	return &PanicError{Value: r, Stack: debug.Stack()}
}

// Functions and methods. The steps of the protocol that involve only the
// frame's own result type are methods of Frame[T]: PC, Suspend,
// Reschedule, Defer, Return. The steps that involve a second type, the T
// of the op awaited or of the callee, as well as the R of the caller's
// Frame[R], are package functions taking &f.Frame: Begin, AwaitResult,
// Call, CallResult, CallValue, TakeFrame, FreeFrame. Go has no generic
// methods (a method cannot have type parameters of its own), so
// f.Frame.Begin(op) could not take an Op[T] for every T.

// Begin starts op on the loop of frame f and returns the future to await:
// the generated form of the first half of rt.Await(op). In a cancelled task
// it starts nothing and returns nil, which awaits as ErrCanceled.
func Begin[R, T any](f *Frame[R], op Op[T]) *Future[T] {
	c := &f.task.c
	if c.flags&fCanceled != 0 {
		return nil
	}
	return op.Start(c.loop)
}

// BeginFuture is Begin for an op whose static type is *Future: there is
// nothing to start, so it costs no dynamic call.
func BeginFuture[R, T any](f *Frame[R], fut *Future[T]) *Future[T] {
	if f.task.c.flags&fCanceled != 0 {
		return nil
	}
	return fut
}

// BeginTask is Begin for an op whose static type is *Task, such as the
// task of a direct call of an async function: a static call of Task.Start
// instead of a dynamic one.
func BeginTask[R, T any](f *Frame[R], t *Task[T]) *Future[T] {
	c := &f.task.c
	if c.flags&fCanceled != 0 {
		return nil
	}
	return t.Start(c.loop)
}

// AwaitResult returns the result of the future that frame f awaited: the
// generated form of the second half of rt.Await(op). In a cancelled task it
// returns ErrCanceled; what the op handed over in a result that nobody will
// read now (a queue's value, a lock) goes back (see Queue).
func AwaitResult[R, T any](f *Frame[R], fut *Future[T]) (T, error) {
	if fut == nil || f.task.c.flags&fCanceled != 0 {
		if fut != nil {
			unclaimed(&fut.futureCore) // a value, lock or permit handed over goes back
		}
		var zero T
		return zero, ErrCanceled
	}
	return fut.val, fut.err
}

// New returns a pointer to a new zero T, as the builtin new(T) does.
// Generated code calls it in place of new where the user's package or
// function declares a new of its own.
func New[T any]() *T { return new(T) }
