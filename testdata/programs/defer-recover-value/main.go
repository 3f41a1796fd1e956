// A plain function value deferred without arguments (a method value, an
// interface's method, one made by reflect, a function named in the defer)
// whose own recover stops the async function's panic, as in Go (from
// $GOROOT/test/recover.go, test9reflect1, where the generated program
// printed "missing recover 9").
package main

import (
	"fmt"
	"reflect"

	"github.com/asyncgen/asyncgen/rt"
)

type I interface{ M() }

type T1 struct{ name string }

func (t *T1) M() {
	fmt.Println(t.name, "recovered:", recover())
}

type T2 int

func (T2) M() {
	fmt.Println("T2 recovered:", recover())
}

func rec() {
	fmt.Println("rec recovered:", recover())
}

func helper() any { return recover() }

func indirect() {
	// Not called by the deferred function itself: gets nil.
	fmt.Println("indirect got:", helper())
}

func quiet() {
	fmt.Println("quiet: no recover")
}

func repanic() {
	panic("second")
}

//async
func viaReflect() {
	rt.Yield()
	f := reflect.ValueOf(&T1{"reflect1"}).Method(0).Interface().(func())
	defer f()
	panic(9)
}

//async
func viaMethodValue() {
	f := (&T1{"value"}).M
	rt.Yield()
	defer f()
	panic(10)
}

//async
func viaInterface() {
	var i I = T2(3)
	defer i.M()
	rt.Yield()
	panic(11)
}

//async
func byName() (n int) {
	defer rec()
	defer quiet()
	rt.Yield()
	n = 5
	panic(12)
}

//async
func notDirect() {
	defer func() { fmt.Println("literal recovered:", recover()) }()
	defer indirect()
	rt.Yield()
	panic(13)
}

//async
func replaced() {
	defer func() { fmt.Println("after replace:", recover()) }()
	defer repanic()
	rt.Yield()
	panic(14)
}

//async
func noPanic() {
	defer rec()
	rt.Yield()
	fmt.Println("noPanic body")
}

//async
func Main() {
	viaReflect()
	viaMethodValue()
	viaInterface()
	fmt.Println("byName:", byName())
	notDirect()
	replaced()
	noPanic()
	fmt.Println("done")
}
