// Package rt is the asyncgen runtime: a single-threaded event loop with
// futures, tasks, timers and an OS selector (epoll on Linux, kqueue on the
// BSDs and macOS), in the manner of Python's asyncio.
//
// # Async functions
//
// The asyncgen command rewrites each function whose doc comment ends in
// the line //async (which gofmt writes as "// async") into a state
// machine, and writes beside it a constructor FAsync with the same
// parameters that returns a *Task:
//
//	// async
//	func Fetch(name string) (string, error) {
//		if _, err := rt.Await(rt.Sleep(10 * time.Millisecond)); err != nil {
//			return "", err
//		}
//		return "hello, " + name, nil
//	}
//
// Inside an async function, Await(op) and Yield are suspension points, and
// so is a call of another async function (an implicit await). Run runs a
// task on a new loop until it ends and returns its result; it is a
// program's usual entry point:
//
//	page, err := rt.Run(FetchAsync("gopher"))
//
// The function itself stays valid Go. Called from ordinary code it runs in
// blocking mode, where Await blocks the goroutine until op completes and
// Yield does nothing.
//
// # Function literals and spawning
//
// A function literal in an async function that awaits is an async
// function of its own. Called where it is written, or through a variable
// it is bound to with := and that is only called, each call is an
// implicit await:
//
//	count := 0
//	add := func(n int) int {
//		rt.Yield()
//		count += n // the function's own count
//		return count
//	}
//	total := add(1) + add(2)
//
// Go makes such a literal a task that can be awaited, spawned or added to
// a Group; Spawn starts a task beside the caller, on the caller's loop, as
// asyncio's create_task does, and returns it:
//
//	t := rt.Spawn(rt.Go(func() (string, error) {
//		return Fetch(name)
//	}))
//	...
//	page, err := rt.Await(t)
//
// The literal shares the variables it captures with the function, both
// ways, as a closure does; one made in a loop keeps its iteration's. A
// spawned task belongs to the loop, not to its spawner: if it still runs
// when the loop closes (at the end of Run, or Loop.Close), it is
// cancelled and run to its end, deferred calls included, before Close
// returns. Use a Group for tasks that must end with their spawner. A
// literal that awaits used anywhere else (stored, returned, passed to a
// plain function, run by a go statement) is an error of the generator.
//
// In blocking mode a literal is plain Go: called, it runs; a task of Go
// runs it when the task is awaited or spawned; Spawn runs the task on a
// goroutine of its own.
//
// # Async generators
//
// An async function that returns an iterator literal whose body awaits
// is an async generator: a plain Go iterator in blocking mode, and in
// async code a producer that runs as a task beside the loop that ranges
// over it, handing values across one at a time through a Gen:
//
//	// async
//	func Lines(src *Source) iter.Seq[string] {
//		return func(yield func(string) bool) {
//			defer src.Close()
//			for {
//				line, err := rt.Await(src.ReadLine())
//				if err != nil || !yield(line) {
//					return
//				}
//			}
//		}
//	}
//
//	for line := range Lines(src) { // in an async function
//		...
//	}
//
// The producer runs only when the loop asks for the next value. The
// loop's end, a break and a return stop it: its pending yield returns
// false and the loop waits for it to end, its deferred calls run. A
// panic in the producer goes on up through the loop; a panic in the
// loop's body, or its cancellation, unwinds the producer from its yield,
// and the loop's function waits for the producer to end before its own
// deferred calls run, as in Go: the producer's recover sees the body's
// panic.
//
// # Ops
//
// An Op is anything Await accepts: a *Future, a *Task, Sleep, and the
// combinators Timeout, All, Any and AsCompleted, which take ops
// themselves. A Group runs tasks as one, like asyncio's TaskGroup or a
// Trio nursery. They are structured: cancelling the await of a combinator
// (as cancelling the awaiting task does) cancels the operations it
// combines, and a combinator that cancels some of its operations (All on a
// failure, Any on a success, Timeout at its deadline, a Group on a
// failure) completes only once they have finished, so nothing is left
// running behind it.
//
// Cancellation (Task.Cancel) is delivered at awaits: the await the task is
// suspended on and every later one return ErrCanceled, and Yield and calls
// of async functions without an error result unwind the frame.
//
// # Synchronisation
//
// Queue, Lock, Semaphore, Event and Condition are asyncio's primitives for
// the tasks of one loop: their waits are ops, served first come first
// served, cancellable and usable under Timeout. A cancelled waiter takes
// nothing and loses nothing: a value, lock or permit handed to a task that
// is cancelled in the same turn goes on to the next waiter. Ordinary
// goroutines reach a loop's queue through Queue.Send and Queue.Receive.
//
// # Input and output
//
// The loop's selector serves sockets (Dial, Listen, ListenPacket, and the
// Conn, Listener and PacketConn they yield), descriptors of the caller's
// (WaitFD), buffered streams (Reader, Writer), blocking work on a bounded
// pool of goroutines (Blocking) and signals (Signal). Each operation is an
// op, awaited like any other, cancellable, and so bounded by Timeout:
//
//	conn, err := rt.Await(rt.Dial("tcp", addr))
//	n, err := rt.Await(conn.Read(buf))
//
// An operation on a socket tries its system call first and waits on the
// selector only when the socket is not ready. Errors are the net
// package's (io.EOF, and errors that match syscall.ECONNRESET or
// net.ErrClosed with errors.Is). A loop owns the sockets that ops running
// on it made: Close closes them, and fails what still waits on them. In
// blocking mode the same calls block the calling goroutine, as the net
// package does.
//
// On Linux a loop batches the system calls of its Conns' reads (through a
// Reader) and writes in an io_uring: a request is queued, and the loop
// submits everything queued with one io_uring_enter after it has
// dispatched the selector's events and again after each run of ready
// tasks. Each request is a non-blocking send or receive that the kernel
// completes as it is submitted, so none is in flight between turns, and
// the op completes, or waits on the selector, as with a direct call; epoll
// remains the selector. While the requests come one at a time, or all on
// one connection, there is nothing to batch, and each makes its own
// system call. Without io_uring (other systems, kernels before
// 5.6, sandboxes that refuse it, builds with the race detector) or with
// ASYNCGEN_IORING=0 in the environment, each operation makes its own
// system call.
//
// TLSServer and TLSClient run crypto/tls over a Conn for async functions:
// the handshake on a goroutine of its own, the record layer on the loop
// (see TLSConn for what each costs). NetConn gives a loop's Conn to
// ordinary blocking code as a net.Conn, deadlines included.
//
// # Loops and goroutines
//
// A Loop runs on one goroutine, the one that calls Loop.RunUntil or Run.
// Tasks, futures and timers belong to that goroutine: create, complete,
// cancel and await them there. Other goroutines reach the loop through
// Loop.Submit, which wakes it; a callback that Submit accepted always
// runs, in a later RunUntil or in Close. Future.Wait and Task.Wait block
// any other goroutine until a result is ready. Close is safe from any
// goroutine: while the loop runs, it hands the close to the loop, and
// RunUntil returns ErrClosed. Scheduling is deterministic: the ready queue
// is FIFO and timers with equal deadlines fire in the order they were set.
//
// One loop uses one core. Loops runs several, one per core by default,
// each on a goroutine locked to its OS thread, started and stopped
// together: Loops.Go hands a task to the next loop round robin (an
// acceptor spreading connections, say), and On runs a task on a given
// loop and delivers its result on the caller's.
//
// # Panics
//
// A panic in a task ends the task with a *PanicError (the value and the
// stack); the loop and the other tasks go on. A panic in a callback (of
// Submit, CallSoon, a timer, or an OnDone callback that the loop's own work
// runs) belongs to no task: it stops the loop, and RunUntil (and Run)
// returns it as a *PanicError once the loop is in order again, with every
// other callback still queued and every waiter woken; calling RunUntil
// again goes on. An OnDone callback that panics while a task completes a
// future fails that task instead. A task that calls runtime.Goexit fails
// with ErrGoexit.
//
// # Debugging
//
// Run and NewLoop take options. In debug mode (WithDebug, or the
// environment variable named by DebugEnv, ASYNCGEN_DEBUG=1, for every
// loop) a loop logs each task step that takes 100 ms or longer (a blocking
// call that holds up every other task), and dumps its tasks, with what each
// awaits, when it has had tasks waiting and nothing to run for 10 s. It
// also reports its sockets, and itself, when they are garbage-collected
// without Close, and panics when a method that belongs to its goroutine
// (Spawn, CallSoon, CallLater, CallAt) is called from another while it
// runs: the message names Submit. With ASYNCGEN_DEBUG=1, a task made and
// dropped without being started, which never runs, is reported with
// where it was made. Its log goes to standard error unless WithDebugLog
// says otherwise; WithSlowSteps and WithIdleDump set the thresholds.
// Loop.Dump lists the live tasks at any time:
//
//	v, err := rt.Run(MainAsync(), rt.WithDebug(true))
//
// # The frame protocol
//
// A frame is a struct that embeds Frame[T], holds the function's parameters
// and the locals that live across a suspension point, and has a method
// Resume that runs from one suspension point to the next. NewTask turns a
// frame into a task; the frame and its task are one allocation.
//
// The protocol's names are its own: rt.Await(op), rt.Yield() and
// Task.Start are the user's API, while Frame.Suspend, Frame.Reschedule,
// NewTask and AwaitResult are the steps that generated code takes in their
// place, so that a reader of either never takes one for the other.
//
// Resume continues at f.Frame.PC(): 0 the first time, afterwards the resume
// point given to the Suspend, Reschedule or Call that suspended it. An
// await of op is two halves around a resume point n:
//
//	f.fut = rt.Begin(&f.Frame, op)    // start op on this task's loop
//	if f.Frame.Suspend(f.fut, n) {    // not done yet: suspend
//		return rt.Suspended
//	}
//	resume_n:                         // PC() == n jumps here
//	v, err := rt.AwaitResult(&f.Frame, &f.fut) // and clear f.fut
//
// When the op's static type is *Future or *Task, BeginFuture and BeginTask
// do what Begin does without a dynamic call.
//
// Suspend registers the task as the future's waiter; when the future
// completes, the loop calls this frame's Resume directly, whatever the
// depth of async calls above it. If the future is done already, Suspend
// reports false and the frame goes straight on. rt.Yield() is
// `return f.Frame.Reschedule(n)`. A frame ends with
// `return f.Frame.Return(v, err)`, which runs the frame's defer stack
// (Frame.Defer) first.
//
// A direct call of an async function g runs g's frame with Call (or, when
// g defers nothing, BeginCall and AfterCall around a static call of g's
// Resume), without allocating it: the callee's frame is a field of the
// caller's or, for a recursive callee, comes from a FramePool (see Call
// for the shapes and why reuse is safe). The callee runs at once on the caller's goroutine
// and, if it finishes without suspending, the caller continues in place.
// Its result is read with CallResult (results ending in error) or
// CallValue (no error), which carry a panic in the callee on up through
// the caller, as a plain call does.
//
// Steps that involve only the frame's own T are methods of Frame[T]; those
// that also involve the T of an op or a callee are functions taking
// &f.Frame, because Go has no generic methods.
//
// A defer statement is `f.Frame.Defer(fn)`. The stack runs when the frame
// returns, panics or is cancelled. A function with named results returns
// by assigning them, calling Frame.RunDefers (the deferred calls may
// change them) and then Return, or Fail if a deferred call panicked.
// recover() in a deferred function literal is f.Frame.Recover(): while the
// stack runs for a panic, it stops the panic, and the task then ends with
// the results that the frame's Recovered method (Recoverer) returns. A
// func() value that Defer pushes as it is runs, while a panic is in
// flight, deferred under a Go panic of the same value, so that the builtin
// recover it calls itself stops the frame's panic too; so does a function
// pushed with its arguments, `DeferCall2(&f.Frame, g, a, b)` for `defer
// g(a, b)` (DeferCall1 to DeferCall3, DeferCall0R to DeferCall3R for one
// result, DeferCallV1 to DeferCallV3 for a variadic function; for other
// shapes, DeferCallOf of a DeferredCall that the generated file declares),
// which rt runs then as Go's own `defer g(a, b)`.
// A deferred call of an async function, or of Await, is an await on the
// stack: DeferAwait(&f.Frame, gAsync(x)); a deferred function literal that
// awaits is DeferAwait of a new task of the literal's frame, whose
// recover() is RecoverFor(d) of the frame d that deferred it; a deferred
// Yield is DeferYield(&f.Frame). Return, Fail and ReturnResults
// (the return of a function with named results whose stack awaits) then
// return Suspended while a deferred await waits, and the loop goes on
// with the stack, not with Resume, once it is over. A range loop over a
// generator or an iterator function registers its Gen or FuncIter when
// first entered (DeferGen, DeferIter): if the frame unwinds, they are
// closed, innermost first and awaited, before the deferred calls run.
//
// # Cleanup and cancellation
//
// A deferred await runs on every way out of its function: return, panic
// and cancellation. It is shielded from the cancellation that its task
// received before the stack began to run: it starts even in a cancelled
// task, and its own awaits succeed, as the awaits in a finally block of
// asyncio run after CancelledError, so no cleanup is lost. A Cancel that
// comes while the stack runs (a second one, or a first one after the
// function returned) interrupts the cleanup: the deferred await in
// progress is cancelled, and so is every later one as it starts (a
// deferred async call still runs, its awaits failing with ErrCanceled);
// plain deferred calls run as always, and the task keeps the result it
// had. A Cancel of a task that is cancelled already goes on to what it
// awaits, so that further Cancels reach the cleanup of the tasks below
// it. A cleanup that never ends thus holds up its task only until the next
// Cancel, or until Loop.Close, which ends the task after the rest of its
// stack has run without waiting. Range
// loops that await keep an iterator in the frame: MapIter for maps,
// FuncIter for iterator functions.
//
// In a cancelled task, AwaitResult and CallResult return ErrCanceled, and
// Frame.Reschedule and CallValue unwind the frame (running its defer
// stack). A panic in Resume ends the task with a *PanicError.
//
// Generated files refer to FrameProtocolV3, so that a generated file and a
// runtime that disagree on this protocol fail to build.
package rt
