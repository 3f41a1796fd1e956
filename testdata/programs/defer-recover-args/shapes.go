// More shapes of deferred calls with arguments that recover: a named
// function type, a method expression, an interface's method value, a
// variadic method value, arguments assigned to an interface parameter
// (typed constant, named type), generic functions instantiated or
// inferred, and a call that cannot recover (two results) before one that
// does.
package main

import (
	"fmt"
	"os"

	"github.com/asyncgen/asyncgen/rt"
)

type H func(*error, string)

type T struct{ n int }

func (t T) M(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("T.M %d: %v", t.n, r)
	}
}

func (t *T) P(err *error, xs ...any) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("T.P %d %v: %v", t.n, xs, r)
	}
}

type I interface{ M(*error) }

func anyArg(err *error, v any) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("anyArg %v: %v", v, r)
	}
}

func gen2[A, B any](err *error, a A, b B) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("gen2 %v %v: %v", a, b, r)
	}
}

type myInt int

const typed int8 = 3

//async
func shapes(k int) (err error) {
	var h H = func(e *error, s string) {
		if r := recover(); r != nil {
			*e = fmt.Errorf("H %s: %v", s, r)
		}
	}
	var i I = T{5}
	t := &T{6}
	switch k {
	case 0:
		defer h(&err, "named func type")
	case 1:
		defer T.M(T{1}, &err)
	case 2:
		defer i.M(&err)
	case 3:
		defer t.P(&err, 1, "x", nil)
	case 4:
		defer anyArg(&err, typed)
	case 5:
		defer anyArg(&err, myInt(4))
	case 6:
		defer gen2[int](&err, 1, "s")
	case 7:
		defer (*T).P(t, &err)
	case 8:
		defer fmt.Fprintln(os.Stdout, "not recovering", k)
		defer gen2(&err, 2.5, 'r')
	}
	rt.Yield()
	panic(k)
}

//async
func allShapes() {
	for k := range 9 {
		fmt.Println(shapes(k))
	}
}
