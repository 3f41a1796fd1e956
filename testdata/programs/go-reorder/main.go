// Ported from $GOROOT/test/reorder.go (reordering of assignments): each
// case is async and its right-hand sides or index operands suspend; check
// and check3 print the result instead of panicking.
package main

import "fmt"

import "github.com/asyncgen/asyncgen/rt"

//async
func Main() {
	p1()
	p2()
	p3()
	p4()
	p5()
	p6()
	p7()
	p8()
	p9()
	p10()
	p11()
}

var gx []int

//async
func f(i int) int {
	rt.Yield()
	return gx[i]
}

//async
func id(i int) int {
	rt.Yield()
	return i
}

func check(name string, x []int, x0, x1, x2 int) {
	if x[0] != x0 || x[1] != x1 || x[2] != x2 {
		fmt.Printf("%s: %v, want %d,%d,%d\n", name, x, x0, x1, x2)
		return
	}
	fmt.Println(name, "ok", x)
}

func check3(name string, x, y, z, xx, yy, zz int) {
	if x != xx || y != yy || z != zz {
		fmt.Printf("%s: %d,%d,%d, want %d,%d,%d\n", name, x, y, z, xx, yy, zz)
		return
	}
	fmt.Println(name, "ok", x, y, z)
}

//async
func p1() {
	x := []int{1, 2, 3}
	i := 0
	i, x[i] = id(1), id(100)
	_ = i
	check("p1", x, 100, 2, 3)
}

//async
func p2() {
	x := []int{1, 2, 3}
	i := 0
	x[i], i = id(100), id(1)
	_ = i
	check("p2", x, 100, 2, 3)
}

//async
func p3() {
	x := []int{1, 2, 3}
	y := x
	gx = x
	x[1], y[0] = f(0), f(1)
	check("p3", x, 2, 1, 3)
}

//async
func p4() {
	x := []int{1, 2, 3}
	y := x
	gx = x
	rt.Yield()
	x[1], y[0] = gx[0], gx[id(1)]
	check("p4", x, 2, 1, 3)
}

//async
func p5() {
	x := []int{1, 2, 3}
	y := x
	p := &x[0]
	q := &x[id(1)]
	*p, *q = x[id(1)], y[0]
	check("p5", x, 2, 1, 3)
}

//async
func p6() {
	x := 1
	y := 2
	z := 3
	px := &x
	py := &y
	rt.Yield()
	*px, *py = y, x
	check3("p6", x, y, z, 2, 1, 3)
}

//async
func f1(x, y, z int) (xx, yy, zz int) {
	rt.Yield()
	return x, y, z
}

//async
func f2() (x, y, z int) {
	return f1(2, 1, 3)
}

//async
func p7() {
	x, y, z := f2()
	check3("p7", x, y, z, 2, 1, 3)
}

//async
func p8() {
	m := make(map[int]int)
	m[0] = len(m) + id(0)
	fmt.Println("p8", m[0])
}

// Issue #13433: Left-to-right assignment of OAS2XXX nodes.
//
//async
func p9() {
	var x bool

	// OAS2FUNC
	x, x = fn()
	checkOAS2XXX(x, "x, x = fn()")

	// OAS2RECV
	var c = make(chan bool, 10)
	c <- false
	rt.Yield()
	x, x = <-c
	checkOAS2XXX(x, "x, x <-c")

	// OAS2MAPR
	var m = map[int]bool{0: false}
	x, x = m[id(0)]
	checkOAS2XXX(x, "x, x = m[0]")

	// OAS2DOTTYPE
	var i interface{} = false
	rt.Yield()
	x, x = i.(bool)
	checkOAS2XXX(x, "x, x = i.(bool)")
}

//async
func fn() (bool, bool) {
	rt.Yield()
	return false, true
}

// checks the order of OAS2XXX.
func checkOAS2XXX(x bool, s string) {
	if !x {
		fmt.Printf("%s; got=(false); want=(true)\n", s)
		return
	}
	fmt.Println("p9", s, "ok")
}

//async
func fp() (*int, int) {
	rt.Yield()
	return nil, 42
}

//async
func p10() {
	p := new(int)
	q := p
	p, *p = fp()
	fmt.Println("p10", p == nil, *q)
}

//async
func p11() {
	var i interface{}
	p := new(bool)
	rt.Yield()
	p, *p = i.(*bool)
	fmt.Println("p11", p == nil)
}
