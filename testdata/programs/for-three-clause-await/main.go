// Three-clause for loops with suspension points in the init statement, the
// condition, the post statement and the body, alone and together.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var steps []string

//async
func start(n int) int {
	rt.Yield()
	steps = append(steps, "init")
	return n
}

//async
func below(i, n int) bool {
	rt.Yield()
	steps = append(steps, fmt.Sprintf("cond%d", i))
	return i < n
}

//async
func next(i int) int {
	rt.Yield()
	steps = append(steps, "post")
	return i + 1
}

//async
func Main() {
	for i := start(0); below(i, 3); i = next(i) {
		steps = append(steps, fmt.Sprintf("body%d", i))
	}
	fmt.Println(steps)

	sum := 0
	for i := 0; i < 5; i++ {
		rt.Yield()
		sum += i
	}
	fmt.Println("sum", sum)

	prod := 1
	for i := 1; i <= 5; i = next(i) {
		prod *= i
	}
	fmt.Println("prod", prod)

	n := 0
	for j := 10; below(j, 13); j++ {
		n += j
	}
	fmt.Println("n", n)

	for i := start(0); i < 2; i++ {
		for j := 0; below(j, 2); j = next(j) {
			rt.Yield()
			fmt.Println("pair", i, j)
		}
	}
	fmt.Println("steps", len(steps))
}
