package rt_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// handlePanic is Go's idiom of a deferred function that recovers itself
// and reports the panic through its argument.
func handlePanic(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("recovered: %v", r)
	}
}

type handler struct{ log *[]string }

func (h *handler) handle(err *error, tag string) {
	if r := recover(); r != nil {
		*h.log = append(*h.log, fmt.Sprint(tag, " ", r))
		*err = errors.New(tag)
	}
}

// argsFrame is the frame asyncgen writes for
//
//	//async
//	func withArgs(h *handler, how int) (err error) {
//		defer handlePanic(&err)    // how == 0
//		defer h.handle(&err, "m")  // how == 1
//		defer note(h.log, "x")     // always: does not recover
//		panic("boom")
//	}
type argsFrame struct {
	rt.Frame[error]
	h   *handler
	how int
	err error
}

func note(log *[]string, s string) int {
	*log = append(*log, s)
	return len(*log)
}

func (f *argsFrame) Resume() rt.Step {
	switch f.how {
	case 0:
		rt.DeferCall1(&f.Frame, handlePanic, &f.err)
	case 1:
		rt.DeferCall2(&f.Frame, f.h.handle, &f.err, "m")
	}
	rt.DeferCall2R(&f.Frame, note, f.h.log, "x")
	panic("boom")
}

func (f *argsFrame) Recovered() (error, error) { return f.err, nil }

// TestDeferCallRecovers: a function deferred with its arguments, by name
// or as a method value, recovers the frame's panic with its own recover,
// as in Go; one that does not recover runs and the panic goes on to it.
func TestDeferCallRecovers(t *testing.T) {
	for how, want := range []string{"recovered: boom", "m"} {
		var log []string
		v, err := rt.Run(rt.NewTask(&argsFrame{h: &handler{&log}, how: how}))
		if err != nil || v == nil || v.Error() != want {
			t.Errorf("how %d: result = %v, %v; want %q, nil", how, v, err, want)
		}
		if how == 1 && fmt.Sprint(log) != "[x m boom]" {
			t.Errorf("how %d: log = %v", how, log)
		}
	}
}

// TestDeferCallNoPanic: without a panic, the call runs with the
// arguments pushed, the variadic ones included.
func TestDeferCallNoPanic(t *testing.T) {
	var got []string
	f := &plainArgsFrame{log: &got}
	if _, err := rt.Run(rt.NewTask(f)); err != nil {
		t.Fatal(err)
	}
	if want := "[v1 2 a [1 2] b]"; fmt.Sprint(got) != want {
		t.Errorf("log = %v, want %s", got, want)
	}
}

type plainArgsFrame struct {
	rt.Frame[struct{}]
	log *[]string
}

func (f *plainArgsFrame) Resume() rt.Step {
	add := func(xs ...any) { *f.log = append(*f.log, fmt.Sprint(xs...)) }
	rt.DeferCall2R(&f.Frame, note, f.log, "b")
	rt.DeferCallV2(&f.Frame, func(s string, xs ...int) { *f.log = append(*f.log, s, fmt.Sprint(xs)) }, "a", 1, 2)
	rt.DeferCallV1(&f.Frame, add, "v", 1, 2)
	return f.Frame.Return(struct{}{}, nil)
}
