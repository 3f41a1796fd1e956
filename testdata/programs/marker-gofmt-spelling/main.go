// The two spellings of the marker (//async and gofmt's // async) both
// mark a function; a doc comment that merely mentions async in prose, or
// has the marker anywhere but on its last line, does not, so that function
// stays ordinary and runs its awaits in blocking mode.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// spaced is marked with gofmt's spelling.
//
// async
func spaced(v int) int {
	rt.Yield()
	return v + 1
}

// plainAsyncWord talks about async work but is not marked: it is an
// ordinary function, and its Yield does nothing.
func plainAsyncWord(v int) int {
	rt.Yield()
	return v * 2
}

// notLast has the marker on a line that is not the last one:
//
//async
//
// so it is ordinary too.
func notLast(v int) int {
	f := rt.NewFuture[int]()
	f.Resolve(v)
	r, _ := rt.Await(f)
	return r + 100
}

// Main is the entry point.
//
//async
func Main() {
	a := spaced(1)
	b := plainAsyncWord(a)
	c := notLast(b)
	rt.Yield()
	fmt.Println(a, b, c)
}
