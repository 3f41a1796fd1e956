// A panic in the body of a range loop over a plain function iterator,
// a body that awaits, comes out of the iterator's yield, as in Go: the
// iterator's deferred calls run, and may recover it, before any of the
// consumer's deferred calls, those deferred in the body included. An
// iterator that recovers it and returns leaves Go's runtime error in its
// place; one that panics again passes its own panic on. With a plain
// iterator and an async generator nested, the innermost unwinds first.
package main

import (
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

// plain yields 0..n-1; mode says what its deferred call does with a
// panic: "" leaves it, "recover" recovers it, "again" panics anew.
func plain(name string, n int, mode string) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("  plain", name, "deferred")
		defer func() {
			if mode == "" {
				return
			}
			r := recover()
			fmt.Println("  plain", name, "recovered:", r)
			if mode == "again" && r != nil {
				panic(fmt.Sprint("again: ", r))
			}
		}()
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// Count is an async generator yielding 1..n.
//
//async
func Count(name string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("  generator", name, "deferred")
		for i := 1; i <= n; i++ {
			rt.Yield()
			if !yield(i) {
				return
			}
		}
	}
}

//async
func body(mode string) (err error) {
	defer func() { err = fmt.Errorf("recovered: %v", recover()) }()
	defer fmt.Println("  consumer deferred before the loop")
	for p := range plain(mode, 4, mode) {
		defer fmt.Println("  consumer deferred in the body at", p)
		rt.Yield()
		if p == 1 {
			panic(fmt.Sprint("body panics at ", p))
		}
	}
	return nil
}

//async
func nested() (err error) {
	defer func() { err = fmt.Errorf("recovered: %v", recover()) }()
	defer fmt.Println("  consumer deferred")
	for a := range Count("outer", 3) {
		for p := range plain("middle", 3, "") {
			for b := range Count("inner", 3) {
				rt.Yield()
				if a == 2 && p == 1 && b == 2 {
					panic("nested body panics")
				}
			}
		}
	}
	return nil
}

// Cancellation-free ends are unchanged: a break stops the iterator.
//
//async
func breaks() int {
	sum := 0
	for p := range plain("break", 5, "recover") {
		rt.Yield()
		if p == 3 {
			break
		}
		sum += p
	}
	return sum
}

//async
func Main() {
	fmt.Println(body(""))
	fmt.Println(body("recover"))
	fmt.Println(body("again"))
	fmt.Println(nested())
	fmt.Println(breaks())
}
