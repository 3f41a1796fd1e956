// A statement copied as it is, with comment lines inside: the generated
// code keeps the comments, so the lines after them keep their //line
// positions, and go vet reports the Printf below at the same line both
// ways (found by the sweep of Go's test/unsafebuiltins.go).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func Main() {
	rt.Yield()
	{
		x := 1
		// A comment on a line of its own.

		fmt.Printf("%d\n", "not a number") // go vet flags this, at this line
		fmt.Println(x)
	}
	rt.Yield()
}
