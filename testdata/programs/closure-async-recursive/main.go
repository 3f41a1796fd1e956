// A function literal that awaits and calls the async function it is in:
// the function is recursive through it (its frame cannot hold the
// literal's, which holds its own), and a literal in a function with a goto.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func fib(n int) int {
	if n < 2 {
		return n
	}
	sub := func(k int) int {
		rt.Yield()
		return fib(n - k)
	}
	return sub(1) + sub(2)
}

//async
func Main() {
	x := 0
	goto next
next:
	for i := 0; i < 2; i++ {
		f := func() { rt.Yield(); x += i }
		f()
	}
	fmt.Println(fib(10), x)
}
