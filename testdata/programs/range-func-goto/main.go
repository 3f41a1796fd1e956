// A goto out of range loops over functions whose bodies await: the
// iterators of the loops it leaves are stopped (their deferred calls run)
// before it jumps, innermost first; a goto to a label inside the loop
// stops nothing (the generator reported every goto inside such a loop).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

func count(name string, n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		defer fmt.Println("stop", name)
		for i := range n {
			if !yield(i) {
				fmt.Println(name, "told to stop at", i)
				return
			}
		}
	}
}

//async
func out(limit int) int {
	sum := 0
	for v := range count("outer", 5) {
		for w := range count("inner", 5) {
			rt.Yield()
			sum += v*10 + w
			if w == limit {
				goto done
			}
			if v == 3 {
				goto nextOuter
			}
		}
	nextOuter:
		rt.Yield()
		if v == 4 {
			goto done
		}
	}
	fmt.Println("loop ended")
	return sum
done:
	fmt.Println("went to done")
	return -sum
}

//async
func back() int {
	tries := 0
again:
	tries++
	for v := range count("again", 3) {
		rt.Yield()
		if v == 1 && tries < 3 {
			goto again
		}
	}
	return tries
}

//async
func Main() {
	fmt.Println(out(2))
	fmt.Println(out(9))
	fmt.Println(back())
}
