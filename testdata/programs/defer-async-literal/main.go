// Deferred function literals that await, and deferred rt.Yield: each is
// awaited when the function exits (on return, and on a panic, which goes
// on after them or is recovered), last in first out with the plain
// deferred calls and the deferred calls of async functions, with the
// arguments evaluated at the defer statement (awaits included) and the
// captured variables shared; a literal bound to a variable is deferred
// and called; named results are read and set after awaits; recover in a
// deferred literal that awaits stops the function's panic (also after an
// await), a second recover returns nil, and recover in the same literal
// called rather than deferred returns nil. A literal whose only await is
// deferred is async too.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func aid(v int) int {
	rt.Yield()
	return v
}

// async
func flush(tag string, n int) {
	rt.Yield()
	fmt.Println("flush", tag, n)
}

// async
func order(n int) int {
	defer fmt.Println("order: plain deferred, last")
	defer func() {
		fmt.Println("order: literal sees n =", n, aid(n))
	}()
	defer flush("order", n)
	defer rt.Yield()
	defer func(m int, tag string) {
		rt.Yield()
		fmt.Println("order: literal with arguments", m, tag)
	}(aid(n*2), fmt.Sprint("tag", n))
	defer fmt.Println("order: plain deferred, first")
	n = 100 // the literals share n; the arguments were evaluated already
	return aid(n)
}

// async
func named(n int) (r int, err error) {
	defer func() {
		fmt.Println("named: literal sees", r, err)
		r = aid(r * 2)
		if err != nil {
			err = fmt.Errorf("wrapped: %w", err)
		}
	}()
	if n < 0 {
		return 0, errors.New("negative")
	}
	r = aid(n)
	return r + 1, nil
}

// async
func bound(n int) (total int) {
	add := func(k int, _ string) {
		total += aid(k)
		fmt.Println("bound: add", k, "total", total)
	}
	for i := range n {
		if i%2 == 0 {
			defer add(i, fmt.Sprint("even ", i))
		} else {
			defer func() {
				total *= aid(i)
				fmt.Println("bound: times", i, "total", total)
			}()
		}
	}
	add(100, "called")
	return total
}

// async
func recovers(tag string, again bool) (out string) {
	handle := func() {
		rt.Yield()
		if r := recover(); r != nil {
			out = fmt.Sprint("recovered: ", r)
		} else {
			fmt.Println("recovers: nothing to recover in", tag)
		}
		if again {
			fmt.Println("recovers: second recover:", recover())
		}
	}
	defer handle()
	defer flush("recovers "+tag, 0)
	handle() // called, not deferred: its recover returns nil
	if tag != "" {
		panic("recovers " + tag)
	}
	return "returned"
}

// async
func replaced() (out string) {
	defer func() {
		v := aid(1)
		out = fmt.Sprint("recovered: ", recover(), " ", v)
	}()
	defer func() {
		rt.Yield()
		panic("replacing")
	}()
	panic("first")
}

// async
func unrecovered(n int) int {
	defer func() {
		fmt.Println("unrecovered: literal ran", aid(n))
	}()
	rt.Yield()
	if n > 0 {
		panic(fmt.Sprint("unrecovered ", n))
	}
	return n
}

// async
func guard(n int) {
	defer func() { fmt.Println("guard recovered:", recover()) }()
	fmt.Println(unrecovered(n))
}

// async
func nested() {
	defer func() {
		defer func() {
			fmt.Println("nested: inner literal", aid(2))
		}()
		fmt.Println("nested: outer literal", aid(1))
	}()
	fmt.Println("nested: body")
	// A literal whose only await is deferred is async too: its deferred
	// call is awaited when it returns.
	func() {
		defer flush("nested: deferred by a literal", 3)
		fmt.Println("nested: before the literal's deferred await")
	}()
	fmt.Println("nested: after the literal")
}

// async
func Main() {
	fmt.Println("order", order(3))
	fmt.Println(named(4))
	fmt.Println(named(-1))
	fmt.Println("bound", bound(4))
	fmt.Println(recovers("a", true))
	fmt.Println(recovers("", false))
	fmt.Println(replaced())
	guard(0)
	guard(1)
	nested()
	fmt.Println("done")
}
