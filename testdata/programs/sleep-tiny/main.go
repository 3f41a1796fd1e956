// rt.Await(rt.Sleep(d)) with tiny durations in loops, conditions and
// nested calls. Only the results and errors are printed, never times.
package main

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func nap(n int) int {
	_, err := rt.Await(rt.Sleep(time.Millisecond))
	if err != nil {
		return -1
	}
	return n
}

//async
func Main() {
	total := 0
	for i := 0; i < 5; i++ {
		total += nap(i)
	}
	fmt.Println("total:", total)
	if _, err := rt.Await(rt.Sleep(0)); err == nil {
		fmt.Println("zero sleep ok")
	}
	if _, err := rt.Await(rt.Sleep(-time.Millisecond)); err == nil {
		fmt.Println("negative sleep ok")
	}
	start := 0
	for nap(start) < 3 {
		start++
	}
	fmt.Println("start:", start)
	v, err := rt.Await(rt.Sleep(2 * time.Millisecond))
	fmt.Println("result:", v, err)
}
