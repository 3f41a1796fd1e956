package rt

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Blocking returns an op that runs fn on a goroutine of the loop's pool of
// blocking work, as asyncio's to_thread and run_in_executor do, and yields
// its result: for a call that blocks (a file read, a cgo library, a
// computation that would hold up every task) without holding up the loop.
//
// The pool is bounded (WithBlockingPool): work beyond its size waits in
// line, in the order it was started. Cancelling the await (as Timeout
// does, or cancelling the task) returns at once with ErrCanceled; fn is
// not stopped, since Go cannot stop a goroutine: if it has begun, it runs
// to its end and its result is dropped, and if it has not, it never
// runs. A panic in fn ends the op with a *PanicError. Loop.Close does not
// wait for work in progress; its results are dropped. Work that is still
// waiting in line when the loop closes, for an op that no task awaits any
// more, still runs once a goroutine of the pool is free.
//
// In blocking mode Blocking calls fn on the calling goroutine.
func Blocking[T any](fn func() (T, error)) Op[T] { return &blockingOp[T]{fn: fn} }

// WithBlockingPool makes the loop run at most n Blocking calls at once
// (n < 1 means 1). The default is asyncio's: the number of CPUs plus 4, at
// most 32. Host-name resolution for Dial and Listen runs beside the pool,
// on goroutines of its own (at most 4 at once), so that it never waits
// behind a pool that blocking work has filled.
func WithBlockingPool(n int) Option {
	return func(l *Loop) { l.blocking.max = max(n, 1) }
}

// resolverSlots is how many name resolutions run at once, beside the
// blocking pool.
const resolverSlots = 4

func defaultPoolSize() int { return min(runtime.NumCPU()+4, 32) }

// workPool runs jobs on at most max goroutines, which exist only while
// there is work: an idle pool holds no goroutine.
type workPool struct {
	mu      sync.Mutex
	max     int
	running int
	queue   []job
}

// A job is work for a pool's goroutine.
type job interface {
	work()
}

func (p *workPool) submit(j job) {
	p.mu.Lock()
	p.queue = append(p.queue, j)
	spawn := p.running < p.max
	if spawn {
		p.running++
	}
	p.mu.Unlock()
	if spawn {
		go p.worker()
	}
}

func (p *workPool) worker() {
	for {
		p.mu.Lock()
		if len(p.queue) == 0 {
			p.running--
			p.mu.Unlock()
			return
		}
		j := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		p.mu.Unlock()
		j.work()
	}
}

// blockingOp is the op behind Blocking.
type blockingOp[T any] struct {
	fut      Future[T] // named: an embedded Future would lend the op its block method
	fn       func() (T, error)
	loop     *Loop
	canceled atomic.Bool // the await was cancelled: the job need not run
	val      T           // the job's result, handed to the loop through Submit
	err      error
}

func (o *blockingOp[T]) Start(l *Loop) *Future[T] {
	if o.loop == nil {
		o.loop = l
		o.fut.owner = o
		if l.runBlocking != nil {
			l.runBlocking(o.work)
		} else {
			l.blocking.submit(o)
		}
	}
	return &o.fut
}

// work runs on a goroutine of the pool.
func (o *blockingOp[T]) work() {
	if o.canceled.Load() {
		return
	}
	o.val, o.err = callBlocking(o.fn)
	o.loop.Submit(o.finish) // a closed loop drops the result
}

// callBlocking calls fn, turning a panic into a *PanicError.
func callBlocking[T any](fn func() (T, error)) (v T, err error) {
	returned := false
	defer func() {
		if !returned {
			var zero T
			v, err = zero, panicError(recover())
		}
	}()
	v, err = fn()
	returned = true
	return v, err
}

func (o *blockingOp[T]) finish() { o.fut.Complete(o.val, o.err) }

func (o *blockingOp[T]) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	o.canceled.Store(true)
	o.fut.Reject(ErrCanceled)
	return true
}

func (o *blockingOp[T]) block() (T, error) { return callBlocking(o.fn) }

func (o *blockingOp[T]) String() string { return "Blocking" }
