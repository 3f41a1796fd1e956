// Code that go vet passes as written must pass it once generated: loops
// whose body always returns or breaks (no jump back, no post statement,
// after them), a post statement that alone reads a variable, a return of
// a named result to itself in a function with deferred calls (no
// self-assignment), switch cases that return, and a call of the package's
// own panic (which vet, reading the generated file alone, would take for
// the builtin).
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func first(xs []int) int {
	for i := 0; i < len(xs); i++ {
		rt.Yield()
		return xs[i]
	}
	return -1
}

//async
func firstBreak(xs []int) int {
	n := -1
	for i := 0; i < len(xs); i++ {
		rt.Yield()
		n = xs[i]
		break
	}
	return n
}

//async
func postOnly(xs []int) int {
	step := 2
	for i := 0; i < len(xs); i += step {
		rt.Yield()
		return xs[i]
	}
	return 0
}

//async
func firstRune(s string) rune {
	for _, r := range s {
		rt.Yield()
		return r
	}
	return 0
}

//async
func forever() int {
	for {
		rt.Yield()
		return 7
	}
}

//async
func named() (res int, err error) {
	defer func() {}()
	rt.Yield()
	res = 1
	return res, nil
}

//async
func namedBoth() (res int, err error) {
	defer func() {}()
	rt.Yield()
	res, err = 2, errors.New("both")
	return res, err
}

//async
func cases(n int) string {
	switch n {
	case 0:
		rt.Yield()
		return "zero"
	case 1:
		rt.Yield()
		return "one"
	}
	return "many"
}

var panics []string

func panic(msg string) { panics = append(panics, msg) }

//async
func ownPanic() int {
	panic("not the builtin")
	n := 1
	rt.Yield()
	return n
}

//async
func Main() {
	fmt.Println(first([]int{4, 5}), first(nil))
	fmt.Println(firstBreak([]int{6}), firstBreak(nil))
	fmt.Println(postOnly([]int{8, 9}))
	fmt.Println(string(firstRune("héllo")), firstRune(""))
	fmt.Println(forever())
	fmt.Println(named())
	fmt.Println(namedBoth())
	fmt.Println(cases(0), cases(1), cases(2))
	fmt.Println(ownPanic(), panics)
}
