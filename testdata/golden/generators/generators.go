// Package generators shows the lowering of async generators: the
// producer, an iterator literal that awaits, becomes a frame whose
// constructor returns an rt.Gen, with each yield an await of Gen.Yield;
// a range loop over a generator's call awaits Gen.Next for each value
// and Gen.Stop where the loop ends, a return from it included.
package generators

import (
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

// Squares yields i and i*i for i in 0..n-1.
//
//async
func Squares(n int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		defer println("done")
		for i := range n {
			rt.Yield()
			if !yield(i, i*i) {
				return
			}
		}
	}
}

// FirstOver returns the first square over limit, or -1.
//
//async
func FirstOver(n, limit int) int {
	for i, sq := range Squares(n) {
		if sq > limit {
			return i
		}
	}
	return -1
}

// A Ring is a generic ring of values.
type Ring[T any] struct{ items []T }

// Each is a generator method of a generic type, with a prelude that the
// iterator captures: the frame runs the prelude, then the iterator's body.
//
//async
func (r *Ring[T]) Each(from int) iter.Seq[T] {
	n := len(r.items)
	rt.Yield()
	return func(yield func(T) bool) {
		for i := range n {
			if !yield(r.items[(from+i)%n]) {
				return
			}
		}
	}
}

// Pairs is a generic generator function.
//
//async
func Pairs[K comparable, V any](m map[K]V, keys []K) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for _, k := range keys {
			rt.Yield()
			if !yield(k, m[k]) {
				return
			}
		}
	}
}

// SumRing ranges over a method generator and a generic one.
//
//async
func SumRing(r *Ring[int]) int {
	total := 0
	for v := range r.Each(1) {
		total += v
	}
	for _, v := range Pairs(map[string]int{"a": 1}, []string{"a"}) {
		total += v
	}
	return total
}

// Grid counts the pairs of squares under limit: a continue and a break out
// of the inner generator's loop to the outer one await the inner
// producer's end at an exit after the loop, then jump.
//
//async
func Grid(n, limit int) int {
	count := 0
outer:
	for _, a := range Squares(n) {
		for _, b := range Squares(n) {
			if a+b > 2*limit {
				break outer
			}
			if b > limit {
				continue outer
			}
			count++
		}
	}
	return count
}
