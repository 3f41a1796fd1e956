// A switch without a tag compares each case with the bool true, so a case
// may be any value comparable with it: an interface holding a bool, or an
// interface holding something else (never equal).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func pick(b bool) any {
	rt.Yield()
	return b
}

// shadowed declares its own true: the missing tag is still the real one.
//
//async
func shadowed() {
	true := false
	switch i := any(!true); {
	case i:
		rt.Yield()
		fmt.Println("shadowed true: interface holding the real true")
	}
}

//async
func Main() {
	shadowed()
	switch i := interface{}(true); {
	case i:
		rt.Yield()
		fmt.Println("interface holding true")
	default:
		fmt.Println("default")
	}
	switch i := any("true"); {
	case i:
		fmt.Println("a string is not true")
	default:
		rt.Yield()
		fmt.Println("interface holding a string: default")
	}
	var e error
	switch {
	case any(e):
		fmt.Println("nil interface is not true")
	case pick(false):
		fmt.Println("false any")
	case pick(true):
		fmt.Println("true any")
	}
	f := true
	switch {
	case !f:
		fmt.Println("not f")
	case f && pick(true) == true:
		rt.Yield()
		fmt.Println("f and pick")
	}
}
