// Direct calls of async functions and methods whose unnamed or blank
// parameters (and receiver) receive an untyped nil or a constant: there is
// nothing to evaluate, and `_ = nil` would not build (from
// $GOROOT/test/named.go, where the generated program did not build: "use of
// untyped nil in assignment").
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type P *int

type M map[string]int

//async
func (M) get(_ []int, key string) int {
	rt.Yield()
	return len(key)
}

//async
func f(_ *int, _ []int, _ map[string]int, _ func(), _ chan int, _ error, _ any, _ P, x int) int {
	rt.Yield()
	return x
}

//async
func g(int, bool, *int, string) string {
	rt.Yield()
	return "g"
}

//async
func h(_ float64, _ ...any) int {
	rt.Yield()
	return 7
}

//async
func Main() {
	fmt.Println(f(nil, nil, nil, nil, nil, nil, nil, nil, 1))
	fmt.Println(g(1, true, nil, "x"))
	fmt.Println(h(2.5, nil, nil))
	fmt.Println(h(1, nil...))
	var m M
	fmt.Println(m.get(nil, "abc"))
	fmt.Println(M(nil).get(nil, "ab"))
}
