// Assignments and := around suspension points: single and multi-value,
// results of rt.Await, op-assignments and inc/dec of variables that live
// across awaits.
package main

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func two(a, b int) (int, int) {
	rt.Yield()
	return b, a
}

//async
func val(x int) int {
	rt.Yield()
	return x
}

//async
func Main() {
	a, b := two(1, 2)
	fmt.Println("two:", a, b)

	x := val(10)
	y := x + val(5)
	fmt.Println("x y:", x, y)

	x, y = two(x, y)
	fmt.Println("reassigned:", x, y)

	_, err := rt.Await(rt.Sleep(time.Millisecond))
	fmt.Println("sleep err:", err)

	fut := rt.NewFuture[string]()
	fut.Resolve("done")
	s, err := rt.Await(fut)
	fmt.Println("future:", s, err)

	x += val(100)
	y -= val(1)
	x *= val(2)
	fmt.Println("op-assign:", x, y)

	x++
	rt.Yield()
	y--
	fmt.Println("inc/dec:", x, y)

	var p, q int
	p, q = val(7), val(8)
	fmt.Println("parallel:", p, q)

	c, d := two(val(3), val(4))
	fmt.Println("nested:", c, d)

	_, e := two(0, val(9))
	fmt.Println("blank:", e)
}
