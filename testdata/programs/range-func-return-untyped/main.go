// A return with untyped constant results (1, nil, 2.5, 'x', "s") from
// inside the body of a range loop over a function that awaits: the
// results are evaluated before the iterator stops, into variables that
// take the function's result types, not the constants' default types.
// Found by the fuzzer.
package main

import (
	"errors"
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("  count stopped")
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// async
func aid(v int) int {
	rt.Yield()
	return v
}

// async
func pair(want int) (int, error) {
	for v := range count(5) {
		if aid(v) == want {
			return 1, nil
		}
	}
	return 0, errors.New("not found")
}

// async
func typed(want int) (int64, float64, rune, string) {
	for v := range count(5) {
		if aid(v) == want {
			return 1, 2.5, 'x', "s"
		}
	}
	return 0, 0, 0, ""
}

// async
func named(want int) (n int8, err error) {
	defer func() { fmt.Println("  named deferred", n, err) }()
	for v := range count(5) {
		if aid(v) == want {
			return 3, nil
		}
	}
	return -1, nil
}

type small uint16

// async
func one(want int) small {
	for v := range count(5) {
		if aid(v) == want {
			return 7
		}
	}
	return 0
}

// async
func Main() {
	fmt.Println(pair(2))
	fmt.Println(pair(9))
	fmt.Println(typed(1))
	fmt.Println(named(3))
	fmt.Println(one(4))
}
