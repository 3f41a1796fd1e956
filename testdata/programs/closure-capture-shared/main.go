// Closures that capture variables living across awaits: the closure and
// the async function must share one variable, each seeing the other's
// writes before and after every suspension.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func val(v int) int {
	rt.Yield()
	return v
}

//async
func Main() {
	count := 0
	inc := func() { count++ }
	get := func() int { return count }
	inc()
	rt.Yield()
	fmt.Println("after yield:", count, get())
	count = val(10)
	inc()
	fmt.Println("closure saw async write:", get())
	rt.Yield()
	inc()
	fmt.Println("async sees closure write:", count)

	msg := "hello"
	appendTo := func(s string) { msg += s }
	appendTo(", ")
	rt.Yield()
	appendTo("world")
	fmt.Println(msg)

	// A closure that returns a closure over a variable set after an
	// await.
	mk := func() func() int {
		base := count
		return func() int { base++; return base }
	}
	next := mk()
	fmt.Println("next:", next(), next())
	count = val(100)
	next2 := mk()
	rt.Yield()
	fmt.Println("next2:", next2(), next(), count)

	// Passing the closure to an async function that calls it between its
	// own awaits.
	total := 0
	visit(3, func(i int) { total += i * count })
	fmt.Println("total:", total)
	count = 0
	visit(2, func(int) { count++ })
	fmt.Println("count:", count)
}

//async
func visit(n int, fn func(int)) {
	for i := 1; i <= n; i++ {
		rt.Yield()
		fn(i)
	}
}
