// Range loops over functions (iterators) whose bodies await: yielding
// zero, one and two values, a named iterator type, a named yield type,
// break and continue, break out of an enclosing loop, return from inside
// the body (the iterator ends, running its deferred calls, after the
// results are evaluated and before the function's own deferred calls), and
// closures capturing each iteration's variables. The iterators log when they end,
// so the output shows that each ends where Go ends it.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

var log []string

func note(s string) { log = append(log, s) }

func flush(title string) {
	fmt.Println(title+":", strings.Join(log, ", "))
	log = nil
}

// count yields 0..n-1 and notes when it returns.
func count(name string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer note(name + " ended")
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

type pairs func(yield func(string, int) bool)

func letters(s string) pairs {
	return func(yield func(string, int) bool) {
		defer note("letters ended")
		for i, r := range s {
			if !yield(string(r), i) {
				return
			}
		}
	}
}

// yieldPair is a named yield function type, which type inference cannot
// see through.
type yieldPair func(string, int) bool

func named() func(yieldPair) {
	return func(yield yieldPair) {
		_ = yield("one", 1) && yield("two", 2)
	}
}

func times(n int) func(func() bool) {
	return func(yield func() bool) {
		for range n {
			if !yield() {
				return
			}
		}
	}
}

// async
func double(n int) int {
	rt.Yield()
	return 2 * n
}

// async
func find(target int) (found int) {
	defer note("find's defer")
	for i := range count("find", 10) {
		if double(i) == target {
			return i * 100 // count ends after this is evaluated, before the defer
		}
	}
	return -1
}

// async
func Main() {
	sum := 0
	var fs []func() int
	for i := range count("sum", 4) {
		sum += double(i)
		fs = append(fs, func() int { return i })
	}
	note(fmt.Sprint("sum ", sum))
	flush("plain")
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()

	for s, i := range letters("abcd") {
		if i == 1 {
			continue
		}
		if double(i) > 4 {
			break
		}
		note(s)
	}
	note("after letters")
	flush("break")

	n := 0
	for range times(3) {
		n += double(1)
	}
	fmt.Println("times", n)

	for s, v := range named() {
		fmt.Println("named yield type", s, double(v))
	}

outer:
	for round := range 3 {
		for i := range count(fmt.Sprint("inner", round), 5) {
			if double(i) == 2 && round == 1 {
				break outer
			}
			if i == 2 {
				continue outer
			}
			note(fmt.Sprint(round, i))
		}
	}
	note("after outer")
	flush("outer")

	fmt.Println("find", find(6), find(100))
	flush("find")

	total := 0
	for k, v := range maps.All(map[string]int{"x": 1, "y": 2}) {
		total += double(v) + len(k)
	}
	fmt.Println("maps.All", total)
	for i, v := range slices.All([]string{"p", "q"}) {
		fmt.Println("slices.All", i, v, double(i))
	}
}
