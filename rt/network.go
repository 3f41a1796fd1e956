package rt

import (
	"errors"
	"io"
	"net"
	"time"
)

// Networks other than the operating system's.
//
// A loop made WithNetwork(n) hands Dial, Listen and ListenPacket to n
// instead of the operating system: that is how package rt/sim runs the
// same code over a simulated network. n makes its sockets as the three
// small interfaces below (StreamSocket, ListenSocket, PacketSocket), which
// never wait, and NewConn, NewListener and NewPacketConn wrap them into
// the Conn, Listener and PacketConn that the code uses: their ops, the
// Reader and Writer, deadlines and Timeout then work as they do on real
// sockets. The network says when a socket may have become ready by
// calling the function that the wrapper returns, as a selector reports a
// descriptor, and the wrapper retries the operations waiting on it.
//
// Everything here happens on the loop's goroutine: the Network's methods
// are called there, the sockets' methods too, and the network must call
// the ready functions there (from a callback it Submits, say). Blocking
// mode, where no loop runs, always uses the operating system's sockets.

// ErrWouldBlock is what a socket of a Network returns from an operation
// that cannot go ahead now: nothing to read, no room to write, no
// connection to accept. The operation waits until the network reports
// the socket ready again.
var ErrWouldBlock = errors.New("rt: operation would block")

// A Network is a socket layer for a loop (see WithNetwork). Each method
// starts the operation on loop l and returns a future that the network
// completes, on l's goroutine, with the socket or with an error (one that
// matches syscall.ECONNREFUSED for a refused connection, as the net
// package's do).
type Network interface {
	Dial(l *Loop, network, address string) *Future[*Conn]
	Listen(l *Loop, network, address string) *Future[*Listener]
	ListenPacket(l *Loop, network, address string) *Future[*PacketConn]
}

// WithNetwork makes Dial, Listen and ListenPacket, awaited in the loop's
// tasks, use n instead of the operating system's sockets.
func WithNetwork(n Network) Option { return func(l *Loop) { l.net = userNetwork{n} } }

// A StreamSocket is a connected stream socket of a Network, which
// NewConn makes a Conn. Its methods never wait.
type StreamSocket interface {
	// TryRead reads what is there into b: at least one byte, or
	// ErrWouldBlock if there is none yet, or io.EOF at the end of the
	// stream, or the error that broke the connection
	// (syscall.ECONNRESET...).
	TryRead(b []byte) (int, error)
	// TryWrite writes what it can of b, and ErrWouldBlock if that is
	// not all of it.
	TryWrite(b []byte) (int, error)
	// CloseWrite shuts down the writing side: the peer reads io.EOF.
	CloseWrite() error
	// Close closes the socket.
	Close() error
	LocalAddr() net.Addr
	RemoteAddr() net.Addr
}

// A ListenSocket is a listening socket of a Network, which NewListener
// makes a Listener.
type ListenSocket interface {
	// TryAccept returns the next connection, made with NewConn on the
	// listener's loop, or ErrWouldBlock if none is waiting.
	TryAccept() (*Conn, error)
	Close() error
	Addr() net.Addr
}

// A PacketSocket is a datagram socket of a Network, which NewPacketConn
// makes a PacketConn.
type PacketSocket interface {
	// TryReadFrom reads the next datagram into b, cutting it to fit, or
	// returns ErrWouldBlock if none is waiting.
	TryReadFrom(b []byte) (int, net.Addr, error)
	// TryWriteTo sends b to addr (a datagram that cannot go now may be
	// dropped, as UDP drops it).
	TryWriteTo(b []byte, addr net.Addr) (int, error)
	Close() error
	LocalAddr() net.Addr
}

// NewConn returns a Conn over s for the tasks of loop l, and the function
// with which the network reports, on l's goroutine, that s may have become
// ready in the directions of ev (Readable: something to read, the end of
// the stream or an error; Writable: room to write). A report of readiness
// that is not there does no harm: the operations try again and wait again.
func NewConn(l *Loop, s StreamSocket) (*Conn, func(ev Events)) {
	c := &netSocket{s: s, loop: l}
	return &Conn{s: (*netStream)(c)}, c.ready
}

// NewListener returns a Listener over s for the tasks of loop l, and the
// function with which the network reports that a connection may be
// waiting (Readable), as for NewConn.
func NewListener(l *Loop, s ListenSocket) (*Listener, func(ev Events)) {
	c := &netSocket{s: s, loop: l}
	return &Listener{s: (*netAcceptor)(c)}, c.ready
}

// NewPacketConn returns a PacketConn over s for the tasks of loop l, and
// the function with which the network reports that a datagram may be
// waiting (Readable), as for NewConn.
func NewPacketConn(l *Loop, s PacketSocket) (*PacketConn, func(ev Events)) {
	c := &netSocket{s: s, loop: l}
	return &PacketConn{s: (*netDatagrams)(c)}, c.ready
}

// userNetwork is a Network as a loop's netstack.
type userNetwork struct{ n Network }

func (u userNetwork) dial(l *Loop, network, address string) *Future[*Conn] {
	return u.n.Dial(l, network, address)
}

func (u userNetwork) listen(l *Loop, network, address string) *Future[*Listener] {
	return u.n.Listen(l, network, address)
}

func (u userNetwork) listenPacket(l *Loop, network, address string) *Future[*PacketConn] {
	return u.n.ListenPacket(l, network, address)
}

func (userNetwork) dialBlocking(network, address string) (*Conn, error) {
	return osNetwork{}.dialBlocking(network, address)
}

func (userNetwork) listenBlocking(network, address string) (*Listener, error) {
	return osNetwork{}.listenBlocking(network, address)
}

func (userNetwork) listenPacketBlocking(network, address string) (*PacketConn, error) {
	return osNetwork{}.listenPacketBlocking(network, address)
}

// netSocket is a socket of a Network and the operations waiting on it.
// netStream, netAcceptor and netDatagrams are its three faces.
type netSocket struct {
	s      any // a StreamSocket, ListenSocket or PacketSocket
	loop   *Loop
	q      []fdWaiter
	closed bool
}

// ready retries the operations waiting in the directions of ev.
func (c *netSocket) ready(ev Events) {
	var dirs Events
	if ev&(Readable|Hangup|ReadHangup) != 0 {
		dirs |= Readable
	}
	if ev&(Writable|Hangup) != 0 {
		dirs |= Writable
	}
	retryQueue(&c.q, dirs)
}

// wait queues w until the socket is ready in its direction.
func (c *netSocket) wait(w fdWaiter) error {
	if c.closed {
		return net.ErrClosed
	}
	c.q = append(c.q, w)
	return nil
}

// shut closes the socket with close and fails the operations waiting.
func (c *netSocket) shut(close func() error) error {
	if c.closed {
		return net.ErrClosed
	}
	c.closed = true
	err := close()
	ws := c.q
	c.q = nil
	for _, w := range ws {
		w.abort(net.ErrClosed)
	}
	return err
}

// opError wraps err as operation op of a socket between local and remote.
func (c *netSocket) opError(op string, err error, local, remote net.Addr) error {
	if err == nil || err == io.EOF || err == ErrCanceled || err == ErrClosed {
		return err
	}
	network := "tcp"
	if local != nil {
		network = local.Network()
	}
	return &net.OpError{Op: op, Net: network, Source: local, Addr: remote, Err: err}
}

// netOpOf is an operation on a netSocket: try attempts it once, returning
// ErrWouldBlock to wait; wrap makes its error the socket's.
type netOpOf[T any] struct {
	fut     Future[T]
	c       *netSocket
	dir     Events
	try     func() (T, error)
	wrap    func(error) error
	started bool
	waiting bool
}

func (o *netOpOf[T]) Start(l *Loop) *Future[T] {
	if o.started {
		return &o.fut
	}
	o.started = true
	o.fut.owner = o
	if o.c.closed {
		var zero T
		o.fut.Complete(zero, o.wrap(net.ErrClosed))
		return &o.fut
	}
	if !o.retry() {
		o.waiting = true
		o.c.q = append(o.c.q, o)
	}
	return &o.fut
}

func (o *netOpOf[T]) retry() bool {
	if o.fut.isDone() {
		return true
	}
	v, err := o.try()
	if err == ErrWouldBlock {
		return false
	}
	o.waiting = false
	o.fut.Complete(v, o.wrap(err))
	return true
}

func (o *netOpOf[T]) abort(err error) {
	o.waiting = false
	var zero T
	o.fut.Complete(zero, o.wrap(err))
}

func (o *netOpOf[T]) waitDir() Events { return o.dir }

func (o *netOpOf[T]) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	if o.waiting {
		o.waiting = false
		o.c.q = removeWaiter(o.c.q, o)
	}
	var zero T
	o.fut.Complete(zero, ErrCanceled)
	return true
}

// netStream is a netSocket over a StreamSocket: a Conn's stream.
type netStream netSocket

func (c *netStream) sock() StreamSocket { return c.s.(StreamSocket) }

func (c *netStream) opError(op string, err error) error {
	return (*netSocket)(c).opError(op, err, c.local(), c.remote())
}

func (c *netStream) recv(b []byte) Op[int] {
	o := &netOpOf[int]{c: (*netSocket)(c), dir: Readable}
	o.try = func() (int, error) {
		if len(b) == 0 {
			return 0, nil
		}
		return c.sock().TryRead(b)
	}
	o.wrap = func(err error) error { return c.opError("read", err) }
	return o
}

func (c *netStream) send(b []byte) Op[int] {
	o := &netOpOf[int]{c: (*netSocket)(c), dir: Writable}
	done := 0
	o.try = func() (int, error) {
		for done < len(b) {
			n, err := c.sock().TryWrite(b[done:])
			done += n
			if err != nil {
				return done, err
			}
		}
		return done, nil
	}
	o.wrap = func(err error) error { return c.opError("write", err) }
	return o
}

func (c *netStream) osSock() *pollFD { return nil }

func (c *netStream) readNow(l *Loop, b []byte) (int, error) {
	if c.closed {
		return 0, c.opError("read", net.ErrClosed)
	}
	n, err := c.sock().TryRead(b)
	switch {
	case err == ErrWouldBlock:
		return 0, errAgain
	case err != nil:
		return n, c.opError("read", err)
	}
	return n, nil
}

func (c *netStream) drained(*Loop) bool { return false }

func (c *netStream) waitRead(l *Loop, w fdWaiter) error { return (*netSocket)(c).wait(w) }

func (c *netStream) unwaitRead(l *Loop, w fdWaiter) { c.q = removeWaiter(c.q, w) }

func (c *netStream) waitReadBlocking(time.Time) error { return errNetBlocking }

func (c *netStream) shut() error {
	return (*netSocket)(c).shut(c.sock().Close)
}

func (c *netStream) shutWrite() error {
	if c.closed {
		return c.opError("close", net.ErrClosed)
	}
	return c.opError("close", c.sock().CloseWrite())
}

func (c *netStream) setNoDelay(bool) error { return nil }
func (c *netStream) local() net.Addr       { return c.sock().LocalAddr() }
func (c *netStream) remote() net.Addr      { return c.sock().RemoteAddr() }

// errNetBlocking is the error of a Network's socket used in blocking mode.
var errNetBlocking = errors.New("rt: a socket of a Network is used from a loop's tasks, not in blocking mode")

// netAcceptor is a netSocket over a ListenSocket: a Listener's acceptor.
type netAcceptor netSocket

func (c *netAcceptor) sock() ListenSocket { return c.s.(ListenSocket) }

func (c *netAcceptor) acceptConn() Op[*Conn] {
	o := &netOpOf[*Conn]{c: (*netSocket)(c), dir: Readable, try: c.sock().TryAccept}
	o.wrap = func(err error) error { return (*netSocket)(c).opError("accept", err, c.local(), nil) }
	return o
}

func (c *netAcceptor) shut() error     { return (*netSocket)(c).shut(c.sock().Close) }
func (c *netAcceptor) local() net.Addr { return c.sock().Addr() }

// netDatagrams is a netSocket over a PacketSocket: a PacketConn's
// datagrams.
type netDatagrams netSocket

func (c *netDatagrams) sock() PacketSocket { return c.s.(PacketSocket) }

func (c *netDatagrams) recvFrom(b []byte) Op[Datagram] {
	o := &netOpOf[Datagram]{c: (*netSocket)(c), dir: Readable}
	o.try = func() (Datagram, error) {
		n, addr, err := c.sock().TryReadFrom(b)
		return Datagram{N: n, Addr: addr}, err
	}
	o.wrap = func(err error) error { return (*netSocket)(c).opError("read", err, c.local(), nil) }
	return o
}

func (c *netDatagrams) sendTo(b []byte, addr net.Addr) Op[int] {
	o := &netOpOf[int]{c: (*netSocket)(c), dir: Writable}
	o.try = func() (int, error) { return c.sock().TryWriteTo(b, addr) }
	o.wrap = func(err error) error { return (*netSocket)(c).opError("write", err, c.local(), addr) }
	return o
}

func (c *netDatagrams) shut() error     { return (*netSocket)(c).shut(c.sock().Close) }
func (c *netDatagrams) local() net.Addr { return c.sock().LocalAddr() }
