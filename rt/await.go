package rt

// An Op is an operation that can be awaited and produces a T and an error:
// a Future, a Task, Sleep, Timeout, All and the other combinators. Start
// begins the operation on loop l, if it has not begun, and returns the
// future that will hold its result. Ops of your own need only this method.
type Op[T any] interface {
	Start(l *Loop) *Future[T]
}

// Waitable is what Frame.Suspend accepts: a *Future[T] or a *Task[T] of any
// result type.
type Waitable interface {
	waitable() *futureCore
}

func (f *Future[T]) waitable() *futureCore {
	if f == nil {
		return nil
	}
	return &f.futureCore
}

// blocker is implemented by ops that know how to wait in blocking mode
// without a loop of their own.
type blocker[T any] interface {
	block() (T, error)
}

// Await waits for op and returns its result. It is a suspension point of an
// async function: in generated code the task suspends there and the loop
// runs other tasks until op completes.
//
// Called from ordinary Go (blocking mode: the async function called as a
// plain function, or any other code) Await blocks the calling goroutine
// until op completes: a Future or a started Task is waited for, Sleep is
// time.Sleep, a task that has not started runs on a loop of its own, as
// with Run, and so does any other op (All, Timeout, a Group's Wait...) for
// the duration of the call, after which whatever it left running is
// cancelled. Such a private loop cannot see a Future that another goroutine
// completes directly: await that future alone, or complete it through the
// loop that owns it (Loop.Submit).
func Await[T any](op Op[T]) (T, error) {
	if b, ok := op.(blocker[T]); ok {
		return b.block()
	}
	var zero T
	l, err := NewLoop()
	if err != nil {
		return zero, err
	}
	l.private = true // sockets it makes outlive it: see Listen
	fut := op.Start(l)
	if err := l.runUntil(&fut.futureCore); err != nil {
		l.Close()
		return zero, err
	}
	v, err := fut.Result()
	if cerr := l.Close(); cerr != nil && err == nil {
		err = cerr // a callback panicked while the loop closed: see Run
	}
	return v, err
}

// Yield lets the other ready tasks run before the calling task goes on, as
// asyncio.sleep(0) does. It is a suspension point of an async function; a
// cancelled task stops there. Called from ordinary Go (blocking mode) it
// does nothing.
func Yield() {}

// Run runs task on a new loop, made with opts (see NewLoop), until it
// finishes, closes the loop (cancelling and finishing whatever else is
// still running on it) and returns the task's result. It is the usual
// entry point: rt.Run(MainAsync()), or rt.Run(MainAsync(), rt.WithDebug(true))
// to debug it. If the loop fails instead (see RunUntil: a callback panicked,
// or the loop was closed), Run returns that error. If the task succeeded
// but a callback panicked while the loop closed, Run returns the task's
// value with the panic as its error.
func Run[T any](task *Task[T], opts ...Option) (T, error) {
	return run(task, false, opts...)
}

// run is Run; a private loop (blocking mode's) owns no sockets.
func run[T any](task *Task[T], private bool, opts ...Option) (T, error) {
	var zero T
	l, err := NewLoop(opts...)
	if err != nil {
		return zero, err
	}
	l.private = private
	if err := l.RunUntil(task); err != nil {
		l.Close()
		return zero, err
	}
	v, err := task.Result()
	if cerr := l.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return v, err
}
