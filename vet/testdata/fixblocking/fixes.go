// Package fixblocking holds the blocking calls that have suggested fixes.
package fixblocking

import (
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Fixable has one of each.
//
// async
func Fixable(fut *rt.Future[int], t *rt.Task[int]) (int, error) {
	time.Sleep(10 * time.Millisecond) // want `^time.Sleep in async function Fixable`
	v, err := fut.Wait()              // want `^rt.Future.Wait in async function Fixable`
	if err != nil {
		return 0, err
	}
	t.Wait() // want `^rt.Task.Wait in async function Fixable`
	return v, nil
}
