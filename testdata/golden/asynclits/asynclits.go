// Package asynclits is a golden case: function literals that await,
// called where they are written, through a variable, made tasks with
// rt.Go, deferred, and in a generic function; rt.Spawn, and a deferred
// rt.Yield.
package asynclits

import "github.com/asyncgen/asyncgen/rt"

// Step awaits once.
//
//async
func Step(n int) int {
	rt.Yield()
	return n
}

// Called calls a literal through its variable, and another where it is
// written: each is a frame of its own, with a pointer to count.
//
//async
func Called() int {
	count := 0
	add := func(n int) int {
		count += Step(n)
		return count
	}
	add(1)
	func() {
		rt.Yield()
		count *= 10
	}()
	return add(2)
}

// Tasks makes a task of a literal in each iteration, each with its
// iteration's i, and spawns one.
//
//async
func Tasks(n int) (int, error) {
	var ts []*rt.Task[int]
	for i := 0; i < n; i++ {
		ts = append(ts, rt.Go(func() (int, error) {
			return Step(i), nil
		}))
	}
	sum := 0
	for _, t := range ts {
		v, err := rt.Await(t)
		if err != nil {
			return 0, err
		}
		sum += v
	}
	bg := rt.Spawn(rt.Go(func() (int, error) { return Step(sum), nil }))
	return rt.Await(bg)
}

// Deferred defers literals that await: each is a task of its frame, made
// at the defer statement with its arguments and a pointer to each
// variable it captures, and awaited as the function exits; the one that
// recovers gets the deferring frame, whose panic its recover stops. It
// defers a yield too.
//
//async
func Deferred(n int) (out int) {
	defer func() {
		if r := recover(); r != nil {
			out = Step(-1)
		}
	}()
	add := func(k int) {
		out += Step(k)
	}
	defer add(Step(n))
	defer rt.Yield()
	add(1)
	return out
}

// Generic has literals that await: their frames have the function's type
// parameter, and the function instantiates them with its own.
//
//async
func Generic[T any](v T) (T, error) {
	get := func() T {
		rt.Yield()
		return v
	}
	defer func() { v = get() }()
	return rt.Await(rt.Go(func() (T, error) { return get(), nil }))
}

// Scaled has a literal that refers to constants of the function: its
// frame, declared at package level, writes their values.
//
//async
func Scaled(x int) float64 {
	const (
		factor         = 2.5
		bias   float32 = -1
	)
	scale := func() float64 {
		rt.Yield()
		return float64(x)*factor + float64(bias)
	}
	return scale()
}
