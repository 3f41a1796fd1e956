package rt

import "sync/atomic"

// Direct calls.
//
// A direct call of an async function g from an async function f (g(x), not
// rt.Await(gAsync(x))) runs g's frame as a child of f's without allocating
// it: the callee's frame is a field of the caller's frame (a value, not a
// pointer), as C++ coroutines elide the heap frame of a callee whose
// lifetime is nested in its caller's; a recursive callee, whose frame
// cannot contain itself, takes its frame from a free list of the loop's
// instead (FramePool). Either way the frame is reused, by the caller's
// next call of g or by another call, so its task is never handed out: a
// direct call's Task never escapes the protocol. A frame makes one direct
// call at a time, so one field per callee type is enough, whatever the
// number of call sites. The shape for g(x) at resume point n, when g's
// frame gFrame is embedded in f's frame as the field call:
//
//	f.call = gFrame{x: f.x}            // a new call: every field reset
//	if rt.Call(&f.Frame, &f.call, n) { // run g; it suspended: wait for it
//		return rt.Suspended
//	}
//	resume_n:
//	v, err := rt.CallResult(&f.Frame, f.call.Task()) // or rt.CallValue
//
// and when it comes from the free list gFrames, a package-level
// rt.FramePool[gFrame], and f.call is a *gFrame:
//
//	f.call = rt.TakeFrame(&f.Frame, &gFrames)
//	*f.call = gFrame{x: f.x}
//	if rt.Call(&f.Frame, f.call, n) {
//		return rt.Suspended
//	}
//	resume_n:
//	v, err := rt.CallResult(&f.Frame, f.call.Task())
//	rt.FreeFrame(&f.Frame, &gFrames, f.call)
//
// Call runs g at once on the caller's goroutine. If g returns without
// suspending, its result stays in its frame, and the call touches neither
// the ready queue, nor the loop's list of tasks, nor the future's atomic
// state: a handful of calls, and no allocation. A
// callee that suspends becomes a task of the loop's from then on (numbered,
// listed by Loop.Dump, cancelled with its caller, ended by Loop.Close), and
// the caller waits for it as for an awaited task. Such a call is not a
// scheduling point: like a plain call, and unlike an await of a done
// future, it takes nothing from the loop's budget of inline steps.
//
// Why reuse is safe: a frame is reused only by its caller's next call of
// the same function (or, from a free list, by a later call on its loop),
// which comes after the caller has read the previous call's result, which
// it can do only once that call has finished (a cancelled caller, too,
// waits for its callee to finish). A finished frame is referred to by
// nothing of the runtime's: it is off the loop's task list and ready queue,
// and no future holds it as a waiter. What remains is the rule that the
// generator keeps: no pointer into a callee's frame may outlive its call.
// Its Task is never handed out (no FAsync constructor, no Frame.Task), and
// a function whose frame holds a variable that outlives the call (captured
// by a function literal, or whose address is taken, and not boxed in a
// cell of its own) is called with a new frame of its own, which is never
// reused:
//
//	f.call = &gFrame{x: f.x}
//	if rt.Call(&f.Frame, f.call, n) { ... }
//
// A deferred call that refers to the frame runs before the frame returns,
// so it does not count.
//
// A callee in another package is called through its constructor gAsync,
// since its frame type is not exported (a frame is the package's own
// business, not part of its API), and its task awaited:
//
//	f.call = pkg.GAsync(f.x)
//	if f.Frame.Suspend(rt.BeginTask(&f.Frame, f.call), n) {
//		return rt.Suspended
//	}
//	resume_n:
//	v, err := rt.CallResult(&f.Frame, f.call)
//
// CallResult and CallValue read the result of either kind of call from
// its task.

// Call runs frame g as a direct call from frame f, and reports whether f
// must suspend (return Suspended from Resume) until g has finished, resuming
// at pc; the result is then read with CallResult or CallValue. g must be a
// frame that is not running, reset for this call (all its fields but its
// parameters zero, as a composite literal leaves them). In a cancelled
// task g does not run, and its result reads as ErrCanceled. A panic in g
// ends g, after its deferred calls have run (and may have recovered it),
// and CallResult passes it on up through the caller.
func Call[R, T any](f *Frame[R], g Framer[T], pc int) bool {
	c := &f.task.c
	if c.flags&fCanceled != 0 {
		return false
	}
	b := g.base()
	gc := &b.task.c
	gc.loop = c.loop
	gc.flags = fStarted | fRan | fInline
	// The task's frame and future stay unset while the call runs: no one
	// looks at them unless it suspends or fails, and then they are set.
	fut := &b.task.fut.futureCore
	st := callStep(gc, g, fut)
	if gc.flags&fReturned != 0 {
		return false
	}
	return callSuspended(c, gc, resumable(g), fut, st, pc)
}

// BeginCall and AfterCall are Call for a callee that defers nothing (no
// defer statement, no deferred stop of a range loop over a function),
// which the generator knows, split around a static call of the callee's
// Resume so that it costs no dynamic call:
//
//	f.call = gFrame{x: f.x}
//	if rt.BeginCall(&f.Frame, &f.call.Frame) && rt.AfterCall(&f.Frame, &f.call, f.call.Resume(), n) {
//		return rt.Suspended
//	}
//
// There is no deferred recover around the callee's first step, as Call
// has: a panic there goes straight up through the caller's Resume, as it
// does from a plain call, to the caller's deferred calls and then to its
// task's own recover; the callee had no deferred calls to run, nor a
// recover to stop it. Once the callee has suspended, it runs as a task, as
// with Call.

// BeginCall prepares frame g for a direct call from frame f, and reports
// whether to run it: not in a cancelled task, where g's result then reads
// as ErrCanceled. See Call for what g must be.
func BeginCall[R, T any](f *Frame[R], g *Frame[T]) bool {
	c := &f.task.c
	if c.flags&fCanceled != 0 {
		return false
	}
	gc := &g.task.c
	gc.loop = c.loop
	gc.flags = fStarted | fRan | fInline
	return true
}

// AfterCall takes the Step st that the first Resume of frame g returned,
// in a direct call from frame f begun with BeginCall, and reports whether
// f must suspend until g has finished, resuming at pc.
func AfterCall[R, T any](f *Frame[R], g Framer[T], st Step, pc int) bool {
	if st == returnedInline {
		return false
	}
	return afterCall(&f.task.c, g, st, pc)
}

// afterCall is the rest of AfterCall, apart so that AfterCall inlines.
func afterCall[T any](c *taskCore, g Framer[T], st Step, pc int) bool {
	b := g.base()
	gc := &b.task.c
	if gc.flags&fReturned != 0 {
		return false
	}
	return callSuspended(c, gc, resumable(g), &b.task.fut.futureCore, st, pc)
}

// callStep runs the Resume of frame g from its start, as the direct call
// whose task is c and future fut. A Resume that does not return ends the
// call, as Loop.resume ends a task: with its panic, after its deferred
// calls have run, or with ErrGoexit.
func callStep[T any](c *taskCore, g Framer[T], fut *futureCore) (st Step) {
	returned := false
	defer func() {
		if !returned {
			c.frame, c.fut = g, fut
			c.loop.stopped(c, recover())
			st = Done
			if c.flags&fDeferring != 0 {
				st = Suspended // its deferred calls await
			}
		}
	}()
	st = g.Resume()
	returned = true
	return st
}

// callSuspended is the rest of Call when callee g, whose task is gc and
// future fut, has not returned: its Resume returned st, Suspended, or Done
// without returning through Frame.Return. A callee that suspended is
// a task of the loop's from now on, which its caller c waits for as it
// would for an awaited task, resuming at pc.
func callSuspended(c, gc *taskCore, g resumable, fut *futureCore, st Step, pc int) bool {
	gc.frame, gc.fut = g, fut
	l := c.loop
	if st == Done {
		l.failTask(gc, errNoReturn) // as the loop does for a task
		return false
	}
	gc.flags &^= fInline // it finishes through its future now
	fut.owner = gc       // cancelling the future cancels the call
	l.nextID++
	gc.id = l.nextID
	gc.slot = uint32(len(l.live))
	l.live = append(l.live, gc)
	c.pc = int32(pc)
	if c.flags&fCanceled != 0 {
		// The callee cancelled its caller (or something it called did):
		// cancel the callee, and still wait for it.
		gc.cancel()
	}
	c.awaiting = fut
	fut.addWaiter(c)
	return true
}

// CallResult returns the results of the call of an async function whose
// results end in an error, once it has finished: of a direct call (Call),
// g is the callee frame's Task; of a call through a constructor, the task
// it returned. It returns (v, err) as the callee returned them. A panic
// in the callee goes on up through the caller, as it does from a plain
// call. In a cancelled task it returns ErrCanceled.
func CallResult[R, T any](f *Frame[R], g *Task[T]) (T, error) {
	if f.task.c.flags&fCanceled != 0 {
		var zero T
		return zero, ErrCanceled
	}
	fut := &g.fut
	if p, ok := fut.err.(*PanicError); ok {
		panic(p)
	}
	return fut.val, fut.err
}

// CallValue is CallResult for a call of an async function that returns
// no error: a panic in the callee goes on up through the caller, a
// cancelled caller unwinds (running its deferred calls), and so does one
// whose callee ended with an error of the runtime's (ErrClosed, say),
// which then ends the caller too.
func CallValue[R, T any](f *Frame[R], g *Task[T]) T {
	v, err := CallResult(f, g)
	if err != nil {
		if err == ErrCanceled {
			panic(cancelUnwind{})
		}
		panic(errorUnwind{err})
	}
	return v
}

// maxFreeFrames bounds each free list of a loop, so that one deep
// recursion does not keep its frames for good.
const maxFreeFrames = 256

// framePools numbers the FramePools of the process, from 1 up.
var framePools atomic.Int32

// A FramePool is a free list of frames of type F for the direct calls of a
// recursive async function, whose frame cannot be embedded in its caller's
// (see Call). Generated code declares one per such function, at package
// level; the zero FramePool is ready to use. Its frames are kept per loop,
// so that taking and freeing one costs no synchronisation.
type FramePool[F any] struct {
	id atomic.Int32 // the index of this pool's free list in Loop.frames; 0 until first freed into
}

// freeList is the free list of one FramePool on one loop.
type freeList[F any] struct{ frames []*F }

// list returns the free list of p on loop l, creating it if create is set,
// and nil otherwise when there is none.
func (p *FramePool[F]) list(l *Loop, create bool) *freeList[F] {
	id := p.id.Load()
	if int(id) < len(l.frames) {
		if fl, ok := l.frames[id].(*freeList[F]); ok {
			return fl
		}
	}
	if !create {
		return nil
	}
	if id == 0 {
		p.id.CompareAndSwap(0, framePools.Add(1))
		id = p.id.Load()
	}
	if int(id) >= len(l.frames) {
		l.frames = append(l.frames, make([]any, int(id)+1-len(l.frames))...)
	}
	fl := new(freeList[F])
	l.frames[id] = fl
	return fl
}

// TakeFrame returns a frame of type F for a direct call from frame f: one
// that FreeFrame gave back to the free list p on f's loop, or a new one.
// Either way it is zero; set its parameters before Call.
func TakeFrame[R, F any](f *Frame[R], p *FramePool[F]) *F {
	if fl := p.list(f.task.c.loop, false); fl != nil && len(fl.frames) > 0 {
		n := len(fl.frames) - 1
		g := fl.frames[n]
		fl.frames[n] = nil
		fl.frames = fl.frames[:n]
		return g
	}
	return new(F)
}

// FreeFrame gives frame g, which TakeFrame returned for a direct call from
// frame f, back to the free list p on f's loop, once its result has been
// read. g must not be used after.
func FreeFrame[R, F any](f *Frame[R], p *FramePool[F], g *F) {
	var zero F
	*g = zero // keep nothing alive that the call referred to
	if fl := p.list(f.task.c.loop, true); len(fl.frames) < maxFreeFrames {
		fl.frames = append(fl.frames, g)
	}
}
