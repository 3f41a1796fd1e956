// Async generators that carry errors: an iter.Seq2[T, error] producer
// yields each page of a simulated source, or the error of the fetch that
// failed, awaiting an async function and a task for each; the consumer
// stops at the first error. A generator is also a parameter's consumer:
// its producer calls another generator's loop, and a generator's loop
// runs inside a function literal that awaits.
package main

import (
	"errors"
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

var errGone = errors.New("page gone")

// async
func fetch(n int) (string, error) {
	rt.Yield()
	if n == 3 {
		return "", fmt.Errorf("fetch %d: %w", n, errGone)
	}
	return fmt.Sprintf("page-%d", n), nil
}

// Pages yields pages 1..n, or the error of the fetch that failed.
//
// async
func Pages(n int) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for i := 1; i <= n; i++ {
			p, err := rt.Await(rt.Go(func() (string, error) { return fetch(i) }))
			if !yield(p, err) {
				return
			}
		}
	}
}

// Lengths yields the lengths of the pages of Pages(n), and
// stops at the first error.
//
// async
func Lengths(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for p, err := range Pages(n) {
			if err != nil {
				fmt.Println("  lengths: stopping:", err)
				return
			}
			if !yield(len(p)) {
				return
			}
		}
	}
}

// async
func Main() {
	for p, err := range Pages(4) {
		if err != nil {
			fmt.Println("error:", err, errors.Is(err, errGone))
			break
		}
		fmt.Println("page", p)
	}
	total := 0
	for n := range Lengths(5) {
		total += n
	}
	fmt.Println("total", total)
	count := func() int {
		c := 0
		for range Lengths(2) {
			c++
			rt.Yield()
		}
		return c
	}
	fmt.Println("count", count())
}
