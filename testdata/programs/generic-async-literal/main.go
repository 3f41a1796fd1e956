// Function literals that await inside generic async functions and methods
// of generic types: called where they are written, bound to a variable,
// made a task with rt.Go, deferred, and nested, and in a generic async
// generator; they capture variables whose types are the type parameters,
// and take and return values of those types. Each instance (int, string,
// a struct) runs its own.
package main

import (
	"fmt"
	"iter"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func echo[T any](v T) T {
	rt.Yield()
	return v
}

// async
func Collect[T any, S ~[]T](s S, keep func(T) bool) (out S, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
		out = append(out, echo(s[0]))
	}()
	add := func(v T) int {
		out = append(out, echo(v))
		return len(out)
	}
	for i, v := range s {
		if keep(v) {
			fmt.Println("collect: added", i, add(v))
		}
	}
	func() {
		rt.Yield()
		if len(out) == 0 {
			panic("nothing kept")
		}
	}()
	return out, nil
}

type pair[K comparable, V any] struct {
	k K
	v V
}

type Store[K comparable, V any] struct {
	items []pair[K, V]
}

// async
func (st *Store[K, V]) Put(k K, v V) {
	func() {
		rt.Yield()
		st.items = append(st.items, pair[K, V]{echo(k), v})
	}()
}

// async
func (st *Store[K, V]) Lookup(k K) (V, bool) {
	var zero V
	find := func(key K) (V, bool) {
		for _, p := range st.items {
			if echo(p.k) == key {
				return p.v, true
			}
		}
		return zero, false
	}
	t := rt.Go(func() (V, error) {
		v, _ := find(k)
		return echo(v), nil
	})
	v, err := rt.Await(t)
	if err != nil {
		return zero, false
	}
	_, ok := find(k)
	return v, ok
}

// async
func Each[T any](xs []T) iter.Seq[T] {
	return func(yield func(T) bool) {
		defer func() {
			fmt.Println("each: producer done", echo(len(xs)))
		}()
		get := func(i int) T { return echo(xs[i]) }
		for i := range xs {
			if !yield(get(i)) {
				return
			}
		}
	}
}

type point struct{ x, y int }

// async
func Main() {
	fmt.Println(Collect([]int{1, 2, 3, 4}, func(v int) bool { return v%2 == 0 }))
	fmt.Println(Collect([]string{"a", "bb", "ccc"}, func(v string) bool { return len(v) > 1 }))
	fmt.Println(Collect([]int{1, 3}, func(v int) bool { return false }))
	st := &Store[string, point]{}
	st.Put("a", point{1, 2})
	st.Put("b", point{3, 4})
	fmt.Println(st.Lookup("b"))
	fmt.Println(st.Lookup("c"))
	words := &Store[int, []string]{}
	words.Put(1, strings.Fields("one two"))
	fmt.Println(words.Lookup(1))
	for v := range Each([]string{"a", "b", "c"}) {
		fmt.Println("each:", v)
		if v == "b" {
			break
		}
	}
	for v := range Each([]point{{5, 6}}) {
		fmt.Println("each:", v)
	}
}
