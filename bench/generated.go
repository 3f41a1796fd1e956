package bench

import "github.com/asyncgen/asyncgen/rt"

//go:generate go tool asyncgen

// sumAwaits awaits fut n times and adds up what it reads: the cost of one
// await in a loop. BenchmarkGenerated runs asyncgen's frame for it beside
// the frame written by hand in handwritten.go.
//
// async
func sumAwaits(fut *rt.Future[int], n int) (int, error) {
	total := 0
	for i := 0; i < n; i++ {
		v, err := rt.Await(fut)
		if err != nil {
			return 0, err
		}
		total += v
	}
	return total, nil
}

// addOne is a small async function that finishes without suspending: its
// suspension point is on a path not taken, so that it cannot be called as
// a plain function.
//
// async
func addOne(x int) int {
	if x < 0 {
		rt.Yield()
	}
	return x + 1
}

// addOnePlain is addOne as a plain Go call that is not inlined: the
// baseline of op=Call.
//
//go:noinline
func addOnePlain(x int) int {
	if x < 0 {
		rt.Yield()
	}
	return x + 1
}

// callChain calls addOne n times: the cost of a direct call of an async
// function that completes at once, whose frame is a field of callChain's.
//
// async
func callChain(n int) (int, error) {
	x := 0
	for i := 0; i < n; i++ {
		x = addOne(x)
	}
	rt.Yield()
	return x, nil
}
