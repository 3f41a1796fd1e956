// Awaits inside composite literals: slices, arrays, maps (keys and
// values), structs (keyed and positional), nested literals, pointers to
// literals, and elided element types.
package main

import (
	"fmt"
	"sort"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func val(name string, v int) int {
	rt.Yield()
	fmt.Println("  eval", name)
	return v
}

//async
func str(s string) string {
	rt.Yield()
	return s
}

type point struct {
	X, Y int
	Tag  string
}

type line struct {
	From, To point
	Next     *line
}

//async
func Main() {
	s := []int{val("a", 1), 2, val("b", 3)}
	fmt.Println("slice:", s)
	arr := [...]string{str("x"), "y", 4: str("z")}
	fmt.Println("array:", arr, len(arr))
	m := map[string]int{str("one"): val("1", 1), "two": val("2", 2)}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println("map keys:", keys, m["one"], m["two"])
	p := point{Y: val("y", 5), X: val("x", 4)}
	fmt.Println("keyed struct:", p)
	q := point{val("x", 1), val("y", 2), str("pos")}
	fmt.Println("positional struct:", q)
	l := &line{
		From: point{X: val("fx", 1)},
		To:   point{Y: val("ty", 2), Tag: str("end")},
		Next: &line{From: point{Tag: str("next")}},
	}
	fmt.Println("nested:", l.From, l.To, l.Next.From.Tag, l.Next.Next == nil)
	grid := [][]int{{val("00", 0), 1}, {2, val("11", 3)}}
	fmt.Println("grid:", grid)
	pts := []point{{X: val("e1", 1)}, {Tag: str("e2")}}
	fmt.Println("elided:", pts)
	mp := map[point][]int{{X: 1}: {val("mv", 9)}}
	fmt.Println("map of slices:", mp[point{X: 1}])
	anon := struct {
		A int
		B []string
	}{val("anon", 3), []string{str("b")}}
	fmt.Println("anon:", anon)
}
