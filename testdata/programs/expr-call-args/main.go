// Awaits in call arguments: async calls and rt.Await results passed to
// plain functions, to variadic functions (with and without ...), to
// builtins (len, append, copy, min, max) and to function values.
package main

import (
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func val(v int) int {
	rt.Yield()
	return v
}

//async
func word(s string) string {
	rt.Yield()
	return s
}

//async
func list(n int) []int {
	rt.Yield()
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func must(v int, err error) int {
	if err != nil {
		panic(err)
	}
	return v
}

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

//async
func Main() {
	fmt.Println(strings.Repeat(word("ab"), val(3)))
	fmt.Println("sum:", sum(val(1), 2, val(3)), sum(list(5)...), sum())
	f := rt.NewFuture[int]()
	f.Resolve(41)
	fmt.Println("must(rt.Await):", must(rt.Await(f))+1)
	xs := append(list(2), val(7), val(8))
	xs = append(xs, list(3)...)
	fmt.Println("append:", xs, len(list(4)), cap(list(2)))
	dst := make([]int, val(3))
	n := copy(dst, list(5))
	fmt.Println("copy:", n, dst)
	fmt.Println("min/max:", min(val(4), 2, val(9)), max(val(4), val(9)))
	g := func(a, b int) string { return fmt.Sprint(a, "-", b) }
	fmt.Println("func value:", g(val(1), val(2)))
	fmt.Println("method on result:", strings.ToUpper(word("shout")))
	fmt.Printf("%s=%d %v\n", word("k"), val(5), list(val(2)))
	var sb strings.Builder
	sb.WriteString(word("built"))
	sb.WriteByte(byte(val('!')))
	fmt.Println(sb.String())
}
