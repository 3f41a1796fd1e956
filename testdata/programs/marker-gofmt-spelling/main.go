// The two spellings of the marker (//async and gofmt's // async) both
// mark a function; a doc comment that merely mentions async in prose does
// not, so that function stays ordinary and runs its awaits in blocking
// mode. (A marker anywhere but on the last line is an error: see the
// error-marker-placement testscript.)
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

// Main is the entry point.
//
//async
func Main() {
	a := spaced(1)
	b := plainAsyncWord(a)
	rt.Yield()
	fmt.Println(a, b)
}
