package bench

import (
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
	if f.Frame.Await(f.in, 1) {
		return rt.Suspend
	}
resume1:
	{
		v, _ := rt.Result(&f.Frame, f.in)
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
	if f.Frame.PC() == 0 && f.Frame.Await(f.fut, 1) {
		return rt.Suspend
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
		if f.Frame.Await(f.fut, 1) {
			return rt.Suspend
		}
	}
	if *f.left--; *f.left == 0 {
		f.done.Resolve(struct{}{})
	}
	return f.Frame.Return(struct{}{}, nil)
}
