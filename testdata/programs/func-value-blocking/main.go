// An async function used as a func value (not called directly) stays
// legal: the value runs in blocking mode, where Yield does nothing and an
// Await of a completed future returns at once. Direct calls of the same
// function are still suspension points.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func double(v int) int {
	rt.Yield()
	f := rt.NewFuture[int]()
	f.Resolve(v * 2)
	r, _ := rt.Await(f)
	return r
}

func apply(fn func(int) int, xs []int) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = fn(x)
	}
	return out
}

//async
func Main() {
	fmt.Println(apply(double, []int{1, 2, 3}))
	fn := double
	fmt.Println(fn(10), double(20))
}
