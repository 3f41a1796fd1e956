package rt

import "runtime/debug"

// FrameProtocolV3 names the frame protocol that this runtime speaks.
// Generated files refer to it, so a generated file that does not match the
// runtime fails to build, naming this constant: run asyncgen again.
// Version 2 renamed the protocol's steps apart from the user API's names
// (see the package documentation) and added direct calls (Call); version
// 3 closes generators and function iterators through DeferGen and
// DeferIter (Gen.Close is gone).
const FrameProtocolV3 = 3

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

// deferStack is a frame's deferred calls and the exit they are run for.
// The rest, which only generators, panics, failures and deferred awaits
// need, is made when first needed (deferState): a task that defers a
// call and returns, the usual case, keeps 48 bytes for its stack while it
// lives, an idle connection's handler say.
type deferStack struct {
	calls []any // each a deferred await (a deferredOp) or a plain deferred call (a DeferredCall)
	st    *deferState
	exit  exitKind // how the frame leaves, once the stack runs
}

// deferState is the part of a defer stack that most never need.
type deferState struct {
	gens      []genCloser // the range loops over generators (DeferGen), closed first
	panicking *PanicError // the panic in flight: the frame's, or a deferred call's
	recovered bool        // Recover has returned panicking's value

	err         error       // exitFail: what the frame fails with, unless a panic is in flight
	results     any         // exitNamed: the frame, a Recoverer
	awaiting    *futureCore // the deferred await the frame is suspended on
	interrupted bool        // a Cancel came while the stack ran: deferred awaits are cancelled
	forced      bool        // the loop ended the task while the stack ran: deferred awaits are not waited for
}

// state returns the stack's deferState, made on first use.
func (d *deferStack) state() *deferState {
	if d.st == nil {
		d.st = new(deferState)
	}
	return d.st
}

// inFlight returns the panic in flight, nil if none or recovered.
func (d *deferStack) inFlight() *PanicError {
	if st := d.st; st != nil && !st.recovered {
		return st.panicking
	}
	return nil
}

// hasGens reports whether the stack has generators to close.
func (d *deferStack) hasGens() bool { return d.st != nil && len(d.st.gens) > 0 }

// stopping reports whether deferred awaits are cancelled as they start
// (interrupted) or not waited for (forced).
func (d *deferStack) stopping() bool {
	return d.st != nil && (d.st.interrupted || d.st.forced)
}

// forced reports whether the loop ended the task while its stack ran:
// deferred awaits are not waited for.
func (d *deferStack) forced() bool { return d.st != nil && d.st.forced }

// genCloser closes a generator of a frame that unwinds with panic p (nil
// for another exit) and returns the future to wait for, nil if none: a
// genRef (see DeferGen).
type genCloser interface {
	closeGen(p *PanicError) *futureCore
}

// deferredOp is an op whose await is deferred: it starts when its turn
// comes, and returns the future to wait for (nil: nothing to wait for).
type deferredOp interface {
	startDeferred(l *Loop) *futureCore
}

// exitKind says how a frame whose defer stack runs is leaving.
type exitKind uint8

const (
	exitNone   exitKind = iota // the stack is not running for an exit
	exitReturn                 // Return: the results are in the task's future, not yet complete
	exitNamed                  // ReturnResults: the results are read once the stack has run
	exitFail                   // fail: the error is in err, the panic in panicking
)

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
func (f *Frame[T]) Suspend(w Waitable, pc int) bool { return f.task.c.suspend(w, pc) }

// suspend is Suspend, which does not depend on the frame's result type:
// one function for all frames, called without a dictionary.
func (c *taskCore) suspend(w Waitable, pc int) bool {
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
	if fc.isDone() {
		if l.budget > 0 {
			l.budget-- // the result is read at once: no resume point
			return false
		}
		c.pc = int32(pc)
		l.schedule(c)
		return true
	}
	c.pc = int32(pc)
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
// first out, when the frame returns, fails or is cancelled. While a panic
// is in flight, fn runs deferred under a Go panic of its value, so that a
// recover that fn calls itself stops it, as in Go.
func (f *Frame[T]) Defer(fn func()) { f.push(funcCall(fn)) }

// push pushes x, a DeferredCall or a deferredOp, onto the defer stack.
func (f *Frame[T]) push(x any) {
	d := f.stack()
	d.calls = append(d.calls, x)
}

// pushGen registers g, a range loop's generator or iterator, to close
// first if the frame unwinds (DeferGen, DeferIter).
func (f *Frame[T]) pushGen(g genCloser) {
	st := f.stack().state()
	st.gens = append(st.gens, g)
}

// stack returns the frame's defer stack, made on first use.
func (f *Frame[T]) stack() *deferStack {
	if f.defers == nil {
		f.defers = new(deferStack)
	}
	return f.defers
}

// DeferAwait pushes an await of op onto the defer stack of frame f: the
// generated form of "defer g(x)" for an async function g, where op is
// g's task gAsync(x), made at the defer statement (which evaluates the
// arguments then, as Go does), and of "defer rt.Await(op)". When its turn
// comes, as the stack runs last in first out, op starts on the frame's
// loop and the frame waits for it before it runs the rest of the stack.
// Its result is dropped, as a deferred call's results are; a panic in it
// (a *PanicError) replaces the panic in flight, as a deferred call's does.
//
// The await is shielded from a cancellation that the task received before
// the stack began: op starts even in a cancelled task, and a task's own
// awaits are not cancelled with its caller's. A Cancel of the task while
// the stack runs (a second one, or a first after the function returned)
// interrupts the cleanup: the deferred await in progress is cancelled,
// and so is each later one as it starts (a deferred async call still
// runs, its awaits failing with ErrCanceled); plain deferred calls run as
// always. A further Cancel reaches the cleanup of what the task awaits.
// On a closing loop, an op started then ends at once (a task with
// ErrClosed, without running), and a task that the loop ends while it
// waits for a deferred await runs the rest of its stack without waiting.
func DeferAwait[R, T any](f *Frame[R], op Op[T]) {
	if t, ok := op.(*Task[T]); ok {
		f.push(t)
		return
	}
	f.push(deferredAwait[T]{op})
}

// deferredAwait is a deferred await of an op that is not a *Task.
type deferredAwait[T any] struct{ op Op[T] }

func (a deferredAwait[T]) startDeferred(l *Loop) *futureCore {
	if fut := a.op.Start(l); fut != nil {
		return &fut.futureCore
	}
	return nil
}

func (t *Task[T]) startDeferred(l *Loop) *futureCore {
	return &t.Start(l).futureCore
}

// Recover is the builtin recover for a function deferred by the frame:
// generated code calls it in place of recover in a deferred function
// literal. While a panic is in flight (the frame's, or that of a deferred
// call that ran before), the first call returns the panic's value and
// stops the panic: once the stack has run, the task ends as if its
// function had returned, with its results as they then are (see
// Recoverer). Otherwise it returns nil. Cancellation is not a panic, and
// is not stopped.
func (f *Frame[T]) Recover() any {
	d := f.defers
	if d == nil {
		return nil
	}
	p := d.inFlight()
	if p == nil {
		return nil
	}
	d.st.recovered = true
	return p.Value
}

// A Deferrer is the frame that defers an async function literal which
// calls recover: *Frame[T], for every T. See RecoverFor.
type Deferrer interface {
	Recover() any
}

// RecoverFor is the builtin recover for an async function literal that
// frame d defers: generated code calls it in place of the recover calls
// that the literal makes itself, as "defer func() { ... }()" does with
// Recover. The literal runs as a task of its own, awaited by d's defer
// stack (see DeferAwait), so its recover stops d's panic, as a deferred
// function's recover does in Go, even after the literal has awaited. When
// the literal is called rather than deferred, d is nil and RecoverFor
// returns nil, as recover does in a function that is not deferred.
func RecoverFor(d Deferrer) any {
	if d == nil {
		return nil
	}
	return d.Recover()
}

// DeferYield pushes a yield onto the defer stack of frame f: the generated
// form of "defer rt.Yield()". When its turn comes, as the stack runs last
// in first out, the frame lets the tasks and callbacks ready on its loop
// run before it goes on with the rest of the stack. Like a deferred await
// (see DeferAwait), it is shielded from a cancellation that the task
// received before its stack began, and a Cancel while the stack runs ends
// it at once.
func DeferYield[R any](f *Frame[R]) { f.push(deferredYield{}) }

// deferredYield is a deferred rt.Yield.
type deferredYield struct{}

func (deferredYield) startDeferred(l *Loop) *futureCore {
	fut := new(Future[struct{}])
	l.ready.push(callback(func() { fut.Complete(struct{}{}, nil) }))
	return &fut.futureCore
}

// A Recoverer is a frame whose function can stop a panic with recover:
// Recovered returns its results for a task whose panic a deferred call
// stopped (its named results as the deferred calls left them, or zero
// values). A frame that is not a Recoverer returns zero values then.
type Recoverer[T any] interface {
	Recovered() (T, error)
}

// RunDefers runs the frame's defer stack now, last in first out, and
// returns the panic in flight once it has run (as a *PanicError), if a
// deferred call panicked and no other one recovered it. Generated code
// calls it to return from a function with named results and deferred
// calls, which may change the results: it assigns the results, runs the
// stack, then returns the results with Return, or with Fail the deferred
// panic. A function that defers an await returns with ReturnResults
// instead, as only Resume can suspend.
func (f *Frame[T]) RunDefers() error {
	d := f.defers
	if d == nil {
		return nil
	}
	for d.hasGens() {
		// At a return, the frame's generators have ended: closing them
		// is nothing to wait for.
		if fc := d.popGen().closeGen(nil); fc != nil && !fc.isDone() {
			panic("rt: internal error: RunDefers reached a running generator")
		}
	}
	for len(d.calls) > 0 {
		op, call := d.pop()
		if op != nil {
			panic("rt: internal error: RunDefers reached a deferred await: the frame must return with ReturnResults")
		}
		d.call(call)
	}
	f.defers = nil
	if p := d.inFlight(); p != nil {
		return p
	}
	return nil
}

// Fail finishes the frame's task with err (and the zero result) after
// running what is left of its defer stack, and returns Done for Resume to
// return, or Suspended while an await of a deferred call waits (see
// DeferAwait).
func (f *Frame[T]) Fail(err error) Step {
	f.fail(err)
	if f.task.c.flags&fDeferring != 0 {
		return Suspended
	}
	return Done
}

// Return finishes the frame's task with (v, err) after running its defer
// stack, and returns Done for Resume to return, or Suspended while an
// await of a deferred call waits (see DeferAwait).
func (f *Frame[T]) Return(v T, err error) Step {
	if f.task.c.flags&fInline != 0 && f.defers == nil {
		// A direct call returning without suspending: what finish does,
		// without the call (see Call).
		f.returnInline(v, err)
		return returnedInline
	}
	if f.defers == nil {
		f.finish(v, err)
		return Done
	}
	// The results wait in the future, which is not complete until the
	// stack has run: no one reads them before.
	f.task.fut.val, f.task.fut.err = v, err
	f.defers.exit = exitReturn
	return f.unwind()
}

// ReturnResults finishes the frame's task with the results that r (the
// frame itself) returns once the defer stack has run, and returns Done for
// Resume to return, or Suspended while an await of a deferred call waits.
// Generated code returns with it from a function with named results that
// defers an await: it assigns the results, then calls ReturnResults, and
// r's Recovered method reads them as the deferred calls left them.
func (f *Frame[T]) ReturnResults(r Recoverer[T]) Step {
	if f.defers == nil {
		v, err := r.Recovered()
		return f.Return(v, err)
	}
	f.defers.exit, f.defers.state().results = exitNamed, r
	return f.unwind()
}

func (f *Frame[T]) fail(err error) {
	d := f.defers
	if d == nil {
		var v T
		f.finish(v, err)
		return
	}
	c := &f.task.c
	if d.exit != exitNone {
		// The loop ends a task whose stack runs (Loop.Close, at the end
		// of its wind-down): the rest of the stack runs without waiting.
		c.flags &^= fDeferring
		st := d.state()
		st.awaiting, st.forced = nil, true
		d.exit, st.err = exitFail, err
		f.unwind()
		return
	}
	st := d.state()
	if pe, ok := err.(*PanicError); ok {
		st.panicking = pe // a deferred call may Recover it
	}
	d.exit, st.err = exitFail, err
	f.unwind()
}

// pop takes the top entry off the stack: a deferred await, or else a
// plain call.
func (d *deferStack) pop() (deferredOp, DeferredCall) {
	n := len(d.calls) - 1
	x := d.calls[n]
	d.calls[n] = nil
	d.calls = d.calls[:n]
	if op, ok := x.(deferredOp); ok {
		return op, nil
	}
	return nil, x.(DeferredCall)
}

// popGen takes the last generator off the stack's list.
func (d *deferStack) popGen() genCloser {
	st := d.st
	n := len(st.gens) - 1
	g := st.gens[n]
	st.gens[n] = nil
	st.gens = st.gens[:n]
	return g
}

// call runs the deferred call c. A panic in it replaces the panic in
// flight, as in Go. While a panic is in flight, c's function runs
// deferred by a Go panic of the same value, so that a recover that it
// calls itself (a method value, a function deferred by name, with or
// without arguments, one made by reflect) stops it, as it does in Go.
func (d *deferStack) call(c DeferredCall) {
	if d.inFlight() != nil {
		d.callPanicking(c)
		return
	}
	defer func() {
		if r := recover(); r != nil {
			d.setPanic(panicError(r))
		}
	}()
	c.Call()
}

// callPanicking runs c deferred while Go panics with the value of the
// panic in flight (c.CallUnder): if c's function recovers, the frame's
// panic is stopped; if it returns without recovering, the panic in flight
// goes on unchanged; a panic of its own replaces it. (A panic of its own
// with a value equal to the one in flight is taken for the one in flight:
// the two differ in nothing a program sees.)
func (d *deferStack) callPanicking(c DeferredCall) {
	v := d.st.panicking.Value
	defer func() {
		if r := recover(); r != nil && !sameValue(r, v) {
			d.setPanic(panicError(r))
		}
	}()
	c.CallUnder(v)
	// Only a recover in c's function gets here.
	d.st.recovered = true
}

// sameValue reports whether a == b, and false where comparing them panics.
func sameValue(a, b any) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// setPanic records err, what a deferred call ended with, as the panic in
// flight, if it is one.
func (d *deferStack) setPanic(err error) {
	if pe, ok := err.(*PanicError); ok {
		st := d.state()
		st.panicking, st.recovered = pe, false
	}
}

// closeGen closes generator g with panic p and returns the future to
// wait for, or nil when there is nothing to wait for; a panic as it
// closes is in flight then.
func (d *deferStack) closeGen(g genCloser, p *PanicError) (fc *futureCore) {
	defer func() {
		if r := recover(); r != nil {
			d.setPanic(panicError(r))
			fc = nil
		}
	}()
	return g.closeGen(p)
}

// start starts the deferred op of a frame on loop l, and returns the
// future to wait for, or nil when there is nothing to wait for: the op
// had no future, or panicked as it started (the panic is then in flight).
func (d *deferStack) start(op deferredOp, l *Loop) (fc *futureCore) {
	defer func() {
		if r := recover(); r != nil {
			d.setPanic(panicError(r))
			fc = nil
		}
	}()
	fc = op.startDeferred(l)
	if fc != nil && !fc.isDone() && d.stopping() {
		cancelDeferred(fc)
	}
	return fc
}

// cancelDeferred cancels the deferred await fc of an interrupted cleanup.
// A deferred task that has not run yet still runs, cancelled, so that no
// deferred function is skipped: its code runs and its awaits fail.
func cancelDeferred(fc *futureCore) {
	if t, ok := fc.owner.(*taskCore); ok && t.flags&fStarted != 0 {
		t.flags |= fRan
	}
	fc.cancel()
}

// unwind runs what is left of the defer stack, then ends the task as
// d.exit says. It returns Done, or Suspended when an await of a deferred
// call has to wait: the loop then resumes the stack (resumeDefers), not
// the frame, once the await is over.
func (f *Frame[T]) unwind() Step {
	d := f.defers
	c := &f.task.c
	// The generators that the frame ranges over unwind first, innermost
	// first, with the panic in flight: they are nearer the panic than any
	// deferred call of the frame's (see DeferGen).
	for d.hasGens() {
		fc := d.closeGen(d.popGen(), d.inFlight())
		if fc == nil {
			continue
		}
		if !fc.isDone() && d.stopping() {
			cancelDeferred(fc)
		}
		if !fc.isDone() {
			d.st.awaiting, c.awaiting = fc, fc
			fc.addWaiter(c)
			c.flags |= fDeferring
			return Suspended
		}
		d.setPanic(fc.err)
	}
	for len(d.calls) > 0 {
		op, call := d.pop()
		if op == nil {
			d.call(call)
			continue
		}
		fc := d.start(op, c.loop)
		if fc == nil {
			continue
		}
		if !fc.isDone() && !d.forced() {
			d.state().awaiting, c.awaiting = fc, fc
			fc.addWaiter(c)
			c.flags |= fDeferring
			return Suspended
		}
		if fc.isDone() {
			d.setPanic(fc.err)
		}
	}
	f.end(d)
	return Done
}

// resumeDefers goes on with the defer stack once the deferred await that
// suspended it is over.
func (f *Frame[T]) resumeDefers() Step {
	d := f.defers
	f.task.c.flags &^= fDeferring
	fc := d.st.awaiting
	d.st.awaiting = nil
	d.setPanic(fc.err)
	return f.unwind()
}

// interrupt interrupts the running defer stack for Cancel, and reports
// whether there was one: the deferred await in progress is cancelled, and
// every later one as it starts.
func (f *Frame[T]) interrupt() bool {
	d := f.defers
	if d == nil || d.exit == exitNone {
		return false
	}
	st := d.state()
	st.interrupted = true
	if st.awaiting != nil {
		cancelDeferred(st.awaiting)
	}
	return true
}

// end finishes the task once its defer stack has run: with the panic in
// flight, if no deferred call recovered it; otherwise with the results
// that d.exit says.
func (f *Frame[T]) end(d *deferStack) {
	f.defers = nil
	var v T
	var err error
	switch {
	case d.inFlight() != nil:
		err = d.st.panicking
	case d.exit == exitReturn:
		v, err = f.task.fut.val, f.task.fut.err
	case d.exit == exitNamed:
		v, err = d.st.results.(Recoverer[T]).Recovered()
	case d.st != nil && d.st.recovered:
		// A panic of the function's stopped: it returns its results as
		// the deferred calls left them, or zero values.
		if r, ok := f.task.c.frame.(Recoverer[T]); ok {
			v, err = r.Recovered()
		}
	default:
		err = d.st.err
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

// AwaitResult returns the result of the future in *fut that frame f
// awaited, and clears *fut: the generated form of the second half of
// rt.Await(op). Clearing the frame's field keeps a task suspended at its
// next await from keeping the future alive, and the value and op it
// holds, as a goroutine's stack would not. (A hand-written frame that
// awaits one future again and again passes the address of a copy.) In a
// cancelled task it returns
// ErrCanceled; what the op handed over in a result that nobody will read
// now (a queue's value, a lock) goes back (see Queue).
func AwaitResult[R, T any](f *Frame[R], futp **Future[T]) (T, error) {
	fut := *futp
	*futp = nil
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
