// A deep chain of async calls: each level suspends before and after
// calling the next, and the result travels back through every level.
// Also a long chain of tail calls and a loop of calls to a deep chain.
package main

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

var maxDepth int

//async
func down(depth int) int {
	rt.Yield()
	if depth > maxDepth {
		maxDepth = depth
	}
	if depth == 500 {
		rt.Await(rt.Sleep(time.Millisecond))
		return 0
	}
	r := down(depth + 1)
	rt.Yield()
	return r + 1
}

//async
func level3(s string) string { return level2(s+"3") + "3" }

//async
func level2(s string) string { return level1(s+"2") + "2" }

//async
func level1(s string) string {
	rt.Yield()
	return "<" + s + "1>"
}

//async
func Main() {
	fmt.Println("depth:", down(0), maxDepth)
	total := 0
	for i := 0; i < 20; i++ {
		total += len(level3(fmt.Sprint(i)))
	}
	fmt.Println(level3("x"), total)
}
