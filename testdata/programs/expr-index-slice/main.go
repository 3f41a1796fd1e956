// Awaits in index expressions and slice expressions: in the operand, the
// index, the bounds (including 3-index slices), on strings, arrays, maps
// (with the comma-ok form) and pointers to arrays.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func val(v int) int {
	rt.Yield()
	return v
}

//async
func nums() []int {
	rt.Yield()
	return []int{10, 11, 12, 13, 14, 15}
}

//async
func table() map[string]int {
	rt.Yield()
	return map[string]int{"a": 1, "b": 2}
}

//async
func key(s string) string {
	rt.Yield()
	return s
}

//async
func Main() {
	xs := nums()
	fmt.Println("index:", xs[val(2)], nums()[3], nums()[val(4)])
	fmt.Println("slice:", xs[val(1):val(3)], xs[:val(2)], xs[val(4):])
	ys := xs[val(1):val(2):val(4)]
	fmt.Println("3-index:", ys, len(ys), cap(ys))
	s := "hello, world"
	fmt.Println("string:", s[val(7):], string(s[val(0)]), key("abc")[val(1):])
	arr := [4]int{1, 2, 3, 4}
	pa := &arr
	fmt.Println("array:", arr[val(3)], pa[val(0)], pa[val(1):val(3)])
	m := table()
	v, ok := m[key("b")]
	fmt.Println("map:", table()[key("a")], v, ok)
	_, ok = table()[key("zzz")]
	fmt.Println("missing:", ok)
	grid := [][]int{{1, 2}, {3, 4}}
	fmt.Println("grid:", grid[val(1)][val(0)])
	fmt.Println("len of slice:", len(nums()[val(2):]))
}
