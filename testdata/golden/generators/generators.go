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
