// var declarations with initialisers that suspend, multi-value var
// declarations, zero values that live across awaits, and local consts and
// types.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func pair(s string) (string, int) {
	rt.Yield()
	return s + s, len(s)
}

//async
func Main() {
	const k = 3
	type point struct{ x, y int }
	var zero int
	var pt point
	var s = "ab"
	rt.Yield()
	var d, n = pair(s)
	var (
		u    = n * k
		w, m = pair(d)
	)
	pt.x = u
	rt.Yield()
	pt.y = m
	var list []point
	list = append(list, pt)
	fmt.Println(zero, s, d, n, u, w, m, pt, list)
	var err error
	rt.Yield()
	fmt.Println("err is nil:", err == nil)
}
