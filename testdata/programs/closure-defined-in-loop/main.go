// Closures created inside a loop body that suspends, capturing both a
// variable declared outside the loop (shared by all) and one declared in
// the body (one per iteration), and called after later awaits.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func square(v int) int {
	rt.Yield()
	return v * v
}

//async
func Main() {
	shared := 0
	var fns []func() string
	i := 0
	for i < 4 {
		sq := square(i)
		fns = append(fns, func() string {
			shared++
			return fmt.Sprintf("i=%d sq=%d shared=%d", i, sq, shared)
		})
		sq++ // the closure sees this: sq is its variable
		i++
		rt.Yield()
	}
	for k := 0; k < len(fns); k++ {
		rt.Yield()
		fmt.Println(fns[k]())
	}
	fmt.Println("shared:", shared)
	// Immediately invoked closures around awaits.
	v := func(x int) int { return x + shared }(square(3))
	fmt.Println("iife:", v)
	func() {
		shared = 100
	}()
	rt.Yield()
	fmt.Println("shared after iife:", shared)
}
