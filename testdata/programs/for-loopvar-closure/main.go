// Go 1.22 per-iteration loop variables: closures created in each iteration
// capture that iteration's variable, and an await sits in the loop body (and
// in the post statement), so the variable must stay per-iteration when it
// moves into the frame.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func inc(i int) int {
	rt.Yield()
	return i + 1
}

//async
func Main() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		rt.Yield()
		fs = append(fs, func() int { return i * 10 })
	}
	for k := 0; k < len(fs); k++ {
		fmt.Println("closure", k, fs[k]())
	}

	// The closure writes the iteration's variable; the post statement
	// reads the copy made for the next iteration.
	var gs []func()
	var ps []*int
	for i := 0; i < 6; i = inc(i) {
		gs = append(gs, func() { i += 100 })
		ps = append(ps, &i)
		rt.Yield()
		if i == 2 {
			gs[len(gs)-1]()
			fmt.Println("bumped inside", i)
		}
	}
	for k := 0; k < len(ps); k++ {
		fmt.Println("pointer", k, *ps[k])
	}

	// Capture after the await, then change the variable before the next
	// await.
	var hs []func() int
	for i, j := 0, 10; i < 3; i, j = i+1, j-1 {
		x := inc(i)
		hs = append(hs, func() int { return x*100 + i*10 + j })
		x += 5
		rt.Yield()
	}
	for k := 0; k < len(hs); k++ {
		fmt.Println("multi", k, hs[k]())
	}
}
