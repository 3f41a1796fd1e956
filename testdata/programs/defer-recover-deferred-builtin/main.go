// "defer recover()" inside a deferred function literal of an async
// function: it recovers the function's panic only where Go's does (the
// literal returns normally, after its own panic was recovered), and is a
// no-op while the literal's own panic is in flight (from
// $GOROOT/test/recover1.go, test6 and test7, where the generated program
// stopped the wrong panic and printed "missing recover").
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

func report(tag string) {
	fmt.Println(tag, "recovered:", recover())
}

//async
func sequential() {
	defer report("outer")
	defer func() {
		defer recover() // runs as the literal returns: stops the panic of 2
		defer report("inner")
		panic(3)
	}()
	rt.Yield()
	panic(2)
}

//async
func swapped() {
	defer report("outer")
	defer func() {
		defer report("inner")
		defer recover() // runs while 3 is in flight: a no-op
		panic(3)
	}()
	rt.Yield()
	panic(2)
}

//async
func Main() {
	sequential()
	swapped()
	fmt.Println("done")
}
