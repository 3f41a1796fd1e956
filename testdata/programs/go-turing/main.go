// Ported from $GOROOT/test/turing.go (a brainfuck interpreter): the
// interpreter loop and scan are async, each instruction yields, and the
// program prints the interpreted output instead of comparing it.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var p, pc int
var a [30000]byte

const prog = "++++++++++[>+++++++>++++++++++>+++>+<<<<-]>++.>+.+++++++..+++.>++.<<+++++++++++++++.>.+++.------.--------.>+.>.!"

//async
func scan(dir int) {
	for nest := dir; dir*nest > 0; pc += dir {
		rt.Yield()
		switch prog[pc+dir] {
		case ']':
			nest--
		case '[':
			nest++
		}
	}
}

//async
func fetch() byte {
	rt.Yield()
	return prog[pc]
}

//async
func Main() {
	r := ""
	steps := 0
	for {
		steps++
		switch fetch() {
		case '>':
			p++
		case '<':
			p--
		case '+':
			a[p]++
		case '-':
			a[p]--
		case '.':
			r += string(a[p])
		case '[':
			if a[p] == 0 {
				scan(1)
			}
		case ']':
			if a[p] != 0 {
				scan(-1)
			}
		default:
			fmt.Printf("%q\n", r)
			fmt.Println(r == "Hello World!\n", steps)
			return
		}
		pc++
	}
}
