package rt

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"time"
)

// A TLSConn is a TLS connection over a Conn, for async functions: its Read
// and Write are ops, awaited like a Conn's.
//
// How it works, and what it costs. crypto/tls does the protocol. Its
// handshake runs on a goroutine of its own, which talks to the socket
// through NetConn: one goroutine per connection for the length of the
// handshake, and two goroutine hand-offs per handshake flight. After the
// handshake the record layer runs on the loop, with no goroutine: Read
// hands crypto/tls the ciphertext that the socket has, and waits on the
// socket, as Conn.Read does, when crypto/tls needs more for a whole
// record; Write encrypts into a buffer that the loop then sends. So an
// established connection costs what a Conn costs plus crypto/tls's own
// state and buffers (a few KiB while idle), and each byte costs its
// encryption and one copy each way.
//
// Read yields data as soon as crypto/tls has a record's worth; Write
// yields len(b) once the records it made are sent. One Read and one Write
// may be in flight at a time. Read and Write run the handshake first if
// it has not run. Cancelling a Read stops it with nothing read; cancelling
// a Write ends its await, but the records it has made are sent all the
// same, as a TLS stream cannot take them back.
type TLSConn struct {
	c     *Conn
	tc    *tls.Conn
	tr    *tlsTransport
	hs    *tlsHandshake // the handshake, once started
	rbuf  []byte        // where the socket's ciphertext is read
	flush tlsFlush
}

// TLSServer returns the server side of a TLS connection over c, as
// tls.Server does. config must have a certificate.
func TLSServer(c *Conn, config *tls.Config) *TLSConn {
	t := &TLSConn{c: c, tr: &tlsTransport{c: c}}
	t.tc = tls.Server(t.tr, config)
	t.flush.t = t
	return t
}

// TLSClient returns the client side of a TLS connection over c, as
// tls.Client does. config must have ServerName or InsecureSkipVerify set.
func TLSClient(c *Conn, config *tls.Config) *TLSConn {
	t := &TLSConn{c: c, tr: &tlsTransport{c: c}}
	t.tc = tls.Client(t.tr, config)
	t.flush.t = t
	return t
}

// Handshake returns an op that runs the TLS handshake, if it has not run,
// and yields its error. Cancelling the await interrupts the handshake and
// closes the connection, as tls.Conn.HandshakeContext does.
func (t *TLSConn) Handshake() Op[struct{}] { return (*tlsHandshakeOp)(t) }

// Read returns an op that reads decrypted data into b, yielding how many
// bytes it read (at least one, unless b is empty). At the end of the
// stream it fails with io.EOF.
func (t *TLSConn) Read(b []byte) Op[int] { return &tlsRead{t: t, b: b} }

// Write returns an op that encrypts and sends all of b and yields len(b),
// or fails with the socket's error. b may change once Write has started.
func (t *TLSConn) Write(b []byte) Op[int] { return &tlsWrite{t: t, b: b} }

// CloseWrite returns an op that sends the close_notify alert and then shuts
// down the writing side of the socket: the peer reads io.EOF.
func (t *TLSConn) CloseWrite() Op[struct{}] { return &tlsCloseWrite{t: t} }

// Close closes the connection at once, without a close_notify alert (await
// CloseWrite first to send one). Operations waiting on it fail.
func (t *TLSConn) Close() error { return t.c.Close() }

// ConnectionState returns the connection's TLS state; see
// tls.Conn.ConnectionState.
func (t *TLSConn) ConnectionState() tls.ConnectionState { return t.tc.ConnectionState() }

// Conn returns the connection that t runs over.
func (t *TLSConn) Conn() *Conn { return t.c }

// errWouldBlock is what the transport tells crypto/tls when the record
// layer wants ciphertext that the socket has not yet given: a temporary
// net.Error, which crypto/tls returns without making it the connection's
// error, so that Read can be called again once there is more.
var errWouldBlock error = wouldBlock{}

type wouldBlock struct{}

func (wouldBlock) Error() string   { return "rt: TLS record layer would block" }
func (wouldBlock) Timeout() bool   { return true }
func (wouldBlock) Temporary() bool { return true }

// tlsTransport is the net.Conn under crypto/tls. During the handshake it is
// NetConn over the socket (blocking, on the handshake's goroutine); after
// it, a pair of buffers that the loop fills and drains.
type tlsTransport struct {
	net.Conn       // the handshake's: NetConn over c
	c        *Conn // the socket
	loopSide bool  // the handshake is over: use the buffers
	in       []byte
	inOff    int
	inErr    error  // the socket's read error, for once in is drained
	out      []byte // ciphertext to send
	made     uint64 // bytes ever put in out
}

func (tr *tlsTransport) Read(b []byte) (int, error) {
	if !tr.loopSide {
		return tr.Conn.Read(b)
	}
	if tr.inOff < len(tr.in) {
		n := copy(b, tr.in[tr.inOff:])
		tr.inOff += n
		if tr.inOff == len(tr.in) {
			tr.in, tr.inOff = tr.in[:0], 0
		}
		return n, nil
	}
	if tr.inErr != nil {
		return 0, tr.inErr
	}
	return 0, errWouldBlock
}

func (tr *tlsTransport) Write(b []byte) (int, error) {
	if !tr.loopSide {
		return tr.Conn.Write(b)
	}
	tr.out = append(tr.out, b...)
	tr.made += uint64(len(b))
	return len(b), nil
}

func (tr *tlsTransport) Close() error { return tr.c.Close() }

// Deadlines are NetConn's during the handshake; after it crypto/tls sets
// one only around its close_notify, which the loop sends as any write.
func (tr *tlsTransport) SetDeadline(t time.Time) error {
	if tr.loopSide {
		return nil
	}
	return tr.Conn.SetDeadline(t)
}

func (tr *tlsTransport) SetReadDeadline(t time.Time) error {
	if tr.loopSide {
		return nil
	}
	return tr.Conn.SetReadDeadline(t)
}

func (tr *tlsTransport) SetWriteDeadline(t time.Time) error {
	if tr.loopSide {
		return nil
	}
	return tr.Conn.SetWriteDeadline(t)
}

func (tr *tlsTransport) LocalAddr() net.Addr  { return tr.c.LocalAddr() }
func (tr *tlsTransport) RemoteAddr() net.Addr { return tr.c.RemoteAddr() }

// room returns the free space at the end of in for the next socket read,
// making some if need be.
func (tr *tlsTransport) room() []byte {
	const min = 16 << 10 // a whole record, most of the time
	if tr.inOff > 0 && cap(tr.in)-len(tr.in) < min {
		n := copy(tr.in, tr.in[tr.inOff:])
		tr.in, tr.inOff = tr.in[:n], 0
	}
	if cap(tr.in)-len(tr.in) < min {
		in := make([]byte, len(tr.in), len(tr.in)+min)
		copy(in, tr.in)
		tr.in = in
	}
	return tr.in[len(tr.in):cap(tr.in)]
}

// tlsHandshake is a handshake in progress or done.
type tlsHandshake struct {
	fut  Future[struct{}]
	stop context.CancelFunc
}

// tlsHandshakeOp is the op behind TLSConn.Handshake.
type tlsHandshakeOp TLSConn

func (o *tlsHandshakeOp) Start(l *Loop) *Future[struct{}] {
	t := (*TLSConn)(o)
	if t.hs != nil {
		return &t.hs.fut
	}
	hs := &tlsHandshake{}
	t.hs = hs
	hs.fut.owner = hs
	ctx, cancel := context.WithCancel(context.Background())
	hs.stop = cancel
	t.tr.Conn = NetConn(l, t.c)
	go func() {
		err := t.tc.HandshakeContext(ctx)
		cancel()
		l.Submit(func() {
			t.tr.loopSide = true
			t.tr.Conn = nil
			hs.fut.Complete(struct{}{}, err)
		})
	}()
	return &hs.fut
}

// cancel interrupts the handshake, which closes the connection, and fails
// its await at once.
func (hs *tlsHandshake) cancel() bool {
	if hs.fut.isDone() {
		return false
	}
	hs.stop()
	hs.fut.Reject(ErrCanceled)
	return true
}

func (o *tlsHandshakeOp) String() string { return "TLSConn.Handshake" }

// afterHandshake runs then once t's handshake has finished, starting it if
// need be, with its error: at once, with no allocation, once it has.
func (t *TLSConn) afterHandshake(l *Loop, then func(error)) {
	if t.hs != nil && t.hs.fut.isDone() {
		then(t.hs.fut.err)
		return
	}
	fut := t.Handshake().Start(l)
	watch(&fut.futureCore, callback(func() { then(fut.err) }))
}

// tlsRead is the op behind TLSConn.Read.
type tlsRead struct {
	fut      Future[int]
	t        *TLSConn
	b        []byte
	loop     *Loop
	sock     *Future[int] // the socket read in flight
	canceled bool
}

func (o *tlsRead) Start(l *Loop) *Future[int] {
	if o.loop != nil {
		return &o.fut
	}
	o.loop = l
	o.fut.owner = o
	if hs := o.t.hs; hs != nil && hs.fut.isDone() && hs.fut.err == nil {
		o.try() // the usual case: no closure
		return &o.fut
	}
	o.t.afterHandshake(l, func(err error) {
		if err != nil {
			o.fut.Reject(err)
			return
		}
		o.try()
	})
	return &o.fut
}

// try reads what crypto/tls can give, or waits on the socket for more.
func (o *tlsRead) try() {
	if o.canceled {
		o.fut.Reject(ErrCanceled)
		return
	}
	t := o.t
	n, err := t.tc.Read(o.b)
	t.flush.start(o.loop) // what reading made crypto/tls write: alerts, key updates
	switch {
	case n > 0 || len(o.b) == 0:
		o.fut.Resolve(n) // an error after data comes back on the next Read
	case err != errWouldBlock:
		o.fut.Reject(err)
	default:
		o.sock = t.c.Read(t.tr.room()).Start(o.loop)
		watch(&o.sock.futureCore, o)
	}
}

// wake is called when the socket read has finished.
func (o *tlsRead) wake(*futureCore) {
	n, err := o.sock.val, o.sock.err
	o.sock = nil
	tr := o.t.tr
	tr.in = tr.in[:len(tr.in)+n]
	if err != nil && !errors.Is(err, ErrCanceled) {
		tr.inErr = err
	}
	o.try()
}

func (o *tlsRead) cancel() bool {
	if o.fut.isDone() || o.canceled {
		return false
	}
	o.canceled = true
	if o.sock != nil {
		o.sock.cancel() // wakes o, which then fails
	} else if o.t.hs != nil && !o.t.hs.fut.isDone() {
		o.fut.Reject(ErrCanceled)
	}
	return true
}

func (o *tlsRead) String() string { return "TLSConn.Read" }

// tlsFlush sends the transport's ciphertext, one socket write at a time,
// and completes the writes whose records have gone.
type tlsFlush struct {
	t       *TLSConn
	loop    *Loop
	sock    *Future[int] // the socket write in flight
	sending []byte
	spare   []byte
	sent    uint64 // bytes of made sent
	err     error  // the socket's write error: every later write fails
	writers []*tlsWrite
}

// start sends what the transport holds, unless a send is in flight.
func (f *tlsFlush) start(l *Loop) {
	tr := f.t.tr
	if f.sock != nil || len(tr.out) == 0 || f.err != nil {
		f.settle()
		return
	}
	f.loop = l
	f.sending, tr.out = tr.out, f.spare[:0]
	f.sock = f.t.c.Write(f.sending).Start(l)
	watch(&f.sock.futureCore, f)
}

// wake is called when a socket write has finished.
func (f *tlsFlush) wake(*futureCore) {
	l := f.loop
	n, err := f.sock.val, f.sock.err
	f.sock = nil
	f.sent += uint64(n)
	if err != nil {
		f.err = err
	}
	f.spare, f.sending = f.sending[:0], nil
	f.settle()
	f.start(l)
}

// settle completes the writes whose records are all sent, or fails them
// all after a socket error.
func (f *tlsFlush) settle() {
	keep := f.writers[:0]
	for _, w := range f.writers {
		switch {
		case w.fut.isDone():
		case f.err != nil:
			w.fut.Complete(0, f.err)
		case w.until <= f.sent:
			w.fut.Resolve(len(w.b))
		default:
			keep = append(keep, w)
		}
	}
	clear(f.writers[len(keep):])
	f.writers = keep
}

// tlsWrite is the op behind TLSConn.Write.
type tlsWrite struct {
	fut   Future[int]
	t     *TLSConn
	b     []byte
	until uint64 // the write is sent once flush.sent reaches this
	loop  *Loop
}

func (o *tlsWrite) Start(l *Loop) *Future[int] {
	if o.loop != nil {
		return &o.fut
	}
	o.loop = l
	o.fut.owner = o
	if hs := o.t.hs; hs != nil && hs.fut.isDone() {
		o.send(hs.fut.err) // the usual case: no closure
		return &o.fut
	}
	o.t.afterHandshake(l, o.send)
	return &o.fut
}

// send encrypts the write and has it sent, once the handshake has ended
// with err.
func (o *tlsWrite) send(err error) {
	if o.fut.isDone() { // cancelled meanwhile
		return
	}
	if err != nil {
		o.fut.Reject(err)
		return
	}
	t := o.t
	if t.flush.err != nil {
		o.fut.Reject(t.flush.err)
		return
	}
	if _, err := t.tc.Write(o.b); err != nil {
		o.fut.Reject(err)
		return
	}
	o.until = t.tr.made
	t.flush.writers = append(t.flush.writers, o)
	t.flush.start(o.loop)
}

func (o *tlsWrite) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	o.fut.Reject(ErrCanceled) // what is encrypted goes all the same
	return true
}

func (o *tlsWrite) String() string { return "TLSConn.Write" }

// tlsCloseWrite is the op behind TLSConn.CloseWrite.
type tlsCloseWrite struct {
	fut  Future[struct{}]
	t    *TLSConn
	loop *Loop
}

func (o *tlsCloseWrite) Start(l *Loop) *Future[struct{}] {
	if o.loop != nil {
		return &o.fut
	}
	o.loop = l
	t := o.t
	t.afterHandshake(l, func(err error) {
		if err != nil {
			o.fut.Reject(err)
			return
		}
		t.tc.CloseWrite() // the alert goes into the transport
		w := &tlsWrite{t: t, loop: l, until: t.tr.made}
		t.flush.writers = append(t.flush.writers, w)
		t.flush.start(l)
		watch(&w.fut.futureCore, callback(func() {
			if w.fut.err != nil {
				o.fut.Reject(w.fut.err)
				return
			}
			o.fut.Complete(struct{}{}, t.c.CloseWrite())
		}))
	})
	return &o.fut
}

func (o *tlsCloseWrite) String() string { return "TLSConn.CloseWrite" }

// Stream returns a Conn whose reads and writes go through t's TLS: for
// Reader and Writer, and for any code written for a Conn. Await Handshake
// before its first read; a read before the handshake has succeeded fails.
// Its CloseWrite shuts down the socket's writing side without a
// close_notify alert (await TLSConn.CloseWrite to send one), and its
// Close closes the socket. It has no blocking mode.
func (t *TLSConn) Stream() *Conn { return &Conn{s: (*tlsStream)(t)} }

// errNoHandshake is the error of a TLS stream read before its handshake.
var errNoHandshake = errors.New("rt: read of a TLS stream before its handshake: await TLSConn.Handshake first")

// tlsStream is a TLSConn as the stream behind a Conn.
type tlsStream TLSConn

func (s *tlsStream) conn() *TLSConn           { return (*TLSConn)(s) }
func (s *tlsStream) recv(b []byte) Op[int]    { return s.conn().Read(b) }
func (s *tlsStream) send(b []byte) Op[int]    { return s.conn().Write(b) }
func (s *tlsStream) shut() error              { return s.c.s.shut() }
func (s *tlsStream) shutWrite() error         { return s.c.s.shutWrite() }
func (s *tlsStream) setNoDelay(on bool) error { return s.c.s.setNoDelay(on) }
func (s *tlsStream) local() net.Addr          { return s.c.s.local() }
func (s *tlsStream) remote() net.Addr         { return s.c.s.remote() }

func (s *tlsStream) opError(op string, err error) error { return s.c.s.opError(op, err) }

func (s *tlsStream) osSock() *pollFD { return nil }

// readNow reads what crypto/tls can decrypt now, feeding it what the
// socket has without waiting; errAgain when a record needs more than
// that.
func (s *tlsStream) readNow(l *Loop, b []byte) (int, error) {
	t := s.conn()
	if l == nil {
		return 0, errors.New("rt: a TLS stream has no blocking mode")
	}
	if t.hs == nil || !t.hs.fut.isDone() || t.hs.fut.err != nil {
		return 0, errNoHandshake
	}
	tr := t.tr
	for {
		n, err := t.tc.Read(b)
		t.flush.start(l) // what reading made crypto/tls write
		if n > 0 || len(b) == 0 {
			return n, nil
		}
		if err != errWouldBlock {
			return 0, err
		}
		if t.c.s.drained(l) {
			return 0, errAgain
		}
		m, err := t.c.s.readNow(l, tr.room())
		tr.in = tr.in[:len(tr.in)+m]
		switch {
		case err == errAgain:
			return 0, errAgain
		case err != nil:
			tr.inErr = err
		}
	}
}

// drained is false: crypto/tls may hold decrypted bytes the socket's state
// does not show.
func (s *tlsStream) drained(*Loop) bool { return false }

func (s *tlsStream) waitRead(l *Loop, w fdWaiter) error { return s.c.s.waitRead(l, w) }
func (s *tlsStream) unwaitRead(l *Loop, w fdWaiter)     { s.c.s.unwaitRead(l, w) }

func (s *tlsStream) waitReadBlocking(time.Time) error {
	return errors.New("rt: a TLS stream has no blocking mode")
}
