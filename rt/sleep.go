package rt

import "time"

// sleepOp is the op behind Sleep: the future and its timer in one
// allocation. It owns its future, so that cancelling the sleep tells the
// loop that its timer has died.
type sleepOp struct {
	Future[struct{}]
	d    time.Duration
	loop *Loop // set when the sleep starts
}

// Sleep returns an op that completes after d. Awaiting it suspends the task
// and lets the loop run others; a cancelled sleep ends at once with
// ErrCanceled, and its timer is dropped when its deadline comes. In
// blocking mode it is time.Sleep.
func Sleep(d time.Duration) Op[struct{}] { return &sleepOp{d: d} }

func (s *sleepOp) Start(l *Loop) *Future[struct{}] {
	if s.loop == nil {
		s.loop = l
		s.owner = s
		l.addTimer(l.now()+int64(s.d), s)
	}
	return &s.Future
}

func (s *sleepOp) fire()      { s.Resolve(struct{}{}) }
func (s *sleepOp) dead() bool { return s.isDone() }

// cancel is what cancelling the sleep's future does: it completes the
// future with ErrCanceled, as for a plain future.
func (s *sleepOp) cancel() bool {
	if s.isDone() {
		return false
	}
	s.err = ErrCanceled
	s.finish()
	s.loop.timerDied()
	return true
}

func (s *sleepOp) block() (struct{}, error) {
	time.Sleep(s.d)
	return struct{}{}, nil
}
