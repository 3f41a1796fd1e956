// Direct calls of async functions whose frames live in the caller's
// frame: a callee that suspends and one that does not (its await is on a
// path not taken), two call sites of the same callee in one function (and
// in one expression), a callee called in a loop, so that its frame is
// reused by every iteration, methods with value and pointer receivers, a
// variadic callee, an argument list from a call with several results, and
// a parameter the callee leaves blank whose argument still has its effect.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func step(x int, wait bool) int {
	if wait {
		rt.Yield()
	}
	return x + 1
}

// async
func label(prefix string, n int) (string, error) {
	if n < 0 {
		return "", fmt.Errorf("%s: negative %d", prefix, n)
	}
	if n%2 == 1 {
		rt.Yield()
	}
	return fmt.Sprintf("%s%d", prefix, n), nil
}

type counter struct{ n int }

// async
func (c *counter) add(d int) int {
	if d > 2 {
		rt.Yield()
	}
	c.n += d
	return c.n
}

// async
func (c counter) show(prefix string) string {
	rt.Yield()
	return fmt.Sprint(prefix, c.n)
}

// async
func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	if t > 100 {
		rt.Yield()
	}
	return t
}

func pair() (int, bool) { return 40, true }

var effects int

func effect(v int) int {
	effects++
	return v
}

// async
func ignore(_ int, keep int) int {
	rt.Yield()
	return keep
}

// async
func Main() {
	x := 0
	for i := 0; i < 5; i++ {
		x = step(x, i%2 == 0)
	}
	fmt.Println("loop:", x)
	fmt.Println("one expression:", step(1, false)+step(10, true)*step(100, false))
	a, err := label("a", 3)
	fmt.Println(a, err)
	b, err := label("b", 4)
	fmt.Println(b, err)
	_, err = label("c", -1)
	fmt.Println("error:", err)

	var c counter
	c.add(1)
	c.add(5)
	p := &c
	p.add(2)
	fmt.Println(c.show("n="), p.show("via pointer n="))

	fmt.Println(sum(), sum(1, 2, 3), sum([]int{50, 60}...))
	fmt.Println(step(pair()))
	fmt.Println(ignore(effect(1), effect(2)), "effects:", effects)
}
