// Async generators of every shape a declaration allows: a method (on a
// value and a pointer receiver), a generic function, a method of a
// generic type, and a body whose statements before the returned
// iterator (the prelude) await and declare variables the iterator
// captures. The prelude runs when the loop asks for the first value, as
// Go runs it when the range loop calls the function, just before.
package main

import (
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func double(n int) int {
	rt.Yield()
	return 2 * n
}

type Deck struct {
	name  string
	cards []string
}

// Cards yields the deck's cards, awaiting between them.
//
// async
func (d *Deck) Cards() iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		defer fmt.Println("  cards of", d.name, "done")
		for i, c := range d.cards {
			rt.Yield()
			if !yield(i, c) {
				return
			}
		}
	}
}

// Name yields the deck's name once per letter, from a value receiver.
//
// async
func (d Deck) Name() iter.Seq[byte] {
	return func(yield func(byte) bool) {
		for i := range len(d.name) {
			rt.Yield()
			if !yield(d.name[i]) {
				return
			}
		}
	}
}

// Repeat yields v n times, doubled by an async call first.
//
// async
func Repeat[T any](v T, n int) iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i := range n {
			if !yield(double(i), v) {
				return
			}
		}
	}
}

type Stack[T any] struct{ items []T }

// Pop yields the items from the top, removing each as it goes.
//
// async
func (s *Stack[T]) Pop() iter.Seq[T] {
	return func(yield func(T) bool) {
		for len(s.items) > 0 {
			top := s.items[len(s.items)-1]
			s.items = s.items[:len(s.items)-1]
			rt.Yield()
			if !yield(top) {
				return
			}
		}
	}
}

// Clamped yields 0..n-1 after a prelude that clamps n, awaits, and keeps
// a running total the iterator shares with it.
//
// async
func Clamped(n int) iter.Seq[int] {
	fmt.Println("  clamped: prelude for", n)
	n = min(max(n, 0), 3)
	base := double(n)
	total := 0
	step := func(i int) int { total += i; return total }
	return func(yield func(int) bool) {
		fmt.Println("  clamped: iterating, base", base)
		for i := range n {
			rt.Yield()
			if !yield(base + step(i)) {
				return
			}
		}
	}
}

// async
func Main() {
	d := &Deck{name: "ab", cards: []string{"ace", "king", "queen"}}
	for i, c := range d.Cards() {
		fmt.Println("card", i, c)
		if c == "king" {
			break
		}
	}
	for b := range d.Name() {
		fmt.Println("letter", string(b))
	}
	for i, s := range Repeat("x", 3) {
		fmt.Println("repeat", i, s)
	}
	for i, v := range Repeat[float64](1.5, 2) {
		fmt.Println("repeat float", i, v)
	}
	st := &Stack[int]{items: []int{1, 2, 3, 4}}
	for v := range st.Pop() {
		fmt.Println("popped", v)
		if v == 3 {
			break
		}
	}
	fmt.Println("left", st.items)
	fmt.Println("before clamped")
	for v := range Clamped(7) {
		fmt.Println("clamped", v)
	}
	for v := range Clamped(-1) {
		fmt.Println("never", v)
	}
}
