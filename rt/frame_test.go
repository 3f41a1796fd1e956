package rt_test

import (
	"errors"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// sumFrame is the frame asyncgen writes for
//
//	//async
//	func sum(a, b int) (int, error) {
//		if _, err := rt.Await(rt.Sleep(time.Millisecond)); err != nil {
//			return 0, err
//		}
//		return a + b, nil
//	}
type sumFrame struct {
	rt.Frame[int]
	a, b int
	fut0 *rt.Future[struct{}]
}

func (f *sumFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.fut0 = rt.Begin(&f.Frame, rt.Sleep(time.Millisecond))
	if f.Frame.Await(f.fut0, 1) {
		return rt.Suspend
	}
resume1:
	if _, err := rt.Result(&f.Frame, f.fut0); err != nil {
		return f.Frame.Return(0, err)
	}
	return f.Frame.Return(f.a+f.b, nil)
}

func sumAsync(a, b int) *rt.Task[int] { return rt.Start(&sumFrame{a: a, b: b}) }

func TestHandWrittenFrame(t *testing.T) {
	got, err := rt.Run(sumAsync(2, 3))
	if err != nil || got != 5 {
		t.Fatalf("Run(sumAsync(2, 3)) = %v, %v; want 5, nil", got, err)
	}
	// Blocking mode: Await of a task that has not started runs it.
	got, err = rt.Await(sumAsync(4, 5))
	if err != nil || got != 9 {
		t.Fatalf("Await(sumAsync(4, 5)) = %v, %v; want 9, nil", got, err)
	}
	_ = errors.New
}
