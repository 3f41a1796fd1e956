package rt

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// inlineBudget bounds how many steps a task may take in one turn without
// going back through the ready queue: awaits of futures that are already
// done, and calls of async functions that run inline.
const inlineBudget = 64

// pollEvery is how many turns a loop with busy ready queue runs between
// non-blocking polls of its descriptors.
const pollEvery = 32

// A Loop runs tasks on one goroutine: the one that calls RunUntil (or Run).
// It keeps a FIFO queue of ready tasks and callbacks, a heap of timers and a
// selector for file descriptors.
//
// Everything about a loop and its tasks and futures happens on that
// goroutine. Other goroutines hand work in with Submit, which wakes a
// sleeping loop; Future.Wait and Task.Wait are safe anywhere.
type Loop struct {
	ready    ring
	timers   timerHeap
	timerSeq uint64
	sweepAt  int // heap size at which addTimer next sweeps dead timers
	poller   Poller
	clock    Clock
	epoch    time.Time
	watchers map[int]func(Events)
	turns    uint64

	cur     *taskCore // the task in Resume, if any
	budget  int
	running bool
	live    []*taskCore // tasks started and not finished; taskCore.slot indexes it
	nextID  uint32

	slowStep time.Duration
	slowLog  *slog.Logger

	mu        sync.Mutex // guards submitted and closed
	submitted []func()
	spare     []func()
	pending   atomic.Bool // submitted is not empty
	closed    atomic.Bool
}

// An Option configures a new loop.
type Option func(*Loop)

// WithClock makes the loop tell time by c instead of the system clock.
func WithClock(c Clock) Option { return func(l *Loop) { l.clock = c } }

// WithPoller makes the loop wait on p instead of the OS selector. The loop
// closes p when it closes.
func WithPoller(p Poller) Option { return func(l *Loop) { l.poller = p } }

// WithSlowSteps makes the loop log, through logger, every task step that
// takes d or longer, as asyncio's debug mode does: a step that long holds
// up every other task. The record, at level Warn, names the task, its
// frame type, the resume point the step started from and how long it took.
// A nil logger means slog.Default().
func WithSlowSteps(d time.Duration, logger *slog.Logger) Option {
	return func(l *Loop) {
		if logger == nil {
			logger = slog.Default()
		}
		l.slowStep, l.slowLog = d, logger
	}
}

// NewLoop returns a loop with the system clock and the OS selector, unless
// options say otherwise.
func NewLoop(opts ...Option) (*Loop, error) {
	l := &Loop{clock: systemClock{}, watchers: map[int]func(Events){}}
	for _, o := range opts {
		o(l)
	}
	if l.poller == nil {
		p, err := newPoller()
		if err != nil {
			return nil, err
		}
		l.poller = p
	}
	l.epoch = l.clock.Now()
	return l, nil
}

// Now returns the time by the loop's clock.
func (l *Loop) Now() time.Time { return l.clock.Now() }

// Submit arranges for fn to run on the loop's goroutine, waking the loop if
// it sleeps. It is the one method that is safe from any goroutine, as
// asyncio's call_soon_threadsafe is. It returns ErrClosed, and drops fn, if
// the loop is closed.
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
// that are ready now. Call it on the loop's goroutine.
func (l *Loop) CallSoon(fn func()) { l.ready.push(callback(fn)) }

// Spawn starts task t on the loop: it runs once the tasks ready before it
// have run. Spawning a task that has started already does nothing. Call
// Spawn on the loop's goroutine, or before the loop runs.
// A task spawned on a loop that is closed, or closing, ends at once with
// ErrClosed without running.
func (l *Loop) Spawn(t AnyTask) { l.spawn(t.core()) }

func (l *Loop) spawn(c *taskCore) {
	if c.flags&fStarted == 0 && l.start(c) {
		l.schedule(c)
	}
}

// start binds task c to the loop and lists it as live. It reports false,
// having ended the task with ErrClosed, if the loop is closed.
func (l *Loop) start(c *taskCore) bool {
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
			c.frame.fail(ErrCanceled)
			return
		}
	}
	prev := l.cur
	l.cur = c
	c.flags |= fRunning
	var st Step
	if l.slowStep > 0 {
		pc, start := c.pc, time.Now()
		st = resume(c)
		if d := time.Since(start); d >= l.slowStep {
			l.slowLog.Warn("rt: slow task step", "task", c.id, "frame", fmt.Sprintf("%T", c.frame), "pc", pc, "duration", d)
		}
	} else {
		st = resume(c)
	}
	c.flags &^= fRunning
	l.cur = prev
	if st == Done && !c.future().isDone() {
		c.frame.fail(errNoReturn)
	}
}

// resume calls the frame's Resume and turns a panic into the task's error.
func resume(c *taskCore) (st Step) {
	defer func() {
		if r := recover(); r != nil {
			c.frame.fail(panicError(r))
			st = Done
		}
	}()
	return c.frame.Resume()
}

// RunUntil runs the loop until task t has finished, spawning t first if it
// has not started. The task's own error is t's business: RunUntil returns an
// error only when the loop itself fails.
func (l *Loop) RunUntil(t AnyTask) error {
	c := t.core()
	l.spawn(c)
	return l.runUntil(c.future())
}

func (l *Loop) runUntil(fc *futureCore) error {
	if l.running {
		return errors.New("rt: loop is already running")
	}
	if l.closed.Load() {
		return ErrClosed
	}
	l.running = true
	defer func() { l.running = false }()
	for !fc.isDone() {
		if err := l.turn(true); err != nil {
			return err
		}
	}
	return nil
}

// turn is one iteration of the loop: poll (blocking only if nothing is
// ready and block allows it), run submitted callbacks, fire due timers, then
// run every task and callback that was ready at that point.
func (l *Loop) turn(block bool) error {
	timeout := time.Duration(-1)
	switch {
	case !block || l.ready.len() > 0 || l.pending.Load():
		timeout = 0
	case len(l.timers) > 0:
		timeout = time.Duration(max(l.timers[0].when-l.now(), 0))
	}
	if timeout != 0 || (len(l.watchers) > 0 && l.turns%pollEvery == 0) {
		if err := l.poller.Wait(timeout, l.dispatch); err != nil {
			return fmt.Errorf("rt: poller: %w", err)
		}
	}
	l.turns++
	if l.pending.Load() {
		l.runSubmitted()
	}
	if len(l.timers) > 0 {
		now := l.now()
		for len(l.timers) > 0 && l.timers[0].when <= now {
			l.timers.pop().target.fire()
		}
	}
	for n := l.ready.len(); n > 0; n-- {
		l.budget = inlineBudget
		l.ready.pop().run(l)
	}
	return nil
}

func (l *Loop) runSubmitted() {
	l.mu.Lock()
	fns := l.submitted
	l.submitted = l.spare[:0]
	l.pending.Store(false)
	l.mu.Unlock()
	for i, fn := range fns {
		fns[i] = nil
		fn()
	}
	l.spare = fns[:0]
}

func (l *Loop) dispatch(fd int, ev Events) {
	if fn := l.watchers[fd]; fn != nil {
		fn(ev)
	}
}

// watch registers fn to be called on the loop whenever fd has one of the
// events ev.
func (l *Loop) watch(fd int, ev Events, fn func(Events)) error {
	if err := l.poller.Add(fd, ev); err != nil {
		return err
	}
	l.watchers[fd] = fn
	return nil
}

// unwatch forgets fd.
func (l *Loop) unwatch(fd int) error {
	delete(l.watchers, fd)
	return l.poller.Remove(fd)
}

// closeTurns bounds how long Close waits for cancelled tasks to finish.
const closeTurns = 10000

// Close cancels every task still running on the loop, runs the loop until
// they have finished (their awaits fail with ErrCanceled, their defers run),
// and releases the selector. Callbacks submitted before Close may still run
// while the cancelled tasks wind down; Submits after it fail with ErrClosed,
// and tasks spawned after it end with ErrClosed without running. A task
// that does not finish within a bounded number of turns is ended with
// ErrClosed. Close does not wait for timers or I/O. Call it from the
// goroutine that ran the loop, not from a task. Closing a closed loop does
// nothing.
func (l *Loop) Close() error {
	if l.running {
		return errors.New("rt: Close called from inside the loop")
	}
	l.mu.Lock()
	if l.closed.Load() {
		l.mu.Unlock()
		return nil
	}
	l.closed.Store(true)
	l.mu.Unlock()

	// Cancelling a task can finish or start others (through futures' waiters
	// and callbacks), so walk a snapshot, not the live list itself.
	live := slices.Clone(l.live)
	for _, c := range live {
		c.cancel()
	}
	clear(live)
	for i := 0; len(l.live) > 0 && (l.ready.len() > 0 || l.pending.Load()) && i < closeTurns; i++ {
		l.turn(false)
	}
	for len(l.live) > 0 {
		c := l.live[len(l.live)-1]
		if c.awaiting != nil {
			c.awaiting.removeWaiter(c)
			c.awaiting = nil
		}
		c.frame.fail(ErrClosed)
		if len(l.live) > 0 && l.live[len(l.live)-1] == c { // the frame did not untrack: do it here
			l.untrack(c)
		}
	}
	l.mu.Lock()
	l.submitted, l.spare = nil, nil
	l.pending.Store(false)
	err := l.poller.Close()
	l.mu.Unlock()
	l.timers = nil
	l.ready = ring{}
	l.watchers = nil
	return err
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
	case nil:
		return "a future"
	case *taskCore:
		return fmt.Sprintf("task %d", o.id)
	case fmt.Stringer:
		return o.String()
	default:
		return fmt.Sprintf("%T", o)
	}
}
