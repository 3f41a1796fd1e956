// Binary operands around suspension points, where gc's order is
// observable: the calls (async or not) run left to right, and gc reads
// plain variables, fields, elements and map entries only after every call
// in the expression has run, while len() runs in call order and a
// conversion string(b) is read late as well. The generated code must print
// what gc prints.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var gx = 1

//async
func setGlobal() int {
	rt.Yield()
	gx = 10
	return 2
}

//async
func val(name string, v int) int {
	rt.Yield()
	fmt.Println("  eval", name)
	return v
}

type P struct{ x int }

//async
func Main() {
	fmt.Println("g() + h():", val("g", 1)+val("h", 2))
	fmt.Println("g() * h() - i():", val("g", 3)*val("h", 4)-val("i", 5))

	fmt.Println("global x + g():", gx+setGlobal())
	gx = 1
	fmt.Println("g() + global x:", setGlobal()+gx)

	x := 1
	set := func() int { x = 10; return 2 }
	_ = set
	bump := func(v int) int { x = v; return 2 }
	fmt.Println("local x + g():", x+val("g", bump(10)))
	x = 1
	fmt.Println("x + g() that writes x:", x+writeVia(&x))
	x = 1
	fmt.Println("x*2 + g():", x*2+writeVia(&x))
	x = 1
	fmt.Println("-x + g():", -x+writeVia(&x))
	x = 1
	fmt.Println("x + g() + x:", x+writeVia(&x)+x)
	x = 1
	fmt.Println("x + (x + g()):", x+(x+writeVia(&x)))

	p := &P{1}
	fmt.Println("p.x + g():", p.x+writeVia(&p.x))
	a := []int{1, 2}
	fmt.Println("a[0] + g():", a[0]+writeVia(&a[0]))

	m := map[string]int{"a": 1}
	fmt.Println("m[a] + g():", m["a"]+writeMap(m))

	s := []int{1}
	fmt.Println("len(s) + g():", len(s)+grow(&s), len(s))

	bs := []byte("ab")
	fmt.Println("string(bs) + g():", string(bs)+poke(bs))

	x = 1
	w := x
	w += writeVia(&x) + x
	fmt.Println("w += g() + x:", w)
	x = 1
	x += writeVia(&x)
	fmt.Println("x += g() that writes x:", x)

	y := 3
	fmt.Println("comparison:", y < val("ten", 10), val("one", 1) == y-2)
	fmt.Println("strings:", "a"+str("b")+"c"+str("d"))
	fmt.Println("shift:", 1<<val("shift", 4)|val("or", 1))
}

//async
func writeVia(p *int) int {
	rt.Yield()
	*p = 10
	return 2
}

//async
func writeMap(m map[string]int) int {
	rt.Yield()
	m["a"] = 10
	return 2
}

//async
func grow(s *[]int) int {
	rt.Yield()
	*s = append(*s, 5, 6)
	return 2
}

//async
func poke(b []byte) string {
	rt.Yield()
	b[0] = 'X'
	return "!"
}

//async
func str(s string) string {
	rt.Yield()
	return s
}
