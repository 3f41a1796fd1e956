// Switches whose cases await, where fallthrough is followed by empty
// statements ("fallthrough;;") or carries a label ("L: fallthrough", a
// goto's target): fallthrough is the last non-empty statement of its
// case, and goes on to the next body.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func step(s string) string {
	rt.Yield()
	return s
}

//async
func empties(n int) (out string) {
	switch n {
	case 0:
		out += step("zero ")
		fallthrough;;
	case 1:
		out += step("one ")
		fallthrough
		;
	case 2:
		out += "two "
	default:
		out += step("other ")
	}
	return out
}

//async
func labelled(n int) (out string) {
	switch {
	case n < 0:
		out += step("neg ")
		if n < -5 {
			goto Fall
		}
		out += "small "
	Fall:
		fallthrough
	case n == 0:
		if out == "" {
			goto L
		}
		out += step("zero-or-neg ")
	L:
		fallthrough;
	case n > 100:
		out += "big-or-below "
	}
	return out
}

//async
func Main() {
	for _, n := range []int{0, 1, 2, 3} {
		fmt.Println(n, empties(n))
	}
	for _, n := range []int{-7, -1, 0, 5} {
		fmt.Println(n, labelled(n))
	}
}
