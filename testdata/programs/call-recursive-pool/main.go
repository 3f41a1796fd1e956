// Direct calls of recursive async functions, whose frames come from a free
// list: a recursion deeper than the free list keeps (so frames are both
// reused and dropped), one that suspends at some depths and not at others,
// mutual recursion through a cycle of three functions, and a recursive
// call whose result is combined with a second recursive call in one
// expression.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func depth(n int) int {
	if n == 0 {
		return 0
	}
	if n%97 == 0 {
		rt.Yield()
	}
	return depth(n-1) + 1
}

// async
func fib(n int) int {
	if n < 2 {
		if n == 1 {
			rt.Yield()
		}
		return n
	}
	return fib(n-1) + fib(n-2)
}

// async
func a(n int, trail []string) []string {
	trail = append(trail, fmt.Sprint("a", n))
	if n <= 0 {
		return trail
	}
	return b(n-1, trail)
}

// async
func b(n int, trail []string) []string {
	trail = append(trail, fmt.Sprint("b", n))
	if n%2 == 0 {
		rt.Yield()
	}
	return c(n, trail)
}

// async
func c(n int, trail []string) []string {
	trail = append(trail, fmt.Sprint("c", n))
	return a(n-1, trail)
}

// async
func Main() {
	fmt.Println("depth:", depth(1000))
	fmt.Println("depth again:", depth(300))
	fmt.Println("fib:", fib(15))
	fmt.Println("cycle:", a(5, nil))
}
