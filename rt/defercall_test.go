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

// call4R2 is a DeferredCall as generated code writes one for a shape that
// no DeferCall function covers: four parameters and two results.
type call4R2[A, B, C, D, Y, Z any] struct {
	fn func(A, B, C, D) (Y, Z)
	a  A
	b  B
	c  C
	d  D
}

func (c *call4R2[A, B, C, D, Y, Z]) Call() { c.fn(c.a, c.b, c.c, c.d) }

func (c *call4R2[A, B, C, D, Y, Z]) CallUnder(v any) {
	defer c.fn(c.a, c.b, c.c, c.d)
	panic(v)
}

// handle4 recovers and logs, with its arguments; it recovers only when
// stop is set.
func handle4(log *[]string, tag string, stop bool, err *error) (int, error) {
	var r any
	if stop {
		r = recover()
	}
	*log = append(*log, fmt.Sprint(tag, " ", r))
	if r != nil {
		*err = fmt.Errorf("%s: %v", tag, r)
	}
	return len(*log), nil
}

// ofFrame is the frame asyncgen writes for
//
//	//async
//	func withShape(log *[]string, panics bool) (err error) {
//		defer handle4(log, "first", true, &err)
//		defer handle4(log, "second", false, &err)
//		tag := "third"
//		defer handle4(log, tag, false, &err)
//		tag = "changed"
//		if panics {
//			panic("boom")
//		}
//		return nil
//	}
type ofFrame struct {
	rt.Frame[error]
	log    *[]string
	panics bool
	err    error
}

func (f *ofFrame) Resume() rt.Step {
	rt.DeferCallOf(&f.Frame, &call4R2[*[]string, string, bool, *error, int, error]{fn: handle4, a: f.log, b: "first", c: true, d: &f.err})
	rt.DeferCallOf(&f.Frame, &call4R2[*[]string, string, bool, *error, int, error]{fn: handle4, a: f.log, b: "second", c: false, d: &f.err})
	tag := "third"
	rt.DeferCallOf(&f.Frame, &call4R2[*[]string, string, bool, *error, int, error]{fn: handle4, a: f.log, b: tag, c: false, d: &f.err})
	tag = "changed"
	_ = tag
	if f.panics {
		panic("boom")
	}
	f.err = nil
	if err := f.Frame.RunDefers(); err != nil {
		return f.Frame.Fail(err)
	}
	return f.Frame.Return(f.err, nil)
}

func (f *ofFrame) Recovered() (error, error) { return f.err, nil }

// TestDeferCallOf: a DeferredCall pushed by DeferCallOf runs last in
// first out with the arguments it was made with; under a panic, the
// calls that do not recover see it go on, and the one whose function
// recovers stops the frame's panic, as in Go.
func TestDeferCallOf(t *testing.T) {
	for _, panics := range []bool{true, false} {
		var log []string
		v, err := rt.Run(rt.NewTask(&ofFrame{log: &log, panics: panics}))
		want, wantLog := "<nil>", "[third <nil> second <nil> first <nil>]"
		if panics {
			want, wantLog = "first: boom", "[third <nil> second <nil> first boom]"
		}
		if err != nil || fmt.Sprint(v) != want || fmt.Sprint(log) != wantLog {
			t.Errorf("panics %v: result = %v, %v, log %v; want %s, nil, log %s", panics, v, err, log, want, wantLog)
		}
	}
}
