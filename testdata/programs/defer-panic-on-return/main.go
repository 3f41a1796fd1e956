// A deferred call that panics while the function returns normally starts
// a panic that a deferred call below it can recover, as in Go: the
// function then returns the results as they stand (the returned values,
// or the named results as the deferred calls set them).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func unnamed() int {
	defer func() { fmt.Println("unnamed recovered:", recover()) }()
	defer func() { panic("in a deferred call") }()
	rt.Yield()
	return 7
}

// async
func named() (out string) {
	defer func() {
		if r := recover(); r != nil {
			out += fmt.Sprint(", recovered: ", r)
		}
	}()
	defer func() { panic("again") }()
	rt.Yield()
	return "returned"
}

// async
func Main() {
	fmt.Println(unnamed())
	fmt.Println(named())
}
