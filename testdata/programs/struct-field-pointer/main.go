// Pointers to variables that live across awaits: the pointer taken before
// a suspension must still point at the same variable after it, through
// struct fields, slice elements and pointer-to-pointer.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type node struct {
	name string
	kids []*node
	n    int
}

//async
func val(v int) int {
	rt.Yield()
	return v
}

//async
func fill(p *int, v int) {
	rt.Yield()
	*p = v
}

//async
func Main() {
	x := 1
	p := &x
	rt.Yield()
	*p = val(2)
	fmt.Println("x via p:", x, *p, p == &x)
	fill(&x, 3)
	fmt.Println("x after fill:", x)

	var n node
	n.name = "root"
	fill(&n.n, val(4))
	n.kids = append(n.kids, &node{name: "kid"})
	kid := n.kids[0]
	fill(&kid.n, 5)
	fmt.Println(n.name, n.n, n.kids[0].name, n.kids[0].n)

	arr := [3]int{}
	for i := 0; i < len(arr); i++ {
		fill(&arr[i], val(i+10))
	}
	fmt.Println("array:", arr)

	pp := &p
	y := 0
	*pp = &y
	fill(*pp, 9)
	fmt.Println("x, y:", x, y)

	copyOf := n
	n.n = val(100)
	fmt.Println("copy is independent:", copyOf.n, n.n)
	n.kids[0].n = val(50)
	fmt.Println("but shares kids:", copyOf.kids[0].n)
}
