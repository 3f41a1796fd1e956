// Awaits inside if conditions of an else-if chain: each condition runs only
// when the ones before it were false, so the suspending calls that run (and
// their side effects) depend on the branch taken.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var calls int

//async
func is(what string, v bool) bool {
	rt.Yield()
	calls++
	fmt.Println("  test", what)
	return v
}

//async
func pick(a, b, c bool) string {
	if is("a", a) {
		return "A"
	} else if is("b", b) {
		rt.Yield()
		return "B"
	} else if !is("c", c) {
		return "not C"
	}
	return "C"
}

//async
func Main() {
	fmt.Println(pick(true, true, true))
	fmt.Println(pick(false, true, false))
	fmt.Println(pick(false, false, false))
	fmt.Println(pick(false, false, true))
	if n := calls; is("calls", n > 5) {
		fmt.Println("calls so far:", n, calls)
	}
	if is("no else", false) {
		fmt.Println("unreachable")
	}
	fmt.Println("total calls:", calls)
}
