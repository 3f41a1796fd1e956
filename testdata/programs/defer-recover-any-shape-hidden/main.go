// Deferred calls of shapes that rt has no DeferCall function for, in a
// package that declares its own any and panic: the type that the
// generated file declares for each shape names Go's through package
// predeclared, and the calls recover a runtime error as in Go.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// any is the package's own.
type any = struct{ tag string }

// panic is the package's own: it only prints.
func panic(v fmt.Stringer) { fmt.Println("own panic", v) }

func handle4(err *error, a, b int, s string) (int, error) {
	r := recover()
	fmt.Println("handle4 recovered:", r, a, b, s)
	if r != nil {
		*err = fmt.Errorf("handle4: %v", r)
	}
	return a + b, nil
}

func tagged(err *error, t any, xs ...int) bool {
	r := recover()
	fmt.Println("tagged recovered:", r, t.tag, xs)
	if r != nil {
		*err = fmt.Errorf("tagged %s: %v", t.tag, r)
	}
	return r != nil
}

//async
func fourParams(xs []int, i int) (err error) {
	defer handle4(&err, 1, 2, "s")
	rt.Yield()
	fmt.Println(xs[i])
	return nil
}

//async
func variadicResult(m map[string]int) (err error) {
	defer tagged(&err, any{"t"}, 1, 2)
	rt.Yield()
	m["x"] = 1
	return nil
}

//async
func Main() {
	fmt.Println("fourParams:", fourParams(nil, 3))
	fmt.Println("variadicResult:", variadicResult(nil))
}
