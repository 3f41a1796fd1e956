// Ported from $GOROOT/test/func8.go and $GOROOT/test/func7.go (evaluation
// order in comparisons and if conditions): the functions are async, so the
// comparisons' operands are awaits, and the checks print their results.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// From func8.go.

var calledf int

//async
func f() int {
	rt.Yield()
	calledf++
	return 0
}

//async
func g() int {
	rt.Yield()
	return calledf
}

var xy string

//async
func x() bool {
	rt.Yield()
	xy += "x"
	return false
}

//async
func y() string {
	rt.Yield()
	xy += "y"
	return "abc"
}

// From func7.go.

var calledf7 = false

//async
func f7() int {
	rt.Yield()
	calledf7 = true
	return 1
}

//async
func g7() int {
	rt.Yield()
	if !calledf7 {
		fmt.Println("BUG: func7 - called g before f")
	}
	return 0
}

//async
func Main() {
	if f() == g() {
		fmt.Println("wrong f,g order")
	} else {
		fmt.Println("f,g order ok")
	}
	if x() == (y() == "abc") {
		fmt.Println("wrong compare")
	} else {
		fmt.Println("compare ok")
	}
	fmt.Println("xy:", xy)
	if f7() < g7() {
		fmt.Println("wrong answer")
	} else {
		fmt.Println("func7 ok")
	}
	// The same with a plain variable read after an await: gc reads
	// calledf after f() and g() have run.
	calledf = 0
	fmt.Println("calledf + f() + g():", calledf+f()+g(), calledf)
}
