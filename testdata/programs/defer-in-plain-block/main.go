// Defer statements inside statements that do not await (an if, a loop,
// a switch case, a block), in a function that awaits elsewhere: each is a
// push onto the frame's defer stack, run when the function returns, in
// order with the other deferred calls, not when Resume returns at the
// next suspension. Found by FuzzPrograms.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

func pair(n int) (int, string) { return n, fmt.Sprint("n=", n) }

func show(n int, s string) { fmt.Println("show", n, s) }

// async
func aid(v int) int {
	rt.Yield()
	return v
}

// async
func named(a int) (r int) {
	if a > 0 {
		defer func() {
			fmt.Println("named: deferred sees", r)
			r += 5
		}()
	}
	for i := range 2 {
		defer func() { r += i }()
	}
	rt.Yield()
	return aid(a)
}

// async
func Main() {
	fn := show
	if aid(1) > 0 {
		fmt.Println("before")
	}
	if true {
		defer fmt.Println("deferred in an if")
	}
	rt.Yield()
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred in a loop", i)
	}
	switch {
	case true:
		defer fn(pair(7))
		defer show(pair(8))
	}
	{
		defer func() {
			if r := recover(); r != nil {
				fmt.Println("recovered", r)
			}
		}()
	}
	fmt.Println("named", named(aid(3)))
	fmt.Println("body ends")
	fn = nil
	panic("boom")
}
