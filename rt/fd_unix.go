//go:build unix

package rt

import (
	"errors"
	"net"
	"os"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// destroy closes the descriptor, once nothing uses it.
func (p *pollFD) destroy() {
	p.disown()
	p.mu.Lock()
	x := p.rare
	if x != nil && x.wakeR >= 0 {
		unix.Close(x.wakeR)
		unix.Close(x.wakeW)
		x.wakeR, x.wakeW = -1, -1
	}
	p.mu.Unlock()
	if p.flags&external == 0 {
		unix.Close(int(p.sysfd))
		if x != nil && x.unlink != "" {
			os.Remove(x.unlink)
		}
	}
}

// wakeBlocked wakes the goroutines blocked on p in blocking mode. p.mu is
// held.
func (p *pollFD) wakeBlocked() {
	if p.rare != nil && p.rare.wakeW >= 0 {
		unix.Write(p.rare.wakeW, []byte{0}) // stays readable: every poll wakes
	}
}

// waitBlocking blocks the calling goroutine until p is ready in direction
// dir or closing: the wait of blocking mode, where no loop runs.
func (p *pollFD) waitBlocking(dir Events) error { return p.waitBlockingUntil(dir, time.Time{}) }

// waitBlockingUntil is waitBlocking that gives up with ErrTimeout at
// deadline, unless it is zero.
func (p *pollFD) waitBlockingUntil(dir Events, deadline time.Time) error {
	if !p.incref() {
		return net.ErrClosed
	}
	defer p.decref()
	fds := [2]unix.PollFd{{Fd: p.sysfd, Events: unix.POLLIN}}
	if dir == Writable {
		fds[0].Events = unix.POLLOUT
	}
	n := 1
	if p.flags&external == 0 {
		// A pipe that Close makes readable wakes the poll: closing a
		// descriptor does not wake poll(2) on it.
		p.mu.Lock()
		x := p.rareLocked()
		if x.wakeR < 0 {
			var w [2]int
			if err := unix.Pipe(w[:]); err != nil {
				p.mu.Unlock()
				return os.NewSyscallError("pipe", err)
			}
			unix.CloseOnExec(w[0])
			unix.CloseOnExec(w[1])
			unix.SetNonblock(w[1], true)
			x.wakeR, x.wakeW = w[0], w[1]
		}
		fds[1] = unix.PollFd{Fd: int32(x.wakeR), Events: unix.POLLIN}
		p.mu.Unlock()
		n = 2
		if p.closing() {
			return net.ErrClosed
		}
	}
	for {
		ms := -1
		if !deadline.IsZero() {
			left := time.Until(deadline)
			if left <= 0 {
				return ErrTimeout
			}
			ms = int((left + time.Millisecond - 1) / time.Millisecond)
		}
		ready, err := unix.Poll(fds[:n], ms)
		if err == unix.EINTR || (err == nil && ready == 0) {
			continue // interrupted, or timed out: look at the deadline again
		}
		if err != nil {
			return os.NewSyscallError("poll", err)
		}
		break
	}
	if p.closing() {
		return net.ErrClosed
	}
	return nil
}

// ignoringEINTR calls fn until it does not fail with EINTR.
func ignoringEINTR[T any](fn func() (T, error)) (T, error) {
	for {
		v, err := fn()
		if err != unix.EINTR {
			return v, err
		}
	}
}

// Errors of an accept that found the process or system out of
// descriptors: it backs off and tries again (see acceptBackoff).
func isFDLimit(err error) bool {
	return err == unix.EMFILE || err == unix.ENFILE || err == unix.ENOBUFS || err == unix.ENOMEM
}

// errBackoff is what an attempt returns to be tried again after a pause:
// an accept out of descriptors.
var errBackoff = errors.New("rt: internal error: backoff escaped")

// Accept's pauses while the process is out of descriptors: the first, and
// the longest, as the pause doubles. A listener with a connection waiting
// stays ready, so without a pause accept would spin.
const (
	minBackoff = 5 * time.Millisecond
	maxBackoff = time.Second
)

// ioOp is an operation on a descriptor: a read, write, accept, datagram
// or readiness wait. Its kind's try attempts it once; on EAGAIN the op
// waits for readiness on the loop (or in poll(2), in blocking mode) and
// tries again. The op holds its future: one allocation per operation, and
// none for a Conn's reads and writes in the steady state (see connOp).
type ioOp[T any] struct {
	fut     Future[T] // named: an embedded Future would lend the op its block method
	p       *pollFD
	kind    *ioKind[T]
	loop    *Loop // set when the op starts
	buf     []byte
	done    int       // bytes written so far
	aux     *ioAux    // what few ops need; nil for reads and writes
	starter *taskCore // the task that started it, for connOp's reuse
	reuse   atomic.Uint32
	ringSeq uint32 // its call queued in the loop's ring, if not 0: see attempt
	ringRes int32  // and that call's result, until ringDone
}

// An ioKind is what an ioOp does: its name for errors, the direction it
// waits in, and one attempt (errAgain: not ready, wait).
type ioKind[T any] struct {
	name string
	dir  Events
	try  func(o *ioOp[T]) (T, error)
	ring uint8 // opSend: the first attempt may go through the loop's ring
}

// ioAux is the part of an ioOp that only some kinds use.
type ioAux struct {
	to      unix.Sockaddr // WriteTo's destination
	backoff time.Duration // Accept's pause, out of descriptors
	timer   *Timer        // and the timer that ends it
	fwd     any           // a kept op's stand-in: see Start
}

// The states of ioOp.reuse. An op that connOp keeps for the next Read or
// Write of its Conn goes handed -> running -> idle -> handed...; any
// other op goes fresh -> running -> idle.
const (
	opFresh     = iota // made, not started
	opHanded           // a kept op handed out again, not started
	opRunning          // started, not done
	opIdle             // done
	opForwarded        // handed out again, but a stand-in ran: see Start
	opParked           // being moved to its loop's pool: see Loop.park
)

func (o *ioOp[T]) Start(l *Loop) *Future[T] {
	if o.loop != nil {
		switch o.reuse.Load() {
		case opHanded:
			if !o.mayRearm(l) {
				return o.standIn(l)
			}
			o.rearm()
		case opForwarded:
			return o.aux.fwd.(*Future[T])
		default:
			return &o.fut // started already
		}
	}
	o.loop = l
	o.starter = l.cur
	o.fut.owner = o
	o.reuse.Store(opRunning)
	o.attempt()
	return &o.fut
}

// mayRearm reports whether a kept op, done and handed out again, may run
// again on loop l: whether whoever awaited its last run has read the
// result. Ops started outside a task were awaited by combinators and
// callbacks, which read the result when it comes; a task reads it when it
// resumes, so once the task that started the op has run since (it is
// starting this run itself, or it is neither queued nor running), it has.
func (o *ioOp[T]) mayRearm(l *Loop) bool {
	if l != o.loop {
		return false
	}
	t := o.starter
	return t == nil || t == l.cur || t.flags&(fQueued|fRunning) == 0
}

// rearm makes a done op pending again.
func (o *ioOp[T]) rearm() { o.fut.rearm() }

// standIn runs the op as a new one, for a kept op that may not run again
// yet, and has later Starts of this op return the stand-in's future.
func (o *ioOp[T]) standIn(l *Loop) *Future[T] {
	n := &ioOp[T]{p: o.p, kind: o.kind, buf: o.buf}
	fut := n.Start(l)
	o.aux = &ioAux{fwd: fut}
	o.reuse.Store(opForwarded)
	o.p.forget(any(o))
	return fut
}

// complete completes the op's future with v, err.
func (o *ioOp[T]) complete(v T, err error) {
	o.fut.Complete(v, err)
	o.reuse.CompareAndSwap(opRunning, opIdle)
}

// attempt tries the operation and, if it cannot finish now, waits for
// readiness or backs off. A read that its loop knows would find nothing
// (see fdReg.drained) waits without trying. A write with something to
// write queues its call in the loop's ring, if there is one (see ioRing),
// and goes on in ringDone.
func (o *ioOp[T]) attempt() {
	if o.kind.ring != 0 && o.done < len(o.buf) {
		if ring := o.loop.ring(); ring != nil {
			if o.ringSeq = ring.queue(o, o.p, o.kind.ring, o.buf[o.done:]); o.ringSeq != 0 {
				return
			}
		}
	}
	o.attemptNow()
}

// attemptNow is attempt without the ring.
func (o *ioOp[T]) attemptNow() {
	if o.kind.dir != Readable || !o.loop.drained(o.p) {
		v, err := o.kind.try(o)
		if err != errAgain {
			o.settle(v, err)
			return
		}
	}
	o.waitReady()
}

// waitReady waits for the descriptor to be ready in the op's direction.
func (o *ioOp[T]) waitReady() {
	if err := o.loop.waitFD(o.p, o); err != nil {
		o.complete(o.progress(), o.opError(err))
	}
}

// ringResult counts what the op's queued write wrote.
func (o *ioOp[T]) ringResult(res int32) {
	o.ringRes = res
	if res > 0 {
		o.done += int(res)
	}
}

// ringDone goes on from the op's queued write, as tryWrite would.
func (o *ioOp[T]) ringDone(seq uint32) {
	if o.ringSeq != seq {
		return // cancelled, with what it wrote counted
	}
	o.ringSeq = 0
	switch res := o.ringRes; {
	case res == -int32(unix.EAGAIN):
		o.waitReady()
	case res == -int32(unix.EINTR) || res == resDirect:
		o.attemptNow()
	case res < 0:
		o.complete(o.progress(), o.opError(unix.Errno(-res)))
	case o.done < len(o.buf):
		o.attemptNow() // the socket took part: the rest, or EAGAIN and wait
	default:
		o.complete(o.progress(), nil)
	}
}

func (o *ioOp[T]) retry() bool {
	if o.fut.isDone() {
		return true
	}
	v, err := o.kind.try(o)
	if err == errAgain {
		return false
	}
	o.settle(v, err)
	return true
}

// settle ends an attempt that did not meet EAGAIN: it completes the
// future, or on errBackoff pauses and tries again.
func (o *ioOp[T]) settle(v T, err error) {
	if err == errBackoff {
		o.pause()
		return
	}
	o.complete(v, err)
}

// nextBackoff doubles the backoff, within [minBackoff, maxBackoff].
func (o *ioOp[T]) nextBackoff() time.Duration {
	if o.aux == nil {
		o.aux = new(ioAux)
	}
	o.aux.backoff = min(max(2*o.aux.backoff, minBackoff), maxBackoff)
	return o.aux.backoff
}

// pause tries the operation again after a backoff that doubles.
func (o *ioOp[T]) pause() {
	d := o.nextBackoff()
	o.aux.timer = o.loop.CallLater(d, func() {
		o.aux.timer = nil
		if !o.fut.isDone() {
			o.attempt()
		}
	})
}

func (o *ioOp[T]) waitDir() Events { return o.kind.dir }

func (o *ioOp[T]) abort(err error) {
	o.complete(o.progress(), o.opError(err))
}

func (o *ioOp[T]) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	if o.ringSeq != 0 {
		o.loop.uring.unqueue(o.ringSeq)
		o.ringSeq = 0
	}
	o.loop.unwaitFD(o.p, o)
	if o.aux != nil && o.aux.timer != nil {
		o.aux.timer.Stop()
		o.aux.timer = nil
	}
	o.complete(o.progress(), ErrCanceled)
	return true
}

func (o *ioOp[T]) block() (T, error) {
	v, err := o.blockRun()
	o.reuse.CompareAndSwap(opHanded, opIdle) // a kept op is free again
	return v, err
}

func (o *ioOp[T]) blockRun() (T, error) {
	for {
		v, err := o.kind.try(o)
		switch err {
		case errAgain:
			if err := o.p.waitBlocking(o.kind.dir); err != nil {
				return o.progress(), o.opError(err)
			}
		case errBackoff:
			time.Sleep(o.nextBackoff())
		default:
			return v, err
		}
	}
}

// progress is the value of an operation that ends early: for a write, the
// bytes written so far.
func (o *ioOp[T]) progress() T {
	var v T
	if n, ok := any(&v).(*int); ok {
		*n = o.done
	}
	return v
}

func (o *ioOp[T]) opError(err error) error { return o.p.opError(o.kind.name, err) }

func (o *ioOp[T]) String() string { return "descriptor " + o.kind.name }

// opError is err as the net package reports it: a *net.OpError that names
// the operation and the addresses, around a *os.SyscallError for an errno,
// so that errors.Is(err, syscall.ECONNRESET) and errors.Is(err,
// net.ErrClosed) hold as they do for a net.Conn.
func (p *pollFD) opError(op string, err error) error {
	if err == nil || err == ErrCanceled || err == ErrClosed {
		return err
	}
	if errno, ok := err.(unix.Errno); ok {
		err = os.NewSyscallError(op, errno)
	}
	if p.kind == noSocket {
		return err // a descriptor of the caller's
	}
	return &net.OpError{Op: op, Net: p.kind.String(), Source: p.local(), Addr: p.remote(), Err: err}
}

// WaitFD returns an op that completes when descriptor fd, one of the
// caller's own (a pipe, an inotify descriptor), is ready in direction ev
// (Readable or Writable), yielding the events seen. fd must be in
// non-blocking mode.
//
// The wait is edge-triggered, as Go's netpoll is: it completes on readiness
// that arrives after the wait began, or the first time the loop waits on
// fd, on readiness that was there already. So wait after a read or write
// has failed with EAGAIN, never on data left unread:
//
//	for {
//		n, err := unix.Read(fd, buf)
//		if err == unix.EAGAIN {
//			if _, err := rt.Await(rt.WaitFD(fd, rt.Readable)); err != nil {
//				return err
//			}
//			continue
//		}
//		...
//	}
//
// The op may also complete with nothing to read (a wake-up meant for an
// earlier wait): try again. The loop registers fd with its selector at the
// first wait and keeps it registered; closing fd unregisters it. The loop
// never closes fd. Cancelling the await ends the wait at once. In blocking
// mode the wait is poll(2).
func WaitFD(fd int, ev Events) Op[Events] {
	dir := Readable
	if ev&Writable != 0 && ev&Readable == 0 {
		dir = Writable
	}
	k := &waitReadable
	if dir == Writable {
		k = &waitWritable
	}
	return &waitFDOp{ioOp: ioOp[Events]{kind: k}, fd: fd}
}

// waitFDOp is the op behind WaitFD: it finds or makes the loop's pollFD for
// the caller's descriptor when it starts.
type waitFDOp struct {
	ioOp[Events]
	fd int
}

func (w *waitFDOp) Start(l *Loop) *Future[Events] {
	if w.loop != nil {
		return &w.fut
	}
	p := l.externalFD(w.fd)
	w.ioOp.p = p
	w.ioOp.loop = l
	w.ioOp.fut.owner = &w.ioOp
	w.ioOp.reuse.Store(opRunning)
	if err := l.waitFD(p, &w.ioOp); err != nil {
		w.ioOp.complete(0, err)
	}
	return &w.ioOp.fut
}

func (w *waitFDOp) block() (Events, error) {
	if err := externalPollFD(w.fd).waitBlocking(w.ioOp.kind.dir); err != nil {
		return 0, err
	}
	return w.ioOp.kind.dir, nil
}

// The kinds of WaitFD's op: the attempt completes the wait, as it runs
// once the loop has seen the descriptor ready.
var (
	waitReadable = ioKind[Events]{name: "wait", dir: Readable, try: tryWait}
	waitWritable = ioKind[Events]{name: "wait", dir: Writable, try: tryWait}
)

func tryWait(o *ioOp[Events]) (Events, error) { return o.kind.dir, nil }

// externalFD returns the pollFD of the caller's descriptor fd on this loop.
func (l *Loop) externalFD(fd int) *pollFD {
	if fd >= 0 && fd < len(l.regs) {
		if r := l.regs[fd]; r != nil && r.p.flags&external != 0 {
			return r.p
		}
	}
	return externalPollFD(fd)
}

// externalPollFD returns a pollFD for the caller's descriptor fd, which
// nothing here closes.
func externalPollFD(fd int) *pollFD {
	p := newPollFD(fd, nil)
	p.flags |= external
	return p
}
