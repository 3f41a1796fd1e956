package rt

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// A Loops is a set of loops run together, each by a goroutine of its own
// locked to its OS thread: one loop per core, as gnet's multicore mode
// and Seastar's shards spread a server over a machine. Tasks stay on the
// loop they were spawned on; work goes from one loop to another through
// Go, which spreads tasks round robin, and On, which runs a task on a
// given loop and delivers its result on the caller's.
//
// A server spread over the loops accepts on one loop and hands each
// connection to the next loop with Go:
//
//	for {
//		c, err := rt.Await(ln.Accept())
//		if err != nil {
//			return err
//		}
//		loops.Go(handleAsync(c))
//	}
//
// A connection may be used from any loop (each registers it with its own
// selector); the loop whose task accepted it closes it when that loop
// closes.
type Loops struct {
	loops []*Loop
	next  atomic.Uint32

	mu      sync.Mutex
	mains   []AnyTask // the running main tasks, by loop
	running bool
	stopped bool
}

// NewLoops returns n loops made with opts (see NewLoop); n < 1 means one
// per CPU that Go may use (runtime.GOMAXPROCS).
func NewLoops(n int, opts ...Option) (*Loops, error) {
	if n < 1 {
		n = runtime.GOMAXPROCS(0)
	}
	ls := &Loops{loops: make([]*Loop, n)}
	for i := range ls.loops {
		l, err := NewLoop(opts...)
		if err != nil {
			ls.Close()
			return nil, err
		}
		ls.loops[i] = l
	}
	return ls, nil
}

// Len returns the number of loops.
func (ls *Loops) Len() int { return len(ls.loops) }

// Loop returns loop i, from 0 to Len()-1.
func (ls *Loops) Loop(i int) *Loop { return ls.loops[i] }

// Next returns the next loop round robin. It is safe from any goroutine.
func (ls *Loops) Next() *Loop {
	return ls.loops[int(ls.next.Add(1)-1)%len(ls.loops)]
}

// Go spawns task on the next loop round robin, through Submit, so it is
// safe from any goroutine and from tasks of any of the loops. It fails
// with ErrClosed if that loop is closed; the task then never runs.
func (ls *Loops) Go(task AnyTask) error {
	l := ls.Next()
	return l.Submit(func() { l.Spawn(task) })
}

// Run runs every loop, each on a goroutine of its own locked to its OS
// thread, with the task that main returns for its index as its main task
// (main may return nil: the loop then runs until Stop), and waits until
// every main task has finished. The first main task to fail (with an error
// other than ErrCanceled) stops the others, as Stop does. Run returns the
// errors of the main tasks that failed, joined (errors.Join), and any
// error of the loops themselves; main tasks that ended with ErrCanceled
// because of Stop have not failed. The loops stay open: Close them after.
// Run may be called once.
func (ls *Loops) Run(main func(i int) AnyTask) error {
	ls.mu.Lock()
	if ls.running {
		ls.mu.Unlock()
		return errors.New("rt: Loops.Run called twice")
	}
	ls.running = true
	ls.mains = make([]AnyTask, len(ls.loops))
	for i := range ls.loops {
		t := main(i)
		if t == nil {
			t = NewTask(&opFrame[struct{}]{op: new(Future[struct{}])}) // until Stop cancels it
		}
		ls.mains[i] = t
	}
	stopped := ls.stopped
	ls.mu.Unlock()
	if stopped {
		ls.Stop()
	}

	errs := make([]error, len(ls.loops))
	var wg sync.WaitGroup
	for i, l := range ls.loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			t := ls.mains[i]
			// Registered before the loop runs, so on its goroutine.
			watch(t.core().future(), callback(func() {
				if err := t.Err(); err != nil && !errors.Is(err, ErrCanceled) {
					ls.Stop()
				}
			}))
			if err := l.RunUntil(t); err != nil {
				errs[i] = fmt.Errorf("rt: loop %d: %w", i, err)
				ls.Stop()
				return
			}
			if err := t.Err(); err != nil && !errors.Is(err, ErrCanceled) {
				errs[i] = err
			}
		}()
	}
	wg.Wait()
	return joinErrors(errs)
}

// joinErrors returns the errors of errs that are not nil: nil, the one
// error itself, or several joined.
func joinErrors(errs []error) error {
	var some []error
	for _, err := range errs {
		if err != nil {
			some = append(some, err)
		}
	}
	if len(some) == 1 {
		return some[0]
	}
	return errors.Join(some...)
}

// Stop cancels the main task of every loop, each on its own loop: a task
// that handles cancellation decides whether to drain what is in flight or
// drop it. Stop is safe from any goroutine and from tasks of the loops,
// and may be called before Run (Run then stops at once) and more than once.
func (ls *Loops) Stop() {
	ls.mu.Lock()
	ls.stopped = true
	mains := ls.mains
	ls.mu.Unlock()
	for i, t := range mains {
		l := ls.loops[i]
		l.Submit(func() { t.Cancel() }) // a closed loop has ended its task
	}
}

// Close closes every loop (see Loop.Close) and returns their errors,
// joined. Call it once Run has returned, or from another goroutine to end
// the run at once.
func (ls *Loops) Close() error {
	var errs []error
	for _, l := range ls.loops {
		if l != nil {
			errs = append(errs, l.Close())
		}
	}
	return joinErrors(errs)
}

// On returns an op that runs task on loop l and yields its result to the
// task that awaits it, on that task's own loop: the way to hand work to
// another loop and wait for it. task is spawned on l through Submit;
// cancelling the await cancels task, and the await completes once task
// has finished. If l is closed, the op fails with ErrClosed.
func On[T any](l *Loop, task *Task[T]) Op[T] { return &onOp[T]{target: l, task: task} }

// onOp is the op behind On.
type onOp[T any] struct {
	fut    Future[T]
	target *Loop
	task   *Task[T]
	home   *Loop
}

func (o *onOp[T]) Start(home *Loop) *Future[T] {
	if o.home != nil {
		return &o.fut
	}
	o.home = home
	o.fut.owner = o
	task := o.task
	err := o.target.Submit(func() {
		o.target.Spawn(task)
		task.OnDone(func() {
			v, err := task.Result()
			if home.Submit(func() { o.fut.Complete(v, err) }) != nil {
				return // the caller's loop is closed: nobody waits
			}
		})
	})
	if err != nil {
		o.fut.Reject(err)
	}
	return &o.fut
}

// cancel cancels the task on its loop; the await completes when it has
// finished.
func (o *onOp[T]) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	task := o.task
	if o.target.Submit(func() { task.Cancel() }) != nil {
		o.fut.Reject(ErrCanceled) // its loop is closed, and has ended it
	}
	return true
}

func (o *onOp[T]) String() string { return "On another loop" }
