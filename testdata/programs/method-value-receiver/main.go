// Async methods with value receivers: the method works on a copy, so the
// caller's value is unchanged, even when the method suspends between
// writes to its receiver.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type vec struct{ x, y int }

//async
func (v vec) scaled(k int) vec {
	rt.Yield()
	v.x *= k
	rt.Yield()
	v.y *= k
	return v
}

//async
func (v vec) len2() int {
	rt.Yield()
	return v.x*v.x + v.y*v.y
}

type list []int

//async
func (l list) sum() (int, error) {
	t := 0
	for i := 0; i < len(l); i++ {
		rt.Yield()
		t += l[i]
	}
	if t < 0 {
		return t, fmt.Errorf("negative sum %d", t)
	}
	return t, nil
}

type counter int

//async
func (c counter) next() counter {
	rt.Yield()
	c++
	return c
}

//async
func Main() {
	v := vec{1, 2}
	w := v.scaled(3)
	fmt.Println("v, w:", v, w)
	fmt.Println("len2:", w.len2(), vec{3, 4}.len2())
	fmt.Println("chain:", v.scaled(2).scaled(5))
	p := &v
	fmt.Println("through pointer:", p.scaled(10), *p)
	fmt.Println(list{1, 2, 3}.sum())
	fmt.Println(list{1, -9}.sum())
	var c counter
	c = c.next().next().next()
	fmt.Println("counter:", c)
}
