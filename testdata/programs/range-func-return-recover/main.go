// A return from inside a range loop over a generator or a function
// iterator, whose end panics (a deferred call of the iterator), in a
// function that recovers: Go has assigned the return's values to the
// results before the iterator ends, so the function returns them, named
// or not (found by the fuzzer).
package main

import (
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

// gen panics in a deferred call when its consumer stops it.
//
//async
func gen(n int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		defer func() {
			panic(fmt.Sprint("gen end ", n))
		}()
		for i := range n {
			rt.Yield()
			if !yield(i, i*i) {
				fmt.Println("gen stopped")
				return
			}
		}
	}
}

// plain is a function iterator whose end panics.
func plain(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer func() {
			panic(fmt.Sprint("plain end ", n))
		}()
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

//async
func unnamed(n int) int {
	defer func() {
		if x := recover(); x != nil {
			fmt.Println("unnamed recovered", x)
		}
	}()
	for i, sq := range gen(n) {
		rt.Yield()
		if sq > 3 {
			return i + 100
		}
	}
	return -1
}

//async
func two(n int) (int, string) {
	defer func() {
		recover()
	}()
	for i := range plain(n) {
		rt.Yield()
		if i == 2 {
			return i * 7, "two"
		}
	}
	return -1, "none"
}

//async
func named(n int) (r int, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("recovered: %v", x)
		}
	}()
	for i := range gen(n) {
		for j := range plain(n) {
			rt.Yield()
			if i+j == 3 {
				return i*10 + j, nil
			}
		}
	}
	return -1, nil
}

//async
func Main() {
	fmt.Println(unnamed(5))
	fmt.Println(two(5))
	fmt.Println(named(4))
}
