// continue in a three-clause loop whose post statement suspends: continue
// must run the post statement (and its await) before the condition, also
// from inside nested if and switch statements.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var posts int

//async
func next(i int) int {
	rt.Yield()
	posts++
	return i + 1
}

//async
func Main() {
	var kept []int
	for i := 0; i < 10; i = next(i) {
		if i%3 == 0 {
			continue
		}
		switch {
		case i == 5:
			rt.Yield()
			continue
		}
		kept = append(kept, i)
	}
	fmt.Println(kept, posts)

	sum := 0
	for i, j := 0, 10; i < j; i, j = next(i), j-1 {
		if j%2 == 0 {
			continue
		}
		sum += i * j
	}
	fmt.Println("sum", sum, posts)
}
