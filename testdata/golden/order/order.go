// Package order is a golden case: awaits inside expressions, spilled in
// Go's evaluation order, and short-circuit operators.
package order

import "github.com/asyncgen/asyncgen/rt"

var trace []string

func note(s string) int { trace = append(trace, s); return len(s) }

//async
func g(x int) int {
	rt.Yield()
	return x
}

// Exprs spills calls before an await, leaves operands in place.
//
//async
func Exprs(a []int, m map[string]int, ok bool) int {
	x := 1
	y := note("a") + g(2) + x
	a[note("i")] = g(3)
	z := f3(note("p"), g(4), note("q"))
	if ok && g(5) > 0 || g(6) > 1 {
		y++
	}
	m["k"] += g(7)
	return x + y + z + len(a) + m["k"]
}

func f3(a, b, c int) int { return a + b + c }

// Loops uses labelled break and continue across awaits and a switch.
//
//async
func Loops(n int) (sum int) {
outer:
	for i := 0; i < n; i++ {
		for j := 0; ; j++ {
			switch v := g(i * j); {
			case v > 6:
				break outer
			case v%2 == 1:
				continue outer
			case v == 4:
				fallthrough
			case v == 100:
				sum += g(100)
			default:
				sum += v
			}
			if j > i {
				break
			}
		}
	}
	return
}
