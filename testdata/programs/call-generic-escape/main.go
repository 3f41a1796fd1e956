// Direct calls whose callee's frame cannot be embedded in the caller's or
// reused: a generic callee (instantiated twice in one function), a
// generic recursive callee, and callees whose variables outlive the call
// (captured by a returned closure, or whose address is kept), which must
// get a frame of their own each time.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func first[T any](xs []T) T {
	rt.Yield()
	return xs[0]
}

// async
func count[T any](xs []T) int {
	if len(xs) == 0 {
		return 0
	}
	if len(xs)%3 == 0 {
		rt.Yield()
	}
	return 1 + count(xs[1:])
}

// async
func counter(start int) func() int {
	n := start
	rt.Yield()
	return func() int {
		n++
		return n
	}
}

// async
func boxed(v int) *int {
	x := v
	if v < 0 {
		rt.Yield()
	}
	return &x
}

// async
func Main() {
	fmt.Println(first([]string{"a", "b"}), first([]int{7, 8}))
	fmt.Println(count([]string{"x", "y", "z", "w"}), count([]float64{1, 2, 3, 4, 5, 6, 7}))
	c1 := counter(10)
	c2 := counter(20)
	fmt.Println(c1(), c1(), c2(), c1(), c2())
	p := boxed(1)
	q := boxed(2)
	r := boxed(-3)
	*p += 100
	fmt.Println(*p, *q, *r)
}
