// Package fixdropped holds the dropped tasks and ops that have suggested fixes.
package fixdropped

import (
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Work is awaited by the fixes.
//
// async
func Work() int { return 1 }

// Fixable drops a task and an op.
//
// async
func Fixable(v int) int {
	WorkAsync()                // want `^the task made by WorkAsync\(...\) is dropped`
	_ = WorkAsync()            // want `^the task made by WorkAsync\(...\) is assigned to _`
	rt.Sleep(time.Duration(v)) // want `^the op made by rt.Sleep\(...\) is dropped`
	return v
}
