// Deferred calls with arguments of plain functions that call recover
// themselves: Go's "defer handlePanic(&err)" idiom, a method value, a
// function variable, a function whose result is dropped, a variadic one
// and a generic one. Each recovers the async function's panic as in Go
// (the lowering bound the arguments in a wrapper closure, whose callee's
// recover got nil, and the task failed), also after an await and after a
// deferred async call; one that does not recover still runs with its
// arguments and the panic goes on.
package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

func handlePanic(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("handled: %v", r)
	}
}

type logger struct{ prefix string }

func (l *logger) recoverInto(err *error, tag string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s%s: %v", l.prefix, tag, r)
	}
}

func (l logger) noteOnly(tag string, n int) {
	fmt.Println(l.prefix+"note", tag, n)
}

func counted(n *int) int {
	if r := recover(); r != nil {
		*n = 100
	}
	return *n
}

func variadic(err *error, tags ...string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: %v", strings.Join(tags, "+"), r)
	}
}

func generic[T any](dst *T, v T) {
	if recover() != nil {
		*dst = v
	}
}

func toWriter(w io.Writer, s string) {
	if r := recover(); r != nil {
		fmt.Fprintln(w, s, r)
	}
}

//async
func cleanup(name string) {
	rt.Yield()
	fmt.Println("cleanup", name)
}

//async
func byName() (err error) {
	defer handlePanic(&err)
	rt.Yield()
	panic("byName")
}

//async
func methodValue(l *logger) (err error) {
	defer l.recoverInto(&err, "method")
	l = &logger{"changed "} // the receiver was evaluated at the defer
	rt.Yield()
	panic(errors.New("methodValue"))
}

//async
func funcVariable() (n int, err error) {
	f := func(a *int, b *error) {
		if r := recover(); r != nil {
			*a, *b = 7, fmt.Errorf("variable: %v", r)
		}
	}
	defer f(&n, &err)
	f = nil // the function value was evaluated at the defer
	n = 1
	rt.Yield()
	panic("funcVariable")
}

//async
func notRecovering() (err error) {
	defer handlePanic(&err)
	l := logger{"plain "}
	i := 1
	defer l.noteOnly("args", i)
	i = 2
	rt.Yield()
	panic(fmt.Sprint("notRecovering ", i))
}

//async
func afterAwaits() (err error) {
	defer handlePanic(&err)
	defer cleanup("deferred async")
	rt.Yield()
	fmt.Println("afterAwaits body")
	rt.Yield()
	panic("afterAwaits")
}

//async
func namedResults(x int) (n int, s string) {
	defer counted(&n)
	n, s = x, "set"
	rt.Yield()
	if x > 0 {
		panic("namedResults")
	}
	return x * 2, "returned"
}

//async
func variadicListed() (err error) {
	defer variadic(&err, "a", "b")
	rt.Yield()
	panic("variadicListed")
}

//async
func variadicSlice() (err error) {
	tags := []string{"c", "d"}
	defer variadic(&err, tags...)
	tags[0] = "shared" // the slice was evaluated at the defer, not copied
	rt.Yield()
	panic("variadicSlice")
}

//async
func genericFunc() (v int) {
	defer generic(&v, 42)
	rt.Yield()
	panic("genericFunc")
}

//async
func interfaceArg(b *strings.Builder) {
	defer toWriter(b, "writer")
	rt.Yield()
	panic("interfaceArg")
}

//async
func noPanic() (err error) {
	defer handlePanic(&err)
	rt.Yield()
	return errors.New("noPanic kept")
}

//async
func Main() {
	fmt.Println("byName:", byName())
	fmt.Println("methodValue:", methodValue(&logger{"L "}))
	n, err := funcVariable()
	fmt.Println("funcVariable:", n, err)
	fmt.Println("notRecovering:", notRecovering())
	fmt.Println("afterAwaits:", afterAwaits())
	n, s := namedResults(3)
	fmt.Println("namedResults:", n, s)
	n, s = namedResults(-1)
	fmt.Println("namedResults:", n, s)
	fmt.Println("variadicListed:", variadicListed())
	fmt.Println("variadicSlice:", variadicSlice())
	fmt.Println("genericFunc:", genericFunc())
	var b strings.Builder
	interfaceArg(&b)
	fmt.Print("interfaceArg: ", b.String())
	fmt.Println("noPanic:", noPanic())
	allShapes()
}
