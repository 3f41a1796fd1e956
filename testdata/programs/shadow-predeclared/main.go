// The package declares its own new and panic, and the async functions
// their own nil, false and true: generated code must not name the
// predeclared ones (per-iteration boxes, zero values, the end of a Resume).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type box struct{ n int }

func new(n int) *box { return &box{n} }

var panics []string

func panic(v any) { panics = append(panics, fmt.Sprint(v)) }

// async
func next(n int) (int, error) {
	rt.Yield()
	return n + 1, nil
}

// first returns the first v >= limit, from a loop without a condition.
//
// async
func first(limit int) int {
	for v := 0; ; {
		w, _ := next(v)
		if w >= limit {
			return w
		}
		v = w
	}
}

// pick declares its own true, and awaits in a case condition.
//
// async
func pick(big bool) int {
	true := !big
	switch {
	case big && first(1) > 0 && !true:
		w, _ := next(100)
		return w
	default:
		w, _ := next(0)
		return w
	}
}

// async
func Main() {
	nil, false, true := 0, 1, 2
	var fs []func() int
	for i := 0; i < 3; i++ {
		v, _ := next(i)
		fs = append(fs, func() int { return i*10 + v })
	}
	var p *box
	var ok bool
	var s []int
	var e error
	w := first(4)
	b := new(w)
	panic("not the builtin")
	w += pick(w > 3)
	fmt.Println(nil, false, true, fs[0](), fs[1](), fs[2](), p == b, ok, len(s), e == e, b.n, w, panics)
}
