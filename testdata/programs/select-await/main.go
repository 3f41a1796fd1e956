// Select statements whose case bodies await: receives that declare one or
// two variables, a receive assigned to existing variables, a send, a
// default, break out of the select and out of an enclosing loop, and
// closures capturing each iteration's received value. Every select here
// has a ready case, so the order of the output is fixed.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func double(n int) int {
	rt.Yield()
	return 2 * n
}

// async
func Main() {
	nums := make(chan int, 8)
	for i := range 5 {
		nums <- i
	}
	close(nums)
	var fs []func() int
	sum := 0
loop:
	for {
		select {
		case v, ok := <-nums:
			if !ok {
				break loop
			}
			if v == 3 {
				rt.Yield()
				break // leaves the select only
			}
			sum += double(v)
			fs = append(fs, func() int { return v })
		}
	}
	fmt.Println("sum", sum)
	for _, f := range fs {
		fmt.Println("captured", f())
	}

	out := make(chan string, 1)
	select {
	case out <- fmt.Sprint("sent ", double(4)): // the value is computed before any await in the body
		fmt.Println("send case", double(1))
	default:
		fmt.Println("not reached")
	}
	fmt.Println(<-out)

	empty := make(chan int)
	select {
	case x := <-empty:
		fmt.Println("not reached", x)
	default:
		fmt.Println("default", double(5))
	}

	var got int
	var ok bool
	one := make(chan int, 1)
	one <- 21
	select {
	case got, ok = <-one:
		fmt.Println("assigned", double(got), ok)
	}
	fmt.Println("after", got, ok)

	done := make(chan struct{})
	close(done)
	select {
	case <-done:
		fmt.Println("closed", double(7))
	}
}
