// Labelled break and continue across nested loops (and out of a switch
// inside a loop) with suspension points at every level.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func val(x int) int {
	rt.Yield()
	return x
}

//async
func Main() {
outer:
	for i := 0; i < 4; i++ {
		rt.Yield()
		for j := 0; j < 4; j++ {
			if val(j) == 2 {
				continue outer
			}
			if val(i) == 3 {
				break outer
			}
			fmt.Println("pair", i, j)
		}
		fmt.Println("not reached")
	}

	n := 0
loop:
	for {
		n = val(n + 1)
		switch {
		case n%3 == 0:
			rt.Yield()
			continue loop
		case n > 7:
			break loop
		}
		fmt.Println("n", n)
	}
	fmt.Println("left loop at", n)

	found := -1
search:
	for a := 1; a < 10; a++ {
		for b := a; b < 10; b++ {
			for c := b; c < 20; c = val(c + 1) {
				if a*a+b*b == c*c {
					found = val(a*100 + b*10)
					break search
				}
				if c > a+b {
					continue
				}
			}
		}
	}
	fmt.Println("found", found)

	// break with a label on a block-level switch.
	k := 0
sw:
	switch val(1) {
	case 1:
		for k = 0; k < 10; k++ {
			if val(k) == 4 {
				break sw
			}
		}
		fmt.Println("not reached")
	}
	fmt.Println("k", k)
}
