// Type parameters instantiated with error: the result shape of a call comes
// from the generic declaration, so a result of type T is a value even when
// T is error, and only a result declared as error is the task's error.
// Functions with one and two results, a trailing declared error after a
// type parameter, methods of a generic type, calls as statements, and
// results returned from such calls.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func id[T any](v T) T {
	rt.Yield()
	return v
}

//async
func two[A, B any](a A, b B) (A, B) {
	rt.Yield()
	return a, b
}

//async
func named[A, B any](a A, b B) (first A, second B) {
	rt.Yield()
	first, second = a, b
	return
}

//async
func withErr[T any](v T, fail bool) (T, error) {
	rt.Yield()
	if fail {
		var zero T
		return zero, errors.New("failed")
	}
	return v, nil
}

//async
func three[A, B, C any](a A, b B, c C) (A, B, C, error) {
	rt.Yield()
	return a, b, c, nil
}

type box[T any] struct{ v T }

//async
func (b *box[T]) get() T {
	rt.Yield()
	return b.v
}

//async
func (b *box[T]) swap(v T) (T, T) {
	rt.Yield()
	old := b.v
	b.v = v
	return old, v
}

//async
func wrap(fail bool) error {
	if fail {
		return id(errors.New("wrapped"))
	}
	return id[error](nil)
}

//async
func wrapTwo() (error, error) {
	return two(errors.New("l"), errors.New("r"))
}

//async
func Main() {
	var err error
	err = id(err)
	fmt.Println("id(nil):", err)
	err = id(errors.New("e1"))
	fmt.Println("id(e1):", err)
	fmt.Println("inline:", id[error](errors.New("e2")))

	n, e := two(1, errors.New("x"))
	fmt.Println("two:", n, e)
	e1, e2 := two[error, error](nil, errors.New("y"))
	fmt.Println("two errors:", e1, e2)
	e1, s := named(errors.New("z"), "s")
	fmt.Println("named:", e1, s)

	v, err := withErr[error](errors.New("value"), false)
	fmt.Println("withErr:", v, err)
	v, err = withErr[error](errors.New("value"), true)
	fmt.Println("withErr fail:", v, err)

	a, b, c, err := three(errors.New("a"), 2, errors.New("c"))
	fmt.Println("three:", a, b, c, err)

	bx := &box[error]{v: errors.New("boxed")}
	fmt.Println("get:", bx.get())
	old, cur := bx.swap(errors.New("new"))
	fmt.Println("swap:", old, cur, bx.v)
	if bx.get() != nil {
		fmt.Println("get again:", bx.get())
	}

	// As statements, and returned.
	id(errors.New("dropped"))
	two(1, errors.New("dropped"))
	withErr[error](nil, true)
	fmt.Println("wrap:", wrap(true), wrap(false))
	fmt.Println(wrapTwo())
}
