package rt_test

import (
	"runtime"
	"testing"
	"weak"

	"github.com/asyncgen/asyncgen/rt"
)

// bigResult is a result large enough that keeping it by mistake matters.
type bigResult [1 << 16]byte

// awaitThenWait awaits the op that mk makes, dropping its result, and then
// waits on second. asyncgen writes awaitThenWaitAsync into
// frame_drop_async_test.go.
//
// async
func awaitThenWait(mk func() rt.Op[*bigResult], second rt.Op[struct{}]) error {
	if _, err := rt.Await(mk()); err != nil {
		return err
	}
	_, err := rt.Await(second)
	return err
}

// TestSuspendedFrameDropsAwaitedFuture: once a task has read an await's
// result and moved on, its frame no longer holds that await's future, nor
// the value in it: a task suspended at its next await keeps no more alive
// than a goroutine blocked there would.
func TestSuspendedFrameDropsAwaitedFuture(t *testing.T) {
	l := newLoop(t)
	var first weak.Pointer[bigResult]
	mk := func() rt.Op[*bigResult] {
		v := new(bigResult)
		first = weak.Make(v)
		f := new(rt.Future[*bigResult])
		f.Resolve(v)
		return f
	}
	second := new(rt.Future[struct{}])
	task := awaitThenWaitAsync(mk, second)
	l.Spawn(task)
	l.CallSoon(func() {
		// The task has read the first result and waits on second.
		runtime.GC()
		if first.Value() != nil {
			t.Error("the first await's result is still reachable while the task waits on the second")
		}
		second.Resolve(struct{}{})
	})
	if _, err := run(t, l, task); err != nil {
		t.Fatal(err)
	}
}
