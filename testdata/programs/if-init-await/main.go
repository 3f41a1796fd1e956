// if statements whose init statements suspend, with the init's variables
// used in the condition, the branches and the else chain.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var errOdd = errors.New("odd")

//async
func half(n int) (int, error) {
	rt.Yield()
	if n%2 != 0 {
		return 0, errOdd
	}
	return n / 2, nil
}

//async
func classify(n int) string {
	if h, err := half(n); err != nil {
		rt.Yield()
		return fmt.Sprintf("%d is odd (%v)", n, err)
	} else if q, err := half(h); err != nil {
		return fmt.Sprintf("%d halves once to %d", n, h)
	} else if q > 10 {
		rt.Yield()
		return fmt.Sprintf("%d quarters to big %d", n, q)
	} else {
		return fmt.Sprintf("%d quarters to %d (half %d)", n, q, h)
	}
}

//async
func Main() {
	ns := []int{3, 6, 8, 100}
	for i := 0; i < len(ns); i++ {
		fmt.Println(classify(ns[i]))
	}
	if v, err := half(10); err == nil {
		fmt.Println("half of 10 is", v)
	}
	x := 1
	if x := 7; x > 5 {
		rt.Yield()
		x++
		fmt.Println("inner x", x)
	}
	fmt.Println("outer x", x)
	if _, err := half(1); errors.Is(err, errOdd) {
		fmt.Println("1 is odd")
	}
}
