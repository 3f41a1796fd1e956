// Package methods is a golden case: methods with value and pointer
// receivers, generic functions and methods of generic types.
package methods

import (
	"strconv"

	asyncrt "github.com/asyncgen/asyncgen/rt"
)

// Counter counts.
type Counter struct{ n int }

// Add adds d after a yield (pointer receiver).
//
//async
func (c *Counter) Add(d int) int {
	asyncrt.Yield()
	c.n += d
	return c.n
}

// Show formats the count (value receiver).
//
//async
func (c Counter) Show(prefix string) (string, error) {
	asyncrt.Yield()
	return prefix + strconv.Itoa(c.n), nil
}

// Map applies fn to each element, yielding between them.
//
//async
func Map[T, U any](xs []T, fn func(T) U) []U {
	out := make([]U, 0, len(xs))
	for i := 0; i < len(xs); i++ {
		asyncrt.Yield()
		out = append(out, fn(xs[i]))
	}
	return out
}

// Stack is a generic stack.
type Stack[E any] struct{ items []E }

// Push pushes after a yield.
//
//async
func (s *Stack[E]) Push(e E) {
	asyncrt.Yield()
	s.items = append(s.items, e)
}

// Pair returns two values of a generic type and an error.
//
//async
func Pair[K comparable, V any](k K, v V) (K, V, error) {
	asyncrt.Yield()
	return k, v, nil
}

// Use calls all of them.
//
//async
func Use() (string, error) {
	var c Counter
	c.Add(2)
	s, err := c.Show("n=")
	if err != nil {
		return "", err
	}
	strs := Map([]int{1, 2}, strconv.Itoa)
	var st Stack[string]
	st.Push(s)
	k, v, err := Pair("a", 1)
	return s + strs[0] + k + strconv.Itoa(v) + st.items[0], err
}
