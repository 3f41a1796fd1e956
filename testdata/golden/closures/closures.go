// Package closures is a golden case: closures that share hoisted variables
// with the frame, per-iteration loop variables captured across awaits,
// shadowed names and a type declared inside an async function.
package closures

import "github.com/asyncgen/asyncgen/rt"

// Funcs returns closures made in a loop that awaits: each keeps its own i.
//
//async
func Funcs(n int) []func() int {
	var fs []func() int
	for i := 0; i < n; i++ {
		sq := i * i
		fs = append(fs, func() int { return i + sq })
		rt.Yield()
	}
	return fs
}

// Shared counts through a closure that outlives an await.
//
//async
func Shared() int {
	count := 0
	inc := func() { count++ }
	inc()
	rt.Yield()
	inc()
	x := count
	if x > 0 {
		x := x * 10
		rt.Yield()
		count += x
	}
	return count + x
}

// Points keeps values of a local type across an await.
//
//async
func Points() int {
	type point struct{ x, y int }
	p := point{1, 2}
	rt.Yield()
	ps := []point{p, {3, 4}}
	return ps[1].x + p.y
}
