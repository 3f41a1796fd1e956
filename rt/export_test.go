package rt

import (
	"sync/atomic"
	"time"
)

// Hooks for the external tests.

// MinSweep is the heap size below which the loop does not sweep timers.
const MinSweep = minSweep

// TimersHeld returns how many timers the loop's heap holds, dead or alive.
func (l *Loop) TimersHeld() int { return len(l.timers) }

// DebugSettings returns the loop's slow-step threshold and idle-dump
// threshold (zero: off) as NewLoop settled them.
func (l *Loop) DebugSettings() (slowStep, idleDump time.Duration) {
	return l.slowStep, l.idleDump
}

var lookups, acceptAttempts atomic.Int64

func init() {
	onLookup = func() { lookups.Add(1) }
	onAccept = func() { acceptAttempts.Add(1) }
}

// AcceptAttempts counts the accept calls of every Listener so far.
func AcceptAttempts() int64 { return acceptAttempts.Load() }

// Lookups counts the name lookups that Dial and Listen have started.
func Lookups() int64 { return lookups.Load() }

// HoldsBuffer reports whether the reader holds a buffer.
func (r *Reader) HoldsBuffer() bool { return r.buf != nil }

// BufferCap returns the capacity of the writer's buffer.
func (w *Writer) BufferCap() int { return cap(w.buf) }
