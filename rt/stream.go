package rt

import (
	"bytes"
	"errors"
	"io"
	"syscall"
	"time"
	"weak"
)

// DefaultStreamLimit is how long a line a Reader takes by default, and how
// much a Writer buffers before a write waits for the peer: asyncio's 64
// KiB.
const DefaultStreamLimit = 64 << 10

// ErrTooLong is the error of a ReadLine or ReadUntil that found no
// delimiter within the Reader's limit.
var ErrTooLong = errors.New("rt: line longer than the reader's limit")

// errStreamBusy is the error of a Reader or Writer operation started while
// another is in progress.
var errStreamBusy = errors.New("rt: a stream operation is already in progress: await each before starting the next")

// A Reader reads a Conn through a buffer, as asyncio's StreamReader does:
// by line, up to a delimiter, or an exact count. Its operations are ops,
// one at a time: await each before starting the next. The slices they
// yield point into the buffer and hold until the next operation, as
// bufio.Reader.ReadSlice's do: copy what you keep. So does the result of
// an operation: the Reader reuses one op for them all, and a task that
// reads in a loop allocates nothing.
//
// A line is at most the reader's limit long (DefaultStreamLimit unless
// NewReaderSize says otherwise), delimiter included: a longer one ends the
// read with ErrTooLong instead of growing the buffer without bound, and
// the reader drops what it had buffered, so the stream is then mid-line
// (close the connection, as a server answering 431 would).
//
// An idle Reader holds no buffer. On a loop, a Reader with nothing
// buffered waits for the connection to be readable first and only then
// borrows a buffer from the loop, which it gives back once it has
// returned all it read and must wait again: a server with many quiet
// connections keeps a few buffers, not one per connection. (In blocking
// mode the Reader keeps the buffer it first made.)
type Reader struct {
	conn  *Conn
	buf   []byte          // nil until a read needs it, and again when given back
	r, w  int32           // buffered data is buf[r:w]
	limit int32           // see NewReaderSize
	busy  bool            // an operation is in progress
	err   error           // the read error that ended the stream (io.EOF...), once seen
	dl    *readerDeadline // see SetDeadline; nil until it is first called
	op    readerOp        // the op of each operation, reused: see newOp
}

// NewReader returns a Reader of c with the default limit.
func NewReader(c *Conn) *Reader { return NewReaderSize(c, DefaultStreamLimit) }

// NewReaderSize returns a Reader of c that takes lines of at most limit
// bytes (limit < 16 means 16).
func NewReaderSize(c *Conn, limit int) *Reader {
	r := &Reader{conn: c, limit: int32(min(max(limit, 16), maxBuffer))}
	r.op.r = r
	return r
}

// SetDeadline makes the reader's operations that are still waiting for
// the connection at t fail with ErrTimeout, as net.Conn's SetReadDeadline
// does for its reads; the zero time means none. What an operation that
// times out had read stays buffered for the next. The deadline holds for
// every later operation until it is set again, so a server sets it once
// per request, and one timer of the loop's serves them all: unlike
// wrapping each operation in Timeout, it costs no allocation.
func (r *Reader) SetDeadline(t time.Time) {
	if r.dl == nil {
		if t.IsZero() {
			return
		}
		r.dl = &readerDeadline{r: r}
	}
	r.dl.at = t
}

// readerDeadline is a Reader's deadline and the timers that enforce it. A
// timer stays in the loop's heap until it fires, so that it can be reused
// without a way to take it out: when it fires it looks at the deadline as
// it is then, and arms again if the op still waits for a later one. Two
// timers cover a deadline moved earlier while one is armed for a later
// one (an idle timeout, then a shorter one for the rest of a request).
type readerDeadline struct {
	r      *Reader
	at     time.Time
	waiter *readerOp // the op waiting for the connection, if any
	timers [2]deadlineTimer
}

// deadlineTimer is one of a readerDeadline's timers.
type deadlineTimer struct {
	d     *readerDeadline
	when  int64 // on the loop's clock, while armed
	armed bool
	loop  *Loop
}

// arm makes sure a timer of the loop fires by the deadline, for op o that
// has begun to wait. It reports false if the deadline has passed.
func (d *readerDeadline) arm(l *Loop, o *readerOp) bool {
	if d.at.IsZero() {
		return true
	}
	when := d.at.Sub(l.epoch).Nanoseconds() // on the loop's clock, as l.now()
	if when <= l.now() {
		return false
	}
	var free *deadlineTimer
	for i := range d.timers {
		t := &d.timers[i]
		switch {
		case t.armed && t.loop == l && t.when <= when:
			return true // it fires in time
		case !t.armed && free == nil:
			free = t
		}
	}
	if free == nil {
		free = &deadlineTimer{} // both armed for later: rare, and dropped once fired
	}
	*free = deadlineTimer{d: d, when: when, armed: true, loop: l}
	l.addTimer(when, free)
	return true
}

func (t *deadlineTimer) dead() bool { return false }

func (t *deadlineTimer) fire() {
	t.armed = false
	d := t.d
	o := d.waiter
	if o == nil || o.loop != t.loop || !o.waiting {
		return
	}
	if !d.arm(t.loop, o) {
		o.expire()
	}
}

// Buffered returns how many bytes the reader holds, read and not yet
// returned.
func (r *Reader) Buffered() int { return int(r.w - r.r) }

// ReadUntil returns an op that yields the bytes up to and including the
// first delim. If the stream ends first, it yields what there was with
// io.ErrUnexpectedEOF (io.EOF if nothing).
func (r *Reader) ReadUntil(delim byte) Op[[]byte] { return r.newOp(readUntil, delim, 0) }

// ReadLine returns an op that yields the next line without its "\n" or
// "\r\n". A last line without a newline is yielded as it is; after it,
// io.EOF.
func (r *Reader) ReadLine() Op[[]byte] { return r.newOp(readLine, '\n', 0) }

// ReadFull returns an op that yields exactly n bytes (the buffer grows to
// n if it must; n over 2 GiB fails with ErrTooLong). If the stream ends
// first, it yields what there was with io.ErrUnexpectedEOF (io.EOF if
// nothing).
func (r *Reader) ReadFull(n int) Op[[]byte] { return r.newOp(readFull, 0, n) }

// ReadSome returns an op that yields what is buffered or, if nothing is,
// what one read of the connection brings: at least one byte, or io.EOF at
// the end of the stream. It copies nothing: an echo server writes the
// slice back as it is.
func (r *Reader) ReadSome() Op[[]byte] { return r.newOp(readSome, 0, 0) }

// Read returns an op that reads into b: what is buffered, or else what one
// read of the connection brings.
func (r *Reader) Read(b []byte) Op[int] {
	return &readerCopyOp{op: readerOp{r: r, kind: readSome}, b: b}
}

// Kinds of readerOp.
const (
	readUntil = iota
	readLine
	readFull
	readSome
)

// readerOp is the op behind the Reader's operations: it looks in the
// buffer and, while what it needs is not there, reads the connection into
// the buffer; when the connection has nothing, it waits on the loop for it
// to be readable, holding no buffer.
type readerOp struct {
	fut     Future[[]byte]
	r       *Reader
	loop    *Loop
	n       int
	scanned int32 // bytes of buf[r:w] known to hold no delimiter
	kind    uint8
	delim   byte
	reuse   uint8  // Reader.op's state: opFresh, opHanded, opRunning, opIdle
	waiting bool   // queued on the loop for the connection to be readable
	ringSeq uint32 // its read queued in the loop's ring, if not 0: see queueRead
	ringRes int32  // and that read's result, until ringDone
}

// newOp returns the op of an operation: the Reader's own, unless it is
// handed out and not yet done (an operation begun while another is in
// progress, which then fails with errStreamBusy, or an op never awaited).
func (r *Reader) newOp(kind uint8, delim byte, n int) *readerOp {
	o := &r.op
	switch o.reuse {
	case opFresh, opIdle:
		o.reuse = opHanded
	default:
		o = &readerOp{r: r}
	}
	o.kind, o.delim, o.n, o.scanned = kind, delim, n, 0
	return o
}

func (o *readerOp) Start(l *Loop) *Future[[]byte] {
	switch {
	case o.reuse == opHanded && o.loop != nil:
		o.fut.rearm()
	case o.loop != nil:
		return &o.fut // started already
	}
	o.loop = l
	o.fut.owner = o
	if o.r.busy {
		o.reuse = opRunning
		o.finish(nil, errStreamBusy)
		return &o.fut
	}
	o.reuse = opRunning
	o.r.busy = true
	o.run()
	return &o.fut
}

// finish completes the op.
func (o *readerOp) finish(v []byte, err error) {
	if err != errStreamBusy {
		o.r.busy = false
	}
	o.reuse = opIdle
	o.fut.Complete(v, err)
}

// run completes the op from the buffer, reading the connection while it
// must, or waits for the connection to be readable.
func (o *readerOp) run() {
	for {
		if v, err, ok := o.look(); ok {
			o.finish(v, err)
			return
		}
		switch o.r.fill(o.loop, o, o.n) {
		case errQueued:
			return
		case errAgain:
			o.wait()
			return
		}
	}
}

// wait waits for the connection to be readable, within the deadline.
func (o *readerOp) wait() {
	if d := o.r.dl; d != nil && !d.arm(o.loop, o) {
		o.finish(nil, ErrTimeout)
		return
	}
	if err := o.r.conn.s.waitRead(o.loop, o); err != nil {
		o.finish(nil, o.r.conn.s.opError("read", err))
		return
	}
	o.setWaiting(true)
}

// retry is called when the connection is readable.
func (o *readerOp) retry() bool {
	if o.fut.isDone() {
		return true
	}
	switch o.r.fill(o.loop, o, o.n) {
	case errAgain:
		return false
	case errQueued:
		o.setWaiting(false)
		return true
	}
	o.setWaiting(false)
	o.run()
	return true
}

// queueRead queues the read of b that fill would make in the loop's ring
// (see ioRing), and reports whether it did: not without a ring, nor on a
// stream other than a socket, nor on a closing one (fill reports it).
func (o *readerOp) queueRead(b []byte) bool {
	ring := o.loop.ring()
	if ring == nil {
		return false
	}
	p := o.r.conn.s.osSock()
	if p == nil {
		return false
	}
	o.ringSeq = ring.queue(o, p, opRecv, b)
	return o.ringSeq != 0
}

// errQueued is fill's report that the op's read is queued in the loop's
// ring: the op goes on in ringDone.
var errQueued = errors.New("rt: read queued in the loop's ring")

// ringResult takes the result of the op's queued read into the buffer, as
// fill does with readNow's. It reads the result as pollFD.readNow does:
// that method is built only where sockets are, and this file everywhere.
func (o *readerOp) ringResult(res int32) {
	o.ringRes = res
	r := o.r
	switch {
	case res > 0:
		if int(res) < len(r.buf)-int(r.w) {
			o.loop.drain(r.conn.s.osSock())
		}
		r.w += res
	case res == 0:
		r.err = io.EOF
	case res == resDirect || res == -int32(syscall.EAGAIN) || res == -int32(syscall.EINTR):
	default:
		r.err = r.conn.s.opError("read", syscall.Errno(-res))
	}
}

// ringDone goes on from the op's queued read.
func (o *readerOp) ringDone(seq uint32) {
	if o.ringSeq != seq {
		return // cancelled: what the read brought stays buffered
	}
	o.ringSeq = 0
	if o.ringRes == -int32(syscall.EAGAIN) {
		o.r.giveBack(o.loop)
		o.wait()
		return
	}
	o.run() // after resDirect too: the ring, dead, refuses, and fill reads
}

// setWaiting records whether the op waits for the connection, for the
// deadline's timer.
func (o *readerOp) setWaiting(on bool) {
	o.waiting = on
	if d := o.r.dl; d != nil {
		if on {
			d.waiter = o
		} else if d.waiter == o {
			d.waiter = nil
		}
	}
}

// expire ends the op, waiting past the Reader's deadline, with ErrTimeout.
func (o *readerOp) expire() {
	o.setWaiting(false)
	o.r.conn.s.unwaitRead(o.loop, o)
	o.finish(nil, ErrTimeout)
}

func (o *readerOp) waitDir() Events { return Readable }

// abort ends the op with err: the connection is closing, or the loop.
func (o *readerOp) abort(err error) {
	o.setWaiting(false)
	o.finish(nil, o.r.conn.s.opError("read", err))
}

func (o *readerOp) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	if o.ringSeq != 0 {
		// Queued, or its read done and its ringDone to come: either way,
		// the buffer holds all the read brought.
		o.loop.uring.unqueue(o.ringSeq)
		o.ringSeq = 0
		o.r.giveBack(o.loop)
	}
	if o.waiting {
		o.setWaiting(false)
		o.r.conn.s.unwaitRead(o.loop, o)
	}
	o.finish(nil, ErrCanceled)
	return true
}

// fill reads the connection into the buffer once, for op o that needs
// need bytes, on loop l (nil in blocking mode). It returns errAgain, and
// gives the buffer back if it holds nothing, when the connection has
// nothing to read; errQueued when it queued the read in the loop's ring
// (see queueRead); a read error ends the stream (r.err).
func (r *Reader) fill(l *Loop, o *readerOp, need int) error {
	// A drained socket is asked about before space: a Reader with nothing
	// kept then needs no buffer.
	if l != nil && r.conn.s.drained(l) {
		r.giveBack(l)
		return errAgain
	}
	b := r.space(l, need)
	if l != nil && o.queueRead(b) {
		return errQueued
	}
	n, err := r.conn.s.readNow(l, b)
	if err == errAgain {
		r.giveBack(l)
		return errAgain
	}
	r.w += int32(n)
	if err != nil {
		r.err = err
	}
	return nil
}

// look reports what the op yields from the buffer, if it can finish now.
func (o *readerOp) look() ([]byte, error, bool) {
	r := o.r
	data := r.buf[r.r:r.w]
	switch o.kind {
	case readUntil, readLine:
		if i := bytes.IndexByte(data[o.scanned:], o.delim); i >= 0 {
			end := int(o.scanned) + i + 1
			if end > int(r.limit) {
				r.r, r.w = 0, 0
				return nil, ErrTooLong, true
			}
			line := data[:end]
			r.r += int32(end)
			if o.kind == readLine {
				line = dropCR(line[:len(line)-1])
			}
			return line, nil, true
		}
		o.scanned = int32(len(data))
		if len(data) >= int(r.limit) {
			r.r, r.w = 0, 0
			return nil, ErrTooLong, true
		}
		if r.err != nil {
			r.r = r.w
			switch {
			case len(data) == 0:
				return nil, r.err, true
			case o.kind == readLine && r.err == io.EOF:
				return dropCR(data), nil, true
			case r.err == io.EOF:
				return data, io.ErrUnexpectedEOF, true
			}
			return data, r.err, true
		}
	case readFull:
		if o.n > maxBuffer {
			return nil, ErrTooLong, true
		}
		if len(data) >= o.n {
			r.r += int32(o.n)
			return data[:o.n], nil, true
		}
		if r.err != nil {
			r.r = r.w
			if len(data) == 0 {
				return nil, r.err, true
			}
			if r.err == io.EOF {
				return data, io.ErrUnexpectedEOF, true
			}
			return data, r.err, true
		}
	case readSome:
		if len(data) > 0 {
			r.r = r.w // readerCopyOp puts back what it does not copy
			return data, nil, true
		}
		if r.err != nil {
			return nil, r.err, true
		}
	}
	return nil, nil, false
}

func dropCR(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\r' {
		return b[:len(b)-1]
	}
	return b
}

// maxBuffer bounds a Reader's buffer, whose positions are int32s: a
// ReadFull of more fails with ErrTooLong.
const maxBuffer = 1<<31 - 1

// readerBufSize is the size of a Reader's first buffer, and of those its
// loop lends (see Loop.borrow).
const readerBufSize = 4096

// space makes room in the buffer for at least one more byte, and for need
// bytes in all, and returns the free part. A Reader without a buffer
// borrows one from loop l (nil: makes one).
func (r *Reader) space(l *Loop, need int) []byte {
	need = min(need, maxBuffer)
	if r.buf == nil {
		size := min(max(readerBufSize, need), max(int(r.limit), need))
		if size == readerBufSize && l != nil {
			r.buf = l.borrow()
		} else {
			r.buf = make([]byte, size)
		}
	}
	if r.r == r.w {
		r.r, r.w = 0, 0
	}
	if int(r.w) == len(r.buf) || len(r.buf)-int(r.r) < need {
		if r.r > 0 {
			r.w = int32(copy(r.buf, r.buf[r.r:r.w]))
			r.r = 0
		}
		if int(r.w) == len(r.buf) || len(r.buf) < need {
			// Grow: to twice the size, within the limit (or need).
			buf := make([]byte, max(min(2*len(r.buf), int(r.limit)), need, int(r.w)+1))
			copy(buf, r.buf[:r.w])
			r.buf = buf
		}
	}
	return r.buf[r.w:]
}

// giveBack gives the buffer back to loop l if it holds nothing unread.
// In blocking mode (l nil) the Reader keeps it.
func (r *Reader) giveBack(l *Loop) {
	if l == nil || r.buf == nil || r.r != r.w {
		return
	}
	l.lend(r.buf)
	r.buf, r.r, r.w = nil, 0, 0
}

func (o *readerOp) block() ([]byte, error) {
	r := o.r
	if r.busy {
		return nil, errStreamBusy
	}
	if o.reuse == opHanded {
		o.reuse = opIdle
	}
	for {
		if v, err, ok := o.look(); ok {
			return v, err
		}
		if r.fill(nil, o, o.n) == errAgain {
			var deadline time.Time
			if r.dl != nil {
				deadline = r.dl.at
			}
			switch err := r.conn.s.waitReadBlocking(deadline); {
			case err == ErrTimeout:
				return nil, err
			case err != nil:
				r.err = r.conn.s.opError("read", err)
			}
		}
	}
}

func (o *readerOp) String() string { return "Reader" }

// readerCopyOp is the op behind Reader.Read.
type readerCopyOp struct {
	fut  Future[int]
	op   readerOp
	b    []byte
	done bool
}

func (o *readerCopyOp) Start(l *Loop) *Future[int] {
	if !o.done {
		o.done = true
		o.fut.owner = o
		inner := o.op.Start(l)
		watch(&inner.futureCore, o)
	}
	return &o.fut
}

func (o *readerCopyOp) wake(*futureCore) {
	data, err := o.op.fut.Result()
	o.fut.Complete(o.take(data), err)
}

// take copies what it can of data, the bytes readSome yielded, into b,
// and puts the rest back in the buffer.
func (o *readerCopyOp) take(data []byte) int {
	n := copy(o.b, data)
	o.op.r.r -= int32(len(data) - n)
	return n
}

func (o *readerCopyOp) cancel() bool { return o.op.cancel() }

func (o *readerCopyOp) block() (int, error) {
	data, err := o.op.block()
	return o.take(data), err
}

// A Writer buffers writes to a Conn, as asyncio's StreamWriter does: Write
// only copies into the buffer while it holds less than its size
// (DefaultStreamLimit unless NewWriterSize says otherwise), and once it
// would hold more, Write writes the buffer out, waiting as long as the
// peer does not read: that wait is the backpressure that keeps a fast
// writer from buffering without bound. A write as large as the buffer is
// not copied: once what is buffered is out, it goes to the connection as
// it is. Flush writes out what is buffered. Its operations are ops, one
// at a time: await each before starting the next. The Writer reuses one
// op for them, so a result must be read before the next operation starts.
type Writer struct {
	conn *Conn
	buf  []byte
	size int
	busy bool
	op   writerOp // the op of each operation, reused as Reader's is
}

// NewWriter returns a Writer of c with the default size.
func NewWriter(c *Conn) *Writer { return NewWriterSize(c, DefaultStreamLimit) }

// NewWriterSize returns a Writer of c that buffers up to size bytes.
func NewWriterSize(c *Conn, size int) *Writer {
	w := &Writer{conn: c, size: max(size, 1)}
	w.op.w = w
	return w
}

// Buffered returns how many bytes wait in the buffer.
func (w *Writer) Buffered() int { return len(w.buf) }

// Write returns an op that adds b to the buffer and yields len(b): at
// once if the buffer then holds at most its size, or else once the
// buffer, b included, has been written to the connection. b must not
// change until the op has completed.
func (w *Writer) Write(b []byte) Op[int] { return w.newOp(b, false) }

// Flush returns an op that writes out what is buffered.
func (w *Writer) Flush() Op[int] { return w.newOp(nil, true) }

// writerOp is the op behind Write and Flush. It writes in up to two
// parts: the buffer, then b when b is too large to copy.
type writerOp struct {
	fut    Future[int]
	w      *Writer
	b      []byte
	inner  *Future[int]
	loop   *Loop
	n      int // len(b), which Write yields
	flush  bool
	direct bool  // b goes out as it is, after the buffer
	part   uint8 // 1 while the buffer is going out, 2 while b is
	reuse  uint8 // Writer.op's state, as readerOp's
}

// newOp returns the op of an operation: the Writer's own unless it is
// handed out and not yet done.
func (w *Writer) newOp(b []byte, flush bool) *writerOp {
	o := &w.op
	switch o.reuse {
	case opFresh, opIdle:
		o.reuse = opHanded
	default:
		o = &writerOp{w: w}
	}
	o.b, o.n, o.flush, o.direct, o.part = b, len(b), flush, false, 0
	return o
}

// plan adds the op's bytes to the buffer, or marks them to go out as they
// are, and reports whether anything must be written now.
func (o *writerOp) plan() bool {
	w := o.w
	if len(w.buf)+len(o.b) <= w.size && !o.flush {
		w.buf = append(w.buf, o.b...)
		return false
	}
	if len(o.b) >= w.size {
		o.direct = true
	} else {
		w.buf = append(w.buf, o.b...)
	}
	return len(w.buf) > 0 || o.direct
}

// next starts the next part that has bytes to write, and reports whether
// there was one.
func (o *writerOp) next() bool {
	for o.part < 2 {
		o.part++
		switch {
		case o.part == 1 && len(o.w.buf) > 0:
			o.inner = o.w.conn.Write(o.w.buf).Start(o.loop)
		case o.part == 2 && o.direct:
			o.inner = o.w.conn.Write(o.b).Start(o.loop)
		default:
			continue
		}
		watch(&o.inner.futureCore, o)
		return true
	}
	return false
}

func (o *writerOp) Start(l *Loop) *Future[int] {
	switch {
	case o.reuse == opHanded && o.loop != nil:
		o.fut.rearm()
	case o.loop != nil:
		return &o.fut
	}
	o.loop = l
	o.fut.owner = o
	if o.w.busy {
		o.reuse = opRunning
		o.finish(0, errStreamBusy)
		return &o.fut
	}
	o.reuse = opRunning
	o.w.busy = true // before next: a write that completes at once finishes the op
	if !o.plan() || !o.next() {
		o.finish(o.n, nil)
	}
	return &o.fut
}

// finish completes the op.
func (o *writerOp) finish(n int, err error) {
	if err != errStreamBusy {
		o.w.busy = false
	}
	o.reuse = opIdle
	o.fut.Complete(n, err)
}

// wake is called when a part has been written, or has failed.
func (o *writerOp) wake(*futureCore) {
	n, err := o.inner.Result()
	o.inner = nil
	o.settle(n)
	if o.fut.isDone() {
		return
	}
	if err != nil {
		o.keepUnwritten()
		o.finish(0, err)
		return
	}
	if !o.next() {
		o.finish(o.n, nil)
	}
}

// settle accounts for n bytes of the current part written.
func (o *writerOp) settle(n int) {
	if o.part == 1 {
		o.w.drop(n)
	} else {
		o.b = o.b[n:]
	}
}

// keepUnwritten buffers what the op has not written of a b that was to go
// out as it is, as a write cut short leaves the rest buffered.
func (o *writerOp) keepUnwritten() {
	if o.direct {
		o.direct = false
		o.w.buf = append(o.w.buf, o.b...)
	}
}

// drop forgets the first n buffered bytes, written.
func (w *Writer) drop(n int) {
	w.buf = w.buf[:copy(w.buf, w.buf[n:])]
}

// cancel stops the write; what it had not written stays buffered.
func (o *writerOp) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	if in := o.inner; in != nil {
		o.inner = nil
		in.removeWaiter(o)
		in.cancel()
		n, _ := in.Result()
		o.settle(n)
	}
	o.keepUnwritten()
	o.finish(0, ErrCanceled)
	return true
}

func (o *writerOp) block() (int, error) {
	w := o.w
	if w.busy {
		return 0, errStreamBusy
	}
	if o.reuse == opHanded {
		o.reuse = opIdle
	}
	if !o.plan() {
		return o.n, nil
	}
	if len(w.buf) > 0 {
		n, err := Await(w.conn.Write(w.buf))
		w.drop(n)
		if err != nil {
			o.keepUnwritten()
			return 0, err
		}
	}
	if o.direct {
		n, err := Await(w.conn.Write(o.b))
		if err != nil {
			o.b = o.b[n:]
			o.keepUnwritten()
			return 0, err
		}
	}
	return o.n, nil
}

func (o *writerOp) String() string { return "Writer" }

// borrow returns a buffer of readerBufSize bytes from the loop's pool, or
// a new one.
func (l *Loop) borrow() []byte {
	if n := len(l.bufs); n > 0 {
		b := l.bufs[n-1]
		l.bufs[n-1] = nil
		l.bufs = l.bufs[:n-1]
		return b[:]
	}
	for n := len(l.cold); n > 0; n-- {
		b := l.cold[n-1].Value()
		l.cold = l.cold[:n-1]
		if b != nil {
			return b[:]
		}
	}
	return make([]byte, readerBufSize)
}

// lendMax bounds the loop's pool of buffers: a poll reports up to 128
// descriptors, and each may have a Reader reading at once.
const lendMax = 256

// lend puts b in the loop's pool, if it is a pool buffer and there is
// room. The pool holds its buffers while the loop is busy, as it lends
// them again at once, and holds them weakly once the loop has waited
// coolAfter with nothing to do, or stops (see coolBuffers): the garbage
// collector frees those an idle loop keeps, so that a server with quiet
// connections holds no buffers for long.
func (l *Loop) lend(b []byte) {
	if cap(b) == readerBufSize && len(l.bufs)+len(l.cold) < lendMax {
		l.bufs = append(l.bufs, (*[readerBufSize]byte)(b[:readerBufSize]))
	}
}

// coolBuffers is called as the loop goes idle: the pool's buffers are
// held weakly from now on.
func (l *Loop) coolBuffers() {
	for i, b := range l.bufs {
		l.cold = append(l.cold, weak.Make(b))
		l.bufs[i] = nil
	}
	l.bufs = l.bufs[:0]
}
