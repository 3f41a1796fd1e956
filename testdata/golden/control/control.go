// Package control is a golden case: a type switch, a select and deferred
// calls in async functions.
package control

import (
	"fmt"
	"sync"

	"github.com/asyncgen/asyncgen/rt"
)

// Describe awaits in the cases of a type switch: it becomes a chain of
// type assertions on the subject, each jumping to its case.
//
// async
func Describe(v any, fut *rt.Future[string]) string {
	switch x := v.(type) {
	case int:
		s, _ := rt.Await(fut)
		return fmt.Sprint(s, x+1)
	case string, []byte:
		rt.Yield()
		return fmt.Sprint(x)
	}
	return "other"
}

// First awaits in the cases of a select: the select records which case ran
// and what it received, and the lowered bodies follow it.
//
// async
func First(a, b <-chan int) int {
	select {
	case v := <-a:
		rt.Yield()
		return v
	case v, ok := <-b:
		if !ok {
			return -1
		}
		rt.Yield()
		return 2 * v
	}
}

// Locked defers an unlock and a closure that changes its named result.
//
// async
func Locked(mu *sync.Mutex, fut *rt.Future[int]) (n int, err error) {
	mu.Lock()
	defer mu.Unlock()
	defer func() {
		if err != nil {
			n = -1
		}
	}()
	return rt.Await(fut)
}

// handlePanic recovers a panic into *err: Go's idiom of a deferred
// function that calls recover itself.
func handlePanic(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: %v", what, r)
	}
}

// Guarded defers a plain function with its arguments, which rt calls as
// Go's own defer would (rt.DeferCall2), so that its recover stops the
// panic after the await.
//
// async
func Guarded(fut *rt.Future[int]) (err error) {
	defer handlePanic(&err, "guarded")
	v, err := rt.Await(fut)
	if v < 0 {
		panic(v)
	}
	return err
}

// report recovers a panic into *err, with four parameters and two
// results: a shape that rt has no DeferCall function for.
func report(err *error, what string, n int, tags ...string) (int, error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s %d %v: %v", what, n, tags, r)
	}
	return n, nil
}

// asyncgenDeferV4R2 is the user's: the generated type takes another name.
type asyncgenDeferV4R2 struct{}

// Reported defers functions of shapes that rt has no function for: the
// file declares a type for each shape, which rt.DeferCallOf pushes, so
// that their recover stops the panic as in Go, in a generic function
// too. The types take names free of the package's (asyncgenDeferV4R2_1,
// as the package has its own asyncgenDeferV4R2) and of the function's
// (asyncgenDefer4_1, as Reported has a local asyncgenDefer4).
//
// async
func Reported[T any](fut *rt.Future[T], v T) (err error) {
	defer report(&err, "reported", 1, "a", "b")
	asyncgenDefer4 := 2
	defer Four(&err, v, []T{v}, asyncgenDefer4)
	x, err := rt.Await(fut)
	panic(x)
}

// Four has four parameters and no results.
func Four[T any](err *error, v T, vs []T, n int) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("Four %v %v %d: %v", v, vs, n, r)
	}
}
