// Ported from $GOROOT/test/ken/robfor.go (for loops of many forms): every
// loop suspends in its body, and assertequal prints instead of panicking.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

func assertequal(is, shouldbe int, msg string) {
	if is != shouldbe {
		fmt.Println("assertion fail", msg, is, shouldbe)
		return
	}
	fmt.Println("ok", msg, is)
}

//async
func add(a, b int) int {
	rt.Yield()
	return a + b
}

//async
func Main() {
	var i, sum int
	i = 0
	for {
		i = add(i, 1)
		if i > 5 {
			break
		}
	}
	assertequal(i, 6, "break")
	sum = 0
	for i := 0; i <= 10; i++ {
		sum = add(sum, i)
	}
	assertequal(sum, 55, "all three")
	sum = 0
	for i := 0; i <= 10; {
		sum = sum + i
		i = add(i, 1)
	}
	assertequal(sum, 55, "only two")
	sum = 0
	for sum < 100 {
		sum = add(sum, 9)
	}
	assertequal(sum, 99+9, "only one")
	sum = 0
	for i := 0; i <= 10; i++ {
		rt.Yield()
		if i%2 == 0 {
			continue
		}
		sum = sum + i
	}
	assertequal(sum, 1+3+5+7+9, "continue")
}
