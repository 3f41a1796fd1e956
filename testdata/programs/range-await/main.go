// Range loops whose bodies await: over a slice, an array (ranged over a
// copy), a pointer to an array (read through it), a string (runes and
// byte offsets, invalid UTF-8 included), an integer, a map (with an entry
// deleted before it is reached), and a channel; with labels, assign-form
// variables, and closures that capture each iteration's variables.
package main

import (
	"fmt"
	"sort"

	"github.com/asyncgen/asyncgen/rt"
)

type name string

type celsius int

// async
func twice(n int) int {
	rt.Yield()
	return 2 * n
}

// async
func list(n int) []int {
	rt.Yield()
	xs := make([]int, n)
	for i := range xs {
		xs[i] = i * i
	}
	return xs
}

func makeArr() [2]int {
	fmt.Println("makeArr called")
	return [2]int{}
}

// async
func Main() {
	var fs []func() string
	xs := []int{1, 2, 3}
	for i, v := range xs {
		w := twice(v)
		xs = append(xs, w) // the loop ranges over the slice it started with
		fs = append(fs, func() string { return fmt.Sprint(i, v, w) })
	}
	for _, f := range fs {
		fmt.Println("closure", f())
	}
	fmt.Println("grown", xs)

	for i := range 3 {
		fmt.Println("int", i, twice(i))
	}
	var t celsius
	for t = range celsius(3) {
		rt.Yield()
	}
	fmt.Println("assigned", t)

	for i, r := range name("h\xffé!") {
		fmt.Println("string", i, r, twice(i))
	}

	arr := [3]string{"a", "b", "c"}
	for i, s := range arr {
		arr[2] = "changed"
		fmt.Println("array", i, s, twice(i))
	}
	p := &arr
	for i, s := range p {
		p[2] = "again"
		fmt.Println("pointer", i, s, twice(i))
	}
	var nilArr *[2]int
	for i := range nilArr {
		fmt.Println("nil pointer, index only", i, twice(i))
	}

	for i := range makeArr() { // len is not constant: called, once
		fmt.Println("index of a call's array", twice(i))
	}

	m := map[string]int{"x": 1, "y": 2}
	seen := 0
	for k := range m {
		rt.Yield()
		// Whichever entry comes first, the other is deleted before it is
		// reached, so it is not produced.
		for other := range m {
			if other != k {
				delete(m, other)
			}
		}
		seen++
	}
	fmt.Println("map seen", seen, len(m))
	prices := map[string]int{"tea": 3, "cake": 5, "bun": 2}
	var keys []string
	sum := 0
	for k, v := range prices {
		sum += twice(v)
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println("map", keys, sum)

	ch := make(chan int, 3)
	ch <- 7
	ch <- 8
	close(ch)
	for v := range ch {
		fmt.Println("chan", twice(v))
	}

	var k, v int
	for k, v = range list(4) {
		fmt.Println("from an await", k, v, twice(v))
	}
	fmt.Println("after", k, v)
	total := 0
	for _, v := range list(5) {
		total += v // only the range expression awaits
	}
	fmt.Println("total", total)

outer:
	for i := range 5 {
		for j, c := range "abc" {
			if twice(j) > 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			fmt.Println("nested", i, j, string(c))
		}
	}
	n := 0
	for range twice(2) {
		n++
		rt.Yield()
	}
	fmt.Println("count", n)
}
