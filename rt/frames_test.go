package rt_test

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Hand-written frames, in the shape asyncgen generates, for the tests.

// scriptFrame runs body again and again: body gets the number of awaits done
// so far and the error of the last one, and returns the next op to await,
// yield to yield, or nil to return the last error. It stands for an async
// function whose awaits are spelled out by body.
type scriptFrame struct {
	rt.Frame[struct{}]
	body    func(i int, err error) rt.Op[struct{}]
	i       int
	err     error
	fut     *rt.Future[struct{}]
	waiting bool
}

// yield, returned by a script body, makes the script call rt.Yield.
var yield rt.Op[struct{}] = yieldMarker{}

type yieldMarker struct{}

func (yieldMarker) Start(*rt.Loop) *rt.Future[struct{}] { panic("not an op") }

func (f *scriptFrame) Resume() rt.Step {
	for {
		if f.waiting {
			f.waiting = false
			_, f.err = rt.AwaitResult(&f.Frame, &f.fut)
			f.i++
		}
		op := f.body(f.i, f.err)
		switch op {
		case nil:
			return f.Frame.Return(struct{}{}, f.err)
		case yield:
			f.i, f.err = f.i+1, nil
			return f.Frame.Reschedule(1)
		}
		f.fut = rt.Begin(&f.Frame, op)
		f.waiting = true
		if f.Frame.Suspend(f.fut, 1) {
			return rt.Suspended
		}
	}
}

func script(body func(i int, err error) rt.Op[struct{}]) *rt.Task[struct{}] {
	return rt.NewTask(&scriptFrame{body: body})
}

// afterFrame is the frame of
//
//	//async
//	func after[T any](d time.Duration, v T, err error) (T, error) {
//		if d > 0 {
//			if _, err := rt.Await(rt.Sleep(d)); err != nil {
//				return v, err
//			}
//		}
//		return v, err
//	}
type afterFrame[T any] struct {
	rt.Frame[T]
	d   time.Duration
	v   T
	err error
	fut *rt.Future[struct{}]
}

func (f *afterFrame[T]) Resume() rt.Step {
	if f.PC() == 1 {
		goto resume1
	}
	if f.d <= 0 {
		return f.Frame.Return(f.v, f.err)
	}
	f.fut = rt.Begin(&f.Frame, rt.Sleep(f.d))
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume1:
	if _, err := rt.AwaitResult(&f.Frame, &f.fut); err != nil {
		return f.Frame.Return(f.v, err)
	}
	return f.Frame.Return(f.v, f.err)
}

func after[T any](d time.Duration, v T, err error) *rt.Task[T] {
	return rt.NewTask(&afterFrame[T]{d: d, v: v, err: err})
}

// awaitFrame is the frame of
//
//	//async
//	func await[T any](op rt.Op[T]) (T, error) { return rt.Await(op) }
type awaitFrame[T any] struct {
	rt.Frame[T]
	op  rt.Op[T]
	fut *rt.Future[T]
}

func (f *awaitFrame[T]) Resume() rt.Step {
	if f.PC() == 0 {
		f.fut = rt.Begin(&f.Frame, f.op)
		if f.Frame.Suspend(f.fut, 1) {
			return rt.Suspended
		}
	}
	v, err := rt.AwaitResult(&f.Frame, &f.fut)
	return f.Frame.Return(v, err)
}

func await[T any](op rt.Op[T]) *rt.Task[T] { return rt.NewTask(&awaitFrame[T]{op: op}) }

// panicFrame panics with v in its first step.
type panicFrame struct {
	rt.Frame[int]
	v any
}

func (f *panicFrame) Resume() rt.Step { panic(f.v) }

// callFrame is the frame of
//
//	//async
//	func call(t *rt.Task[int]) (int, error) { return t() }
//
// a direct call of an async function whose result ends in an error.
type callFrame struct {
	rt.Frame[int]
	t   *rt.Task[int]
	fut *rt.Future[int]
}

func (f *callFrame) Resume() rt.Step {
	if f.PC() == 0 {
		f.fut = rt.Begin(&f.Frame, rt.Op[int](f.t))
		if f.Frame.Suspend(f.fut, 1) {
			return rt.Suspended
		}
	}
	v, err := rt.CallResult(&f.Frame, f.t)
	return f.Frame.Return(v, err)
}

// events is a log that tasks write to and tests compare.
type events struct {
	mu sync.Mutex
	b  []string
}

func (e *events) add(format string, args ...any) {
	e.mu.Lock()
	e.b = append(e.b, fmt.Sprintf(format, args...))
	e.mu.Unlock()
}

func (e *events) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.b, " ")
}
