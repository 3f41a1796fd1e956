// A program in several files, with async functions in each calling each
// other across files, and a file with no async functions at all.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func Main() {
	s := newStore()
	s.put("a", 1)
	s.put("b", 2)
	fmt.Println(s.get("a"), s.get("b"), s.get("c"))
	rt.Yield()
	fmt.Println(describe(s))
}
