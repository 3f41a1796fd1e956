// Awaits in functions that declare their own nil: the generated code
// reads each await's result and clears the frame's field for its future
// (rt.AwaitResult(&f.Frame, &f.futN)) without naming nil. One function
// awaits a plain op, the other ranges over an async generator, whose Next
// and Stop are awaits too.
package main

import (
	"fmt"
	"iter"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func twice(n int) int {
	if _, err := rt.Await(rt.Sleep(time.Microsecond)); err != nil {
		return -1
	}
	nil := n
	return 2 * nil
}

//async
func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			rt.Yield()
			if !yield(i) {
				return
			}
		}
	}
}

//async
func Main() {
	for i := range count(4) {
		nil := twice(i)
		fmt.Println(i, nil)
		if i == 2 {
			break
		}
	}
}
