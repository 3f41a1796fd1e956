// Async generators stopped in every way a range loop can stop: a break
// from a nested loop over a second generator, a continue, a return from
// a switch inside the loop, a panic in the loop's body that the consumer
// recovers, and a panic in the producer that reaches the consumer. The
// producers' deferred calls run before the consumer goes on, as in Go.
package main

import (
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
)

// Numbers yields from, from+1, ... up to to, with a deferred call.
//
// async
func Numbers(name string, from, to int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("  ", name, "deferred")
		for i := from; i <= to; i++ {
			rt.Yield()
			if i == 13 {
				panic(fmt.Sprint(name, " hit 13"))
			}
			if !yield(i) {
				fmt.Println("  ", name, "told to stop at", i)
				return
			}
		}
	}
}

// async
func pairs() {
	for a := range Numbers("outer", 1, 3) {
		for b := range Numbers("inner", 20, 30) {
			if b > 20+a {
				break
			}
			if b%2 == 1 {
				continue
			}
			fmt.Println("pair", a, b)
		}
		fmt.Println("after inner", a)
	}
}

// async
func pick(want int) string {
	for v := range Numbers("pick", 1, 5) {
		switch {
		case v == want:
			return fmt.Sprint("found ", v)
		case v > want:
			return "passed"
		}
	}
	return "not found"
}

// async
func bodyPanics() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	defer fmt.Println("  bodyPanics deferred")
	for v := range Numbers("body", 1, 5) {
		if v == 2 {
			panic("body panics at 2")
		}
		fmt.Println("body", v)
	}
	return nil
}

// async
func producerPanics() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	for v := range Numbers("thirteen", 11, 15) {
		fmt.Println("thirteen", v)
	}
	return nil
}

// async
func Main() {
	pairs()
	fmt.Println(pick(3))
	fmt.Println(pick(0))
	fmt.Println(pick(9))
	fmt.Println(bodyPanics())
	fmt.Println(producerPanics())
}
