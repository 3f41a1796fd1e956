// Every result shape an async function can have: (), (error), (V),
// (V, error), (A, B, error), and a few more, each returning from inside
// branches after awaits.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var counter int

//async
func none(n int) {
	rt.Yield()
	if n > 0 {
		counter += n
		return
	}
	counter--
}

//async
func onlyErr(fail bool) error {
	rt.Yield()
	if fail {
		return errors.New("failed")
	}
	return nil
}

//async
func value(s string) string {
	rt.Yield()
	return s + "!"
}

//async
func valueErr(n int) (int, error) {
	rt.Yield()
	if n < 0 {
		return 0, fmt.Errorf("negative: %d", n)
	}
	return n * 3, nil
}

//async
func threeResults(n int) (string, []int, error) {
	rt.Yield()
	if n == 0 {
		return "", nil, errors.New("zero")
	}
	var xs []int
	for i := 0; i < n; i++ {
		rt.Yield()
		xs = append(xs, i)
	}
	return fmt.Sprint(n), xs, nil
}

//async
func twoNoErr(a int) (int, bool) {
	rt.Yield()
	return a / 2, a%2 == 0
}

type pt struct{ X, Y int }

//async
func structPtr(x int) *pt {
	rt.Yield()
	if x == 0 {
		return nil
	}
	return &pt{x, value2(x)}
}

//async
func value2(x int) int {
	rt.Yield()
	return x * x
}

//async
func Main() {
	none(5)
	none(0)
	fmt.Println("counter", counter)
	fmt.Println("onlyErr", onlyErr(false), onlyErr(true))
	fmt.Println("value", value("hi"))
	v, err := valueErr(4)
	fmt.Println("valueErr", v, err)
	v, err = valueErr(-1)
	fmt.Println("valueErr", v, err)
	s, xs, err := threeResults(3)
	fmt.Println("three", s, xs, err)
	s, xs, err = threeResults(0)
	fmt.Println("three", s, xs == nil, err)
	h, even := twoNoErr(7)
	fmt.Println("two", h, even)
	fmt.Println("ptr", *structPtr(3), structPtr(0) == nil)
}
