// Range loops whose bodies await, over values whose types are type
// parameters: the loop follows the core type of the constraint (a slice,
// a map, an integer, a string, a function iterator).
package main

import (
	"fmt"
	"iter"
	"slices"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func double(n int) int {
	rt.Yield()
	return 2 * n
}

// async
func sumSlice[S ~[]int](xs S) int {
	t := 0
	for i, x := range xs {
		t += double(x) + i
	}
	return t
}

// async
func sumMap[M ~map[string]int](m M) int {
	t := 0
	for _, v := range m {
		t += double(v)
	}
	return t
}

// async
func count[N ~int](n N) int {
	t := 0
	for i := range n {
		t += double(int(i))
	}
	return t
}

// async
func runes[S ~string](s S) int {
	t := 0
	for i, r := range s {
		t += double(i) + int(r)
	}
	return t
}

// async
func seq[F ~func(func(int) bool)](f F) int {
	t := 0
	for v := range f {
		t += double(v)
	}
	return t
}

type ints []int

// async
func Main() {
	fmt.Println(sumSlice(ints{1, 2, 3}), sumMap(map[string]int{"a": 1, "b": 2}), count(4), count(3), runes("hé"), seq(iter.Seq[int](slices.Values([]int{5, 6}))))
}
