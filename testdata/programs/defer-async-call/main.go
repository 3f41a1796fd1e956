// Deferred calls of async functions and of rt.Await: each is awaited when
// the function exits (on return, and on a panic, which goes on after them
// or is recovered), last in first out with the plain deferred calls, with
// arguments evaluated at the defer statement (awaits included), in loops,
// in direct calls whose callers go on after them, with nested async calls
// inside the deferred function, and with named results that a deferred
// literal reads and sets after the awaits.
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
	fmt.Println("flush", tag, n, aid(n*10))
}

// async
func closePolitely(tag string) error {
	flush(tag+"/inner", 1)
	fmt.Println("closed", tag)
	return errors.New("ignored, as a deferred call's results are")
}

type conn struct{ name string }

// async
func (c *conn) Close(n int) {
	rt.Yield()
	fmt.Println("conn close", c.name, n)
}

// async
func boom(tag string) {
	rt.Yield()
	panic("deferred " + tag)
}

// async
func plainReturn(n int) int {
	defer fmt.Println("plainReturn: plain deferred, last")
	defer flush("plainReturn", aid(n))
	defer fmt.Println("plainReturn: plain deferred, first")
	x := n
	defer closePolitely(fmt.Sprint("x=", x))
	x = 100
	return aid(x + n)
}

// async
func named(n int) (r int, err error) {
	defer func() {
		fmt.Println("named: deferred literal sees", r, err)
		r *= 2
	}()
	defer flush("named", n)
	if n < 0 {
		return 0, errors.New("negative")
	}
	r = aid(n)
	return r + 1, nil
}

// async
func loop(n int) (total int) {
	c := &conn{name: "loop"}
	for i := range n {
		defer c.Close(i)
		if i%2 == 0 {
			defer flush("loop", i)
		} else {
			defer func() { total += i }()
		}
	}
	c = &conn{name: "after"} // the receiver was evaluated at each defer
	defer c.Close(-1)
	return aid(n)
}

// async
func panics(tag string, recovers bool) (out string) {
	defer func() {
		if recovers {
			if r := recover(); r != nil {
				out = fmt.Sprint("recovered: ", r)
			}
		}
	}()
	defer flush("panics "+tag, 0)
	rt.Yield()
	panic("panics " + tag)
}

// async
func replaced() (out string) {
	defer func() {
		out = fmt.Sprint("recovered: ", recover())
	}()
	defer boom("replaces")
	defer flush("replaced", 2)
	panic("first")
}

// async
func deferredPanicOnReturn() (out string) {
	defer func() {
		if r := recover(); r != nil {
			out += fmt.Sprint(" recovered: ", r)
		}
	}()
	defer boom("on return")
	return "returned"
}

// async
func awaitOp(q *rt.Queue[int]) {
	defer fmt.Println("awaitOp: after the await of the sleep")
	defer rt.Await(rt.Sleep(0))
	defer fmt.Println("awaitOp: the queue's value was taken")
	defer rt.Await(q.Get())
	fmt.Println("awaitOp: body")
}

// async
func guard() {
	defer func() { fmt.Println("guard recovered:", recover()) }()
	panics("b", false)
}

// async
func Main() {
	fmt.Println("plainReturn", plainReturn(3))
	fmt.Println("named")
	fmt.Println(named(4))
	fmt.Println(named(-1))
	fmt.Println("loop", loop(4))
	fmt.Println(panics("a", true))
	fmt.Println(replaced())
	fmt.Println(deferredPanicOnReturn())
	q := rt.NewQueue[int](1)
	q.TryPut(5)
	awaitOp(q)
	fmt.Println("queue left", q.Len())
	guard()
	fmt.Println("done")
}
