package rt

// Spawn starts task t beside the caller and returns it, as asyncio's
// create_task does: t runs concurrently, and the caller may await it
// later, cancel it, or leave it to run.
//
// In an async function, Spawn starts t on the loop that runs the
// function (the generated code calls SpawnBeside). The task then belongs
// to that loop, not to the caller: it goes on after the caller returns,
// and when the loop closes (Loop.Close, or the end of Run) while it still
// runs, it is cancelled and run to its end, its deferred calls included,
// before Close returns. A task that must not outlive its caller belongs
// in a Group instead.
//
// Called from ordinary Go (blocking mode), Spawn runs t on a new
// goroutine, on a loop of its own that closes when t ends (so that what t
// spawns in turn is cancelled then); Await(t), or t.Wait, waits for it.
// A task that has started already is returned as it is.
func Spawn[T any](t *Task[T]) *Task[T] {
	if t.c.loop != nil || t.fut.isDone() {
		return t
	}
	l, err := NewLoop()
	if err != nil {
		t.c.flags |= fStarted | fRan
		t.c.frame.fail(err)
		return t
	}
	l.private = true
	// Started here, so that an Await of t on this goroutine finds it
	// started (t.c.loop is set) and waits instead of running it again.
	l.Spawn(t)
	go func() {
		l.RunUntil(t)
		l.Close()
	}()
	return t
}

// SpawnBeside is Spawn in generated code: it starts task t on the loop of
// the task that frame f belongs to, and returns t.
func SpawnBeside[R, T any](f *Frame[R], t *Task[T]) *Task[T] {
	f.task.c.loop.Spawn(t)
	return t
}

// Go returns a task that runs fn, for an async function literal that is
// to run as a task of its own: awaited, spawned or added to a Group.
//
//	t := rt.Go(func() (int, error) {
//		if _, err := rt.Await(rt.Sleep(time.Millisecond)); err != nil {
//			return 0, err
//		}
//		return n * 2, nil
//	})
//
// Inside an async function, the generated code makes the literal a frame
// and the task runs it as it runs an async function: it suspends at the
// literal's awaits, and shares the variables the literal captures with
// the function, as a closure does. Like the task of an FAsync
// constructor, it starts when it is awaited or spawned, and not before.
//
// Called from ordinary Go (blocking mode), or with a function that is not
// a literal, the task runs fn as plain Go when it starts: at its await,
// on a loop of its own (see Await), or when it is spawned (see Spawn).
func Go[T any](fn func() (T, error)) *Task[T] {
	return NewTask(&goFrame[T]{fn: fn})
}

// goFrame is the frame of a task of Go in blocking mode: it runs its
// function to its end in one step.
type goFrame[T any] struct {
	Frame[T]
	fn func() (T, error)
}

func (f *goFrame[T]) Resume() Step {
	v, err := f.fn()
	return f.Frame.Return(v, err)
}
