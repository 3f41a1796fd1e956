package rt

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"weak"
)

// inlineBudget bounds how many steps a task may take in one turn without
// going back through the ready queue: awaits of futures that are already
// done, and calls of async functions that run inline.
const inlineBudget = 64

// pollEvery is how many turns a loop with busy ready queue runs between
// non-blocking polls of its descriptors.
const pollEvery = 32

// coolAfter is how long a loop waits for work before it lets go of what
// it keeps at hand while busy (see Loop.goIdle): longer than a busy loop's
// waits between requests, short enough that an idle loop soon lets go.
const coolAfter = time.Millisecond

// A Loop runs tasks on one goroutine: the one that calls RunUntil (or Run).
// It keeps a FIFO queue of ready tasks and callbacks, a heap of timers and a
// selector for file descriptors.
//
// Everything about a loop and its tasks and futures happens on that
// goroutine. Other goroutines hand work in with Submit, which wakes a
// sleeping loop; Future.Wait and Task.Wait are safe anywhere, and so is
// Close (see there).
//
// A panic in a task ends that task (see PanicError). A panic in a callback
// (of Submit, CallSoon, CallLater or CallAt, or an OnDone callback that the
// loop's own work runs) is not a task's: it stops the loop, and RunUntil
// returns it as a *PanicError once the loop is in order again, with every
// other callback still queued and every waiter of a completed future
// woken. Calling RunUntil again goes on from there, so a program that
// would rather log such panics and keep going, as asyncio does, can:
//
//	for {
//		err := l.RunUntil(task)
//		var pe *rt.PanicError
//		if !errors.As(err, &pe) {
//			break // nil, or the loop failed
//		}
//		log.Print(pe)
//	}
//
// A loop in debug mode (WithDebug, or the environment variable
// ASYNCGEN_DEBUG set to anything but "" or "0") logs slow task steps and
// dumps its tasks when it has sat idle with tasks waiting; see WithDebug.
type Loop struct {
	ready      ring
	timers     timerHeap
	timerSeq   uint64
	sweepAt    int // heap size at which addTimer next sweeps dead timers
	deadTimers int // timers in the heap known to be dead (see timerDied)
	poller     Poller
	clock      Clock
	epoch      time.Time
	regs       []*fdReg // descriptors registered edge-triggered, by number: see fd.go
	uring      *ioRing  // see ioRing and Loop.ring
	ringTried  bool
	watching   int // descriptors in regs
	turns      uint64
	pick       func(n int) int // WithSchedule's, or nil for FIFO

	// A simulated world's stand-ins: see WithBlockingRunner, WithSignals.
	runBlocking func(work func())
	notify      func(sigs []os.Signal, deliver func(os.Signal)) (stop func())
	private     bool // made by Await for blocking mode: owns no descriptors

	// dispatchFn is l.dispatch, made once: the method value passed to
	// Poller.Wait would otherwise be allocated every turn.
	dispatchFn func(fd int, ev Events)

	cur        *taskCore // the task in Resume, if any
	budget     int
	fault      error       // a callback's panic, for RunUntil to return
	running    atomic.Bool // in RunUntil; Close reads it from any goroutine
	closeState uint8       // how far the close has got: closeOpen...closeDone
	exiting    bool        // runtime.Goexit is ending the loop's goroutine
	live       []*taskCore // tasks started and not finished; taskCore.slot indexes it
	nextID     uint32
	frames     []any // free lists of direct calls' frames, by FramePool id

	bufs []*[readerBufSize]byte              // Readers' buffers to lend, lent since the loop last waited: see Loop.lend
	cold []weak.Pointer[[readerBufSize]byte] // and those lent before
	opMu sync.Mutex
	ops  []*ioOp[int] // Conns' ops to reuse, guarded by opMu: see Loop.park

	toPark   []*pollFD // Conns whose ops to park: see parkLater
	parkedAt int64     // when parkDue last ran, by the loop's clock

	// Debugging: see WithDebug.
	debug      bool
	debugLog   io.Writer
	slowStep   time.Duration
	slowLog    *slog.Logger
	slowSet    bool // WithSlowSteps was given
	idleDump   time.Duration
	idleSet    bool // WithIdleDump was given
	idle       bool // turn found nothing to do, since idleSince
	idleDumped bool // and has written the dump for this idle spell
	idleSince  int64
	owner      atomic.Int64    // in debug mode, the goroutine in RunUntil (0: none)
	collected  runtime.Cleanup // in debug mode, the report of a loop collected without Close

	mu         sync.Mutex // guards submitted, closed and closeAsked
	submitted  []func()
	spare      []func()    // the loop's: runSubmitted's last batch, for reuse
	pending    atomic.Bool // submitted is not empty
	closed     atomic.Bool // Submit and Spawn refuse work
	closeAsked bool        // Close has submitted the close to the running loop
	owned      []*pollFD   // descriptors that Close closes; pollFD.ownIdx indexes it

	blocking  workPool // Blocking's goroutines
	resolvers workPool // name resolution's, beside the pool
	net       netstack // the socket layer
}

// Close states.
const (
	closeOpen    uint8 = iota
	closeBegun         // tasks cancelled; the wind-down has not run
	closeWinding       // finishClose is running
	closeDone          // the selector is released
)

// An Option configures a new loop.
type Option func(*Loop)

// WithClock makes the loop tell time by c instead of the system clock.
func WithClock(c Clock) Option { return func(l *Loop) { l.clock = c } }

// WithPoller makes the loop wait on p instead of the OS selector. The loop
// closes p when it closes.
func WithPoller(p Poller) Option { return func(l *Loop) { l.poller = p } }

// WithSchedule makes the loop run the tasks and callbacks that are ready
// at the start of a turn in the order pick chooses, instead of first in,
// first out: pick(n) returns which of the n not yet run goes next, from 0
// (the one ready longest) to n-1. Every one of them still runs in that
// turn. A simulation (rt/sim) passes a seeded random choice, so that each
// seed tries another interleaving of the same tasks.
func WithSchedule(pick func(n int) int) Option { return func(l *Loop) { l.pick = pick } }

// WithBlockingRunner makes Blocking hand its work to run instead of the
// loop's pool of goroutines; run must call work once, on any goroutine
// (work hands its result to the loop through Submit). A simulation runs it
// on the loop, in its turn, so that the run stays deterministic.
func WithBlockingRunner(run func(work func())) Option {
	return func(l *Loop) { l.runBlocking = run }
}

// WithSignals makes Signal subscribe through notify instead of os/signal:
// notify must call deliver, on the loop's goroutine, with a signal of sigs
// when one comes, and stop a subscription when asked to. A simulation
// delivers signals that its test sends.
func WithSignals(notify func(sigs []os.Signal, deliver func(os.Signal)) (stop func())) Option {
	return func(l *Loop) { l.notify = notify }
}

// WithSlowSteps makes the loop log, through logger, every task step that
// takes d or longer by the loop's clock, as asyncio's debug mode does: a
// step that long holds up every other task. The record, at level Warn,
// names the task, its frame type, the resume point the step started from
// and how long it took. A nil logger means slog.Default(); d <= 0 turns
// the log off, in debug mode too.
func WithSlowSteps(d time.Duration, logger *slog.Logger) Option {
	return func(l *Loop) {
		if logger == nil {
			logger = slog.Default()
		}
		l.slowStep, l.slowLog, l.slowSet = d, logger, true
	}
}

// DebugEnv is the environment variable that puts every new loop in debug
// mode when it is set to anything but "" or "0", as PYTHONASYNCIODEBUG does
// for asyncio. WithDebug overrides it.
const DebugEnv = "ASYNCGEN_DEBUG"

// Debug mode's defaults: asyncio's threshold for a slow step, and how long
// a loop may sit idle with tasks waiting before it dumps them.
const (
	debugSlowStep = 100 * time.Millisecond
	debugIdleDump = 10 * time.Second
)

// WithDebug turns the loop's debug mode on or off, whatever DebugEnv says.
// In debug mode the loop writes to its debug log (see WithDebugLog):
//
//   - every task step that takes 100 ms or longer (as WithSlowSteps does;
//     WithSlowSteps sets another threshold or logger);
//   - a Dump of its tasks, saying what each one awaits, when it has had
//     live tasks and nothing to run (no task ready, no timer due) for 10 s
//     (WithIdleDump sets another threshold). The loop cannot tell whether
//     another goroutine will still Submit work, so this is a report, not
//     a verdict of deadlock: it is written once per idle spell;
//   - a Conn, Listener or PacketConn of the loop's, or the loop itself,
//     garbage-collected without Close (the loop closes its sockets when it
//     closes, so until then a dropped socket holds its descriptor).
//
// And a loop in debug mode panics when Spawn, CallSoon, CallLater or CallAt
// is called from a goroutine other than the one running the loop, naming
// the method and Submit, the way to reach the loop from elsewhere.
//
// A task made and dropped without being started never runs; DebugEnv, not
// WithDebug, asks for those to be reported, with where each was made, to
// standard error: a task belongs to no loop until it starts.
//
// Debug mode costs a clock reading per step, and a stack read per call of
// the methods above; out of it, these checks cost the test of a flag. The
// checks that cost nothing (a Close from another goroutine, a task that
// calls runtime.Goexit) are on in every loop.
func WithDebug(on bool) Option { return func(l *Loop) { l.debug = on } }

// WithDebugLog makes the loop write its debug output to w instead of
// os.Stderr: the slow steps and idle dumps of debug mode, and the notice
// of a task or callback that ended the loop's goroutine with
// runtime.Goexit. The loop writes to w from its own goroutine, and the
// reports of a socket or loop collected without Close from the goroutine
// that runs cleanups: w must be safe for that.
func WithDebugLog(w io.Writer) Option { return func(l *Loop) { l.debugLog = w } }

// WithIdleDump makes the loop write a Dump of its tasks to its debug log
// when it has had live tasks and nothing to run for d by its clock, in or
// out of debug mode (see WithDebug). d <= 0 turns the dump off, in debug
// mode too.
func WithIdleDump(d time.Duration) Option {
	return func(l *Loop) { l.idleDump, l.idleSet = d, true }
}

// debugFromEnv reports whether DebugEnv asks for debug mode.
func debugFromEnv() bool {
	v := os.Getenv(DebugEnv)
	return v != "" && v != "0"
}

// NewLoop returns a loop with the system clock and the OS selector, unless
// options say otherwise. It is in debug mode if DebugEnv says so, unless
// an option says otherwise.
func NewLoop(opts ...Option) (*Loop, error) {
	l := &Loop{clock: systemClock{}, debug: debugFromEnv(), net: osNetwork{}}
	l.blocking.max = defaultPoolSize()
	l.resolvers.max = resolverSlots
	for _, o := range opts {
		o(l)
	}
	if l.debugLog == nil {
		l.debugLog = os.Stderr
	}
	if l.debug {
		l.debugLoop()
		if !l.slowSet {
			l.slowStep = debugSlowStep
			l.slowLog = slog.New(slog.NewTextHandler(l.debugLog, nil))
		}
		if !l.idleSet {
			l.idleDump = debugIdleDump
		}
	}
	if l.poller == nil {
		p, err := newPoller()
		if err != nil {
			return nil, err
		}
		l.poller = p
	}
	l.epoch = l.clock.Now()
	l.dispatchFn = l.dispatch
	return l, nil
}

// Now returns the time by the loop's clock.
func (l *Loop) Now() time.Time { return l.clock.Now() }

// Submit arranges for fn to run on the loop's goroutine, waking the loop if
// it sleeps. It is safe from any goroutine, as asyncio's
// call_soon_threadsafe is. It returns ErrClosed, and drops fn, if the loop
// is closed; a callback that Submit accepted runs, in a later RunUntil or
// in Close. Callbacks run in the order they were submitted. A panic in fn
// is a callback's panic (see Loop).
func (l *Loop) Submit(fn func()) error {
	l.mu.Lock()
	if l.closed.Load() {
		l.mu.Unlock()
		return ErrClosed
	}
	l.submitted = append(l.submitted, fn)
	var err error
	if !l.pending.Swap(true) {
		// Wake under the lock: Close takes it before it closes the
		// poller, so the wake-up descriptor cannot be closed (and its
		// number reused) under us.
		err = l.poller.Wake()
	}
	l.mu.Unlock()
	return err
}

// CallSoon arranges for fn to run on the loop after the tasks and callbacks
// that are ready now. Call it on the loop's goroutine. A panic in fn is a
// callback's panic (see Loop).
func (l *Loop) CallSoon(fn func()) {
	if l.debug {
		l.checkGoroutine("CallSoon")
	}
	l.ready.push(callback(fn))
}

// Spawn starts task t on the loop: it runs once the tasks ready before it
// have run. Spawning a task that has started already does nothing. Call
// Spawn on the loop's goroutine, or before the loop runs.
// A task spawned on a loop that is closed, or closing, ends at once with
// ErrClosed without running.
func (l *Loop) Spawn(t AnyTask) {
	if l.debug {
		l.checkGoroutine("Spawn")
	}
	l.spawn(t.core())
}

func (l *Loop) spawn(c *taskCore) {
	if c.flags&fStarted == 0 && l.start(c) {
		l.schedule(c)
	}
}

// start binds task c to the loop and lists it as live. It reports false,
// having ended the task with ErrClosed, if the loop is closed.
func (l *Loop) start(c *taskCore) bool {
	if debugTasks.Load() {
		debugStarted(c)
	}
	c.flags |= fStarted
	c.loop = l
	l.nextID++
	c.id = l.nextID
	if l.closed.Load() {
		c.flags |= fRan
		c.frame.fail(ErrClosed)
		return false
	}
	c.slot = uint32(len(l.live))
	l.live = append(l.live, c)
	return true
}

// untrack removes c from the live tasks, moving the last one into its slot:
// two stores, and no links in the task to keep up.
func (l *Loop) untrack(c *taskCore) {
	i := int(c.slot)
	if i >= len(l.live) || l.live[i] != c {
		return // not tracked
	}
	last := len(l.live) - 1
	moved := l.live[last]
	l.live[i] = moved
	moved.slot = uint32(i)
	l.live[last] = nil
	l.live = l.live[:last]
}

func (l *Loop) schedule(c *taskCore) {
	if c.flags&fQueued == 0 {
		c.flags |= fQueued
		l.ready.push(c)
	}
}

// step runs task c from its resume point to its next suspension.
func (l *Loop) step(c *taskCore) {
	c.flags &^= fQueued
	if c.future().isDone() {
		return
	}
	if c.flags&fRan == 0 {
		c.flags |= fRan
		if c.flags&fCanceled != 0 {
			l.failTask(c, ErrCanceled)
			return
		}
	}
	prev := l.cur
	l.cur = c
	c.flags |= fRunning
	var st Step
	if l.slowStep > 0 {
		pc, start := c.pc, l.clock.Now()
		st = resume(c)
		if d := l.clock.Now().Sub(start); d >= l.slowStep {
			l.slowLog.Warn("rt: slow task step", "task", c.id, "frame", fmt.Sprintf("%T", c.frame), "pc", pc, "duration", d)
		}
	} else {
		st = resume(c)
	}
	c.flags &^= fRunning
	l.cur = prev
	if st == Done && !c.future().isDone() {
		l.failTask(c, errNoReturn)
	}
}

// resume calls the frame's Resume. A Resume that does not return (a panic,
// or runtime.Goexit) ends the task: see Loop.stopped.
func resume(c *taskCore) (st Step) {
	returned := false
	defer func() {
		if !returned {
			c.loop.stopped(c, recover())
			st = Done
			if c.flags&fDeferring != 0 {
				st = Suspended // its deferred calls await
			}
		}
	}()
	if c.flags&fDeferring != 0 {
		st = c.frame.resumeDefers()
	} else {
		st = c.frame.Resume()
	}
	returned = true
	return st
}

// stopped handles a step of task c that did not return: r is what it
// panicked with, or nil for runtime.Goexit.
func (l *Loop) stopped(c *taskCore, r any) {
	if r == nil {
		// runtime.Goexit (t.FailNow, say): nothing can stop it, and the
		// goroutine that runs the loop ends. Fail the task so that its
		// waiters on other goroutines hear of it, and say what happened.
		c.flags &^= fRunning
		l.cur = nil
		l.goexit(fmt.Sprintf("task %d (%T)", c.id, c.frame))
		l.failTask(c, ErrGoexit)
		return
	}
	if c.future().isDone() {
		// The task had finished: the panic is an OnDone callback's, run
		// by the task's completion. It belongs to no task: the loop's.
		l.setFault(callbackPanic(r))
		return
	}
	l.failTask(c, panicError(r))
}

// failTask ends task c with err, unless it has ended already. The
// callbacks that the task's completion runs are callbacks: a panic there is
// the loop's fault.
func (l *Loop) failTask(c *taskCore, err error) {
	if !c.future().isDone() {
		l.call(func() { c.frame.fail(err) })
	}
}

// call runs fn, code of the user's that is not a task's step (a callback,
// or the OnDone callbacks that completing a future runs): a panic becomes
// the loop's fault, for RunUntil to return, instead of unwinding the loop.
func (l *Loop) call(fn func()) {
	returned := false
	defer func() {
		if !returned {
			l.callbackEnded(recover())
		}
	}()
	fn()
	returned = true
}

// callbackEnded handles a callback that did not return: r is what it
// panicked with, or nil for runtime.Goexit.
func (l *Loop) callbackEnded(r any) {
	if r != nil {
		l.setFault(callbackPanic(r))
		return
	}
	l.goexit("a callback")
}

// goexit writes, once, the notice that who called runtime.Goexit.
func (l *Loop) goexit(who string) {
	if !l.exiting {
		l.exiting = true
		fmt.Fprintf(l.debugLog, "rt: %s called runtime.Goexit: the goroutine that runs the loop ends with it, and RunUntil does not return\n", who)
	}
}

// setFault records a callback's panic for RunUntil (or Close) to return.
func (l *Loop) setFault(err error) {
	if l.fault == nil {
		l.fault = err
	} else {
		l.fault = errors.Join(l.fault, err)
	}
}

// callbackPanic is the error of a callback that panicked with r.
func callbackPanic(r any) error {
	if pe, ok := r.(*PanicError); ok {
		c := *pe // a task's panic, passed on by a callback: keep its stack
		c.callback = true
		return &c
	}
	return &PanicError{Value: r, Stack: debug.Stack(), callback: true}
}

// RunUntil runs the loop until task t has finished, spawning t first if it
// has not started. The task's own error is t's business: RunUntil returns an
// error only when the loop itself fails, when a callback panics (a
// *PanicError: see Loop), or when the loop is closed while it runs
// (ErrClosed, see Close). After a callback's panic, RunUntil may be called
// again and goes on where the loop stopped.
func (l *Loop) RunUntil(t AnyTask) error {
	c := t.core()
	l.spawn(c)
	return l.runUntil(c.future())
}

func (l *Loop) runUntil(fc *futureCore) error {
	// The lock orders this against Close on another goroutine: either
	// Close sees the loop running and hands it the close, or we see the
	// loop closed.
	l.mu.Lock()
	switch {
	case l.running.Load():
		l.mu.Unlock()
		return errors.New("rt: RunUntil called while the loop runs (from a task or callback, or another goroutine)")
	case l.closed.Load() && l.closeState != closeBegun:
		l.mu.Unlock()
		return ErrClosed
	}
	l.running.Store(true)
	l.mu.Unlock()
	defer l.running.Store(false)
	defer l.goIdle() // a loop that does not run keeps no buffer
	if l.debug {
		l.owner.Store(goroutineID())
		defer l.owner.Store(0)
	}
	l.exiting = false
	for l.closeState == closeOpen && !fc.isDone() {
		if err := l.turn(true); err != nil {
			return err
		}
	}
	if l.closeState == closeBegun {
		// Close was called while the loop ran.
		if err := l.finishClose(); err != nil {
			return errors.Join(ErrClosed, err)
		}
		return ErrClosed
	}
	return nil
}

// turn is one iteration of the loop: poll (blocking only if nothing is
// ready and block allows it), then runReady.
func (l *Loop) turn(block bool) error {
	if block && l.ready.len() == 0 && !l.pending.Load() {
		if err := l.waitWork(); err != nil {
			return err
		}
	} else {
		if l.idleDump > 0 {
			l.idleCheck(0) // not idle
		}
		if l.pollDue() {
			l.parkIfDue()
			if err := l.wait(0); err != nil {
				return err
			}
		}
	}
	l.turns++
	return l.runReady()
}

// waitWork is turn's poll when nothing is ready: it waits until the next
// timer is due, or without limit.
func (l *Loop) waitWork() error {
	timeout := l.timeout()
	if timeout != 0 {
		l.parkIfDue()
	}
	if timeout != 0 && (len(l.bufs) > 0 || len(l.toPark) > 0) && (timeout < 0 || timeout > coolAfter) {
		// The pool's buffers, and Conns' ops, stay through a short wait,
		// in which a busy loop uses them again; a loop idle for longer
		// lets them go (see goIdle).
		if err := l.wait(coolAfter); err != nil {
			return err
		}
		if l.ready.len() > 0 || l.pending.Load() {
			return nil
		}
		l.goIdle()
		timeout = l.timeout()
	}
	if timeout != 0 || l.pollDue() {
		return l.wait(timeout)
	}
	return nil
}

// goIdle lets go of what a busy loop keeps at hand: it holds the pool of
// Readers' buffers weakly (see lend), and parks the ops of the Conns that
// wait to read (see parkLater).
func (l *Loop) goIdle() {
	l.coolBuffers()
	if len(l.toPark) > 0 {
		l.parkDue()
	}
}

// pollDue reports whether a turn that would not wait polls the selector
// all the same: every pollEvery turns, if the loop watches descriptors.
func (l *Loop) pollDue() bool { return l.watching > 0 && l.turns%pollEvery == 0 }

// timeout is how long a loop with nothing ready may wait: until the next
// timer, or -1 (no limit).
func (l *Loop) timeout() time.Duration {
	timeout := time.Duration(-1)
	if len(l.timers) > 0 {
		timeout = time.Duration(max(l.timers[0].when-l.now(), 0))
	}
	if l.idleDump > 0 {
		timeout = l.idleCheck(timeout)
	}
	return timeout
}

// wait waits in the selector for up to timeout, and hands what it
// reports to the operations waiting.
func (l *Loop) wait(timeout time.Duration) error {
	err := l.poller.Wait(timeout, l.dispatchFn)
	l.flushRing() // the reads the events began
	if err != nil {
		return fmt.Errorf("rt: poller: %w", err)
	}
	return nil
}

// runReady runs submitted callbacks, fires due timers, then runs every task
// and callback that was ready at that point. It stops at a callback's
// panic, leaving the rest queued, and returns the panic.
func (l *Loop) runReady() error {
	if l.fault == nil && l.pending.Load() {
		l.runSubmitted()
	}
	if l.fault == nil && len(l.timers) > 0 {
		l.fireTimers()
	}
	for n := l.ready.len(); n > 0 && l.fault == nil; n-- {
		l.budget = inlineBudget
		if l.pick != nil {
			l.ready.swapFront(l.pick(n))
		}
		x := l.ready.pop()
		if c, ok := x.(*taskCore); ok {
			l.step(c) // the usual entry, without the dynamic call of run
		} else {
			x.run(l)
		}
	}
	l.flushRing() // the reads and writes the tasks began
	if err := l.fault; err != nil {
		l.fault = nil
		return err
	}
	return nil
}

// fireTimers fires the timers that are due. A callback's panic stops it;
// the timers not yet fired stay in the heap.
func (l *Loop) fireTimers() { l.call(l.fireDue) }

// fireDue is fireTimers without the guard.
func (l *Loop) fireDue() {
	now := l.now()
	for len(l.timers) > 0 && l.timers[0].when <= now {
		t := l.timers.pop().target
		if t.dead() {
			l.deadTimers = max(l.deadTimers-1, 0)
			continue
		}
		t.fire()
	}
}

// runSubmitted runs the callbacks that Submit has queued. The batch is the
// loop's until it has run: Submit appends to another slice. If a callback
// panics, the ones after it go back to the head of the queue.
func (l *Loop) runSubmitted() {
	l.mu.Lock()
	fns := l.submitted
	l.submitted, l.spare = l.spare[:0], nil
	l.pending.Store(false)
	l.mu.Unlock()
	i := 0
	defer func() {
		if i < len(fns) { // fns[i] panicked, or called runtime.Goexit
			l.requeue(fns[i+1:])
			l.callbackEnded(recover())
		}
	}()
	for ; i < len(fns); i++ {
		fn := fns[i]
		fns[i] = nil
		fn()
	}
	l.spare = fns[:0]
}

// requeue puts submitted callbacks that did not run back at the head of the
// queue, ahead of those submitted since.
func (l *Loop) requeue(fns []func()) {
	if len(fns) == 0 {
		return
	}
	l.mu.Lock()
	q := make([]func(), 0, len(fns)+len(l.submitted))
	l.submitted = append(append(q, fns...), l.submitted...)
	l.pending.Store(true)
	l.mu.Unlock()
}

// dispatch hands the selector's report for fd to the operations waiting
// on it.
func (l *Loop) dispatch(fd int, ev Events) {
	if fd < len(l.regs) {
		if r := l.regs[fd]; r != nil {
			l.fdReady(r, ev)
		}
	}
}

// idleCheck is turn's look at a loop about to wait with timeout: a loop
// that has had live tasks and nothing to run for idleDump writes a Dump to
// its debug log, once per idle spell. It returns the timeout to wait with,
// cut short so that the loop wakes to write the dump.
func (l *Loop) idleCheck(timeout time.Duration) time.Duration {
	if timeout == 0 || len(l.live) == 0 {
		l.idle = false
		return timeout
	}
	now := l.now()
	if !l.idle {
		l.idle, l.idleSince, l.idleDumped = true, now, false
	}
	if l.idleDumped {
		return timeout
	}
	left := time.Duration(l.idleSince + int64(l.idleDump) - now)
	if left > 0 {
		if timeout < 0 || left < timeout {
			return left
		}
		return timeout
	}
	l.idleDumped = true
	var wakers string
	switch {
	case len(l.timers) > 0:
		wakers = fmt.Sprintf("the next timer is due in %v", time.Duration(l.timers[0].when-now))
	case l.watching > 0:
		wakers = fmt.Sprintf("%d descriptors are watched", l.watching)
	default:
		wakers = "no timer or descriptor can wake them; only a Submit from another goroutine can"
	}
	fmt.Fprintf(l.debugLog, "rt: loop idle for %v with %d live tasks; %s\n", time.Duration(now-l.idleSince), len(l.live), wakers)
	l.Dump(l.debugLog)
	return 0 // the log's writer may have woken a task: look again
}

// closeTurns bounds how long Close waits for cancelled tasks to finish.
const closeTurns = 10000

// Close cancels every task still running on the loop, runs the loop until
// they have finished (their awaits fail with ErrCanceled, their defers run),
// and releases the selector. Every callback that Submit accepted runs
// before Close returns; Submits after Close has begun fail with ErrClosed,
// and tasks spawned after it end with ErrClosed without running. Callbacks
// queued by CallSoon run too, up to the bound below. A task that does not
// finish within a bounded number of turns is ended with ErrClosed. Close
// does not wait for timers or I/O. Close returns the panics of callbacks
// that ran while the loop wound down (see Loop), joined with the
// selector's error, if any. Closing a closed loop does nothing.
//
// Close is safe from any goroutine. Called while the loop runs (from a
// task, a callback or another goroutine), it does not wait: it submits the
// close to the loop and returns, and at its next turn the loop begins the
// close; RunUntil then finishes it and returns ErrClosed. That is how to
// stop a loop from a signal handler, say. Called while no RunUntil runs,
// Close closes the loop on the calling goroutine: then no other goroutine
// may use the loop, except through Submit.
func (l *Loop) Close() error {
	if l.debug {
		l.collected.Stop()
	}
	l.mu.Lock()
	if l.running.Load() {
		var err error
		if !l.closed.Load() && !l.closeAsked {
			l.closeAsked = true
			l.submitted = append(l.submitted, l.beginClose)
			if !l.pending.Swap(true) {
				err = l.poller.Wake()
			}
		}
		l.mu.Unlock()
		return err
	}
	l.mu.Unlock()
	switch l.closeState {
	case closeWinding, closeDone:
		return nil // a callback of the wind-down closes again, or closed
	case closeOpen:
		l.beginClose()
	}
	return l.finishClose()
}

// beginClose refuses new work and cancels every live task.
func (l *Loop) beginClose() {
	if l.closeState != closeOpen {
		return
	}
	l.closeState = closeBegun
	l.mu.Lock()
	l.closed.Store(true)
	l.mu.Unlock()
	// Cancelling a task can finish or start others (through futures' waiters
	// and callbacks), so walk a snapshot, not the live list itself.
	live := slices.Clone(l.live)
	for _, c := range live {
		l.call(func() { c.cancel() })
	}
	clear(live)
}

// finishClose runs the cancelled tasks and the queued callbacks to their
// end, ends the tasks that will not, and releases the selector.
func (l *Loop) finishClose() error {
	l.closeState = closeWinding
	var errs []error
	if l.fault != nil {
		errs = append(errs, l.fault)
		l.fault = nil
	}
	// Submit accepts nothing now, so the submitted queue only shrinks: run
	// it to the end. CallSoon can go on queueing: bound that.
	for i := 0; l.pending.Load() || (l.ready.len() > 0 && i < closeTurns); i++ {
		l.turns++
		if err := l.runReady(); err != nil {
			errs = append(errs, err)
		}
	}
	for len(l.live) > 0 {
		c := l.live[len(l.live)-1]
		if c.awaiting != nil {
			c.awaiting.removeWaiter(c)
			c.awaiting = nil
		}
		l.failTask(c, ErrClosed)
		if len(l.live) > 0 && l.live[len(l.live)-1] == c { // the frame did not untrack: do it here
			l.untrack(c)
		}
	}
	// Close the loop's sockets, and fail what still waits on a descriptor,
	// before the selector goes.
	l.closeDescriptors()
	if l.fault != nil {
		errs = append(errs, l.fault)
		l.fault = nil
	}
	l.mu.Lock()
	l.submitted, l.spare = nil, nil
	l.pending.Store(false)
	if err := l.poller.Close(); err != nil {
		errs = append(errs, err)
	}
	l.mu.Unlock()
	l.timers = nil
	l.deadTimers = 0
	l.ready = ring{}
	l.watching = 0
	l.closeState = closeDone
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// Dump writes one line for each task that has started and not finished:
// its number, its frame type, its resume point and what it waits on. It is
// for debugging; call it on the loop's goroutine.
func (l *Loop) Dump(w io.Writer) {
	fmt.Fprintf(w, "%d live tasks, %d ready, %d timers\n", len(l.live), l.ready.len(), len(l.timers))
	live := slices.Clone(l.live)
	slices.SortFunc(live, func(a, b *taskCore) int { return cmp.Compare(b.id, a.id) }) // newest first
	for _, c := range live {
		state := "ready"
		switch {
		case c.flags&fRunning != 0:
			state = "running"
		case c.awaiting != nil:
			state = "awaiting " + describe(c.awaiting)
		}
		if c.flags&fCanceled != 0 {
			state += ", canceled"
		}
		fmt.Fprintf(w, "task %d %T pc=%d %s\n", c.id, c.frame, c.pc, state)
	}
}

// describe names what a future is for Dump: a task, a combinator or a plain
// future.
func describe(fc *futureCore) string {
	switch o := fc.owner.(type) {
	case nil, *sleepOp:
		return "a future"
	case *taskCore:
		return fmt.Sprintf("task %d", o.id)
	case fmt.Stringer:
		return o.String()
	default:
		return fmt.Sprintf("%T", o)
	}
}
