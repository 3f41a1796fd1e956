// Recursive async functions: fib with a suspension in every call, mutual
// recursion (even/odd), and a recursive tree walk that accumulates into a
// slice, so every level of the recursion is a suspended frame.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func fib(n int) int {
	if n < 2 {
		rt.Yield()
		return n
	}
	return fib(n-1) + fib(n-2)
}

//async
func even(n int) bool {
	if n == 0 {
		return true
	}
	rt.Yield()
	return odd(n - 1)
}

//async
func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}

type tree struct {
	val         int
	left, right *tree
}

//async
func walk(t *tree, out *[]int) {
	if t == nil {
		return
	}
	walk(t.left, out)
	rt.Yield()
	*out = append(*out, t.val)
	walk(t.right, out)
}

//async
func insert(t *tree, v int) *tree {
	if t == nil {
		return &tree{val: v}
	}
	if v < t.val {
		t.left = insert(t.left, v)
	} else {
		t.right = insert(t.right, v)
	}
	return t
}

//async
func Main() {
	for i := 0; i <= 15; i += 5 {
		fmt.Println("fib", i, fib(i))
	}
	fmt.Println("even(10):", even(10), "odd(7):", odd(7), "even(7):", even(7))
	var root *tree
	vals := []int{5, 3, 8, 1, 4, 9, 7, 2, 6}
	for i := 0; i < len(vals); i++ {
		root = insert(root, vals[i])
	}
	var out []int
	walk(root, &out)
	fmt.Println("sorted:", out)
}
