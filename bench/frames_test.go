package bench

import (
	"runtime"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Hand-written frames, in the shape asyncgen generates.

// nopFrame is the frame of
//
//	//async
//	func nop() {}
type nopFrame struct{ rt.Frame[struct{}] }

func (f *nopFrame) Resume() rt.Step { return f.Frame.Return(struct{}{}, nil) }

// playerFrame is the frame of
//
//	//async
//	func player(in, out *rt.Future[int], n int, serve bool) {
//		if serve {
//			if out.Resolve(1); n <= 1 {
//				return
//			}
//		}
//		for {
//			v, _ := rt.Await(in)
//			in.Reset()
//			if v >= n {
//				return
//			}
//			out.Resolve(v + 1)
//			if v+1 >= n {
//				return
//			}
//		}
//	}
type playerFrame struct {
	rt.Frame[struct{}]
	in, out *rt.Future[int]
	n       int
	serve   bool
}

func (f *playerFrame) Resume() rt.Step {
	if f.Frame.PC() == 1 {
		goto resume1
	}
	if f.serve {
		if f.out.Resolve(1); f.n <= 1 {
			return f.Frame.Return(struct{}{}, nil)
		}
	}
loop:
	if f.Frame.Suspend(f.in, 1) {
		return rt.Suspended
	}
resume1:
	{
		in := f.in // awaited again: AwaitResult clears this copy, not the field
		v, _ := rt.AwaitResult(&f.Frame, &in)
		f.in.Reset()
		if v >= f.n {
			return f.Frame.Return(struct{}{}, nil)
		}
		f.out.Resolve(v + 1)
		if v+1 >= f.n {
			return f.Frame.Return(struct{}{}, nil)
		}
	}
	goto loop
}

// parkFrame is the frame of
//
//	//async
//	func park(fut *rt.Future[struct{}]) { rt.Await(fut) }
type parkFrame struct {
	rt.Frame[struct{}]
	fut *rt.Future[struct{}]
}

func (f *parkFrame) Resume() rt.Step {
	if f.Frame.PC() == 0 && f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
	return f.Frame.Return(struct{}{}, nil)
}

// sleepFrame is the frame of
//
//	//async
//	func sleep(d time.Duration, left *int, done *rt.Future[struct{}]) {
//		rt.Await(rt.Sleep(d))
//		if *left--; *left == 0 {
//			done.Resolve(struct{}{})
//		}
//	}
type sleepFrame struct {
	rt.Frame[struct{}]
	d    time.Duration
	left *int
	done *rt.Future[struct{}]
	fut  *rt.Future[struct{}]
}

func (f *sleepFrame) Resume() rt.Step {
	if f.Frame.PC() == 0 {
		f.fut = rt.Begin(&f.Frame, rt.Sleep(f.d))
		if f.Frame.Suspend(f.fut, 1) {
			return rt.Suspended
		}
	}
	if *f.left--; *f.left == 0 {
		f.done.Resolve(struct{}{})
	}
	return f.Frame.Return(struct{}{}, nil)
}

// The frames below are one async function called directly in three ways:
// through its own task (the protocol's first form, which allocates the
// frame), with its frame embedded in the caller's (rt.Call), and with its
// frame taken from a free list (rt.TakeFrame). The callee is
//
//	//async
//	func step(x int, yield bool) int {
//		if yield {
//			rt.Yield()
//		}
//		return x + 1
//	}
//
// which has a suspension point whether or not it takes it, so that it
// cannot be called as a plain function; stepPlain is that plain function.

//go:noinline
func stepPlain(x int, yield bool) int {
	if yield {
		rt.Yield()
	}
	return x + 1
}

// stepGosched is stepPlain's yield done the goroutine way: the baseline of
// a call that lets the other goroutines run once before it returns.
//
//go:noinline
func stepGosched(x int) int {
	runtime.Gosched()
	return x + 1
}

type stepFrame struct {
	rt.Frame[int]
	x     int
	yield bool
}

func (f *stepFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	if !f.yield {
		goto done
	}
	return f.Frame.Reschedule(1)
resume1:
done:
	return f.Frame.Return(f.x+1, nil)
}

func stepAsync(x int, yield bool) *rt.Task[int] {
	return rt.NewTask(&stepFrame{x: x, yield: yield})
}

// stepsTask, stepsEmbedded and stepsFree are the frame of
//
//	//async
//	func steps(n int, yield bool) (int, error) {
//		x := 0
//		for i := 0; i < n; i++ {
//			x = step(x, yield)
//		}
//		return x, nil
//	}
//
// with the call of step made through its task, with step's frame embedded,
// and with step's frame from a free list.
type stepsTask struct {
	rt.Frame[int]
	n     int
	yield bool
	x     int
	i     int
	call1 *rt.Task[int]
}

func (f *stepsTask) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.x = 0
	f.i = 0
loop:
	if !(f.i < f.n) {
		goto done
	}
	f.call1 = stepAsync(f.x, f.yield)
	if f.Frame.Suspend(rt.BeginTask(&f.Frame, f.call1), 1) {
		return rt.Suspended
	}
resume1:
	f.x = rt.CallValue(&f.Frame, f.call1)
	f.i++
	goto loop
done:
	return f.Frame.Return(f.x, nil)
}

type stepsEmbedded struct {
	rt.Frame[int]
	n     int
	yield bool
	x     int
	i     int
	call1 stepFrame // step's frame, reset at each call
}

func (f *stepsEmbedded) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.x = 0
	f.i = 0
loop:
	if !(f.i < f.n) {
		goto done
	}
	f.call1 = stepFrame{x: f.x, yield: f.yield}
	if rt.Call(&f.Frame, &f.call1, 1) {
		return rt.Suspended
	}
resume1:
	f.x = rt.CallValue(&f.Frame, f.call1.Task())
	f.i++
	goto loop
done:
	return f.Frame.Return(f.x, nil)
}

// stepFrames is the free list of step's frames, as generated code declares
// it for a recursive function.
var stepFrames rt.FramePool[stepFrame]

type stepsFree struct {
	rt.Frame[int]
	n     int
	yield bool
	x     int
	i     int
	call1 *stepFrame
}

func (f *stepsFree) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.x = 0
	f.i = 0
loop:
	if !(f.i < f.n) {
		goto done
	}
	f.call1 = rt.TakeFrame(&f.Frame, &stepFrames)
	*f.call1 = stepFrame{x: f.x, yield: f.yield}
	if rt.Call(&f.Frame, f.call1, 1) {
		return rt.Suspended
	}
resume1:
	f.x = rt.CallValue(&f.Frame, f.call1.Task())
	rt.FreeFrame(&f.Frame, &stepFrames, f.call1)
	f.i++
	goto loop
done:
	return f.Frame.Return(f.x, nil)
}
