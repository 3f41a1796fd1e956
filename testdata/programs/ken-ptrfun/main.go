// Ported from $GOROOT/test/ken/ptrfun.go (method and function pointers):
// g and the method f are async; g is also stored in a struct field and
// called through it, which runs it in blocking mode. Checks print instead
// of panicking.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type C struct {
	a int
	x func(p *C) int
}

//async
func (this *C) f() int {
	rt.Yield()
	return this.a
}

func check(v int, what string) {
	if v != 6 {
		fmt.Println("fail", what, v)
		return
	}
	fmt.Println("ok", what)
}

//async
func Main() {
	var v int
	var c *C

	c = new(C)
	c.a = 6
	c.x = g
	v = g(c)
	check(v, "g(c)")
	v = c.x(c)
	check(v, "c.x(c)")
	v = c.f()
	check(v, "c.f()")
}

//async
func g(p *C) int {
	var v int
	rt.Yield()
	v = p.a
	if v != 6 {
		fmt.Println("fail in g", v)
	}
	return p.a
}
