// Async generators: an async function that returns an iterator literal
// whose body awaits, ranged over by async code with an await per value.
// The producer runs only when the loop asks for a value; a break, a
// return or the loop's end stops it, running its deferred calls before
// the loop goes on; iter.Seq2 gives two values; a generator that is
// never ranged over to its end, and one that yields nothing, both work.
package main

import (
	"fmt"
	"iter"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func double(n int) int {
	rt.Yield()
	return 2 * n
}

// Count yields 1..n, awaiting before each.
//
// async
func Count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("  count: deferred")
		for i := 1; i <= n; i++ {
			fmt.Println("  count: producing", i)
			rt.Yield()
			if !yield(i) {
				fmt.Println("  count: stopped at", i)
				return
			}
		}
		fmt.Println("  count: done")
	}
}

// Words yields each word of s with its index, doubled by an async call.
//
// async
func Words(s string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, w := range strings.Fields(s) {
			if !yield(double(i), strings.ToUpper(w)) {
				return
			}
		}
	}
}

// firstOver returns the first value of Count(n) over limit, from inside
// the loop.
//
// async
func firstOver(n, limit int) int {
	for v := range Count(n) {
		if double(v) > limit {
			return v
		}
	}
	return -1
}

// async
func Main() {
	sum := 0
	for v := range Count(3) {
		fmt.Println("got", v)
		sum += double(v)
	}
	fmt.Println("sum", sum)

	for v := range Count(5) {
		fmt.Println("got", v)
		if v == 2 {
			break
		}
	}
	fmt.Println("after break")

	fmt.Println("firstOver", firstOver(5, 5))
	fmt.Println("firstOver none", firstOver(2, 100))

	for i, w := range Words("lazy async generators") {
		fmt.Println("word", i, w)
	}
	for range Count(0) {
		fmt.Println("never")
	}
	n := 0
	for range Count(2) {
		n++
	}
	fmt.Println("counted", n)
}
