package rt

import "testing"

// TestCancelledWaitersDoNotPileUp cancels many waits on a lock that is
// never released: the queue of waiters must not keep them all.
func TestCancelledWaitersDoNotPileUp(t *testing.T) {
	var m Lock
	m.TryLock()
	for range 10000 {
		m.Lock().Start(nil).Cancel()
	}
	if n := len(m.waiters.s) - m.waiters.head; n > 128 {
		t.Errorf("%d cancelled waiters kept", n)
	}
	live := m.Lock().Start(nil)
	m.Unlock()
	if !live.Done() || live.Err() != nil {
		t.Errorf("the live waiter behind them: done %v, %v", live.Done(), live.Err())
	}
}
