// Generic async functions and methods of generic types: type parameters
// used in parameters, results, locals that live across awaits, and
// explicit and inferred instantiation.
package main

import (
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

type number interface {
	~int | ~int64 | ~float64
}

//async
func sum[T number](xs []T) T {
	var total T
	for i := 0; i < len(xs); i++ {
		rt.Yield()
		total += xs[i]
	}
	return total
}

//async
func mapSlice[T, U any](xs []T, fn func(T) U) []U {
	out := make([]U, 0, len(xs))
	for i := 0; i < len(xs); i++ {
		rt.Yield()
		out = append(out, fn(xs[i]))
	}
	return out
}

//async
func await[T any](v T) (T, error) {
	f := rt.NewFuture[T]()
	f.Resolve(v)
	return rt.Await(f)
}

type pair[K comparable, V any] struct {
	key K
	val V
}

//async
func (p *pair[K, V]) set(v V) V {
	old := p.val
	rt.Yield()
	p.val = v
	return old
}

//async
func (p pair[K, V]) String() string {
	rt.Yield()
	return fmt.Sprintf("%v=%v", p.key, p.val)
}

type myInt int

//async
func Main() {
	fmt.Println(sum([]int{1, 2, 3}), sum([]float64{0.5, 0.25}), sum[myInt]([]myInt{4, 5}))
	words := mapSlice([]int{1, 2, 3}, func(n int) string { return strings.Repeat("*", n) })
	fmt.Println(words, len(mapSlice[string, int](words, func(s string) int { return len(s) })))
	v, err := await("generic")
	fmt.Println(v, err)
	n, err := await[int](7)
	fmt.Println(n, err)
	p := &pair[string, int]{key: "k", val: 1}
	fmt.Println("old:", p.set(2), "new:", p.val, p.String())
}
