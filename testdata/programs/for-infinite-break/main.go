// Infinite for loops left by break, return and continue decisions that
// depend on awaited values, with suspensions before and after the break.
package main

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func tick(n int) int {
	rt.Await(rt.Sleep(time.Millisecond))
	return n * n
}

//async
func firstSquareAbove(limit int) int {
	i := 0
	for {
		i++
		sq := tick(i)
		if sq > limit {
			return sq
		}
	}
}

//async
func Main() {
	fmt.Println("first square above 50:", firstSquareAbove(50))
	n := 0
	for {
		rt.Yield()
		n++
		if n%2 == 0 {
			continue
		}
		if n > 7 {
			break
		}
		fmt.Println("odd", n)
	}
	fmt.Println("stopped at", n)
	count := 0
	for {
		if count == 3 {
			break
		}
		count += 1
		rt.Yield()
	}
	fmt.Println("count", count)
}
