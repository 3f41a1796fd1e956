// Condition-only for loops whose condition suspends, including one that
// never runs its body and one that reads a variable the body changes.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type queue struct{ items []int }

//async
func (q *queue) more() bool {
	rt.Yield()
	return len(q.items) > 0
}

//async
func (q *queue) pop() int {
	rt.Yield()
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

//async
func collatz(n int) int {
	steps := 0
	for notOne(n) {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

//async
func notOne(n int) bool {
	rt.Yield()
	return n != 1
}

//async
func Main() {
	q := &queue{items: []int{5, 3, 8}}
	total := 0
	for q.more() {
		v := q.pop()
		total += v
		fmt.Println("popped", v, "total", total)
	}
	for q.more() {
		fmt.Println("never")
	}
	fmt.Println("collatz 27:", collatz(27))
	i := 0
	for i < 3 {
		rt.Yield()
		i++
	}
	fmt.Println("i", i)
}
