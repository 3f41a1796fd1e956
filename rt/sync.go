package rt

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// Synchronisation between tasks.
//
// Queue, Lock, Semaphore, Event and Condition are asyncio's primitives, for
// the tasks of one loop: their methods and ops run on that loop's
// goroutine, and they take no lock there. Each waits in FIFO order: the
// task that has waited longest is served first.
//
// Every wait is an op, so it can be cancelled and put under Timeout. A
// waiter cancelled while it waits takes nothing and loses nothing. A value,
// lock or permit handed to a waiter whose task is cancelled in the same
// loop turn, before it could read its result, is not lost either: the
// await reports ErrCanceled, as every await of a cancelled task does, and
// the thing goes back, to the next waiter (see refuser).
//
// In blocking mode (an async function called from ordinary Go) the ops
// block the calling goroutine, as a channel or a sync.Mutex would, and the
// primitive is then shared between goroutines under a mutex of its own. Do
// not share one primitive between the tasks of a loop and goroutines that
// await it in blocking mode: from ordinary goroutines, reach a loop's queue
// through Queue.Send and Queue.Receive.

// A refuser is an op whose future can complete with something handed over
// (a queue's value, a lock, a permit) that the awaiting task then never
// takes, because it was cancelled in the same turn: refuse gives it back.
type refuser interface {
	refuse()
}

// unclaimed is told that the successful result of fc will not be read: the
// task that awaited it was cancelled, or a combinator dropped it. An op that
// handed something over in that result takes it back.
func unclaimed(fc *futureCore) {
	if fc.isDone() && fc.err == nil {
		if r, ok := fc.owner.(refuser); ok {
			r.refuse()
		}
	}
}

// waitOp is what a waitq holds: an op that reports when it has stopped
// waiting (served or cancelled).
type waitOp interface {
	comparable
	gone() bool
	queued(in bool)
}

// waitMark is embedded in a waiting op: whether a waitq holds it, served
// or not, so that an op kept for reuse is not reused while it does.
type waitMark struct{ inq bool }

func (m *waitMark) queued(in bool) { m.inq = in }

// waitq is a FIFO of waiting ops. A cancelled op stays in it, marked gone,
// until it reaches the front or until the gone ones are most of the queue:
// cancelling costs no search, and many cancelled waits do not pile up.
//
// A queue whose ops have all left is reset at once (s empty, head 0), so
// that the usual question, whether anyone waits at all, is one comparison
// (waiting). Queue[T]'s methods ask it before they call pop or empty:
// the compiler does not inline these into them, as the ops' type depends
// on T, and the call would cost more than the answer.
type waitq[W waitOp] struct {
	s    []W
	head int
	dead int // ops known to be gone, not yet dropped
}

func (q *waitq[W]) push(w W) {
	w.queued(true)
	q.s = append(q.s, w)
}

// waiting reports whether the queue holds ops, some of which may have
// gone: false means that none waits.
func (q *waitq[W]) waiting() bool { return len(q.s) > 0 }

// empty reports whether no op waits.
func (q *waitq[W]) empty() bool {
	if !q.waiting() {
		return true
	}
	_, ok := q.first()
	return !ok
}

// first returns the op that has waited longest and waits still.
func (q *waitq[W]) first() (w W, ok bool) {
	for q.head < len(q.s) {
		if w = q.s[q.head]; !w.gone() {
			return w, true
		}
		w.queued(false)
		var zero W
		q.s[q.head] = zero
		q.head++
		q.dead = max(q.dead-1, 0)
	}
	q.reset()
	var zero W
	return zero, false
}

// reset empties the queue once every op has left it.
func (q *waitq[W]) reset() { q.s, q.head, q.dead = q.s[:0], 0, 0 }

// pop removes and returns the op that has waited longest and waits still.
func (q *waitq[W]) pop() (w W, ok bool) {
	if !q.waiting() {
		return w, false
	}
	return q.popFirst()
}

// popFirst is pop of a queue that holds ops, gone or not (head is then
// within s: a queue that empties is reset).
func (q *waitq[W]) popFirst() (W, bool) {
	w := q.s[q.head]
	if w.gone() { // skip the gone ones: rare, and out of line
		var ok bool
		if w, ok = q.first(); !ok {
			return w, false
		}
	}
	w.queued(false)
	var zero W
	q.s[q.head] = zero
	if q.head++; q.head == len(q.s) {
		q.reset()
	}
	return w, true
}

// died notes that a waiting op has gone, and drops the gone ones once they
// are most of the queue.
func (q *waitq[W]) died() {
	q.dead++
	if n := len(q.s) - q.head; n >= 64 && q.dead > n/2 {
		live := q.s[:0]
		for _, w := range q.s[q.head:] {
			if !w.gone() {
				live = append(live, w)
			} else {
				w.queued(false)
			}
		}
		clear(q.s[len(live):])
		q.s, q.head, q.dead = live, 0, 0
	}
}

// blockState is what a primitive needs in blocking mode: goroutines wait
// on cond for any change.
type blockState struct {
	mu   sync.Mutex
	cond *sync.Cond
}

func (b *blockState) lock() {
	b.mu.Lock()
	if b.cond == nil {
		b.cond = sync.NewCond(&b.mu)
	}
}

func (b *blockState) unlock() { b.mu.Unlock() }

// changed wakes the goroutines that wait in blocking mode. Call it with
// the lock held.
func (b *blockState) changed() { b.cond.Broadcast() }

// ErrQueueClosed is the error of a Put on a closed queue.
var ErrQueueClosed = errors.New("rt: put on a closed queue")

// A Queue is a FIFO of values between tasks, of bounded size, as asyncio's
// Queue and a buffered channel are: awaiting Put waits while the queue is
// full, awaiting Get while it is empty. Close ends it: puts fail with
// ErrQueueClosed, and gets take what is left, then fail with io.EOF.
//
// A Put completes once its value is in the queue (or handed to a waiting
// Get); if its task is cancelled in that same turn, the value stays queued
// although the await reports ErrCanceled, as a channel send that wins a
// select against ctx.Done() has sent. A value handed to a Get whose task is
// cancelled in that turn goes back to the front of the queue.
//
// Make one with NewQueue.
type Queue[T any] struct {
	buf     []T // a ring of n values from head; it grows up to size
	head, n int
	size    int
	closed  bool
	getters waitq[*queueGet[T]]
	putters waitq[*queuePut[T]]
	blk     blockState

	// The ops kept for reuse, so that a task that puts or gets in a loop
	// allocates nothing once it has waited: see kept.
	keptPut atomic.Pointer[queuePut[T]]
	keptGet atomic.Pointer[queueGet[T]]
}

// NewQueue returns a queue that holds up to size values. It panics if size
// is less than 1; for a queue without bound, pass math.MaxInt.
func NewQueue[T any](size int) *Queue[T] {
	if size < 1 {
		panic(fmt.Sprintf("rt: NewQueue(%d): size must be 1 or more", size))
	}
	return &Queue[T]{size: size}
}

// Len returns the number of values in the queue.
func (q *Queue[T]) Len() int {
	q.blk.lock()
	defer q.blk.unlock()
	return q.n
}

// Cap returns the size the queue was made with.
func (q *Queue[T]) Cap() int { return q.size }

// Put returns an op that puts v at the back of the queue, waiting while the
// queue is full.
func (q *Queue[T]) Put(v T) Op[struct{}] {
	if o := q.keptPut.Load(); o != nil && o.k.again(o.fut.isDone(), o.inq) {
		o.v = v
		return o
	}
	o := newQueuePut(q, v)
	q.keptPut.CompareAndSwap(nil, o)
	return o
}

// Get returns an op that takes the value at the front of the queue,
// waiting while the queue is empty. Once the queue is closed and empty it
// fails with io.EOF.
func (q *Queue[T]) Get() Op[T] {
	if o := q.keptGet.Load(); o != nil && o.k.again(o.fut.isDone(), o.inq) {
		return o
	}
	o := newQueueGet(q)
	q.keptGet.CompareAndSwap(nil, o)
	return o
}

// kept is the reuse state of an op that a primitive keeps for its next
// wait, as a Conn keeps its read and write ops: handed out, started, and
// once done and read, handed out again.
type kept struct {
	state   uint32 // keptFresh, keptHanded, keptStarted: only the loop changes it
	loop    *Loop
	starter *taskCore // the task that started it, if a task did
}

const (
	keptFresh   uint32 = iota // made, not started
	keptHanded                // handed out again, not started
	keptStarted               // started
)

// again reports whether the op may be handed out again, and marks it
// handed if so: it has started and finished (done), no waitq holds it
// (inq), and whoever awaited it has read its result. Ops started outside
// a task were awaited by combinators and callbacks, which read the result
// when it comes; a task reads it when it resumes, so once the task that
// started the op is neither queued nor running, or is the one asking
// again, it has.
func (k *kept) again(done, inq bool) bool {
	if k.state != keptStarted || !done || inq {
		return false // in blocking mode it never starts: goroutines only read it
	}
	if t := k.starter; t != nil && t != k.loop.cur && t.flags&(fQueued|fRunning) != 0 {
		return false
	}
	k.state = keptHanded
	return true
}

// start reports whether an op with reuse state k, being started on loop
// l, starts now (false: it has started already), and whether its future
// must be made pending again first.
func (k *kept) start(l *Loop) (now, rearm bool) {
	switch k.state {
	case keptStarted:
		return false, false
	case keptHanded:
		rearm = true
	}
	k.state = keptStarted
	k.loop = l
	if l != nil {
		k.starter = l.cur
	}
	return true, rearm
}

// TryPut puts v at the back of the queue if it can do so without waiting,
// and reports whether it did.
func (q *Queue[T]) TryPut(v T) bool {
	q.blk.lock()
	defer q.blk.unlock()
	if q.closed || !q.putNow(v) {
		return false
	}
	q.blk.changed()
	return true
}

// TryGet takes the value at the front of the queue if there is one.
func (q *Queue[T]) TryGet() (v T, ok bool) {
	q.blk.lock()
	defer q.blk.unlock()
	if q.n == 0 {
		return v, false
	}
	v = q.take()
	q.blk.changed()
	return v, true
}

// Close closes the queue: waiting and later puts fail with ErrQueueClosed;
// gets take the values left, then fail with io.EOF. Closing a closed queue
// does nothing.
func (q *Queue[T]) Close() {
	q.blk.lock()
	if q.closed {
		q.blk.unlock()
		return
	}
	q.closed = true
	q.blk.changed()
	q.blk.unlock()
	for {
		p, ok := q.putters.pop()
		if !ok {
			break
		}
		p.fut.Reject(ErrQueueClosed)
	}
	if q.n == 0 {
		for {
			g, ok := q.getters.pop()
			if !ok {
				break
			}
			g.fut.Reject(io.EOF)
		}
	}
}

// Send puts v into q, which belongs to loop l, from an ordinary goroutine
// (not l's), waiting while q is full: the way into a loop's queue for
// other goroutines, as asyncio programs use call_soon_threadsafe. It fails
// with the error of the Put, or with ErrClosed (or ErrCanceled) if l closes
// first.
func (q *Queue[T]) Send(l *Loop, v T) error {
	_, err := awaitOn(l, Op[struct{}](newQueuePut(q, v))) // not the kept op: that is the loop's
	return err
}

// Receive takes a value from q, which belongs to loop l, from an ordinary
// goroutine (not l's), waiting while q is empty. It fails as Get does, or
// with ErrClosed (or ErrCanceled) if l closes first.
func (q *Queue[T]) Receive(l *Loop) (T, error) {
	return awaitOn(l, Op[T](newQueueGet(q))) // not the kept op: that is the loop's
}

// awaitOn awaits op on loop l from another goroutine: a task that awaits
// it, spawned through Submit, so that closing l ends the wait.
func awaitOn[T any](l *Loop, op Op[T]) (T, error) {
	t := NewTask(&opFrame[T]{op: op})
	if err := l.Submit(func() { l.Spawn(t) }); err != nil {
		var zero T
		return zero, err
	}
	return t.Wait()
}

// opFrame is the frame of a task that awaits one op.
type opFrame[T any] struct {
	Frame[T]
	op  Op[T]
	fut *Future[T]
}

func (f *opFrame[T]) Resume() Step {
	if f.PC() == 0 {
		f.fut = Begin(&f.Frame, f.op)
		if f.Frame.Suspend(f.fut, 1) {
			return Suspended
		}
	}
	v, err := AwaitResult(&f.Frame, &f.fut)
	return f.Frame.Return(v, err)
}

// putNow puts v as a Put that need not wait does: unless a put waits
// already, it offers v.
func (q *Queue[T]) putNow(v T) bool {
	if q.putters.waiting() && !q.putters.empty() {
		return false
	}
	return q.offer(v)
}

// offer hands v to the first waiting Get, or puts it at the back of the
// queue if there is room, and reports whether it did either.
func (q *Queue[T]) offer(v T) bool {
	if q.getters.waiting() {
		if g, ok := q.getters.popFirst(); ok { // waiting gets mean an empty queue
			g.fut.Resolve(v)
			return true
		}
	}
	if q.n >= q.size {
		return false
	}
	if q.n == len(q.buf) {
		q.grow()
	}
	i := q.head + q.n
	if i >= len(q.buf) {
		i -= len(q.buf)
	}
	q.buf[i] = v
	q.n++
	return true
}

// take removes the value at the front, and lets the first waiting Put
// into the room it leaves.
func (q *Queue[T]) take() T {
	v := q.buf[q.head]
	var zero T
	q.buf[q.head] = zero
	if q.head++; q.head == len(q.buf) {
		q.head = 0
	}
	q.n--
	if !q.putters.waiting() {
		return v
	}
	if p, ok := q.putters.popFirst(); ok {
		q.offer(p.v)
		p.fut.Resolve(struct{}{})
	}
	return v
}

// giveBack puts v, refused by the Get it was handed to, back where it was:
// to the next waiting Get, or at the front of the queue, past its size if
// need be (puts then wait until it is below).
func (q *Queue[T]) giveBack(v T) {
	if g, ok := q.getters.pop(); ok {
		g.fut.Resolve(v)
		return
	}
	if q.n == len(q.buf) {
		q.grow()
	}
	q.head = (q.head - 1 + len(q.buf)) % len(q.buf)
	q.buf[q.head] = v
	q.n++
}

func (q *Queue[T]) grow() {
	c := min(max(2*len(q.buf), 8), q.size)
	if c <= q.n { // past its size: see giveBack
		c = q.n + 1
	}
	buf := make([]T, c)
	for i := range q.n {
		buf[i] = q.buf[(q.head+i)%len(q.buf)]
	}
	q.buf, q.head = buf, 0
}

// queuePut is the op behind Queue.Put.
type queuePut[T any] struct {
	fut Future[struct{}]
	waitMark
	q *Queue[T]
	v T
	k kept
}

// newQueuePut returns a Put of v on q. The op owns its future from the
// start, as it is the same for all its uses when kept.
func newQueuePut[T any](q *Queue[T], v T) *queuePut[T] {
	o := &queuePut[T]{q: q, v: v}
	o.fut.owner = o
	return o
}

func (o *queuePut[T]) Start(l *Loop) *Future[struct{}] {
	now, rearm := o.k.start(l)
	if !now {
		return &o.fut
	}
	q := o.q
	switch {
	case q.closed:
		o.fut.completeAtStart(struct{}{}, ErrQueueClosed)
	case q.putNow(o.v):
		o.fut.settleAtStart(nil)
	default:
		if rearm {
			o.fut.rearm()
		}
		q.putters.push(o)
	}
	return &o.fut
}

func (o *queuePut[T]) gone() bool { return o.fut.isDone() }

func (o *queuePut[T]) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	o.fut.Reject(ErrCanceled)
	o.q.putters.died()
	return true
}

func (o *queuePut[T]) block() (struct{}, error) {
	q := o.q
	q.blk.lock()
	defer q.blk.unlock()
	for !q.closed && q.n >= q.size {
		q.blk.cond.Wait()
	}
	if q.closed {
		return struct{}{}, ErrQueueClosed
	}
	q.offer(o.v)
	q.blk.changed()
	return struct{}{}, nil
}

func (o *queuePut[T]) String() string { return "Queue.Put" }

// queueGet is the op behind Queue.Get.
type queueGet[T any] struct {
	fut Future[T]
	waitMark
	q       *Queue[T]
	k       kept
	refused bool
}

// newQueueGet returns a Get of q. The op owns its future from the start,
// also when served at once (see refuse), and for all its uses when kept.
func newQueueGet[T any](q *Queue[T]) *queueGet[T] {
	o := &queueGet[T]{q: q}
	o.fut.owner = o
	return o
}

func (o *queueGet[T]) Start(l *Loop) *Future[T] {
	now, rearm := o.k.start(l)
	if !now {
		return &o.fut
	}
	o.refused = false
	q := o.q
	switch {
	case q.n > 0:
		o.fut.val = q.take()
		o.fut.settleAtStart(nil)
	case q.closed:
		var zero T
		o.fut.completeAtStart(zero, io.EOF)
	default:
		if rearm {
			o.fut.rearm()
		}
		q.getters.push(o)
	}
	return &o.fut
}

func (o *queueGet[T]) gone() bool { return o.fut.isDone() }

func (o *queueGet[T]) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	o.fut.Reject(ErrCanceled)
	o.q.getters.died()
	return true
}

// refuse gives back a value handed to this Get and never read.
func (o *queueGet[T]) refuse() {
	if !o.refused {
		o.refused = true
		o.q.giveBack(o.fut.val)
	}
}

func (o *queueGet[T]) block() (T, error) {
	q := o.q
	q.blk.lock()
	defer q.blk.unlock()
	for !q.closed && q.n == 0 {
		q.blk.cond.Wait()
	}
	if q.n == 0 {
		var zero T
		return zero, io.EOF
	}
	v := q.take()
	q.blk.changed()
	return v, nil
}

func (o *queueGet[T]) String() string { return "Queue.Get" }

// A Lock is a mutual-exclusion lock for tasks, as asyncio's Lock: awaiting
// Lock waits until the lock is free and takes it. Unlike sync.Mutex it may
// be held across awaits, which is what it is for. A lock handed to a
// waiter whose task is cancelled in that turn passes on to the next.
//
// The zero Lock is unlocked and ready to use.
type Lock struct {
	locked  bool
	waiters waitq[*lockOp]
	blk     blockState
}

// Lock returns an op that takes the lock, waiting until it is free. An
// await that fails has not taken it.
func (m *Lock) Lock() Op[struct{}] { return &lockOp{m: m} }

// TryLock takes the lock if it is free and nobody waits for it, and
// reports whether it did.
func (m *Lock) TryLock() bool {
	m.blk.lock()
	defer m.blk.unlock()
	if m.locked || !m.waiters.empty() {
		return false
	}
	m.locked = true
	return true
}

// Unlock releases the lock, handing it to the task that has waited longest.
// It panics if the lock is not locked. A task may unlock a lock that
// another took, as with sync.Mutex.
func (m *Lock) Unlock() {
	m.blk.lock()
	if !m.locked {
		m.blk.unlock()
		panic("rt: Unlock of an unlocked Lock")
	}
	w, ok := m.waiters.pop()
	if !ok {
		m.locked = false
		m.blk.changed()
	}
	m.blk.unlock()
	if ok {
		w.fut.Resolve(struct{}{})
	}
}

// Locked reports whether the lock is held.
func (m *Lock) Locked() bool {
	m.blk.lock()
	defer m.blk.unlock()
	return m.locked
}

// lockOp is the op behind Lock.Lock.
type lockOp struct {
	fut Future[struct{}]
	waitMark
	m       *Lock
	started bool
	refused bool
}

func (o *lockOp) Start(*Loop) *Future[struct{}] {
	if o.started {
		return &o.fut
	}
	o.started = true
	o.fut.owner = o // also when served at once: see refuse
	m := o.m
	if !m.locked && m.waiters.empty() {
		m.locked = true
		o.fut.Resolve(struct{}{})
		return &o.fut
	}
	m.waiters.push(o)
	return &o.fut
}

func (o *lockOp) gone() bool { return o.fut.isDone() }

func (o *lockOp) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	o.fut.Reject(ErrCanceled)
	o.m.waiters.died()
	return true
}

func (o *lockOp) refuse() {
	if !o.refused {
		o.refused = true
		o.m.Unlock()
	}
}

func (o *lockOp) block() (struct{}, error) {
	m := o.m
	m.blk.lock()
	defer m.blk.unlock()
	for m.locked {
		m.blk.cond.Wait()
	}
	m.locked = true
	return struct{}{}, nil
}

func (o *lockOp) String() string { return "Lock" }

// A Semaphore holds a number of permits for tasks, as asyncio's
// BoundedSemaphore: awaiting Acquire waits until a permit is free and takes
// it; Release gives one back. A permit handed to a waiter whose task is
// cancelled in that turn passes on to the next.
//
// Make one with NewSemaphore.
type Semaphore struct {
	free, size int
	waiters    waitq[*acquireOp]
	blk        blockState
}

// NewSemaphore returns a semaphore with n permits, all free. It panics if n
// is less than 1.
func NewSemaphore(n int) *Semaphore {
	if n < 1 {
		panic(fmt.Sprintf("rt: NewSemaphore(%d): n must be 1 or more", n))
	}
	return &Semaphore{free: n, size: n}
}

// Acquire returns an op that takes a permit, waiting until one is free. An
// await that fails has not taken one.
func (s *Semaphore) Acquire() Op[struct{}] { return &acquireOp{s: s} }

// TryAcquire takes a permit if one is free and nobody waits for one, and
// reports whether it did.
func (s *Semaphore) TryAcquire() bool {
	s.blk.lock()
	defer s.blk.unlock()
	if s.free == 0 || !s.waiters.empty() {
		return false
	}
	s.free--
	return true
}

// Release gives a permit back, to the task that has waited longest if any.
// It panics if every permit is free already.
func (s *Semaphore) Release() {
	s.blk.lock()
	w, ok := s.waiters.pop()
	if !ok {
		if s.free == s.size {
			s.blk.unlock()
			panic("rt: Release of a Semaphore with every permit free")
		}
		s.free++
		s.blk.changed()
	}
	s.blk.unlock()
	if ok {
		w.fut.Resolve(struct{}{})
	}
}

// Free returns the number of free permits.
func (s *Semaphore) Free() int {
	s.blk.lock()
	defer s.blk.unlock()
	return s.free
}

// acquireOp is the op behind Semaphore.Acquire.
type acquireOp struct {
	fut Future[struct{}]
	waitMark
	s       *Semaphore
	started bool
	refused bool
}

func (o *acquireOp) Start(*Loop) *Future[struct{}] {
	if o.started {
		return &o.fut
	}
	o.started = true
	o.fut.owner = o // also when served at once: see refuse
	s := o.s
	if s.free > 0 && s.waiters.empty() {
		s.free--
		o.fut.Resolve(struct{}{})
		return &o.fut
	}
	s.waiters.push(o)
	return &o.fut
}

func (o *acquireOp) gone() bool { return o.fut.isDone() }

func (o *acquireOp) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	o.fut.Reject(ErrCanceled)
	o.s.waiters.died()
	return true
}

func (o *acquireOp) refuse() {
	if !o.refused {
		o.refused = true
		o.s.Release()
	}
}

func (o *acquireOp) block() (struct{}, error) {
	s := o.s
	s.blk.lock()
	defer s.blk.unlock()
	for s.free == 0 {
		s.blk.cond.Wait()
	}
	s.free--
	return struct{}{}, nil
}

func (o *acquireOp) String() string { return "Semaphore.Acquire" }

// An Event is a flag that tasks can wait for, as asyncio's Event: Set
// raises it and wakes every task awaiting Wait; Clear lowers it again.
//
// The zero Event is clear and ready to use.
type Event struct {
	set     bool
	waiters waitq[*eventWait]
	blk     blockState
}

// Wait returns an op that completes once the event is set: at once if it
// is set now.
func (e *Event) Wait() Op[struct{}] { return &eventWait{e: e} }

// Set sets the event and wakes every task that waits for it.
func (e *Event) Set() {
	e.blk.lock()
	was := e.set
	e.set = true
	e.blk.changed()
	e.blk.unlock()
	if was {
		return
	}
	for {
		w, ok := e.waiters.pop()
		if !ok {
			return
		}
		w.fut.Resolve(struct{}{})
	}
}

// Clear clears the event: later waits wait for the next Set.
func (e *Event) Clear() {
	e.blk.lock()
	e.set = false
	e.blk.unlock()
}

// IsSet reports whether the event is set.
func (e *Event) IsSet() bool {
	e.blk.lock()
	defer e.blk.unlock()
	return e.set
}

// eventWait is the op behind Event.Wait.
type eventWait struct {
	fut Future[struct{}]
	waitMark
	e       *Event
	started bool
}

func (o *eventWait) Start(*Loop) *Future[struct{}] {
	if o.started {
		return &o.fut
	}
	o.started = true
	if o.e.set {
		o.fut.Resolve(struct{}{})
		return &o.fut
	}
	o.fut.owner = o
	o.e.waiters.push(o)
	return &o.fut
}

func (o *eventWait) gone() bool { return o.fut.isDone() }

func (o *eventWait) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	o.fut.Reject(ErrCanceled)
	o.e.waiters.died()
	return true
}

func (o *eventWait) block() (struct{}, error) {
	e := o.e
	e.blk.lock()
	defer e.blk.unlock()
	for !e.set {
		e.blk.cond.Wait()
	}
	return struct{}{}, nil
}

func (o *eventWait) String() string { return "Event.Wait" }

// A Condition lets tasks wait, holding a Lock, until another task signals
// a change, as asyncio's Condition and sync.Cond do. Wait is awaited with
// L held; it releases L, waits for Signal or Broadcast, and takes L again
// before it completes, even when it fails (cancelled, or under Timeout), so
// the caller's Unlock is always right:
//
//	if _, err := rt.Await(c.L.Lock()); err != nil {
//		return err
//	}
//	defer c.L.Unlock()
//	for !ready() {
//		if _, err := rt.Await(c.Wait()); err != nil {
//			return err
//		}
//	}
//
// Make one with NewCondition.
type Condition struct {
	// L is the lock held while the condition is checked or changed.
	L       *Lock
	waiters waitq[*condWait]
	ticket  uint64 // blocking mode: waits begun
	served  uint64 // blocking mode: waits signalled
}

// NewCondition returns a condition over lock l, or over a lock of its own
// if l is nil.
func NewCondition(l *Lock) *Condition {
	if l == nil {
		l = new(Lock)
	}
	return &Condition{L: l}
}

// Wait returns an op that releases L, waits until Signal or Broadcast wakes
// it, and takes L again. It panics when started if L is not locked.
func (c *Condition) Wait() Op[struct{}] { return &condWait{c: c} }

// Signal wakes the task that has waited longest, if any.
func (c *Condition) Signal() {
	if w, ok := c.waiters.pop(); ok {
		w.relock()
		return
	}
	b := &c.L.blk
	b.lock()
	if c.served < c.ticket {
		c.served++
		b.changed()
	}
	b.unlock()
}

// Broadcast wakes every waiting task.
func (c *Condition) Broadcast() {
	for {
		w, ok := c.waiters.pop()
		if !ok {
			break
		}
		w.relock()
	}
	b := &c.L.blk
	b.lock()
	c.served = c.ticket
	b.changed()
	b.unlock()
}

// condWait is the op behind Condition.Wait. It waits in two phases: for a
// signal, then for the lock, which it takes through lk, an op of its own.
type condWait struct {
	fut Future[struct{}]
	waitMark
	c        *Condition
	lk       lockOp
	phase    uint8 // condIdle, condWaiting, condRelocking
	canceled bool
}

const (
	condIdle uint8 = iota
	condWaiting
	condRelocking
)

func (o *condWait) Start(*Loop) *Future[struct{}] {
	if o.phase != condIdle {
		return &o.fut
	}
	c := o.c
	if !c.L.locked {
		panic("rt: Condition.Wait without holding its lock")
	}
	o.phase = condWaiting
	o.fut.owner = o
	c.waiters.push(o)
	c.L.Unlock()
	return &o.fut
}

// relock ends the wait for a signal and takes the lock again.
func (o *condWait) relock() {
	o.phase = condRelocking
	o.lk = lockOp{m: o.c.L}
	watch(&o.lk.Start(nil).futureCore, o)
}

// wake is called once the lock is taken again.
func (o *condWait) wake(*futureCore) {
	if o.canceled {
		o.fut.Reject(ErrCanceled)
	} else {
		o.fut.Resolve(struct{}{})
	}
}

func (o *condWait) gone() bool { return o.phase != condWaiting }

// cancel stops a wait for a signal, but not the wait for the lock: the op
// completes, failing, once it holds the lock.
func (o *condWait) cancel() bool {
	if o.fut.isDone() || o.canceled {
		return false
	}
	o.canceled = true
	if o.phase == condWaiting {
		o.c.waiters.died()
		o.relock()
	}
	return true
}

func (o *condWait) block() (struct{}, error) {
	c := o.c
	m := c.L
	b := &m.blk
	b.lock()
	defer b.unlock()
	if !m.locked {
		panic("rt: Condition.Wait without holding its lock")
	}
	m.locked = false
	my := c.ticket
	c.ticket++
	b.changed()
	for c.served <= my || m.locked {
		b.cond.Wait()
	}
	m.locked = true
	return struct{}{}, nil
}

func (o *condWait) String() string { return "Condition.Wait" }
