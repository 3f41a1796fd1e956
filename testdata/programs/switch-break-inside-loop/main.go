// break inside a switch inside a loop leaves the switch, not the loop;
// continue inside a switch continues the loop. Awaits sit in the switch
// bodies, the tag and the loop, so the generated jumps must keep these
// targets.
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
func Main() {
	var out []string
	for i := 0; i < 6; i++ {
		switch val(i % 3) {
		case 0:
			rt.Yield()
			if i > 2 {
				break
			}
			out = append(out, fmt.Sprint("zero", i))
		case 1:
			if val(i) == 4 {
				continue
			}
			out = append(out, fmt.Sprint("one", i))
		default:
			out = append(out, fmt.Sprint("two", i))
			rt.Yield()
		}
		out = append(out, fmt.Sprint("after", i))
	}
	fmt.Println(out)

	n := 0
	for {
		switch {
		case val(n) < 3:
			n++
			continue
		}
		break
	}
	fmt.Println("n", n)
}
