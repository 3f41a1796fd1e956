// Assignment order around suspension points: x[i()] = j(), tuple
// assignments to elements a[i], a[j] = f(), g(), map entries with
// computed keys, op-assignments to map entries, an index variable that the
// right-hand side changes, and a pointer the right-hand side redirects.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func val(name string, v int) int {
	rt.Yield()
	fmt.Println("  eval", name)
	return v
}

//async
func key(name string) string {
	rt.Yield()
	fmt.Println("  key", name)
	return name
}

type S struct{ a, b int }

//async
func Main() {
	x := make([]int, 4)
	x[val("i", 1)] = val("j", 7)
	fmt.Println("x[i()] = j():", x)

	a := []int{0, 0, 0, 0}
	a[val("i", 0)], a[val("j", 3)] = val("f", 1), val("g", 2)
	fmt.Println("a[i], a[j] = f(), g():", a)

	i := 1
	a = []int{0, 0, 0, 0}
	a[i] = setIndex(&i, 3)
	fmt.Println("a[i] = h() that sets i:", a, i)

	i = 1
	a = []int{0, 0, 0, 0}
	a[i], a[setIndex(&i, 3)%4] = setIndex(&i, 2), 5
	fmt.Println("a[i], a[h()] = h(), 5:", a, i)

	m := map[string]int{}
	m[key("k")] = val("v", 1)
	m[key("k")] += val("v2", 2)
	m[key("other")]++
	fmt.Println("map:", m["k"], m["other"], len(m))

	p, q := &S{}, &S{}
	pp := p
	pp.a = redirect(&pp, q)
	fmt.Println("pp.a = g() that redirects pp:", *p, *q)

	arr := [3]int{}
	arr[val("idx", 2)], arr[val("idx", 0)] = arr[val("idx", 0)]+1, val("rhs", 9)
	fmt.Println("array:", arr)

	grid := [][]int{{0, 0}, {0, 0}}
	grid[val("row", 1)][val("col", 0)] = val("cell", 5)
	fmt.Println("grid:", grid)

	var sp *S = &S{}
	*sp = S{val("sa", 1), val("sb", 2)}
	sp.b += val("sb+", 10)
	fmt.Println("struct:", *sp)
}

//async
func setIndex(p *int, v int) int {
	rt.Yield()
	*p = v
	return v * 10
}

//async
func redirect(pp **S, to *S) int {
	rt.Yield()
	*pp = to
	return 9
}
