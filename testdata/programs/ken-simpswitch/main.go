// Ported from $GOROOT/test/ken/simpswitch.go (simple switch): the loop and
// the switch run in an async function, the tag and a case value come from
// async calls, and the result is printed instead of compared.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func id(i int) int {
	rt.Yield()
	return i
}

//async
func digit(i int) string {
	rt.Yield()
	return string(rune(i + '0'))
}

//async
func Main() {
	r := ""
	a := 3
	for i := 0; i < 10; i = i + 1 {
		switch id(i) {
		case 5:
			r += "five"
		case a, id(7):
			rt.Yield()
			r += "a"
		default:
			r += digit(i)
		}
		r += "out" + digit(i)
	}
	fmt.Println(r)
	fmt.Println(r == "0out01out12out2aout34out4fiveout56out6aout78out89out9")
}
