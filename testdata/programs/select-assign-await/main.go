// Select cases that receive into a left-hand side that awaits ("case
// a[idx()] = <-ch:", "case m[key()], ok = <-ch:"): Go evaluates the
// left-hand side only once the case is chosen, then assigns (the generator
// reported them).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var trace []string

//async
func idx(i int) int {
	rt.Yield()
	trace = append(trace, fmt.Sprint("idx", i))
	return i
}

//async
func key(s string) string {
	rt.Yield()
	trace = append(trace, "key"+s)
	return s
}

type box struct{ v any }

//async
func boxOf(b *box) *box {
	rt.Yield()
	trace = append(trace, "box")
	return b
}

//async
func Main() {
	a := make([]int, 3)
	m := map[string]int{}
	var ok bool
	ready := make(chan int, 1)
	never := make(chan int)
	closed := make(chan int)
	close(closed)
	// Only one case is ready in each select: the choice is the same in
	// every run.
	for round := 0; round < 2; round++ {
		ready <- 40 + round
		select {
		case a[idx(round)] = <-never:
			fmt.Println("never")
		case m[key(fmt.Sprint("r", round))], ok = <-ready:
			fmt.Println("ready", ok)
		}
		fmt.Println(round, a, m, trace)
		trace = nil
	}
	for round := 0; round < 3; round++ {
		select {
		case a[idx(round)] = <-never:
			fmt.Println("never")
		case a[idx(round)], ok = <-closed:
			if round == 2 {
				break
			}
			fmt.Println("closed", ok)
		}
		fmt.Println(round, a, trace)
		trace = nil
	}
	var b box
	vals := make(chan string, 1)
	vals <- "x"
	select {
	case boxOf(&b).v = <-vals:
	default:
		fmt.Println("default")
	}
	fmt.Println(b.v, trace)
	trace = nil
	// A blank value beside an operand that awaits: only ok is assigned.
	oks := make([]bool, 2)
	ready <- 7
	select {
	case _, oks[idx(1)] = <-ready:
	case a[idx(9)] = <-never:
	}
	fmt.Println(oks, trace)
}
