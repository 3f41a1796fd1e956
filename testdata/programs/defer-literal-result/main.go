// Deferred function literals with results, which defer drops: a plain
// literal deferred without arguments in an async function (the frame's
// defer stack takes a func(), so it is wrapped), one with arguments, and
// one that sets the named result and recovers. Found by the fuzzer.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func aid(v int) int {
	rt.Yield()
	return v
}

// async
func plain(n int) (r int) {
	defer func() int {
		r += 10
		fmt.Println("plain: deferred literal, r =", r)
		return r
	}()
	defer func(k int) (string, error) {
		fmt.Println("plain: deferred with argument", k)
		return "dropped", nil
	}(aid(n))
	r = aid(n) * 2
	return r
}

// async
func recovers(n int) (r int) {
	defer func() bool {
		if x := recover(); x != nil {
			fmt.Println("recovers:", x)
			r = -1
			return true
		}
		return false
	}()
	if aid(n) > 1 {
		panic(fmt.Sprint("too big: ", n))
	}
	return n
}

// async
func Main() {
	fmt.Println(plain(3))
	fmt.Println(recovers(1))
	fmt.Println(recovers(5))
}
