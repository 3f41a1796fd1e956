// switch statements with an init statement that suspends, a tag that
// suspends, and suspension points in case bodies, with fallthrough and
// default.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func weekday(n int) int {
	rt.Yield()
	return n % 7
}

//async
func describe(n int) string {
	out := ""
	switch d := weekday(n); d {
	case 0, 6:
		rt.Yield()
		out = fmt.Sprintf("weekend (%d)", d)
	case 5:
		out = "friday, "
		rt.Yield()
		fallthrough
	case 4:
		out += fmt.Sprintf("almost (%d)", d)
	default:
		rt.Yield()
		out = "weekday"
		if d == 1 {
			rt.Yield()
			break
		}
		out += fmt.Sprint(" ", d)
	}
	return out
}

//async
func Main() {
	for i := 0; i < 8; i++ {
		fmt.Println(i, describe(i))
	}
	switch weekday(10) {
	case 3:
		fmt.Println("10 is day 3")
	}
	switch x := weekday(20); {
	case x > 5:
		fmt.Println("late")
	case x > 3:
		fmt.Println("middle", x)
	}
	switch {
	}
	fmt.Println("done")
}
