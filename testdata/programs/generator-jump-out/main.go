// Jumps out of range loops over async generators to outer statements: a
// labelled break and continue to an outer loop, a goto out of the loop
// (forward, and back to a label before it, which ranges again), nested
// generator loops left at once (the innermost producer stops first), a
// generator loop inside a plain range-over-func loop left at once, and a
// goto that stays inside the loop. Each producer's deferred calls, its
// deferred async calls awaited, run before the jump lands, as in Go.
package main

import (
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func cleanup(name string) {
	rt.Yield()
	fmt.Println("    cleanup", name)
}

// Count yields from..to.
//
//async
func Count(name string, from, to int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("    stopped", name)
		defer cleanup(name)
		for i := from; i <= to; i++ {
			rt.Yield()
			if !yield(i) {
				return
			}
		}
	}
}

// plain is a plain iterator, ranged over with awaits in the body.
func plain(name string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("    plain stopped", name)
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

//async
func breakOuter() {
outer:
	for i := range 3 {
		for v := range Count(fmt.Sprint("b", i), 1, 5) {
			fmt.Println("breakOuter", i, v)
			if i == 1 && v == 2 {
				break outer
			}
		}
	}
	fmt.Println("after breakOuter")
}

//async
func continueOuter() {
outer:
	for i := range 3 {
		for v := range Count(fmt.Sprint("c", i), 1, 5) {
			switch {
			case v > i:
				continue outer
			}
			fmt.Println("continueOuter", i, v)
		}
		fmt.Println("not reached for", i)
	}
	fmt.Println("after continueOuter")
}

//async
func gotoOut() int {
	tries := 0
again:
	tries++
	for v := range Count(fmt.Sprint("g", tries), 1, 5) {
		fmt.Println("gotoOut", tries, v)
		if v == 2 && tries < 3 {
			goto again
		}
		if v == 3 {
			goto done
		}
	}
	fmt.Println("not reached")
done:
	return tries
}

//async
func nested() {
top:
	for a := range Count("outer", 1, 3) {
		for b := range Count("middle", 10, 13) {
			for c := range Count("inner", 100, 103) {
				fmt.Println("nested", a, b, c)
				if c == 101 && b == 11 {
					continue top
				}
				if c == 101 && a == 2 {
					break top
				}
				if c == 102 {
					break
				}
			}
		}
	}
	fmt.Println("after nested")
}

//async
func insidePlain() {
loop:
	for p := range plain("p", 3) {
		rt.Yield()
		for v := range Count(fmt.Sprint("in", p), 1, 3) {
			fmt.Println("insidePlain", p, v)
			if p == 0 && v == 2 {
				continue loop
			}
			if p == 1 && v == 1 {
				goto out
			}
		}
	}
out:
	fmt.Println("after insidePlain")
}

// A goto that stays in the generator's loop leaves nothing.
//
//async
func gotoInside() {
	for v := range Count("stay", 1, 3) {
		n := 0
	retry:
		n++
		rt.Yield()
		if n < v {
			goto retry
		}
		fmt.Println("gotoInside", v, n)
	}
}

// A goto out of a plain range-over-func loop whose body awaits stops
// its iterator.
//
//async
func gotoOutOfPlain() {
	for v := range plain("q", 5) {
		rt.Yield()
		fmt.Println("gotoOutOfPlain", v)
		if v == 1 {
			goto out
		}
	}
out:
	fmt.Println("after gotoOutOfPlain")
}

//async
func Main() {
	breakOuter()
	continueOuter()
	fmt.Println("tries", gotoOut())
	nested()
	insidePlain()
	gotoInside()
	gotoOutOfPlain()
}
