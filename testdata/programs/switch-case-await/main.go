// Suspending case expressions: they are evaluated top to bottom, left to
// right, only until one matches, so which awaits run depends on the tag.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func v(name string, x int) int {
	rt.Yield()
	fmt.Println("  eval", name)
	return x
}

//async
func cond(name string, b bool) bool {
	rt.Yield()
	fmt.Println("  cond", name)
	return b
}

//async
func Main() {
	for tag := 1; tag <= 4; tag++ {
		fmt.Println("tag", tag)
		switch tag {
		case v("a", 1):
			fmt.Println("-> a")
		case v("b", 2), v("c", 3):
			fmt.Println("-> b or c")
		case 4:
			fmt.Println("-> literal 4")
		default:
			fmt.Println("-> default")
		}
	}
	fmt.Println("tagless")
	switch {
	case cond("x", false):
		fmt.Println("-> x")
	case cond("y", true):
		fmt.Println("-> y")
		rt.Yield()
		fallthrough
	case cond("z", true):
		fmt.Println("-> z (by fallthrough, z not evaluated)")
	}
	switch t := v("tag", 5); {
	case t == v("five", 5):
		fmt.Println("-> five")
	}
}
