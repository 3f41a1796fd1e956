package rt

import "time"

// A timerTarget is fired when its deadline passes. A dead target (a stopped
// timer, a cancelled sleep, a timeout whose operation has finished) will do
// nothing when fired, so a sweep may drop it early.
type timerTarget interface {
	fire()
	dead() bool
}

// timerEntry is an element of the loop's timer heap, stored by value.
type timerEntry struct {
	when   int64  // deadline, nanoseconds on the loop's clock
	seq    uint64 // scheduling order, to break ties
	target timerTarget
}

// timerHeap is a binary min-heap ordered by (when, seq): equal deadlines fire
// in the order they were set. Stopped timers stay in the heap until their
// deadline and are dropped then, or by a sweep: when the heap has doubled
// (see Loop.addTimer), and when the timers known to be dead are half of it
// (see Loop.timerDied), so that many short operations under long timeouts
// do not pile up, nor what their timers hold (a Timeout holds its
// operation) outlive them for long. Removing a timer from the heap as it
// dies would cost an index kept up to date in every timer on every move.
type timerHeap []timerEntry

// minSweep is the heap size below which the loop does not sweep.
const minSweep = 1024

// sweep drops dead targets and restores the heap order.
func (h *timerHeap) sweep() {
	s := (*h)[:0]
	for _, e := range *h {
		if !e.target.dead() {
			s = append(s, e)
		}
	}
	clear((*h)[len(s):])
	*h = s
	for i := len(s)/2 - 1; i >= 0; i-- {
		s.down(i)
	}
}

func (h timerHeap) less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}

func (h *timerHeap) push(e timerEntry) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *timerHeap) pop() timerEntry {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s[last] = timerEntry{}
	s = s[:last]
	s.down(0)
	*h = s
	return top
}

// down moves entry i down to its place.
func (s timerHeap) down(i int) {
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(s) && s.less(l, m) {
			m = l
		}
		if r < len(s) && s.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
}

// A Timer is a callback scheduled by Loop.CallLater or Loop.CallAt.
type Timer struct {
	fn      func()
	loop    *Loop
	stopped bool
}

func (t *Timer) dead() bool { return t.stopped }

func (t *Timer) fire() {
	if !t.stopped {
		t.stopped = true
		t.fn()
	}
}

// Stop keeps the timer from firing and reports whether it did so (false if
// it had fired or been stopped already). Call it on the loop's goroutine.
func (t *Timer) Stop() bool {
	was := !t.stopped
	t.stopped = true
	if was && t.loop != nil { // a zero Timer has no loop
		t.loop.timerDied()
	}
	return was
}

// CallLater arranges for fn to run on the loop after d. Timers with equal
// deadlines fire in the order they were set. A panic in fn is a callback's
// (see Loop).
func (l *Loop) CallLater(d time.Duration, fn func()) *Timer {
	if l.debug {
		l.checkGoroutine("CallLater")
	}
	return l.CallAt(l.clock.Now().Add(d), fn)
}

// CallAt arranges for fn to run on the loop at time at, by the loop's clock.
func (l *Loop) CallAt(at time.Time, fn func()) *Timer {
	if l.debug {
		l.checkGoroutine("CallAt")
	}
	t := &Timer{fn: fn, loop: l}
	l.addTimer(at.Sub(l.epoch).Nanoseconds(), t)
	return t
}

func (l *Loop) addTimer(when int64, t timerTarget) {
	if len(l.timers) >= l.sweepAt {
		l.sweepTimers()
	}
	l.timerSeq++
	l.timers.push(timerEntry{when: when, seq: l.timerSeq, target: t})
}

// timerDied notes that a timer in the heap has died before its deadline (a
// stopped Timer, a cancelled Sleep, a Timeout whose operation finished) and
// sweeps the heap once the dead timers it knows of are half of it. The
// count is a floor: a target may die without telling (a Sleep's future
// completed by hand), and is swept all the same.
func (l *Loop) timerDied() {
	l.deadTimers++
	if len(l.timers) >= minSweep && l.deadTimers > len(l.timers)/2 {
		l.sweepTimers()
	}
}

func (l *Loop) sweepTimers() {
	l.timers.sweep()
	l.deadTimers = 0
	l.sweepAt = max(2*len(l.timers), minSweep)
}

// now returns the loop's clock in nanoseconds since the loop's epoch.
func (l *Loop) now() int64 { return l.clock.Now().Sub(l.epoch).Nanoseconds() }

// Clock tells a loop the time. A loop uses the system's monotonic clock
// unless WithClock gives it another, such as a virtual clock in a test.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }
