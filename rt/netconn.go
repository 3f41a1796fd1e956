package rt

import (
	"net"
	"os"
	"sync"
	"time"
)

// NetConn returns c, a connection of loop l, as a net.Conn for ordinary
// blocking code on other goroutines: libraries that need a net.Conn. Each
// Read and Write is handed to l (through Submit) as the op of the same
// name, and the calling goroutine waits for it. Deadlines work as the net
// package documents them: one that passes, or is moved into the past,
// while a Read or Write waits cancels it, which then fails with an error
// that matches os.ErrDeadlineExceeded (a Write yields how much it wrote).
//
// l must be running for Read and Write to make progress; once it is
// closed they fail with net.ErrClosed or ErrClosed. Do not call the
// returned conn's Read or Write from l's own goroutine, which they would
// deadlock; tasks use c itself.
func NetConn(l *Loop, c *Conn) net.Conn { return &netConn{l: l, c: c} }

type netConn struct {
	l      *Loop
	c      *Conn
	rd, wr deadline
}

func (a *netConn) Read(b []byte) (int, error)  { return a.rd.do(a.l, a.c.Read(b)) }
func (a *netConn) Write(b []byte) (int, error) { return a.wr.do(a.l, a.c.Write(b)) }
func (a *netConn) Close() error                { return a.c.Close() }
func (a *netConn) LocalAddr() net.Addr         { return a.c.LocalAddr() }
func (a *netConn) RemoteAddr() net.Addr        { return a.c.RemoteAddr() }

// CloseWrite shuts down the writing side, as net.TCPConn's does.
func (a *netConn) CloseWrite() error {
	var err error
	if serr := callOn(a.l, func() { err = a.c.CloseWrite() }); serr != nil {
		return serr
	}
	return err
}

// callOn runs fn on loop l and waits until it has run. A loop runs every
// callback it accepted, even when it closes.
func callOn(l *Loop, fn func()) error {
	done := make(chan struct{})
	if err := l.Submit(func() {
		defer close(done)
		fn()
	}); err != nil {
		return err
	}
	<-done
	return nil
}

func (a *netConn) SetDeadline(t time.Time) error {
	a.rd.set(a.l, t)
	a.wr.set(a.l, t)
	return nil
}

func (a *netConn) SetReadDeadline(t time.Time) error  { a.rd.set(a.l, t); return nil }
func (a *netConn) SetWriteDeadline(t time.Time) error { a.wr.set(a.l, t); return nil }

// A deadline is one direction's deadline of a netConn, and the operation
// in flight in that direction. at is shared with the goroutines that set
// it; the rest belongs to the loop.
type deadline struct {
	mu  sync.Mutex
	at  time.Time
	cur *flight // the operation in flight, on the loop
}

// A flight is one Read or Write of a netConn.
type flight struct {
	d       *deadline
	fut     *Future[int]
	timer   *Timer
	expired bool          // the deadline cancelled it
	done    chan struct{} // closed when it has finished
	n       int
	err     error
}

// do runs op on loop l and waits for it, within the deadline.
func (d *deadline) do(l *Loop, op Op[int]) (int, error) {
	d.mu.Lock()
	at := d.at
	d.mu.Unlock()
	if !at.IsZero() && !time.Now().Before(at) {
		return 0, os.ErrDeadlineExceeded
	}
	fl := &flight{d: d, done: make(chan struct{})}
	if err := l.Submit(func() { fl.begin(l, op) }); err != nil {
		return 0, err
	}
	<-fl.done
	if fl.expired && fl.err != nil {
		return fl.n, os.ErrDeadlineExceeded
	}
	return fl.n, fl.err
}

func (fl *flight) begin(l *Loop, op Op[int]) {
	fl.d.cur = fl
	fl.fut = op.Start(l)
	if !fl.fut.isDone() {
		fl.d.arm(l)
	}
	watch(&fl.fut.futureCore, fl)
}

// wake is called on the loop when the operation has finished.
func (fl *flight) wake(*futureCore) {
	if fl.timer != nil {
		fl.timer.Stop()
	}
	if fl.d.cur == fl {
		fl.d.cur = nil
	}
	fl.n, fl.err = fl.fut.val, fl.fut.err
	close(fl.done)
}

// arm sets the timer of the operation in flight to the deadline, or
// cancels the operation if the deadline has passed. It runs on the loop.
func (d *deadline) arm(l *Loop) {
	fl := d.cur
	if fl == nil {
		return
	}
	if fl.timer != nil {
		fl.timer.Stop()
		fl.timer = nil
	}
	d.mu.Lock()
	at := d.at
	d.mu.Unlock()
	if at.IsZero() {
		return
	}
	expire := func() {
		if !fl.fut.isDone() {
			fl.expired = true
			fl.fut.cancel()
		}
	}
	if wait := time.Until(at); wait > 0 {
		fl.timer = l.CallLater(wait, expire)
	} else {
		expire()
	}
}

// set moves the deadline, and the timer of the operation in flight.
func (d *deadline) set(l *Loop, t time.Time) {
	d.mu.Lock()
	d.at = t
	d.mu.Unlock()
	l.Submit(func() { d.arm(l) }) // a closed loop has nothing in flight
}
