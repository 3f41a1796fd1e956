package rt

// A ringWaiter is the operation behind a request queued in its loop's
// ioRing, which completes it in two passes (see ioRing.flush).
type ringWaiter interface {
	// ringResult takes the request's result (bytes moved, -errno, or
	// resDirect) into the op's state, without completing it.
	ringResult(res int32)
	// ringDone goes on from the result of request seq: completes the op,
	// or has it wait. An op that no longer waits for request seq (it was
	// cancelled since, and perhaps begun again) does nothing.
	ringDone(seq uint32)
}

// ring returns the loop's ioRing, made at the first call, or nil if there
// is none.
func (l *Loop) ring() *ioRing {
	if !l.ringTried {
		l.ringTried = true
		l.uring = newIORing()
	}
	return l.uring
}

// flushRing submits and completes the requests queued in the loop's ring.
// A completion that panics is the loop's fault, as a callback's, and the
// others still complete.
func (l *Loop) flushRing() {
	if l.uring == nil {
		return
	}
	l.uring.adapt()
	for l.uring != nil && l.uring.pending() {
		l.call(l.uring.flush)
	}
}

// closeRing releases the loop's ring, once nothing can queue in it.
func (l *Loop) closeRing() {
	l.flushRing()
	if l.uring != nil {
		l.uring.close()
		l.uring = nil
	}
}
