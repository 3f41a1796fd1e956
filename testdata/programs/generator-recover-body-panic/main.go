// An async generator's producer whose deferred call recovers the panic
// of the consumer's loop body sees that panic, as a Go iterator does,
// since the panic unwinds through its yield. Then, as in Go: a producer
// that panics again passes its own panic on to the consumer; one that
// recovers and returns leaves the consumer with Go's runtime error for a
// range function that did not resume panicking, which the consumer's
// deferred calls see (and may recover) after the producer's have run.
package main

import (
	"errors"
	"fmt"
	"iter"
	"runtime"

	"github.com/asyncgen/asyncgen/rt"
)

// Guarded yields 1..n and recovers a panic that comes through its yield;
// if again, it panics again with what it recovered.
//
//async
func Guarded(n int, again bool) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("  producer deferred")
		defer func() {
			r := recover()
			fmt.Println("  producer recovered:", r)
			if again && r != nil {
				panic(fmt.Sprint("again: ", r))
			}
		}()
		for i := 1; i <= n; i++ {
			rt.Yield()
			if !yield(i) {
				return
			}
		}
	}
}

//async
func consume(again bool) (err error) {
	defer func() {
		r := recover()
		var re runtime.Error
		if e, ok := r.(error); ok && errors.As(e, &re) {
			fmt.Printf("  consumer recovered a runtime error: %v (%T)\n", re, re)
		}
		err = fmt.Errorf("recovered: %v", r)
	}()
	defer fmt.Println("  consumer deferred")
	for v := range Guarded(3, again) {
		fmt.Println("body", v)
		if v == 2 {
			panic(fmt.Sprint("body panics at ", v))
		}
	}
	return nil
}

// A producer that ends normally without a panic to recover is not
// affected: its recover returns nil.
//
//async
func calm() int {
	sum := 0
	for v := range Guarded(3, false) {
		sum += v
	}
	return sum
}

//async
func Main() {
	fmt.Println(consume(true))
	fmt.Println(consume(false))
	fmt.Println(calm())
}
