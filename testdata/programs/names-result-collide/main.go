// Result structs get names free of the package's own: pairResult is the
// user's, method ring.Span and function RingSpan would both have
// RingSpanResult, and split declares a type Result that, moved to package
// level, would be splitResult too.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// pairResult is the user's own type of that name.
type pairResult struct{ note string }

//async
func pair(x int) (lo, hi int) {
	rt.Yield()
	return x - 1, x + 1
}

type ring struct{ n int }

// Span is a method whose result struct would be RingSpanResult.
//
//async
func (r ring) Span() (int, int, error) {
	rt.Yield()
	return 0, r.n, nil
}

// RingSpan is a function whose result struct would be RingSpanResult too.
//
//async
func RingSpan(n int) (first int, last string) {
	rt.Yield()
	return n, fmt.Sprint(n * 2)
}

//async
func split(s string) (head, tail string, err error) {
	type Result struct{ h, t string }
	r := Result{s[:1], s[1:]}
	rt.Yield()
	return r.h, r.t, nil
}

//async
func Main() {
	p := pairResult{note: "mine"}
	lo, hi := pair(10)
	fmt.Println(p.note, lo, hi)
	a, b, err := ring{n: 7}.Span()
	fmt.Println(a, b, err)
	f, l := RingSpan(3)
	fmt.Println(f, l)
	h, t, err := split("async")
	fmt.Println(h, t, err)
}
