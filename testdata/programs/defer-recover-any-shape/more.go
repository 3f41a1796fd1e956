// More deferred calls of shapes that rt lacks: arguments from a
// multi-valued call, for a variadic function too (and for one of a shape
// of rt's, which a wrapper bound before), an argument assigned to
// an interface parameter, a method value of a generic type in a generic
// async function, a defer in a block that does not await, and names of
// the user's that are those the generator would give its types.
package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/asyncgen/asyncgen/rt"
)

// asyncgenDefer4 is the user's: the generated type takes another name.
var asyncgenDefer4 = "user's asyncgenDefer4"

// sink is where the calls with arguments from a multi-valued call
// report.
var sink error

func four() (*error, int, string, []int) { return &sink, 4, "tuple", []int{4} }

func pair() (*error, int) { return &sink, 2 }

func toWriter(err *error, w io.Writer, a, b string) {
	r := recover()
	fmt.Fprintln(w, "toWriter recovered:", r, a, b)
	if r != nil {
		*err = fmt.Errorf("toWriter: %v", r)
	}
}

type box[T any] struct{ v T }

func (b box[T]) four(err *error, x T, y []T, z string) (T, bool) {
	r := recover()
	fmt.Println("box.four recovered:", r, b.v, x, y, z)
	if r != nil {
		*err = fmt.Errorf("box.four %v: %v", x, r)
	}
	return x, r != nil
}

//async
func tupleArgs() (err error) {
	defer handle4(&err, 0, "after tuple", nil)
	defer handle4(four()) // recovers, and reports to sink
	rt.Yield()
	panic("tupleArgs")
}

//async
func tupleVariadic() (err error) {
	defer vr(pair()) // recovers, and reports to sink
	rt.Yield()
	panic("tupleVariadic")
}

func vn(err *error, xs ...int) {
	r := recover()
	fmt.Println("vn recovered:", r, xs)
	if r != nil {
		*err = fmt.Errorf("vn %v: %v", xs, r)
	}
}

//async
func tupleVariadicNoResult() (err error) {
	defer vn(pair()) // a shape of rt's: recovers, and reports to sink
	rt.Yield()
	panic("tupleVariadicNoResult")
}

//async
func interfaceArg() (err error) {
	var b bytes.Buffer
	defer func() { fmt.Print(b.String()) }()
	defer toWriter(&err, &b, "x", "y")
	rt.Yield()
	panic("interfaceArg")
}

//async
func genericMethod[T any](v T) (err error) {
	b := box[T]{v}
	defer b.four(&err, v, nil, "m")
	rt.Yield()
	panic("genericMethod")
}

//async
func plainBlock(k int) (err error) {
	if k > 0 {
		defer handle4(&err, k, "plain", []int{k})
	}
	asyncgenDefer4R2 := k // the user's local: the generated type takes another name
	defer quiet("local", asyncgenDefer4R2, 0, 0)
	rt.Yield()
	panic("plainBlock")
}

//async
func More() {
	fmt.Println(asyncgenDefer4)
	fmt.Println("tupleArgs:", tupleArgs())
	fmt.Println("tupleVariadic:", tupleVariadic())
	fmt.Println("sink:", sink)
	fmt.Println("tupleVariadicNoResult:", tupleVariadicNoResult())
	fmt.Println("sink:", sink)
	fmt.Println("interfaceArg:", interfaceArg())
	fmt.Println("genericMethod:", genericMethod(3))
	fmt.Println("plainBlock:", plainBlock(1))
}
