// Package rangeloops is a golden case: range loops whose bodies await.
package rangeloops

import "github.com/asyncgen/asyncgen/rt"

// Sum awaits each element of xs in turn: the loop is lowered over a hidden
// copy of the slice, its length and an index.
//
// async
func Sum(xs []*rt.Future[int]) int {
	total := 0
	for _, x := range xs {
		v, _ := rt.Await(x)
		total += v
	}
	return total
}

// Runes yields between the runes of s: the loop decodes them itself.
//
// async
func Runes(s string) int {
	n := 0
	for i, r := range s {
		rt.Yield()
		n += i + int(r)
	}
	return n
}

// Total yields between the entries of m: the loop keeps a rt.MapIter.
//
// async
func Total(m map[string]int) int {
	t := 0
	for _, v := range m {
		rt.Yield()
		t += v
	}
	return t
}
