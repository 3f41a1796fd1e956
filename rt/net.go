package rt

import (
	"net"
	"time"
)

// Hooks for the tests, nil in a program: called at each name lookup a loop
// starts and at each accept system call. A nil check is all they cost.
var onLookup, onAccept func()

// Sockets.
//
// Dial, Listen and ListenPacket return ops, as every operation on a socket
// does: awaited in a task they run on its loop's selector, in blocking mode
// they block the calling goroutine as the net package does. Each operation
// tries its system call first and waits for readiness only if the socket
// is not ready (see WaitFD for how the loop waits), so a socket with data
// waiting costs no trip through the selector.
//
// Errors are the net package's: a *net.OpError around the cause, so that
// errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED)
// and errors.Is(err, net.ErrClosed) hold where they would for a net.Conn,
// and a read at the end of the stream returns io.EOF.
//
// Ownership. A socket made by an op that ran on a loop (Dial, Accept,
// Listen, ListenPacket awaited in a task) belongs to that loop: Loop.Close
// closes it. A socket made in blocking mode belongs to no loop, and nor
// does one made on the private loop that Await runs a combinator on in
// blocking mode (Timeout(Dial(...)), say): close it yourself. Any socket
// may be used from tasks of any loop and, at the same time, from other
// goroutines in blocking mode; Close is safe from any goroutine.

// A netstack is a loop's socket layer. The only one is the operating
// system's (osNetwork); the seam is kept so that another network can
// replace it without changing the user-facing types, which hold its
// sockets behind the interfaces below, never a bare descriptor.
type netstack interface {
	dial(l *Loop, network, address string) *Future[*Conn]
	listen(l *Loop, network, address string) *Future[*Listener]
	listenPacket(l *Loop, network, address string) *Future[*PacketConn]

	// In blocking mode, where no loop runs.
	dialBlocking(network, address string) (*Conn, error)
	listenBlocking(network, address string) (*Listener, error)
	listenPacketBlocking(network, address string) (*PacketConn, error)
}

// stream is a connected stream socket of a netstack.
type stream interface {
	recv(b []byte) Op[int]
	send(b []byte) Op[int]

	// For Reader, which reads without an op so as to hold no buffer while
	// it waits: readNow reads once, on loop l (nil in blocking mode),
	// and fails with errAgain if nothing is there; drained reports,
	// without reading, that it would (see fdReg.drained: readNow does not
	// ask, its callers do first); waitRead queues w on l until the socket
	// is readable, and unwaitRead takes it out;
	// waitReadBlocking waits in blocking mode, until deadline unless it is
	// zero (then it fails with ErrTimeout). opError wraps an error as
	// the socket's operation op.
	readNow(l *Loop, b []byte) (int, error)
	drained(l *Loop) bool
	waitRead(l *Loop, w fdWaiter) error
	unwaitRead(l *Loop, w fdWaiter)
	waitReadBlocking(deadline time.Time) error
	opError(op string, err error) error
	// osSock is the socket itself, for a stream that is one (whose reads
	// may go through the loop's ioRing); nil otherwise.
	osSock() *pollFD

	shut() error
	shutWrite() error
	setNoDelay(on bool) error
	local() net.Addr
	remote() net.Addr
}

// acceptor is a listening socket of a netstack.
type acceptor interface {
	acceptConn() Op[*Conn]
	shut() error
	local() net.Addr
}

// datagrams is a packet socket of a netstack.
type datagrams interface {
	recvFrom(b []byte) Op[Datagram]
	sendTo(b []byte, addr net.Addr) Op[int]
	shut() error
	local() net.Addr
}

// A Conn is a stream connection: TCP or a unix socket.
//
// A Conn keeps the op of its last Read, and of its last Write, and hands
// it out again for the next once it is done, so that a task that reads
// and writes in turn allocates nothing per operation. So read an op's
// result before the same task begins the next operation in the same
// direction, as rt.Await does; a task that holds on to an op's future
// across other awaits should not start another meanwhile. Ops begun by
// other tasks, or while the kept one is in use, are ops of their own.
type Conn struct{ s stream }

// Read returns an op that reads into b, yielding how many bytes it read
// (at least one, unless b is empty) as soon as some are there. At the end
// of the stream it fails with io.EOF. Cancelling the await, as Timeout
// does, stops the read with ErrCanceled and nothing read.
func (c *Conn) Read(b []byte) Op[int] { return c.s.recv(b) }

// Write returns an op that writes all of b, waiting as long as the peer
// does not read, and yields len(b); or it fails with how many bytes it had
// written. Cancelling the await stops the write with ErrCanceled and the
// count written so far. b must not change until the op has completed.
func (c *Conn) Write(b []byte) Op[int] { return c.s.send(b) }

// Close closes the connection. Operations waiting on it fail with an error
// that matches net.ErrClosed, at once on the loop that runs the caller and
// at its next turn on others, and so do later ones. Close is safe from any
// goroutine; closing a closed Conn returns an error that matches
// net.ErrClosed.
func (c *Conn) Close() error { return c.s.shut() }

// CloseWrite shuts down the writing side of the connection: the peer reads
// io.EOF, and may still write to this side.
func (c *Conn) CloseWrite() error { return c.s.shutWrite() }

// SetNoDelay sets whether a TCP connection sends small writes at once
// (true, the default, as in the net package) or delays them to coalesce
// (Nagle's algorithm).
func (c *Conn) SetNoDelay(on bool) error { return c.s.setNoDelay(on) }

// LocalAddr returns the connection's local address.
func (c *Conn) LocalAddr() net.Addr { return c.s.local() }

// RemoteAddr returns the connection's peer's address.
func (c *Conn) RemoteAddr() net.Addr { return c.s.remote() }

// A Listener accepts stream connections: TCP or on a unix socket.
type Listener struct{ s acceptor }

// Accept returns an op that waits for the next connection and yields it.
// While the process is out of file descriptors (EMFILE, ENFILE), Accept
// does not fail and does not spin: it tries again after a pause that
// doubles from 5 ms up to 1 s, and goes on once descriptors are free.
func (ln *Listener) Accept() Op[*Conn] { return ln.s.acceptConn() }

// Close stops listening; a pending Accept fails with an error that matches
// net.ErrClosed. Closing a unix socket listener removes its file. Close is
// safe from any goroutine.
func (ln *Listener) Close() error { return ln.s.shut() }

// Addr returns the address the listener listens on, with the port chosen
// by the system when the address asked for port 0.
func (ln *Listener) Addr() net.Addr { return ln.s.local() }

// A PacketConn sends and receives datagrams: UDP.
type PacketConn struct{ s datagrams }

// A Datagram is what PacketConn.ReadFrom yields: the datagram's length
// and who sent it.
type Datagram struct {
	N    int
	Addr net.Addr
}

// ReadFrom returns an op that reads the next datagram into b; a datagram
// longer than b is cut to fit.
func (pc *PacketConn) ReadFrom(b []byte) Op[Datagram] { return pc.s.recvFrom(b) }

// WriteTo returns an op that sends b as one datagram to addr (a
// *net.UDPAddr) and yields len(b).
func (pc *PacketConn) WriteTo(b []byte, addr net.Addr) Op[int] { return pc.s.sendTo(b, addr) }

// Close closes the socket; pending operations fail with an error that
// matches net.ErrClosed.
func (pc *PacketConn) Close() error { return pc.s.shut() }

// LocalAddr returns the socket's local address.
func (pc *PacketConn) LocalAddr() net.Addr { return pc.s.local() }

// Dial returns an op that connects to address on network and yields the
// connection. network is "tcp", "tcp4", "tcp6" or "unix"; address is as
// for net.Dial ("127.0.0.1:80", "[::1]:80", "example.com:http", or a path
// for "unix"). A host name is resolved on goroutines beside the loop's
// blocking pool (see WithBlockingPool), and each address it resolves to is
// tried in turn; numeric addresses are never resolved. A refused
// connection fails with an error that matches syscall.ECONNREFUSED. Dial
// has no timeout of its own: use Timeout. Cancelling the await closes the
// half-made connection.
func Dial(network, address string) Op[*Conn] {
	return &netOp[*Conn]{network: network, address: address, start: netstack.dial, blocking: netstack.dialBlocking}
}

// Listen returns an op that listens on address and yields the listener.
// network is "tcp", "tcp4", "tcp6" or "unix". A TCP address with an empty
// host ":8080" listens on every local address (IPv6 and IPv4, where the
// system allows); port 0 asks the system to choose. SO_REUSEADDR is set.
func Listen(network, address string) Op[*Listener] {
	return &netOp[*Listener]{network: network, address: address, start: netstack.listen, blocking: netstack.listenBlocking}
}

// ListenPacket returns an op that binds a datagram socket to address on
// network ("udp", "udp4", "udp6") and yields it.
func ListenPacket(network, address string) Op[*PacketConn] {
	return &netOp[*PacketConn]{network: network, address: address, start: netstack.listenPacket, blocking: netstack.listenPacketBlocking}
}

// netOp is the op behind Dial, Listen and ListenPacket: it hands the work
// to the netstack of the loop it starts on, or in blocking mode to the
// operating system's.
type netOp[T any] struct {
	network, address string
	start            func(netstack, *Loop, string, string) *Future[T]
	blocking         func(netstack, string, string) (T, error)
	fut              *Future[T]
}

func (o *netOp[T]) Start(l *Loop) *Future[T] {
	if o.fut == nil {
		o.fut = o.start(l.net, l, o.network, o.address)
	}
	return o.fut
}

func (o *netOp[T]) block() (T, error) {
	return o.blocking(osNetwork{}, o.network, o.address)
}
