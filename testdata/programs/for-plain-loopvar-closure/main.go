// A three-clause loop that does not await, in an async function, whose
// body captures its variable: each iteration has its own (Go 1.22), and
// the loop must not move the variable into the frame, where the closures
// of every iteration would share it.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func Main() {
	var fs []func() int
	var ps []*int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
		ps = append(ps, &i)
	}
	rt.Yield()
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	for _, p := range ps {
		fmt.Print(*p, " ")
	}
	fmt.Println()
}
