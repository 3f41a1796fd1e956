// Named results captured by closures and written through pointers across
// awaits, with bare returns: the frame's result variables are the ones the
// closures see.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func val(v int) int {
	rt.Yield()
	return v
}

//async
func counter() (n int, log []string) {
	add := func(k int) {
		n += k
		log = append(log, fmt.Sprint("+", k))
	}
	add(val(1))
	rt.Yield()
	add(val(2))
	p := &n
	*p *= val(10)
	return
}

//async
func setVia(p *int) {
	rt.Yield()
	*p = 77
}

//async
func viaPointer() (x int) {
	setVia(&x)
	return
}

//async
func Main() {
	fmt.Println(counter())
	fmt.Println(viaPointer())
}
