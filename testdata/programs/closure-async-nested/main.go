// Function literals that await inside others: a literal that calls one
// bound outside it captures what that one captures; a method's literal
// captures the receiver and the named results; a literal of a plain
// closure made a task; a literal called in a range loop over a function.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type counter struct{ n int }

//async
func (c *counter) bump(by int) (before, after int) {
	before = c.n
	step := func() {
		rt.Yield()
		c.n += by
		after = c.n
	}
	twice := func() {
		step()
		step()
	}
	twice()
	return
}

func seq(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

//async
func Main() {
	c := &counter{n: 1}
	b, a := c.bump(5)
	fmt.Println("bump:", b, a, c.n)

	// A plain closure that makes a task of a literal that awaits.
	base := 100
	mk := func(k int) *rt.Task[int] {
		return rt.Go(func() (int, error) {
			rt.Yield()
			return base + k, nil
		})
	}
	t1, t2 := mk(1), mk(2)
	base = 200
	v1, _ := rt.Await(t1)
	v2, _ := rt.Await(t2)
	fmt.Println("tasks:", v1, v2)

	// Inside a range over a function, which is pulled across the awaits.
	var got []int
	for v := range seq(4) {
		add := func() {
			rt.Yield()
			got = append(got, v*v)
		}
		add()
		if v == 2 {
			break
		}
	}
	fmt.Println("range:", got)

	// A literal that returns early from a switch and a loop.
	find := func(xs []int, want int) (int, bool) {
		for i, x := range xs {
			rt.Yield()
			switch {
			case x == want:
				return i, true
			case x > want:
				return -1, false
			}
		}
		return -1, false
	}
	fmt.Println(find([]int{1, 3, 5}, 3))
	fmt.Println(find([]int{1, 3, 5}, 4))
}
