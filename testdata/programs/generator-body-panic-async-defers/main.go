// A panic in the body of a range loop over an async generator unwinds
// the producer first, from its yield, as in Go: the producer's deferred
// calls run, its deferred async calls awaited to their ends, before any
// deferred call of the consumer's, those deferred before the loop and
// those deferred in its body. With nested loops the inner producer
// unwinds first, then the outer one. The awaits of the producers'
// deferred cleanup show that the consumer waits for them.
package main

import (
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

// cleanup is an async function that producers defer.
//
//async
func cleanup(name string) {
	rt.Yield()
	fmt.Println("  cleanup", name, "awaited")
	rt.Yield()
	fmt.Println("  cleanup", name, "done")
}

// Numbers yields 1..n, deferring a plain call and an async one.
//
//async
func Numbers(name string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("  producer", name, "plain defer")
		defer cleanup(name)
		for i := 1; i <= n; i++ {
			rt.Yield()
			if !yield(i) {
				fmt.Println("  producer", name, "stopped")
				return
			}
			fmt.Println("  producer", name, "resumed after", i)
		}
	}
}

// note is an async function that the consumer defers.
//
//async
func note(s string) {
	rt.Yield()
	fmt.Println("  consumer", s)
}

//async
func single() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	defer fmt.Println("  consumer deferred before the loop")
	defer note("async deferred before the loop")
	for v := range Numbers("single", 5) {
		defer fmt.Println("  consumer deferred in the body at", v)
		if v == 2 {
			panic(fmt.Sprint("body panics at ", v))
		}
		fmt.Println("body", v)
	}
	return nil
}

//async
func nested() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	defer fmt.Println("  consumer deferred before the loops")
	for a := range Numbers("outer", 3) {
		defer note(fmt.Sprint("async deferred in the outer body at ", a))
		for b := range Numbers("inner", 3) {
			if a == 2 && b == 2 {
				var m map[string]int
				m["x"] = a // a runtime error
			}
			fmt.Println("pair", a, b)
			if b == 2 {
				break
			}
		}
	}
	return nil
}

// A panic after the loop has ended finds the producer gone.
//
//async
func after() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	for v := range Numbers("after", 2) {
		fmt.Println("after body", v)
	}
	panic("after the loop")
}

//async
func Main() {
	fmt.Println(single())
	fmt.Println(nested())
	fmt.Println(after())
}
