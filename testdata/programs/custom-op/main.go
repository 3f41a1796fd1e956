// Awaiting ops of the program's own: an op that completes on the next
// loop turn (through Loop.CallSoon, so generated code really suspends), an
// op that is complete at once, and an op that fails.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// soon completes with v on the next turn of the loop that starts it.
type soon[T any] struct{ v T }

func (s soon[T]) Start(l *rt.Loop) *rt.Future[T] {
	f := rt.NewFuture[T]()
	l.CallSoon(func() { f.Resolve(s.v) })
	return f
}

// now is complete as soon as it starts.
type now[T any] struct{ v T }

func (n now[T]) Start(*rt.Loop) *rt.Future[T] {
	f := rt.NewFuture[T]()
	f.Resolve(n.v)
	return f
}

// failing fails on the next turn.
type failing struct{ msg string }

func (o failing) Start(l *rt.Loop) *rt.Future[int] {
	f := rt.NewFuture[int]()
	l.CallSoon(func() { f.Reject(errors.New(o.msg)) })
	return f
}

//async
func get(v int) int {
	n, err := rt.Await(soon[int]{v})
	if err != nil {
		return -1
	}
	return n
}

//async
func Main() {
	v, err := rt.Await(soon[string]{"soon"})
	fmt.Println(v, err)
	n, err := rt.Await(now[int]{7})
	fmt.Println(n, err)
	_, err = rt.Await(failing{"boom"})
	fmt.Println("failing:", err)
	sum := 0
	for i := 0; i < 10; i++ {
		sum += get(i)
	}
	fmt.Println("sum:", sum, get(1)+get(2)*get(3))
	var op rt.Op[int] = now[int]{5}
	if v, err := rt.Await(op); err == nil && v == get(5) {
		fmt.Println("interface op:", v)
	}
}
