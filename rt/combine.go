package rt

import (
	"errors"
	"fmt"
	"io"
)

// A combinator (All, Any, AsCompleted) starts its operations on the loop of
// the task that awaits it and registers one kid per operation as the
// waiter of that operation's future: the kid tells the combinator which
// operation finished, with no closure per operation. The kids of one
// combinator are allocated together, in one slice.
//
// The future of All and Any is owned by the combinator: cancelling it (as
// cancelling the awaiting task does) cancels every operation still running,
// and the future completes when they have all finished, so nothing is left
// running behind it.

// allOp is the op behind All.
type allOp[T any] struct {
	fut     Future[[]T] // a named field: an embedded Future would lend the op its block method
	ops     []Op[T]
	kids    []allKid[T]
	vals    []T
	left    int   // operations not finished
	err     error // the first error
	started bool
}

type allKid[T any] struct {
	all *allOp[T]
	fut *Future[T]
	i   int
}

func (k *allKid[T]) wake(*futureCore) { k.all.finished(k) }

// All returns an op that runs ops concurrently, as asyncio.gather does, and
// yields their values in the order of ops. The first operation to fail
// cancels the others, and once they have finished All fails with that
// error; the errors of the operations it cancelled are dropped. All of no
// operations yields an empty slice.
//
// Cancelling the await of All cancels every operation still running.
func All[T any](ops ...Op[T]) Op[[]T] { return &allOp[T]{ops: ops} }

func (a *allOp[T]) Start(l *Loop) *Future[[]T] {
	if a.started {
		return &a.fut
	}
	a.started = true
	a.fut.owner = a
	n := len(a.ops)
	a.kids = make([]allKid[T], n)
	for i, op := range a.ops {
		a.kids[i] = allKid[T]{all: a, fut: op.Start(l), i: i}
	}
	a.ops = nil
	a.vals = make([]T, n)
	a.left = n
	if n == 0 {
		a.fut.Complete(a.vals, nil)
	}
	for i := range a.kids {
		watch(&a.kids[i].fut.futureCore, &a.kids[i])
	}
	return &a.fut
}

// watch tells w when fut completes: at once if it has.
func watch(c *futureCore, w waiter) {
	if c.isDone() {
		w.wake(c)
	} else {
		c.addWaiter(w)
	}
}

func (a *allOp[T]) finished(k *allKid[T]) {
	a.left--
	if k.fut.err == nil {
		a.vals[k.i] = k.fut.val
	} else if a.err == nil {
		a.err = k.fut.err
		a.cancel()
	}
	if a.left == 0 {
		if a.err != nil {
			a.refuse() // the values of the operations that succeeded are dropped
			a.fut.Complete(nil, a.err)
		} else {
			a.fut.Complete(a.vals, nil)
		}
	}
}

// cancel cancels every operation still running.
func (a *allOp[T]) cancel() bool {
	if a.fut.isDone() {
		return false
	}
	cancelKids(a.kids, func(k *allKid[T]) *futureCore { return &k.fut.futureCore })
	return true
}

// refuse passes on values that nobody will read to the operations that
// yielded them.
func (a *allOp[T]) refuse() {
	for i := range a.kids {
		unclaimed(&a.kids[i].fut.futureCore)
	}
}

func (a *allOp[T]) String() string { return fmt.Sprintf("All of %d", len(a.kids)) }

// cancelKids cancels the future of every kid that is still pending.
// Cancelling one can finish the combinator, which drops its kids: the
// range works on the slice as it was.
func cancelKids[K any](kids []K, fut func(*K) *futureCore) {
	for i := range kids {
		if fc := fut(&kids[i]); !fc.isDone() {
			fc.cancel()
		}
	}
}

// anyOp is the op behind Any.
type anyOp[T any] struct {
	fut      Future[T]
	ops      []Op[T]
	kids     []anyKid[T]
	errs     []error
	left     int
	won      bool
	val      T
	winner   *Future[T]
	canceled bool
	started  bool
}

type anyKid[T any] struct {
	op  *anyOp[T]
	fut *Future[T]
	i   int
}

func (k *anyKid[T]) wake(*futureCore) { k.op.finished(k) }

// errNoOps is the error of Any of no operations.
var errNoOps = errors.New("rt: Any of no operations")

// Any returns an op that runs ops concurrently and yields the value of the
// first to succeed; that cancels the others, and Any completes once they
// have finished. If every operation fails, Any fails with their errors
// joined (errors.Join) in the order of ops. Any of no operations fails.
//
// Cancelling the await of Any cancels every operation still running, and
// Any then fails with ErrCanceled unless one succeeds all the same.
func Any[T any](ops ...Op[T]) Op[T] { return &anyOp[T]{ops: ops} }

func (a *anyOp[T]) Start(l *Loop) *Future[T] {
	if a.started {
		return &a.fut
	}
	a.started = true
	a.fut.owner = a
	n := len(a.ops)
	a.kids = make([]anyKid[T], n)
	for i, op := range a.ops {
		a.kids[i] = anyKid[T]{op: a, fut: op.Start(l), i: i}
	}
	a.ops = nil
	a.errs = make([]error, n)
	a.left = n
	if n == 0 {
		a.fut.Reject(errNoOps)
	}
	for i := range a.kids {
		watch(&a.kids[i].fut.futureCore, &a.kids[i])
	}
	return &a.fut
}

func (a *anyOp[T]) finished(k *anyKid[T]) {
	a.left--
	switch {
	case a.won:
		unclaimed(&k.fut.futureCore) // a second success is dropped
	case k.fut.err == nil:
		a.won, a.val, a.winner = true, k.fut.val, k.fut
		a.cancelKids()
	default:
		a.errs[k.i] = k.fut.err
	}
	if a.left == 0 {
		switch {
		case a.won:
			a.fut.Complete(a.val, nil)
		case a.canceled:
			a.fut.Reject(ErrCanceled)
		default:
			a.fut.Reject(errors.Join(a.errs...))
		}
		a.errs = nil
	}
}

func (a *anyOp[T]) cancelKids() {
	cancelKids(a.kids, func(k *anyKid[T]) *futureCore { return &k.fut.futureCore })
}

func (a *anyOp[T]) cancel() bool {
	if a.fut.isDone() {
		return false
	}
	a.canceled = true
	a.cancelKids()
	return true
}

// refuse passes on a value that nobody will read to the operation that won.
func (a *anyOp[T]) refuse() {
	if a.winner != nil {
		unclaimed(&a.winner.futureCore)
	}
}

func (a *anyOp[T]) String() string { return fmt.Sprintf("Any of %d", len(a.kids)) }

// Completed delivers the results of a set of operations in the order in
// which they complete, as asyncio.as_completed does. AsCompleted makes one;
// each await of Next yields one result:
//
//	c := rt.AsCompleted(ops...)
//	for c.More() {
//		v, err := rt.Await(c.Next())
//		...
//	}
//
// The operations start when the first Next is awaited, on the loop of the
// awaiting task. To know which operation a result came from, have each
// operation's value say so. Cancelling the await of a Next (as cancelling
// the awaiting task does) cancels every operation still running; the
// operations go on running if the caller merely stops calling Next.
//
// In blocking mode each operation is awaited on a goroutine of its own.
type Completed[T any] struct {
	ops     []Op[T]
	kids    []completedKid[T]
	ready   []int        // operations finished and not delivered, in order
	waiting []*Future[T] // awaits of Next that wait for a result, in order
	claimed int          // calls of Next so far
	started bool
	results chan result[T] // blocking mode
}

type completedKid[T any] struct {
	c   *Completed[T]
	fut *Future[T]
	i   int
}

func (k *completedKid[T]) wake(*futureCore) { k.c.finished(k.i) }

type result[T any] struct {
	val T
	err error
}

// AsCompleted returns a Completed that delivers the results of ops in the
// order they complete.
func AsCompleted[T any](ops ...Op[T]) *Completed[T] {
	return &Completed[T]{ops: ops}
}

// More reports whether there are results that Next has not yet been called
// for.
func (c *Completed[T]) More() bool { return c.claimed < len(c.ops) }

// Next returns an op that yields the next result to complete: its value and
// its error. Once every result has been claimed by a call of Next, the op
// fails with io.EOF.
func (c *Completed[T]) Next() Op[T] {
	i := c.claimed
	if i < len(c.ops) {
		c.claimed++
	}
	return &nextOp[T]{c: c, eof: i >= len(c.ops)}
}

// nextOp is the op behind Completed.Next.
type nextOp[T any] struct {
	c   *Completed[T]
	fut *Future[T]
	eof bool
}

func (n *nextOp[T]) Start(l *Loop) *Future[T] {
	if n.fut != nil {
		return n.fut
	}
	c := n.c
	if n.eof {
		n.fut = new(Future[T])
		n.fut.Reject(io.EOF)
		return n.fut
	}
	c.start(l)
	if len(c.ready) > 0 {
		i := c.ready[0]
		c.ready = c.ready[1:]
		n.fut = c.kids[i].fut // done: its result is the one to deliver
		return n.fut
	}
	n.fut = new(Future[T])
	n.fut.owner = c
	c.waiting = append(c.waiting, n.fut)
	return n.fut
}

func (c *Completed[T]) start(l *Loop) {
	if c.started {
		return
	}
	c.started = true
	c.kids = make([]completedKid[T], len(c.ops))
	c.ready = make([]int, 0, len(c.ops))
	for i, op := range c.ops {
		c.kids[i] = completedKid[T]{c: c, fut: op.Start(l), i: i}
	}
	for i := range c.kids {
		watch(&c.kids[i].fut.futureCore, &c.kids[i])
	}
}

func (c *Completed[T]) finished(i int) {
	if len(c.waiting) == 0 {
		c.ready = append(c.ready, i)
		return
	}
	w := c.waiting[0]
	c.waiting[0] = nil
	c.waiting = c.waiting[1:]
	f := c.kids[i].fut
	w.Complete(f.val, f.err)
}

// cancel is what cancelling a waiting Next does: it cancels every operation
// still running, whose results then complete the waiting Nexts.
func (c *Completed[T]) cancel() bool {
	cancelKids(c.kids, func(k *completedKid[T]) *futureCore { return &k.fut.futureCore })
	return true
}

// String describes the op for Loop.Dump and logs.
func (c *Completed[T]) String() string { return fmt.Sprintf("AsCompleted of %d", len(c.ops)) }

// block awaits the next result in blocking mode: the first call starts one
// goroutine per operation, each awaiting its operation in blocking mode.
func (n *nextOp[T]) block() (T, error) {
	c := n.c
	var zero T
	switch {
	case n.eof:
		return zero, io.EOF
	case c.started:
		return zero, errors.New("rt: AsCompleted started on a loop and awaited in blocking mode")
	}
	if c.results == nil {
		c.results = make(chan result[T], len(c.ops))
		for _, op := range c.ops {
			go func() {
				v, err := Await(op)
				c.results <- result[T]{v, err}
			}()
		}
	}
	r := <-c.results
	return r.val, r.err
}
