// Function literals that await, called where they are written or through
// the variable they are bound to: each call is an implicit await, and the
// literal shares the variables it captures with the function, both ways,
// across the awaits of either.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func double(v int) int {
	rt.Yield()
	return v * 2
}

//async
func Main() {
	count := 0
	add := func(n int) int {
		rt.Yield()
		count += n // seen by Main
		return count
	}
	fmt.Println("add:", add(1), add(2), count)
	count = 10 // seen by add
	fmt.Println("add after write:", add(5))

	// Called where it is written.
	msg := "a"
	func() {
		msg += "b"
		rt.Yield()
		msg += fmt.Sprint(double(1)) + "c" + fmt.Sprint(double(2))
	}()
	fmt.Println("msg:", msg)

	// Per-iteration variables: each call sees its own iteration's.
	var seen []int
	for i := 0; i < 3; i++ {
		j := i * 10
		visit := func() {
			rt.Yield()
			seen = append(seen, i+j)
			j++
		}
		visit()
		visit()
		rt.Yield()
	}
	fmt.Println("seen:", seen)

	// Several results, an error, and a literal inside a literal.
	split := func(s string) (head, tail string, err error) {
		if s == "" {
			return "", "", errors.New("empty")
		}
		inner := func() string {
			rt.Yield()
			return s[1:]
		}
		return s[:1], inner(), nil
	}
	h, t, err := split("xyz")
	fmt.Println("split:", h, t, err)
	_, _, err = split("")
	fmt.Println("split empty:", err)

	// A literal with a deferred call, and one whose panic Main recovers
	// in another literal.
	var log []string
	withDefer := func() {
		defer func() { log = append(log, "deferred") }()
		rt.Yield()
		log = append(log, "body")
	}
	withDefer()
	fmt.Println("log:", log)

	safe := func() (r string) {
		defer func() {
			if v := recover(); v != nil {
				r = fmt.Sprint("recovered ", v)
			}
		}()
		rt.Yield()
		panic("boom")
	}
	fmt.Println(safe())

	// Variadic parameters, and an argument that awaits.
	sum := func(xs ...int) int {
		s := 0
		for _, x := range xs {
			rt.Yield()
			s += x
		}
		return s
	}
	fmt.Println("sum:", sum(), sum(1, double(2), 3), sum([]int{4, 5}...))
}
