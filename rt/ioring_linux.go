//go:build linux && !race

package rt

import (
	"math"
	"os"
	"slices"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// An ioRing batches a loop's socket reads and writes into few system
// calls: an io_uring used as a queue of non-blocking calls, not as a
// completion-based selector (epoll stays the selector).
//
// On some machines a system call costs far more than the work of a small
// read or write: about a microsecond on a virtual machine with page-table
// isolation, against a few hundred nanoseconds for the copy and the TCP
// work. An echo server makes two such calls a request. The loop queues
// them instead (see queue) and submits the queue in one io_uring_enter
// when its selector's events have been handed out, and again when its
// ready tasks have run (see Loop.flushRing): each request then costs a
// share of two or three calls per batch. When there is nothing to batch
// with, one request at a time, the ring steps aside (see adapt).
//
// Every request is a send or recv with MSG_DONTWAIT on a non-blocking
// socket, which io_uring completes while it submits (REQ_F_NOWAIT: EAGAIN
// comes back as a result, never as a wait in the kernel). So a flush
// returns with every request done and its buffer no longer the kernel's:
// nothing is in flight between turns, and cancelling a queued request is
// taking it off the queue.
//
// Builds with the race detector do without, as sysRead does, so that the
// detector sees each read write its buffer. ASYNCGEN_IORING=0 in the
// environment turns the ring off, for comparisons; a kernel without
// io_uring, or a sandbox that forbids it, does as if it were off.
type ioRing struct {
	fd      int
	mem     []byte // the submission and completion rings, one mapping
	sqeMem  []byte // the submission entries
	sqTail  *uint32
	sqMask  uint32
	sqArray []uint32
	sqes    []ringSQE
	cqHead  *uint32
	cqTail  *uint32
	cqMask  uint32
	cqes    []ringCQE

	reqs  []ringReq // queued, to be submitted at the next flush
	batch []ringReq // being submitted or completed
	res   []int32   // the batch's results, by index
	next  int       // the batch's next request to complete
	seq   uint32    // the last request's number
	nrecv int       // recv requests asked for, queued or not: for tests
	dead  bool      // io_uring_enter failed: no more requests

	// solo is set when the requests since the last flush all came from
	// one descriptor: requests then go direct (queue refuses them) until
	// a flush finds that they came from two or more (see adapt). nfd
	// counts the requests since the last flush on a descriptor other than
	// the one before (lastFD).
	solo   bool
	nfd    int
	lastFD *pollFD
}

// A ringReq is a queued send or recv of buf on p, for w.
type ringReq struct {
	w   ringWaiter
	p   *pollFD // referenced (incref) until the request is done
	buf []byte
	seq uint32 // the request's number, which w keeps while it waits
	op  uint8  // opSend or opRecv
}

// io_uring's ABI (linux/io_uring.h): the entries, and the constants used.
type ringSQE struct {
	opcode      uint8
	flags       uint8
	ioprio      uint16
	fd          int32
	off         uint64
	addr        uint64
	len         uint32
	msgFlags    uint32
	userData    uint64
	bufIndex    uint16
	personality uint16
	spliceFD    int32
	addr3       uint64
	_           uint64
}

type ringCQE struct {
	userData uint64
	res      int32
	flags    uint32
}

type ringParams struct {
	sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFD uint32
	resv                                                                   [3]uint32
	sqOff                                                                  sqOffsets
	cqOff                                                                  cqOffsets
}

type sqOffsets struct {
	head, tail, mask, entries, flags, dropped, array, resv1 uint32
	userAddr                                                uint64
}

type cqOffsets struct {
	head, tail, mask, entries, overflow, cqes, flags, resv1 uint32
	userAddr                                                uint64
}

const (
	opSend = 26 // IORING_OP_SEND
	opRecv = 27 // IORING_OP_RECV

	ringEntries    = 256
	setupSubmitAll = 1 << 7 // IORING_SETUP_SUBMIT_ALL: go on past a bad entry
	setupCoopTask  = 1 << 8 // IORING_SETUP_COOP_TASKRUN: no interrupt for task work
	featSingleMmap = 1 << 0 // IORING_FEAT_SINGLE_MMAP
	enterGetEvents = 1 << 0 // IORING_ENTER_GETEVENTS
	offSQEs        = 0x10000000
	registerProbe  = 8 // IORING_REGISTER_PROBE
	probeSupported = 1 // IO_URING_OP_SUPPORTED
	probeOps       = 64
)

var ioRingOff = os.Getenv("ASYNCGEN_IORING") == "0"

// newIORing returns a ring, or nil if the kernel gives none that sends and
// receives.
func newIORing() *ioRing {
	if ioRingOff {
		return nil
	}
	var p ringParams
	p.flags = setupSubmitAll | setupCoopTask
	fd, _, e := unix.Syscall(unix.SYS_IO_URING_SETUP, ringEntries, uintptr(unsafe.Pointer(&p)), 0)
	if e == unix.EINVAL {
		p = ringParams{}
		fd, _, e = unix.Syscall(unix.SYS_IO_URING_SETUP, ringEntries, uintptr(unsafe.Pointer(&p)), 0)
	}
	if e != 0 {
		return nil
	}
	r := &ioRing{fd: int(fd)}
	if p.features&featSingleMmap == 0 || !r.probe() || !r.mapRings(&p) {
		r.close()
		return nil
	}
	return r
}

// probe reports whether the kernel knows send and recv.
func (r *ioRing) probe() bool {
	var probe struct {
		lastOp, opsLen uint8
		_              uint16
		_              [3]uint32
		ops            [probeOps]struct {
			op    uint8
			_     uint8
			flags uint16
			_     uint32
		}
	}
	_, _, e := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(r.fd), registerProbe, uintptr(unsafe.Pointer(&probe)), probeOps, 0, 0)
	if e != 0 {
		return false
	}
	ok := func(op int) bool { return op <= int(probe.lastOp) && probe.ops[op].flags&probeSupported != 0 }
	return ok(opSend) && ok(opRecv)
}

// mapRings maps the rings that p describes.
func (r *ioRing) mapRings(p *ringParams) bool {
	size := max(p.sqOff.array+p.sqEntries*4, p.cqOff.cqes+p.cqEntries*uint32(unsafe.Sizeof(ringCQE{})))
	mem, err := unix.Mmap(r.fd, 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return false
	}
	r.mem = mem
	sqeMem, err := unix.Mmap(r.fd, offSQEs, int(p.sqEntries)*int(unsafe.Sizeof(ringSQE{})), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return false
	}
	r.sqeMem = sqeMem
	base := unsafe.Pointer(unsafe.SliceData(mem))
	at := func(off uint32) *uint32 { return (*uint32)(unsafe.Add(base, off)) }
	r.sqTail = at(p.sqOff.tail)
	r.sqMask = *at(p.sqOff.mask)
	r.sqArray = unsafe.Slice(at(p.sqOff.array), p.sqEntries)
	r.sqes = unsafe.Slice((*ringSQE)(unsafe.Pointer(unsafe.SliceData(sqeMem))), p.sqEntries)
	r.cqHead = at(p.cqOff.head)
	r.cqTail = at(p.cqOff.tail)
	r.cqMask = *at(p.cqOff.mask)
	r.cqes = unsafe.Slice((*ringCQE)(unsafe.Add(base, p.cqOff.cqes)), p.cqEntries)
	return true
}

// close releases the ring. Its queue is empty: Loop.Close flushes it.
func (r *ioRing) close() {
	if r.sqeMem != nil {
		unix.Munmap(r.sqeMem)
	}
	if r.mem != nil {
		unix.Munmap(r.mem)
	}
	unix.Close(r.fd)
}

// queue queues a send (op opSend) or recv (opRecv) of buf on p for w,
// and returns the request's number, for w to keep until its ringDone; or
// 0, queueing nothing, if p is closing, the ring is dead or it is solo
// (see adapt): the op then makes its own system call. buf is not empty.
func (r *ioRing) queue(w ringWaiter, p *pollFD, op uint8, buf []byte) uint32 {
	if op == opRecv {
		r.nrecv++
	}
	if p != r.lastFD {
		r.nfd++
		r.lastFD = p
	}
	if r.solo {
		return 0
	}
	if r.dead || !p.incref() {
		return 0
	}
	if r.seq++; r.seq == 0 {
		r.seq = 1
	}
	r.reqs = append(r.reqs, ringReq{w: w, p: p, buf: buf, seq: r.seq, op: op})
	return r.seq
}

// unqueue takes request seq off the queue, if it is there and not yet
// submitted, and reports whether it was.
func (r *ioRing) unqueue(seq uint32) bool {
	for i := range r.reqs {
		if r.reqs[i].seq == seq {
			r.reqs[i].p.decref()
			last := len(r.reqs) - 1
			copy(r.reqs[i:], r.reqs[i+1:])
			r.reqs[last] = ringReq{}
			r.reqs = r.reqs[:last]
			return true
		}
	}
	return false
}

// recvs returns how many recv requests have been asked for, queued or
// refused (see queue): for tests.
func (r *ioRing) recvs() int { return r.nrecv }

// queued returns the number of the last request queued, which counts them:
// for tests.
func (r *ioRing) queued() uint32 { return r.seq }

// adapt, at a flush, has the ring go solo if the requests since the last
// flush all came from one descriptor, and batch again once they come from
// two or more; a span with no requests changes nothing. A batch for one
// descriptor costs an io_uring_enter, about as much as the call or two it
// replaces, and a turn of the loop besides, as its op completes only at
// the flush: so a task that reads or writes on its own (a single client,
// a stream written in small pieces) makes a system call an op, and goes
// on at once.
func (r *ioRing) adapt() {
	if r.nfd > 0 {
		r.solo = r.nfd == 1
	}
	r.nfd, r.lastFD = 0, nil
}

// pending reports whether a flush has anything to do.
func (r *ioRing) pending() bool { return len(r.reqs) > 0 || r.next < len(r.batch) }

// flush submits the queued requests and completes them, until the queue
// is empty: a completion may queue another request.
//
// Each batch completes in two passes. The first hands every request's
// result to its op (ringResult), which takes in what moved (a write's
// count, a Reader's bytes) and runs no one else's code. The second has
// each op go on (ringDone): complete its future, which may run callbacks
// that cancel an op of the same batch; that op's result is its already,
// so a cancel loses nothing a read brought or a write sent. A completion
// that panics leaves the rest of its batch to the next call.
func (r *ioRing) flush() {
	for {
		if r.next == len(r.batch) {
			if len(r.reqs) == 0 {
				return
			}
			clear(r.batch)
			r.batch, r.reqs = r.reqs, r.batch[:0]
			r.next = 0
			r.res = slices.Grow(r.res[:0], len(r.batch))[:len(r.batch)]
			for start := 0; start < len(r.batch); start += len(r.sqes) {
				r.submit(r.batch[start:min(start+len(r.sqes), len(r.batch))], start)
			}
			for i := range r.batch {
				q := &r.batch[i]
				q.p.decref()
				q.w.ringResult(r.res[i])
			}
		}
		for r.next < len(r.batch) {
			q := &r.batch[r.next]
			r.next++
			w, seq := q.w, q.seq
			*q = ringReq{}
			w.ringDone(seq)
		}
	}
}

// resDirect is the result of a request the ring could not submit: its op
// does its call itself.
const resDirect = math.MinInt32

// submit submits reqs, the requests from index base of the batch, and
// collects their results into r.res.
func (r *ioRing) submit(reqs []ringReq, base int) {
	tail := *r.sqTail // the kernel only reads it
	for i := range reqs {
		q := &reqs[i]
		idx := (tail + uint32(i)) & r.sqMask
		r.sqes[idx] = ringSQE{
			opcode:   q.op,
			fd:       q.p.sysfd,
			addr:     uint64(uintptr(unsafe.Pointer(unsafe.SliceData(q.buf)))),
			len:      uint32(min(len(q.buf), maxRingLen)),
			msgFlags: unix.MSG_DONTWAIT,
			userData: uint64(base + i),
		}
		r.sqArray[idx] = idx
	}
	atomic.StoreUint32(r.sqTail, tail+uint32(len(reqs)))
	left := len(reqs)
	for submitted := 0; submitted < len(reqs); {
		n, _, e := unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), uintptr(len(reqs)-submitted), 0, 0, 0, 0)
		switch e {
		case 0:
			submitted += int(n)
		case unix.EINTR, unix.EAGAIN, unix.EBUSY:
			left -= r.reap()
		default:
			// The ring is broken (it should not be): the ops of what it
			// did not take make their calls themselves, and later ones
			// too. What it took completes below.
			r.dead = true
			for i := submitted; i < len(reqs); i++ {
				r.res[base+i] = resDirect
			}
			left -= len(reqs) - submitted
			submitted = len(reqs)
		}
	}
	for left -= r.reap(); left > 0; left -= r.reap() {
		// Not all done while submitted: wait for the rest. A send or recv
		// with MSG_DONTWAIT does not go to the kernel's workers, so this
		// does not happen.
		unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), 0, uintptr(left), enterGetEvents, 0, 0)
	}
}

// maxRingLen bounds one request's length, which the entry holds in 32
// bits.
const maxRingLen = 1 << 30

// reap takes the completions there are into r.res and returns how many.
func (r *ioRing) reap() int {
	head := *r.cqHead
	tail := atomic.LoadUint32(r.cqTail)
	for h := head; h != tail; h++ {
		c := &r.cqes[h&r.cqMask]
		r.res[c.userData] = c.res
	}
	atomic.StoreUint32(r.cqHead, tail)
	return int(tail - head)
}
