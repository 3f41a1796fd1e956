// Panics and deferred calls across direct calls of async functions: a
// callee that panics without suspending, one that panics after suspending,
// a callee whose deferred call recovers its own panic and returns its
// named results, a callee with deferred calls that returns normally (they
// run before its caller goes on), and a caller that calls the same
// callees again after a panic, so that a frame left by a panic is reused.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func mayPanic(n int, suspend bool) int {
	if suspend {
		rt.Yield()
	}
	if n > 2 {
		panic(fmt.Sprint("too big: ", n))
	}
	return n * 2
}

// async
func recovers(n int) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = -n, fmt.Errorf("recovered %v", r)
		}
	}()
	if n%2 == 0 {
		rt.Yield()
	}
	return mayPanic(n, n > 3), nil
}

// async
func deferring(n int) int {
	defer fmt.Println("deferring: deferred", n)
	if n > 1 {
		rt.Yield()
	}
	fmt.Println("deferring: body", n)
	return n
}

// async
func guarded(n int, suspend bool) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprint("caller recovered: ", r)
		}
	}()
	return fmt.Sprint("ok: ", mayPanic(n, suspend))
}

// async
func Main() {
	for n := 1; n <= 5; n++ {
		v, err := recovers(n)
		fmt.Println("recovers", n, v, err)
	}
	fmt.Println(deferring(1) + deferring(2))
	fmt.Println(guarded(1, false))
	fmt.Println(guarded(3, false))
	fmt.Println(guarded(4, true))
	fmt.Println(guarded(2, true))
}
