// Types declared inside an async function move to package level under new
// names. A package-level type of the same name keeps its own meaning, and
// a moved type embedded in another keeps working as a field (from Go's
// test/cmp.go and test/closure2.go).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type T *int

//async
func pointers() {
	var x = new(int)
	var y T
	var z T = x
	rt.Yield()
	fmt.Println(x == z, y == nil, *z == 0)
}

//async
func local() {
	type T struct{ data [3]byte }
	var a, b T
	rt.Yield()
	a.data[1] = 7
	fmt.Println(a == b, a.data, b.data)
}

//async
func embedded() {
	type X struct {
		v int
	}
	type Y struct {
		X
		w int
	}
	var y Y
	z := Y{X: X{v: 2}, w: 3}
	rt.Yield()
	func() {
		y.v = 1
	}()
	y.X.v++
	p := &z.X
	rt.Yield()
	p.v += 10
	fmt.Println(y.v, y.X.v, y.w, z.v, z.X, z.w)
}

//async
func Main() {
	pointers()
	local()
	embedded()
}
