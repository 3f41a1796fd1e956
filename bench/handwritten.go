package bench

import "github.com/asyncgen/asyncgen/rt"

// The frames below are what a person would write by hand for the functions
// in generated.go, following the protocol in rt's package documentation.
// BenchmarkGenerated holds asyncgen's output to their cost.

type sumAwaitsHand struct {
	rt.Frame[int]
	fut   *rt.Future[int]
	n     int
	total int
	i     int
}

func (f *sumAwaitsHand) Resume() rt.Step {
	if f.Frame.PC() == 1 {
		goto resume
	}
loop:
	if f.i >= f.n {
		return f.Frame.Return(f.total, nil)
	}
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume:
	fut := f.fut // awaited again: AwaitResult clears this copy, not the field
	v, err := rt.AwaitResult(&f.Frame, &fut)
	if err != nil {
		return f.Frame.Return(0, err)
	}
	f.total += v
	f.i++
	goto loop
}

type addOneHand struct {
	rt.Frame[int]
	x int
}

func (f *addOneHand) Resume() rt.Step {
	if f.Frame.PC() == 1 || f.x >= 0 {
		return f.Frame.Return(f.x+1, nil)
	}
	return f.Frame.Reschedule(1)
}

type callChainHand struct {
	rt.Frame[int]
	n, x, i int
	callee  addOneHand // addOne's frame, reset at each call
}

func (f *callChainHand) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	case 2:
		return f.Frame.Return(f.x, nil)
	}
loop:
	if f.i >= f.n {
		return f.Frame.Reschedule(2)
	}
	f.callee = addOneHand{x: f.x}
	if rt.BeginCall(&f.Frame, &f.callee.Frame) && rt.AfterCall(&f.Frame, &f.callee, f.callee.Resume(), 1) {
		return rt.Suspended
	}
resume1:
	f.x = rt.CallValue(&f.Frame, f.callee.Task())
	f.i++
	goto loop
}
