// Nested blocks that redeclare the same names in inner scopes across
// awaits: each declaration is its own variable, and the outer one is
// visible again when the block ends.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func double(x int) int {
	rt.Yield()
	return 2 * x
}

var x = "package x"

//async
func Main() {
	fmt.Println(x)
	x := 1
	{
		x := double(x)
		fmt.Println("block 1:", x)
		{
			x := double(x)
			rt.Yield()
			x++
			fmt.Println("block 2:", x)
		}
		rt.Yield()
		fmt.Println("block 1 again:", x)
		x, y := double(x), 7
		fmt.Println("block 1 redeclared:", x, y)
	}
	fmt.Println("outer:", x)
	if x := double(x); x > 1 {
		x := "string now"
		rt.Yield()
		fmt.Println("if body:", x)
	} else {
		fmt.Println("else:", x)
	}
	for x := 0; x < 2; x++ {
		x := double(x + 10)
		fmt.Println("loop body:", x)
	}
	err := fmt.Errorf("outer err")
	{
		err := fmt.Errorf("inner err")
		rt.Yield()
		fmt.Println(err)
	}
	fmt.Println(err, x)
	fmt, y := double(3), 4
	rt.Yield()
	println2(fmt, y)
}

func println2(a, b int) {
	fmt.Println("fmt shadowed:", a, b)
}
