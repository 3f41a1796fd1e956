// Expression statements that suspend: calls of async functions whose
// results are dropped, rt.Yield, rt.Await of an op whose result is
// ignored, and plain calls between them.
package main

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

var log []string

//async
func record(s string) int {
	rt.Yield()
	log = append(log, s)
	return len(log)
}

//async
func hello(name string) {
	rt.Yield()
	fmt.Println("hello,", name)
}

//async
func Main() {
	hello("world")
	record("a")
	rt.Yield()
	rt.Await(rt.Sleep(time.Millisecond))
	record("b")
	fmt.Println("log:", log)
	f := rt.NewFuture[int]()
	f.Resolve(5)
	rt.Await(f)
	hello("again")
	fmt.Println(record("c"), log)
}
