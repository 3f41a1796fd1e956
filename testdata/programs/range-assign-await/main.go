// Range loops whose iteration variables are assigned through expressions
// that await ("for m[key()], a[idx()] = range xs"): Go evaluates the index
// operands in each iteration, in order, before it assigns (from
// $GOROOT/test/range.go, whose Main the generator refused: "an await in
// the iteration variables of a range loop is not supported").
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

var trace []string

//async
func key(s string) string {
	rt.Yield()
	trace = append(trace, "key"+s)
	return s
}

//async
func idx(i int) int {
	rt.Yield()
	trace = append(trace, fmt.Sprint("idx", i))
	return i
}

type pair struct{ k, v int }

//async
func ptr(p *pair) *pair {
	rt.Yield()
	trace = append(trace, "ptr")
	return p
}

func seq(n int) func(func(int, string) bool) {
	return func(yield func(int, string) bool) {
		for i := range n {
			if !yield(i, strings.Repeat("z", i)) {
				return
			}
		}
	}
}

// gseq is seq as an async generator: over it too, Go assigns the
// iteration variables one after the other.
//
//async
func gseq(n int) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i := range n {
			rt.Yield()
			if !yield(i, strings.Repeat("g", i)) {
				return
			}
		}
	}
}

//async
func Main() {
	xs := []string{"a", "b", "c"}
	m := map[string]int{}
	a := make([]string, 4)
	n := 0
	// Both iteration variables await, the key after the value is read.
	for m[key(fmt.Sprint("k", n))], a[idx(n)] = range xs {
		n++
		trace = append(trace, "body")
	}
	fmt.Println(trace)
	fmt.Println(m, a)

	// Only the value awaits; the body does not.
	trace = nil
	var p pair
	var k int
	for k, ptr(&p).v = range []int{10, 20} {
		fmt.Println(k, p)
	}
	fmt.Println(trace)

	// Over a map, an array pointer, a string, an integer and a function.
	trace = nil
	got := map[string]int{}
	for _, got[key("m")] = range map[int]int{1: 5} {
	}
	arr := [3]int{7, 8, 9}
	var out [3]int
	i := 0
	for out[idx(i)] = range &arr {
		i++
	}
	var runes [4]rune
	j := 0
	for _, runes[idx(j)] = range "héy" {
		j++
	}
	var ints [3]int
	for ints[idx(2)] = range 3 {
	}
	words := map[int]string{}
	for k, words[idx(k)] = range seq(3) {
	}
	gwords := map[int]string{}
	var gk int
	for gk, gwords[gk] = range gseq(3) {
	}
	fmt.Println(gk, len(gwords), gwords[1], gwords[2])
	fmt.Println(got, out, string(runes[:3]), ints, slices.Sorted(maps.Keys(words)), words[2])
	fmt.Println(trace)

	// A break and a continue in a loop whose variables await.
	trace = nil
	c := 0
	var cs [10]int
	for cs[idx(c)] = range 10 {
		c++
		if c == 2 {
			continue
		}
		if c == 3 {
			break
		}
	}
	fmt.Println(c, cs, trace)
}
