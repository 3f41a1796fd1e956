// Multi-value calls and parallel assignments around awaits: a, b := two(),
// passing two() straight into another call, returning two() from an async
// function, swaps x, y = y, x before and after awaits, and a swap whose
// right side suspends and changes the variables.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func two(a, b int) (int, int) {
	rt.Yield()
	return a + 1, b + 1
}

//async
func forward(a, b int) (int, int) {
	return two(a*10, b*10)
}

//async
func add(a, b int) int {
	rt.Yield()
	return a + b
}

func plainAdd(a, b int) int { return a - b }

//async
func Main() {
	a, b := two(1, 2)
	fmt.Println("a, b := two():", a, b)
	fmt.Println("add(two()):", add(two(3, 4)))
	fmt.Println("plainAdd(two()):", plainAdd(two(30, 4)))
	fmt.Println("forward:", first(forward(1, 2)))

	x, y := 1, 2
	x, y = y, x
	rt.Yield()
	fmt.Println("swap:", x, y)
	rt.Yield()
	x, y = y, x
	fmt.Println("swap back:", x, y)

	x, y = y, add(x, y)
	fmt.Println("x, y = y, add(x, y):", x, y)

	x, y = 1, 2
	x, y = y, setBoth(&x, &y)
	fmt.Println("x, y = y, g() that writes both:", x, y)

	s := []int{1, 2, 3}
	s[0], s[2] = s[2], add(s[0], 0)
	fmt.Println("s[0], s[2] = s[2], add(s[0]):", s)

	i, j := 0, 1
	i, s[i] = add(i, 1), add(j, 100)
	fmt.Println("i, s[i] = ...:", i, s)

	var u, v int
	u, v = two(v, u)
	u, v = two(v, u)
	fmt.Println("u, v = two(v, u) twice:", u, v)
}

func first(a, b int) string { return fmt.Sprint(a, "/", b) }

//async
func setBoth(x, y *int) int {
	rt.Yield()
	*x, *y = 100, 200
	return 7
}
