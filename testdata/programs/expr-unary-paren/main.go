// Awaits under unary operators and parentheses: -g(), !b(), ^g(), &T{g()},
// *p() dereferencing an awaited pointer, a receive from an awaited
// channel, and deeply parenthesised mixtures.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type box struct{ v int }

//async
func num(v int) int {
	rt.Yield()
	return v
}

//async
func yes(b bool) bool {
	rt.Yield()
	return b
}

//async
func ptr(v int) *int {
	rt.Yield()
	return &v
}

//async
func ready(v string) chan string {
	rt.Yield()
	ch := make(chan string, 1)
	ch <- v
	return ch
}

//async
func Main() {
	fmt.Println("neg:", -num(5), -(-num(6)))
	fmt.Println("not:", !yes(true), !(!yes(false) && yes(true)))
	fmt.Println("xor:", ^num(0), num(6)^num(3))
	b := &box{num(7)}
	fmt.Println("addr:", b.v, (&box{v: num(8)}).v)
	fmt.Println("deref:", *ptr(9)+*ptr(10))
	fmt.Println("recv:", <-ready("msg"))
	fmt.Println("parens:", ((num(1)+num(2))*(num(3)-(num(4)))), (((num(11)))))
	x := num(3)
	x = -x + -num(x)
	fmt.Println("x:", x)
}
