// Package lockawait holds awaits with and without a lock held.
package lockawait

import (
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

type store struct {
	mu sync.Mutex
	rw sync.RWMutex
	n  int
}

// Held awaits with s.mu locked.
//
// async
func (s *store) Held() {
	s.mu.Lock()
	rt.Await(rt.Sleep(time.Millisecond)) // want `^rt.Await in async function Held suspends while s.mu \(locked at line 21\) is held: other tasks run meanwhile, and one that locks it blocks the loop; unlock before the await and lock again after it$`
	s.mu.Unlock()
}

// Deferred holds a read lock until it returns.
//
// async
func (s *store) Deferred() error {
	s.rw.RLock()
	defer s.rw.RUnlock()
	if s.n > 0 {
		rt.Yield() // want `^rt.Yield in async function Deferred suspends while s.rw \(locked at line 30\) is held`
	}
	if _, err := rt.Await(rt.Sleep(time.Millisecond)); err != nil { // want `^rt.Await in async function Deferred`
		return err
	}
	return nil
}

// Call calls an async function, an await, with two locks held.
//
// async
func (s *store) Call() {
	s.mu.Lock()
	s.rw.Lock()
	s.Released() // want `^call of async s.Released in async function Call suspends while s.mu \(locked at line 45\) and s.rw \(locked at line 46\) is held`
	s.rw.Unlock()
	s.mu.Unlock()
}

// Released unlocks before each await: the negative cases.
//
// async
func (s *store) Released() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	rt.Await(rt.Sleep(time.Millisecond))
	s.mu.Lock()
	later := func() { rt.Yield() } // not run here
	s.mu.Unlock()
	later()
	if s.n > 1 {
		s.mu.Lock()
		s.n--
		s.mu.Unlock()
	}
	rt.Yield()
}
