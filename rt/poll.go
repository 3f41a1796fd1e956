package rt

import "time"

// Events is a set of readiness events for a file descriptor.
type Events uint8

const (
	// Readable means a read will not block (or the peer has closed).
	Readable Events = 1 << iota
	// Writable means a write will not block.
	Writable
	// Hangup means the descriptor has hung up or failed; a read or write
	// reports why.
	Hangup
	// Edge, given to Poller.Add or Modify beside Readable and Writable,
	// registers the descriptor edge-triggered: Wait reports it when it
	// becomes ready, not for as long as it stays ready. The loop registers
	// its sockets so, once each, for both directions, as Go's netpoll
	// does.
	Edge
	// ReadHangup, reported beside Readable, means the peer has shut down
	// its writing side (EPOLLRDHUP, or EV_EOF on kqueue's read filter):
	// after what is buffered, a read finds the end of the stream. A poller
	// that cannot tell leaves it out; the loop then reads to find out.
	ReadHangup
)

// A Poller is the loop's selector: it waits for file descriptors to become
// ready, for a deadline, or for a Wake from another goroutine. Every OS
// backend provides one (epoll on Linux, kqueue on the BSDs and macOS);
// WithPoller gives a loop another, such as a fake one in a test.
//
// Only Wake may be called from other goroutines; the loop calls the rest.
type Poller interface {
	// Wait blocks until a registered descriptor is ready, Wake is called or
	// timeout passes, and calls ready for each ready descriptor. A negative
	// timeout blocks until something happens; zero polls without blocking.
	Wait(timeout time.Duration, ready func(fd int, ev Events)) error
	// Wake makes a blocked or later Wait return. It is safe from any
	// goroutine.
	Wake() error
	// Add registers fd for the events ev. Registration is level-triggered
	// unless ev holds Edge. A poller must honour Edge: the loop registers
	// its sockets edge-triggered for both directions, and a level-triggered
	// poller would wake it without end for a socket that stays writable.
	Add(fd int, ev Events) error
	// Modify changes the events that fd is registered for.
	Modify(fd int, ev Events) error
	// Remove forgets fd.
	Remove(fd int) error
	// Close releases the poller's own descriptors.
	Close() error
}
