// rt.Yield in loops: many yields in a row, a yield per iteration of
// nested loops, and a loop whose only statement is a yield. Locals must
// keep their values across every yield.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func spin(n int) int {
	c := 0
	for i := 0; i < n; i++ {
		rt.Yield()
		c++
	}
	return c
}

//async
func Main() {
	fmt.Println("spin:", spin(1000))
	a, b, c := 1, "two", []int{3}
	for i := 0; i < 10; i++ {
		rt.Yield()
	}
	fmt.Println(a, b, c)
	hist := [5]int{}
	for i := 0; i < 5; i++ {
		for j := 0; j <= i; j++ {
			rt.Yield()
			hist[i] += j
		}
		rt.Yield()
	}
	fmt.Println("hist:", hist)
	rt.Yield()
	rt.Yield()
	rt.Yield()
	fmt.Println("done")
}
