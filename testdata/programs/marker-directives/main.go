// Async functions with directives in their doc comments, below the marker
// where gofmt puts them (from $GOROOT/test/align.go and armimm.go, whose
// //go:noinline functions were not taken for async functions once marked).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// add adds after a yield.
// async
//
//go:noinline
func add(a, b int) int {
	rt.Yield()
	return a + b
}

// async
//
//go:noinline
//go:nosplit
func twice(n int) int {
	return add(n, n)
}

//async
func Main() {
	fmt.Println(add(1, 2), twice(21))
}
