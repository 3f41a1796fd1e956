// Ported from $GOROOT/test/ken/robfunc.go (functions of many signatures):
// every function is async and suspends, including the method; assertequal
// prints instead of panicking.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

func assertequal(is, shouldbe int, msg string) {
	if is != shouldbe {
		fmt.Println("assertion fail", msg)
		return
	}
	fmt.Println("ok", msg)
}

//async
func f1() {
	rt.Yield()
}

//async
func f2(a int) {
	rt.Yield()
}

//async
func f3(a, b int) int {
	rt.Yield()
	return a + b
}

//async
func f4(a, b int, c float64) int {
	rt.Yield()
	return (a+b)/2 + int(c)
}

//async
func f5(a int) int {
	rt.Yield()
	return 5
}

//async
func f6(a int) (r int) {
	rt.Yield()
	return 6
}

//async
func f7(a int) (x int, y float64) {
	rt.Yield()
	return 7, 7.0
}

//async
func f8(a int) (x int, y float64) {
	rt.Yield()
	return 8, 8.0
}

type T struct {
	x, y int
}

//async
func (t *T) m10(a int, b float64) int {
	rt.Yield()
	return (t.x + a) * (t.y + int(b))
}

//async
func f9(a int) (in int, fl float64) {
	i := 9
	rt.Yield()
	f := float64(9)
	return i, f
}

//async
func Main() {
	f1()
	f2(1)
	r3 := f3(1, 2)
	assertequal(r3, 3, "3")
	r4 := f4(0, 2, 3.0)
	assertequal(r4, 4, "4")
	r5 := f5(1)
	assertequal(r5, 5, "5")
	r6 := f6(1)
	assertequal(r6, 6, "6")
	var r7 int
	var s7 float64
	r7, s7 = f7(1)
	assertequal(r7, 7, "r7")
	assertequal(int(s7), 7, "s7")
	var r8 int
	var s8 float64
	r8, s8 = f8(1)
	assertequal(r8, 8, "r8")
	assertequal(int(s8), 8, "s8")
	var r9 int
	var s9 float64
	r9, s9 = f9(1)
	assertequal(r9, 9, "r9")
	assertequal(int(s9), 9, "s9")
	var t *T = new(T)
	t.x = 1
	t.y = 2
	r10 := t.m10(1, 3.0)
	assertequal(r10, 10, "10")
}
