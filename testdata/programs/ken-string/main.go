// Ported from $GOROOT/test/ken/string.go (string operations): the
// original prints with print (to stderr); this port prints to stdout the
// same text as ken/string.out, and reports each check instead of
// panicking. Strings come back from async calls and live across awaits.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func s(v string) string {
	rt.Yield()
	return v
}

func check(ok bool, msg string) {
	if !ok {
		fmt.Println("\nFAIL:", msg)
	}
}

//async
func Main() {
	var c string

	a := s(`abc`)
	b := `xyz`

	/* print a literal */
	fmt.Print(`abc`)

	/* print a variable */
	fmt.Print(s(b), "-")

	/* catenate literals */
	fmt.Print(`abc`+`xyz`, "-")

	/* catenate variables */
	fmt.Print(a+s(b), "-")

	/* compare literals */
	check(!(`abc` == `xyz` || `abc` != "abc" || `abc` > `xyz`), "compare literals")

	/* compare variables */
	check(!(a == s(b) || a != s(a) || a > b), "compare variables")

	/* cat */
	c = a + s(b)
	fmt.Print(c, "-")

	/* catequal */
	c = a
	c += s(b)
	fmt.Print(c, "-")

	/* clumsy evaluation */
	c = s(b)
	c = a + c
	fmt.Print(c, "-")

	/* len */
	check(len(c) == 6, "len")

	/* index strings */
	for i := 0; i < len(c); i = i + 1 {
		check(c[i] == (a + s(b))[i], fmt.Sprint("index ", i))
	}

	/* slice strings */
	fmt.Print(c[0:3], s(c[3:]))

	fmt.Print("\n")

	/* create string with integer constant */
	c = string(rune('x'))
	check(c == "x", "create int "+c)

	/* create string with integer variable */
	v := 'x'
	rt.Yield()
	c = string(v)
	check(c == "x", "create int "+c)

	/* create string with byte array */
	var z1 [3]byte
	z1[0] = 'a'
	z1[1] = 'b'
	rt.Yield()
	z1[2] = 'c'
	c = string(z1[0:])
	check(c == "abc", "create byte array "+c)

	/* create string with int array */
	var z2 [3]rune
	z2[0] = 'a'
	z2[1] = '\u1234'
	z2[2] = 'c'
	c = s(string(z2[0:]))
	check(c == "a\u1234c", "create int array "+c)

	/* create string with byte array pointer */
	z3 := new([3]byte)
	z3[0] = 'a'
	rt.Yield()
	z3[1] = 'b'
	z3[2] = 'c'
	c = string(z3[0:])
	check(c == "abc", "create array pointer "+c)
	fmt.Println("done")
}
