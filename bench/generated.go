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

// addOne is a small async function that finishes without suspending.
//
// async
func addOne(x int) int {
	return x + 1
}

// callChain calls addOne n times: the cost of a call of an async function
// that completes at once, which allocates the callee's frame.
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
