// recover in functions that async functions defer: it stops a panic of
// the frame (in its body, or passed up from a direct call of another async
// function), the function then returns its named results as the deferred
// calls left them (zero values when unnamed), the remaining deferred calls
// still run, a second recover returns nil, and recover outside a panic
// returns nil.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func boom(n int) int {
	rt.Yield()
	if n > 1 {
		panic(fmt.Sprint("boom ", n))
	}
	return n
}

// async
func safe(n int) (result int, err error) {
	defer fmt.Println("safe: the first deferred call runs last")
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
			result = -1
		}
		fmt.Println("safe: second recover:", recover())
	}()
	v := boom(n) // a direct call: the callee's panic comes up here
	return v * 10, nil
}

// async
func unnamed(n int) int {
	defer func() {
		fmt.Println("unnamed: recovered", recover())
	}()
	rt.Yield()
	if n > 0 {
		var m map[string]int
		m["x"] = n // a runtime error
	}
	return 7
}

// async
func quiet() (s string) {
	defer func() {
		if r := recover(); r == nil {
			s += " (nothing to recover)"
		}
	}()
	rt.Yield()
	return "quiet"
}

func inner() {
	defer func() {
		fmt.Println("plain function recovered:", recover())
	}()
	panic("inside a plain function")
}

// async
func Main() {
	fmt.Println(safe(1))
	fmt.Println(safe(2))
	fmt.Println(unnamed(0))
	fmt.Println(unnamed(1))
	fmt.Println(quiet())
	inner()
	err := errors.New("kept")
	fmt.Println("after", err)
}
