// Direct calls of async methods and functions whose receiver or parameters
// are unnamed or blank, when the value passed is itself the result of an
// await: the value is computed, for its effects, and dropped (from
// $GOROOT/test/reorder2.go, where the generated program did not build:
// "declared and not used").
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type TT int

var log string

//async
func (t TT) a(s string) TT {
	rt.Yield()
	log += "a(" + s + ")"
	return t
}

//async
func (TT) b(s string) string {
	rt.Yield()
	log += "b(" + s + ")"
	return s
}

//async
func (_ TT) c(s string) string {
	rt.Yield()
	log += "c(" + s + ")"
	return s
}

//async
func d(_ string, n int) int {
	rt.Yield()
	return n
}

//async
func Main() {
	var t TT
	s := t.a("1").b("2")
	fmt.Println(log, s)
	log = ""
	s = t.a("3").c(t.b("4"))
	fmt.Println(log, s)
	log = ""
	n := d(t.b("5"), 6)
	fmt.Println(log, n)
}
