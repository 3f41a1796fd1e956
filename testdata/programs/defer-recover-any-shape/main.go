// Deferred calls with arguments of functions of shapes that rt has no
// DeferCall function for: four parameters or more, two results or more, a
// variadic function with a result, a method value of five parameters, a
// generic function of four parameters deferred in a generic async
// function, and a function literal deferred with arguments whose body
// does "defer recover()". Each recovers the async function's panic as in
// Go (the lowering bound the arguments in a wrapper closure, whose
// callee's recover got nil, and the task failed); one panic goes through
// several deferred calls that do not recover before one that does.
package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

func handle4(err *error, a int, b string, c []int) {
	r := recover()
	fmt.Println("handle4 recovered:", r, a, b, c)
	if r != nil {
		*err = fmt.Errorf("handle4 %d %s %v: %v", a, b, c, r)
	}
}

func two(err *error) (int, error) {
	r := recover()
	fmt.Println("two recovered:", r)
	if r != nil {
		*err = fmt.Errorf("two: %v", r)
	}
	return 1, nil
}

func vr(err *error, xs ...int) int {
	r := recover()
	fmt.Println("vr recovered:", r, xs)
	if r != nil {
		*err = fmt.Errorf("vr %v: %v", xs, r)
	}
	return len(xs)
}

type acc struct{ name string }

func (a *acc) five(err *error, p, q, s int, t string) {
	r := recover()
	fmt.Println(a.name, "five recovered:", r, p, q, s, t)
	if r != nil {
		*err = fmt.Errorf("%s five %d %d %d %s: %v", a.name, p, q, s, t, r)
	}
}

func gen4[A, B any](err *error, a A, b B, tag string) {
	r := recover()
	fmt.Println("gen4 recovered:", r, a, b, tag)
	if r != nil {
		*err = fmt.Errorf("gen4 %v %v %s: %v", a, b, tag, r)
	}
}

// quiet does not recover: its shape is one rt lacks too.
func quiet(tag string, a, b, c int) (int, int) {
	fmt.Println("quiet", tag, a+b+c)
	return a, b
}

func varPair(tag string, xs ...string) (string, error) {
	fmt.Println("varPair", tag, strings.Join(xs, ","))
	return tag, nil
}

//async
func fourParams() (err error) {
	c := []int{1, 2}
	a := 3
	defer handle4(&err, a, "s", c)
	a = 4 // the arguments were evaluated at the defer
	rt.Yield()
	panic("fourParams")
}

//async
func twoResults() (err error) {
	defer two(&err)
	rt.Yield()
	panic(errors.New("twoResults"))
}

//async
func variadicResult() (err error) {
	defer vr(&err, 1, 2, 3)
	rt.Yield()
	panic("variadicResult")
}

//async
func variadicResultSlice() (err error) {
	xs := []int{7, 8}
	defer vr(&err, xs...)
	xs[0] = 9 // the slice itself was deferred, not a copy
	rt.Yield()
	panic("variadicResultSlice")
}

//async
func variadicResultNone() (err error) {
	defer vr(&err)
	rt.Yield()
	panic("variadicResultNone")
}

//async
func methodValue(a *acc) (err error) {
	defer a.five(&err, 1, 2, 3, "x")
	a = &acc{"changed"} // the receiver was evaluated at the defer
	rt.Yield()
	panic("methodValue")
}

//async
func genericAsync[T any](v T) (err error) {
	defer gen4(&err, v, []T{v}, "g")
	rt.Yield()
	panic(fmt.Sprint("genericAsync ", v))
}

//async
func throughMany() (err error) {
	defer handle4(&err, 0, "last", nil)
	defer quiet("first", 1, 2, 3)
	defer varPair("second", "a", "b")
	defer quiet("third", 4, 5, 6)
	rt.Yield()
	panic("throughMany")
}

//async
func literalArgs() (err error) {
	defer func(e *error, tag string, n, m int) {
		defer func() {
			fmt.Println("literal inner", tag, n+m)
		}()
		defer recover() // the literal is the deferred call: stops the panic
	}(&err, "lit", 1, 2)
	rt.Yield()
	panic("literalArgs")
}

//async
func literalResult() (n int) {
	defer func(p *int, k int) int {
		*p = k
		defer recover()
		return k
	}(&n, 5)
	rt.Yield()
	panic("literalResult")
}

//async
func noPanic() (err error) {
	defer handle4(&err, 1, "none", nil)
	defer two(&err)
	defer vr(&err)
	rt.Yield()
	return errors.New("noPanic kept")
}

//async
func Main() {
	fmt.Println("fourParams:", fourParams())
	fmt.Println("twoResults:", twoResults())
	fmt.Println("variadicResult:", variadicResult())
	fmt.Println("variadicResultSlice:", variadicResultSlice())
	fmt.Println("variadicResultNone:", variadicResultNone())
	fmt.Println("methodValue:", methodValue(&acc{"A"}))
	fmt.Println("genericAsync:", genericAsync(2.5))
	fmt.Println("genericAsync:", genericAsync("s"))
	fmt.Println("throughMany:", throughMany())
	fmt.Println("literalArgs:", literalArgs())
	fmt.Println("literalResult:", literalResult())
	fmt.Println("noPanic:", noPanic())
	More()
}
