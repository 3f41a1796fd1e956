// goto in async functions: a loop written with goto around an await, a
// jump forward out of a loop whose body awaits, a jump from a statement
// without awaits to a label in the flat part of the function, a label that
// is also a loop's break target, and closures capturing a variable
// declared between a label and the goto back to it (each pass declares a
// new variable, as in Go), and a named result captured by closures.
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
func countdown(n int) []int {
	var out []int
again:
	if n > 0 {
		out = append(out, double(n))
		n--
		goto again
	}
	return out
}

// async
func search(xs []int, target int) int {
	for i, x := range xs {
		if double(x) == target {
			goto found
		}
		_ = i
	}
	return -1
found:
	rt.Yield()
	return target
}

// async
func plainJump(n int) string {
	s := ""
	rt.Yield()
	if n > 2 {
		goto big // from a statement without awaits
	}
	s = fmt.Sprint("small ", double(n))
	return s
big:
	s = fmt.Sprint("big ", double(n))
	return s
}

// async
func labelled() int {
	total := 0
	i := 0
outer:
	for ; i < 10; i++ {
		total += double(i)
		if total > 10 {
			break outer
		}
	}
	if i < 20 {
		i += 10
		goto outer
	}
	return total
}

// async
func captured() []int {
	var fs []func() int
	n := 0
loop:
	v := double(n)
	fs = append(fs, func() int { return v })
	n++
	if n < 3 {
		goto loop
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// echo jumps back to a label on a statement without awaits, which the
// generator leaves as written: v lives across the yield only through the
// goto, and must be kept in the frame.
//
// async
func echo() {
	v := 1
	n := 0
again:
	fmt.Println("echo", v, n)
	rt.Yield()
	n++
	if n < 3 {
		goto again
	}
}

// retries counts up to n with a goto loop; its named result is captured by
// a deferred closure and another closure, so it lives in the frame (once:
// results are declared on entry, not by a statement a goto can repeat).
//
// async
func retries(n int) (out int, err error) {
	defer func() { out *= 10 }()
	get := func() int { return out }
again:
	rt.Yield()
	out++
	if out < n {
		goto again
	}
	return get(), nil
}

// async
func Main() {
	fmt.Println(countdown(3))
	fmt.Println(search([]int{1, 2, 3}, 4), search([]int{1}, 9))
	fmt.Println(plainJump(1), plainJump(5))
	fmt.Println(labelled())
	fmt.Println(captured())
	fmt.Println(retries(3))
	echo()
}
