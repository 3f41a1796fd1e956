// A three-clause for loop that does not await, in a function that awaits
// elsewhere, is copied as written with its init statement, so that its
// variable stays per-iteration (Go 1.22) for the closures and pointers
// that capture it, also through a deferred call. Found by FuzzPrograms.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func deferred() (r int) {
	for i := 0; i < 3; i++ {
		defer func() {
			fmt.Println("deferred sees", i)
			r += i
		}()
	}
	rt.Yield()
	return 100
}

// async
func Main() {
	var fns []func()
	for i := 0; i < 2; i++ {
		fns = append(fns, func() { fmt.Println("captured", i) })
	}
	var ps []*int
	for i := 0; i < 2; i++ {
		ps = append(ps, &i)
	}
	rt.Yield()
	for _, fn := range fns {
		fn()
	}
	fmt.Println(*ps[0], *ps[1])
	fmt.Println(deferred())
}
