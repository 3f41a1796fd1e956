// Evaluation order of sibling calls around suspension points: arguments
// f(g(), h()), plain calls mixed with async calls and awaits, method
// receivers evaluated before arguments, and calls nested in calls.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var trace []string

// plain is an ordinary function with a side effect.
func plain(name string, v int) int {
	trace = append(trace, name)
	return v
}

//async
func async(name string, v int) int {
	rt.Yield()
	trace = append(trace, name)
	return v
}

//async
func sum3(a, b, c int) int {
	rt.Yield()
	trace = append(trace, "sum3")
	return a + b + c
}

func flush(label string, v any) {
	fmt.Println(label, v, trace)
	trace = nil
}

type acc struct{ n int }

//async
func (a *acc) add(x int) *acc {
	rt.Yield()
	trace = append(trace, fmt.Sprint("add", x))
	a.n += x
	return a
}

//async
func newAcc(name string) *acc {
	rt.Yield()
	trace = append(trace, name)
	return &acc{}
}

//async
func Main() {
	flush("f(g(), h()):", sum3(async("g", 1), async("h", 2), async("i", 3)))
	flush("plain, async, plain:", sum3(plain("p1", 1), async("a", 2), plain("p2", 3)))
	flush("async, plain, plain:", sum3(async("a", 1), plain("p1", 2), plain("p2", 3)))
	flush("nested:", sum3(sum3(async("a", 1), plain("b", 2), 0), plain("c", 3), async("d", 4)))
	flush("Sprint:", fmt.Sprint(plain("x", 1), async("y", 2), plain("z", 3)))
	flush("chain:", newAcc("recv").add(async("arg1", 1)).add(plain("arg2", 2)).n)
	f := rt.NewFuture[int]()
	f.Resolve(plain("resolve", 40))
	flush("await arg:", plain("before", 1)+first(rt.Await(f))+async("after", 1))
}

func first(v int, err error) int {
	trace = append(trace, "first")
	return v
}
