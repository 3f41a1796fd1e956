package rt

import (
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// How the loop waits on descriptors.
//
// A descriptor the runtime manages (a socket, or one given to WaitFD) is a
// pollFD. Its operations try the system call first, on the goroutine that
// awaits them, and wait only when it fails with EAGAIN: a ready socket
// costs no trip through the selector, as with Go's netpoll and asyncio's
// sock_recv.
//
// To wait on a loop, the descriptor is registered with that loop's
// selector once, edge-triggered, for both directions (see Edge), and stays
// registered until it is closed or the loop closes: no system call per
// wait. Edge triggering is safe because the loop is one goroutine: an
// operation's failed attempt and its entry in the wait queue happen with no
// poll in between, so any readiness after the EAGAIN is an edge the
// selector reports later. A loop may be woken for readiness nobody waits
// on (data that arrived while no read was pending): it then does nothing.
//
// Each loop keeps its own registration and wait queues (fdReg), so that a
// descriptor can be used from tasks of more than one loop, and from
// goroutines in blocking mode, where an operation waits in poll(2).
//
// Closing a descriptor never closes its number under a system call in
// progress: every call holds a reference (incref/decref), and the number is
// closed when the last reference goes, at once if none is in flight. Close
// marks the descriptor closing, wakes the goroutines blocked on it, and
// asks each loop it is registered with to fail its waiting operations and
// drop the registration. A registration holds no reference: the system
// drops a closed descriptor from every selector by itself, and a loop that
// finds a number it had registered in use by another descriptor forgets
// the old one (see register).

// fdClosing is the bit of pollFD.state that says Close has begun; the bits
// below count references.
const fdClosing = 1 << 63

// pollFD is a non-blocking descriptor that loops and blocking callers wait
// on. For a socket it also holds what errors and addresses report. It is
// kept small, as an idle connection is little more than its pollFD: what
// few descriptors need is out of line, in rare.
type pollFD struct {
	// The fields a connection's requests use come first, to share as
	// few cache lines as may be.

	// reg is the registration of the first loop that registers p (see
	// newRegLocked): a loop's fdReg for p is mostly this one, in the same
	// memory as the rest of p. Only that loop touches it.
	reg     fdReg
	regLoop atomic.Pointer[Loop] // the loop whose registration reg is: see Loop.regOf

	conn     Conn // a connection's Conn: see asConn
	sysfd    int32
	toPark   bool          // in home.toPark: see Loop.parkLater; home's alone
	regTaken bool          // reg is in use; guarded by mu
	homeReg  bool          // registered with home's selector; other loops are in rare.loops
	kind     sockKind      // what socket it is; noSocket for a descriptor of the caller's; set once
	state    atomic.Uint64 // fdClosing | references
	home     *Loop         // the loop whose Close closes it, if any; set once

	wop, rop atomic.Pointer[ioOp[int]] // the ops of Conn.Write and Read, kept: see keptOp

	ownIdx   int32   // its index in home.owned, while there
	flags    fdFlags // set once, when the descriptor is made, as are the peer's fields
	peerPort uint16
	mu       sync.Mutex // guards homeReg, rare and regTaken
	rare     *fdRare    // nil until needed
	peerIP   [16]byte   // a TCP connection's peer, with peerPort and peerV4
}

// fdFlags are a pollFD's flags, set when it is made.
type fdFlags uint8

const (
	external fdFlags = 1 << iota // the caller's descriptor (WaitFD): never closed here
	peerSet                      // peerIP and peerPort hold the peer
	peerV4                       // and it is an IPv4 one
)

// fdRare is the part of a pollFD that most descriptors never need.
type fdRare struct {
	wakeR, wakeW int    // a pipe that Close makes readable, for blocked polls; -1 until made
	unlink       string // a unix listener's path, removed on close
	laddr, raddr net.Addr
	peerZone     uint32                      // the peer's IPv6 scope, if it has one
	loops        []*Loop                     // the loops it is registered with after the first
	acc          atomic.Pointer[ioOp[*Conn]] // a listener's Accept op, kept: see keptOp
}

// rareLocked returns p.rare, making it if need be. p.mu is held.
func (p *pollFD) rareLocked() *fdRare {
	if p.rare == nil {
		p.rare = &fdRare{wakeR: -1, wakeW: -1}
	}
	return p.rare
}

// A sockKind is what a socket is, for addresses and errors.
type sockKind uint8

const (
	noSocket sockKind = iota
	tcpSocket
	udpSocket
	unixSocket
)

// kindOf is the sockKind of protocol proto ("tcp", "udp", "unix").
func kindOf(proto string) sockKind {
	switch proto {
	case "tcp":
		return tcpSocket
	case "udp":
		return udpSocket
	case "unix":
		return unixSocket
	}
	return noSocket
}

// String is the protocol's name, as net.OpError.Net gives it.
func (k sockKind) String() string { return [...]string{"", "tcp", "udp", "unix"}[k] }

// ipPort is an IP socket address as accept hands it over without an
// allocation (see sysAccept); the pollFD keeps it inline.
type ipPort struct {
	ip    [16]byte
	zone  uint32 // IPv6 scope; 0 for none
	port  uint16
	v4    bool
	valid bool
}

// newPollFD returns a pollFD for sysfd with one reference, the one that
// close drops. A loop that is not private owns the descriptors its
// operations create: it closes them when it closes.
func newPollFD(sysfd int, home *Loop) *pollFD {
	p := new(pollFD)
	p.init(sysfd, home)
	return p
}

// init is newPollFD for a pollFD allocated with what holds it (a Conn).
func (p *pollFD) init(sysfd int, home *Loop) {
	p.sysfd = int32(sysfd)
	p.state.Store(1)
	if home != nil && !home.private {
		home.mu.Lock()
		if home.closed.Load() {
			home.mu.Unlock()
			// The loop is closing: it will not close this one.
			return
		}
		p.home = home
		p.ownIdx = int32(len(home.owned))
		home.owned = append(home.owned, p)
		home.mu.Unlock()
	}
}

// loopsLocked returns the loops p is registered with. p.mu is held.
func (p *pollFD) loopsLocked() []*Loop {
	var loops []*Loop
	if p.homeReg {
		loops = append(loops, p.home)
	}
	if p.rare != nil {
		loops = append(loops, p.rare.loops...)
	}
	return loops
}

// addLoopLocked records that p is registered with l. p.mu is held.
func (p *pollFD) addLoopLocked(l *Loop) {
	if l == p.home && !p.homeReg {
		p.homeReg = true
		return
	}
	x := p.rareLocked()
	x.loops = append(x.loops, l)
}

// dropLoopLocked forgets that p is registered with l. p.mu is held.
func (p *pollFD) dropLoopLocked(l *Loop) {
	if l == p.home && p.homeReg {
		p.homeReg = false
		return
	}
	if p.rare != nil {
		p.rare.loops = slices.DeleteFunc(p.rare.loops, func(x *Loop) bool { return x == l })
	}
}

// incref takes a reference for a system call or a registration. It reports
// false if the descriptor is closing.
func (p *pollFD) incref() bool {
	for {
		s := p.state.Load()
		if s&fdClosing != 0 {
			return false
		}
		if p.state.CompareAndSwap(s, s+1) {
			return true
		}
	}
}

// decref drops a reference; the last one of a closing descriptor closes it.
func (p *pollFD) decref() {
	if p.state.Add(^uint64(0)) == fdClosing {
		p.destroy()
	}
}

// closing reports whether Close has begun.
func (p *pollFD) closing() bool { return p.state.Load()&fdClosing != 0 }

// close begins closing the descriptor: operations on it fail with
// net.ErrClosed from now on, those waiting on loops fail (on the loop cur,
// whose goroutine calls close, at once; on others at their next turn),
// goroutines blocked on it wake, and its number is closed once nothing uses
// it. cur may be nil. It returns net.ErrClosed if the descriptor was
// closing already.
func (p *pollFD) close(cur *Loop) error {
	for {
		s := p.state.Load()
		if s&fdClosing != 0 {
			return net.ErrClosed
		}
		if p.state.CompareAndSwap(s, s|fdClosing) {
			break
		}
	}
	p.mu.Lock()
	loops := p.loopsLocked()
	p.wakeBlocked()
	p.mu.Unlock()
	for _, l := range loops {
		if l == cur {
			l.detach(p, net.ErrClosed)
			continue
		}
		// If the loop refuses (it is closing), its Close detaches p.
		l.Submit(func() { l.detach(p, net.ErrClosed) })
	}
	p.decref()
	return nil
}

// disown forgets p in its home loop's list of descriptors to close.
func (p *pollFD) disown() {
	if h := p.home; h != nil {
		h.mu.Lock()
		// Move the last one into p's place: two stores, as for tasks.
		if i := int(p.ownIdx); i < len(h.owned) && h.owned[i] == p {
			last := len(h.owned) - 1
			h.owned[i] = h.owned[last]
			h.owned[i].ownIdx = int32(i)
			h.owned[last] = nil
			h.owned = h.owned[:last]
		}
		h.mu.Unlock()
	}
}

// An fdWaiter is an operation waiting in a loop for its descriptor to be
// ready.
type fdWaiter interface {
	// retry tries the operation again, and reports whether it is done
	// (false: EAGAIN again, keep it waiting).
	retry() bool
	// abort ends the operation with err: its descriptor is closing, or
	// the loop is.
	abort(err error)
	// waitDir is the direction it waits in: Readable or Writable.
	waitDir() Events
}

// fdReg is a descriptor's registration with one loop and the operations
// waiting there. Only the loop's goroutine touches it.
type fdReg struct {
	p *pollFD
	q []fdWaiter // in the order they began to wait, both directions
	// drained says that the last read on this loop found the socket
	// empty: it returned less than it asked for, and the selector has not
	// reported the socket readable since. The next read waits for the
	// selector without trying, saving a read(2) that would fail with
	// EAGAIN. It is safe because the registration is edge-triggered: any
	// data that arrives after that read is an edge the selector reports.
	// Once the peer has shut down its side (ReadHangup), the end of the
	// stream is there to read with no edge to come, so it stays false.
	drained bool
	eof     bool // the selector has reported ReadHangup or Hangup

	// q0 holds q while one operation waits, as one mostly does: a
	// connection's registration is then one object with its pollFD
	// (see pollFD.reg), not three, and an event touches less memory.
	q0 [1]fdWaiter
}

// newRegLocked returns the fdReg for a registration of p with a loop: p's
// own, unless another loop's registration has it. p.mu is held.
func (p *pollFD) newRegLocked(l *Loop) *fdReg {
	if p.regTaken {
		return new(fdReg)
	}
	p.regTaken = true
	p.regLoop.Store(l)
	return &p.reg
}

// freeRegLocked gives back r, once its loop has forgotten it. p.mu is held.
func (p *pollFD) freeRegLocked(r *fdReg) {
	if r == &p.reg {
		p.regTaken = false
		p.regLoop.Store(nil)
	}
}

// register registers p with the loop's selector, if it is not already.
func (l *Loop) register(p *pollFD) (*fdReg, error) {
	fd := int(p.sysfd)
	if fd < 0 {
		return nil, net.ErrClosed
	}
	if p.regLoop.Load() == l {
		return &p.reg, nil
	}
	if fd < len(l.regs) {
		if r := l.regs[fd]; r != nil {
			if r.p == p {
				return r, nil
			}
			// A descriptor of the caller's that was closed and whose
			// number is in use again: forget it.
			l.detach(r.p, net.ErrClosed)
		}
	}
	if l.closeState == closeDone {
		return nil, ErrClosed
	}
	if !p.incref() { // keep the number from closing under the Add
		return nil, net.ErrClosed
	}
	defer p.decref()
	if err := l.poller.Add(fd, Readable|Writable|Edge); err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.addLoopLocked(l)
	r := p.newRegLocked(l)
	p.mu.Unlock()
	if p.closing() {
		// close ran between incref and the add, and did not see this
		// loop: undo.
		p.mu.Lock()
		p.dropLoopLocked(l)
		p.freeRegLocked(r)
		p.mu.Unlock()
		l.poller.Remove(fd)
		return nil, net.ErrClosed
	}
	if fd >= len(l.regs) {
		regs := make([]*fdReg, max(fd+1, 2*len(l.regs), 64))
		copy(regs, l.regs)
		l.regs = regs
	}
	*r = fdReg{p: p}
	r.q = r.q0[:0:1]
	l.regs[fd] = r
	l.watching++
	return r, nil
}

// waitFD queues w until p is ready in w's direction.
func (l *Loop) waitFD(p *pollFD, w fdWaiter) error {
	r, err := l.register(p)
	if err != nil {
		return err
	}
	if w.waitDir() == Readable {
		l.parkLater(p)
	}
	switch {
	case len(r.q) == 0:
		r.q = r.q0[:0:1] // back inline, if it had spilled
	case cap(r.q) == 1:
		// A second waiter: the queue moves to an array of its own, and
		// q0 keeps no copy of the first.
		r.q = append(make([]fdWaiter, 0, 4), r.q[0])
		r.q0[0] = nil
	}
	r.q = append(r.q, w)
	return nil
}

// parkAfter is how long the ops of a Conn that waits to read may stay with
// it, on a loop that does not go idle, before they are parked (see park).
const parkAfter = 100 * time.Millisecond

// parkLater notes that Conn p waits to read, so that its ops are parked
// once the loop goes idle or parkAfter has passed, whichever comes first
// (see parkDue), if they are still unused then. A busy connection, which
// reads again and again, keeps them in between: parking them at every
// wait and taking one back at the next write costs the loop's pool lock
// and half a dozen atomic operations per request.
func (l *Loop) parkLater(p *pollFD) {
	if p.home == l && !p.toPark {
		p.toPark = true
		l.toPark = append(l.toPark, p)
	}
}

// parkIfDue parks the ops of the Conns that parkLater noted, if parkAfter
// has passed since it last did. A turn asks when it waits, and a busy
// loop that never waits every pollEvery turns: l.toPark holds the Conns
// closed since, too, until it is emptied.
func (l *Loop) parkIfDue() {
	if len(l.toPark) > 0 && l.now()-l.parkedAt >= int64(parkAfter) {
		l.parkDue()
	}
}

// parkDue parks the ops of the Conns that parkLater noted.
func (l *Loop) parkDue() {
	for i, p := range l.toPark {
		p.toPark = false
		l.park(p)
		l.toPark[i] = nil
	}
	l.toPark = l.toPark[:0]
	if cap(l.toPark) > 64 {
		l.toPark = nil // a server's worth of connections: let it go
	}
	l.parkedAt = l.now()
}

// regOf returns the loop's registration of p, or nil: the one inside p
// if it is this loop's (found without l.regs, and so without touching
// the memory of its slot), else the loop's table's.
func (l *Loop) regOf(p *pollFD) *fdReg {
	if p.regLoop.Load() == l {
		return &p.reg
	}
	fd := int(p.sysfd)
	if fd < 0 || fd >= len(l.regs) {
		return nil
	}
	if r := l.regs[fd]; r != nil && r.p == p {
		return r
	}
	return nil
}

// drained reports whether a read of p on this loop would find nothing:
// see fdReg.drained.
func (l *Loop) drained(p *pollFD) bool {
	r := l.regOf(p)
	return r != nil && r.drained
}

// drain notes that a read of p on this loop came back short, if the
// selector will report more data: see fdReg.drained.
func (l *Loop) drain(p *pollFD) {
	if r := l.regOf(p); r != nil && !r.eof {
		r.drained = true
	}
}

// unwaitFD takes w out of p's wait queue, as cancelling it does.
func (l *Loop) unwaitFD(p *pollFD, w fdWaiter) {
	if r := l.regOf(p); r != nil {
		r.q = removeWaiter(r.q, w)
	}
}

func removeWaiter(q []fdWaiter, w fdWaiter) []fdWaiter {
	if i := slices.Index(q, w); i >= 0 {
		return deleteWaiter(q, i)
	}
	return q
}

// detach drops p's registration with the loop and aborts its waiting
// operations with err.
func (l *Loop) detach(p *pollFD, err error) {
	fd := int(p.sysfd)
	if fd >= len(l.regs) || l.regs[fd] == nil || l.regs[fd].p != p {
		return
	}
	r := l.regs[fd]
	l.regs[fd] = nil
	l.watching--
	if p.incref() {
		// Still open: unregister it. (A closed descriptor is gone from
		// the selector already, and its number may be another's now.)
		l.poller.Remove(fd)
		p.decref()
	}
	ws := r.q
	r.q = nil
	for _, w := range ws {
		l.call(func() { w.abort(err) })
	}
	clear(r.q0[:])
	p.mu.Lock()
	p.dropLoopLocked(l)
	p.freeRegLocked(r)
	p.mu.Unlock()
}

// fdReady retries the operations waiting on r for events ev, in the order
// they began, until one finds the descriptor not ready after all.
func (l *Loop) fdReady(r *fdReg, ev Events) {
	returned := false
	defer func() {
		if !returned {
			l.callbackEnded(recover())
		}
	}()
	var dirs Events
	if ev&(Readable|Hangup) != 0 {
		r.drained = false
		if ev&(ReadHangup|Hangup) != 0 {
			r.eof = true
		}
		dirs |= Readable
	}
	if ev&(Writable|Hangup) != 0 {
		dirs |= Writable
	}
	retryQueue(&r.q, dirs)
	returned = true
}

// retryQueue retries the operations of *q that wait in a direction of
// dirs, in the order they began, until one in each direction finds the
// descriptor not ready after all. Each leaves the queue before it runs
// (its completion may queue, or cancel, others) and goes back to its place
// if it must wait again.
func retryQueue(q *[]fdWaiter, dirs Events) {
	for dirs != 0 {
		i := 0
		for i < len(*q) && (*q)[i].waitDir()&dirs == 0 {
			i++
		}
		if i == len(*q) {
			return
		}
		w := (*q)[i]
		*q = deleteWaiter(*q, i)
		if !w.retry() {
			// Nothing ran: the queue is as it was.
			*q = slices.Insert(*q, i, w)
			dirs &^= w.waitDir()
		}
	}
}

// deleteWaiter is slices.Delete(q, i, i+1) without the call that clears
// the freed element: one waiter is cleared by a store.
func deleteWaiter(q []fdWaiter, i int) []fdWaiter {
	last := len(q) - 1
	if i < last {
		copy(q[i:], q[i+1:])
	}
	q[last] = nil
	return q[:last]
}

// closeDescriptors is the last step of Loop.Close: it closes the
// descriptors the loop owns and drops every registration, failing the
// operations still waiting.
func (l *Loop) closeDescriptors() {
	l.closeRing()
	l.mu.Lock()
	owned := l.owned
	l.owned = nil
	l.mu.Unlock()
	for _, p := range owned {
		p.close(l) // disown finds l.owned nil: nothing to forget
	}
	for _, r := range l.regs {
		if r != nil {
			l.detach(r.p, net.ErrClosed)
		}
	}
	l.regs = nil
	clear(l.toPark)
	l.toPark = nil
}

// rearm makes the done future of an op that is reused pending again: Reset
// for a future with an owner, which the op guarantees has been read.
func (f *Future[T]) rearm() {
	var zero T
	f.val, f.err = zero, nil
	if f.extra.Load() != nil {
		f.extra.Store(nil)
	}
	f.state.Store(pending)
}

// completeAtStart completes the future of an op, one that may be kept for
// reuse, as the op starts. A reused op's future is done already, its old
// result read (the op guarantees it): it takes the new result in place,
// without rearm's and Complete's atomic stores (a full barrier each). It
// stays done throughout, so a goroutine that asks it (Done, Wait) is
// never told otherwise, and that a goroutine once waited on it changes
// nothing: its channel is closed, as it would be anew.
func (f *Future[T]) completeAtStart(v T, err error) {
	f.val = v
	f.settleAtStart(err)
}

// settleAtStart is completeAtStart once the value is stored: the part
// that does not depend on T, small enough to be inlined into an op's
// Start (completeAtStart, with its type parameter, is not).
func (c *futureCore) settleAtStart(err error) {
	c.err = err
	if c.state.Load() == pending {
		c.finish()
	}
}

// errAgain is what a system call's wrapper returns for EAGAIN. Its type is
// concrete, so that err == errAgain compares two words rather than calling
// the runtime's interface comparison: it is asked on every read.
var errAgain = &againError{}

type againError struct{}

func (*againError) Error() string { return "rt: internal error: EAGAIN escaped" }
