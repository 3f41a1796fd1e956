// A plain "for {}" left by a labelled break from a loop, switch or select
// nested in it is not a terminating statement: after it, the lowered code
// goes on (a case body ending in one went on into the next case's body).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func classify(n int) string {
	out := ""
	switch n {
	case 1:
		rt.Yield()
		out += "one "
	L:
		for {
			for {
				break L
			}
		}
	case 2:
		out += "two "
	}
	switch {
	case n > 0:
		rt.Yield()
	M:
		for {
			switch {
			default:
				break M
			}
		}
	default:
		out += "not positive "
	}
	if n == 1 {
		rt.Yield()
	N:
		for {
			select {
			default:
				break N
			}
		}
	} else {
		out += "not one "
	}
	return out
}

//async
func Main() {
	for n := range 3 {
		fmt.Println(n, classify(n))
	}
}
