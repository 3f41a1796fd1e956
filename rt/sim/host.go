package sim

import (
	"container/heap"
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// How a world runs many hosts.
//
// Each host runs its tasks on a loop of its own, as a machine would, so
// that crashing it is closing its loop (which cancels its tasks) and the
// network knows a socket's host from the loop that makes it. Each of
// those loops runs on a goroutine, but only one goroutine runs at a time:
// a loop runs until it has nothing to do and waits in its poller, which
// hands the turn to the next loop with something to do, chosen with the
// world's random source among those ready (a loop with a due timer or a
// callback submitted, such as a packet delivered to it). When none is
// ready the clock jumps to the first timer of any loop or the first
// network event, whichever comes first. Handing the turn over is a
// channel send, so each goroutine sees what the last one did: the world's
// state needs no locks, and the run is as deterministic as on one loop.

// A part is a loop of the world and the goroutine that runs it: the main
// loop, which runs on the goroutine that called Run, or a host's.
type part struct {
	name     string
	loop     *rt.Loop
	host     *Host         // nil for the main loop
	net      *netHost      // its place on the network
	turn     chan struct{} // receives the turn
	due      bool          // something was submitted to the loop
	deadline time.Duration // its first timer, since Epoch; -1: none
	gone     bool          // its goroutine has ended
}

// alive reports whether the part is its host's running incarnation (the
// main loop always is).
func (p *part) alive() bool { return p.host == nil || p.host.p == p }

// An event is something the network does at a virtual time: it delivers a
// segment, a datagram, a reset.
type event struct {
	at  time.Duration
	seq uint64
	fn  func()
}

// events is a heap of events by time, then by the order they were made.
type events []event

func (h events) Len() int { return len(h) }
func (h events) Less(i, j int) bool {
	return h[i].at < h[j].at || h[i].at == h[j].at && h[i].seq < h[j].seq
}
func (h events) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *events) Push(x any)   { *h = append(*h, x.(event)) }
func (h *events) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// at schedules fn to run d from now.
func (w *World) at(d time.Duration, fn func()) {
	w.seq++
	heap.Push(&w.events, event{at: w.now + d, seq: w.seq, fn: fn})
}

// park is the poller's Wait for part p: p has nothing to do for timeout
// (-1: until something is submitted to it). It hands the turn to the next
// ready part and returns when p has it again, or ErrDeadlock on the main
// loop when nothing in the world can happen any more.
func (w *World) park(p *part, timeout time.Duration) error {
	switch {
	case timeout < 0:
		p.deadline = -1
	default:
		p.deadline = w.now + timeout
	}
	next := w.choose()
	if next == nil {
		w.deadlocked = true
		next = w.main
	}
	w.handTo(p, next)
	if p == w.main && w.deadlocked {
		w.deadlocked = false
		return ErrDeadlock
	}
	return nil
}

// handTo gives the turn from part from to part to, and returns once from
// has it back. The part that is handed the turn is no longer due.
func (w *World) handTo(from, to *part) {
	to.due = false
	to.deadline = -1
	if to == from {
		return
	}
	w.active = to
	to.turn <- struct{}{}
	<-from.turn
}

// choose returns the next part to run: one that is due, chosen at random;
// if none is, it moves the clock to the next timer or network event and
// runs the events due. It returns nil if nothing can ever happen.
func (w *World) choose() *part {
	for {
		w.ready = w.ready[:0]
		next := time.Duration(-1)
		for _, p := range w.parts {
			if p.gone || p == w.stopping {
				continue
			}
			if p.due || p.deadline >= 0 && p.deadline <= w.now {
				w.ready = append(w.ready, p)
			} else if p.deadline >= 0 && (next < 0 || p.deadline < next) {
				next = p.deadline
			}
		}
		switch len(w.ready) {
		case 0:
		case 1:
			return w.ready[0]
		default:
			k := w.rng.IntN(len(w.ready))
			w.trace.add(w.now, "run "+w.ready[k].name)
			return w.ready[k]
		}
		if len(w.events) > 0 && (next < 0 || w.events[0].at < next) {
			next = w.events[0].at
		}
		if next < 0 || w.stopping != nil {
			return nil // nothing will happen, or nothing need: the run is over
		}
		if next > w.now {
			w.trace.add(next, "clock +"+(next-w.now).String())
			w.now = next
		}
		for len(w.events) > 0 && w.events[0].at <= w.now {
			e := heap.Pop(&w.events).(event)
			e.fn()
		}
	}
}

// A Host is a machine of the world: a loop of its own, an address on the
// world's network, and the task it boots with. Its tasks reach the
// network through rt.Dial, rt.Listen and rt.ListenPacket as they would on
// a real machine, naming other hosts by name ("b:80") or by address.
// Crash stops it, Restart boots it again.
type Host struct {
	w    *World
	name string
	boot func() rt.AnyTask
	p    *part // the running incarnation; nil while down
	net  *netHost
}

// Host returns the world's host named name, making it (down, with an
// address of its own) the first time. Host names are what tasks dial:
// "name:port". The name "main" is the main loop's: Host panics if asked
// for it.
func (w *World) Host(name string) *Host {
	if h, ok := w.hosts[name]; ok {
		return h
	}
	if name == w.main.name {
		panic(`sim: World.Host("main"): the main loop is the host main; name the others otherwise`)
	}
	h := &Host{w: w, name: name, net: w.net.addHost(name)}
	w.hosts[name] = h
	return h
}

// Name returns the host's name.
func (h *Host) Name() string { return h.name }

// Up reports whether the host runs.
func (h *Host) Up() bool { return h.p != nil }

// Loop returns the loop of the host's running incarnation, or nil while
// it is down.
func (h *Host) Loop() *rt.Loop {
	if h.p == nil {
		return nil
	}
	return h.p.loop
}

// Start boots the host, if it is down, on a new loop of its own, with the
// task that boot makes; Restart calls boot again. Call it from the world's
// code: before Run's task starts, or from a task or callback of any loop
// of the world.
func (h *Host) Start(boot func() rt.AnyTask) {
	h.boot = boot
	if h.p != nil {
		return
	}
	w := h.w
	p := &part{name: h.name, host: h, net: h.net, turn: make(chan struct{}), due: true, deadline: -1}
	l, err := w.newLoop(p)
	if err != nil {
		panic("sim: internal error: " + err.Error())
	}
	p.loop = l
	h.p = p
	h.net.up = true
	w.parts = append(w.parts, p)
	w.trace.add(w.now, "start "+h.name)
	l.Spawn(boot())
	go w.runHost(p)
}

// runHost is the goroutine of a host's incarnation p.
func (w *World) runHost(p *part) {
	<-p.turn
	never := rt.NewFuture[struct{}]()
	if err := p.loop.RunUntil(idleAsync(never)); err != nil && !errors.Is(err, rt.ErrClosed) && w.hostFault == nil {
		// A callback of the host's panicked: the run fails with it.
		w.hostFault = fmt.Errorf("sim: host %s: %w", p.name, err)
	}
	p.loop.Close()
	if p.host.p == p {
		p.host.p = nil // the host is down now, as after a crash
		p.net.crash()
	}
	p.gone = true
	w.dropPart(p)
	next := w.choose()
	if next == nil {
		w.deadlocked = true
		next = w.main
	}
	next.due = false
	next.deadline = -1
	w.active = next
	next.turn <- struct{}{}
}

// dropPart forgets a part whose goroutine has ended.
func (w *World) dropPart(p *part) {
	for i, q := range w.parts {
		if q == p {
			w.parts = append(w.parts[:i], w.parts[i+1:]...)
			return
		}
	}
}

// Crash stops the host as a power cut would: its loop closes, which
// cancels its tasks, its listeners and sockets are gone, and the peers of
// its connections are reset (they read and write syscall.ECONNRESET).
// Crashing a host that is down does nothing.
func (h *Host) Crash() {
	if h.p == nil {
		return
	}
	h.w.trace.add(h.w.now, "crash "+h.name)
	h.net.crash()
	p := h.p
	h.p = nil
	p.loop.Close() // the loop runs (it waits for its turn): this submits the close
}

// Restart crashes the host if it is up and boots it again with the task
// that Start's boot makes.
func (h *Host) Restart() {
	h.Crash()
	h.Start(h.boot)
}

// stopHosts crashes every host that is up and waits, on the main loop's
// goroutine, for their goroutines to end.
func (w *World) stopHosts() {
	names := make([]string, 0, len(w.hosts))
	for _, p := range w.parts {
		if p.host != nil && p.host.p == p {
			names = append(names, p.name)
		}
	}
	for _, n := range names {
		w.hosts[n].Crash()
	}
	w.stopping = w.main
	defer func() { w.stopping = nil }()
	for len(w.parts) > 1 {
		next := w.choose()
		if next == nil {
			// A host's loop will not finish closing: leave it.
			panic(fmt.Sprintf("sim: internal error: %d hosts did not stop", len(w.parts)-1))
		}
		w.handTo(w.main, next)
	}
}

// idle waits for f, which nothing completes: a host's loop runs until it
// is closed.
//
// async
func idle(f *rt.Future[struct{}]) {
	rt.Await(f)
}
