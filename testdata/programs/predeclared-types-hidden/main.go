// A package that declares its own int, string, bool, error, any, nil,
// true, false, new, len and panic: the frames of its async functions name
// Go's types through package rt/predeclared, and do without the hidden
// values (from $GOROOT/test/rename.go, whose Main the generator refused:
// "the package declares its own int").
package main

import (
	"fmt"
	"iter"

	"github.com/asyncgen/asyncgen/rt"
	"github.com/asyncgen/asyncgen/rt/predeclared"
)

const (
	int    = 1
	string = 2
	nil    = 3
	true   = 4
	false  = 5
)

type bool struct{ v byte }

type error interface{ Code() byte }

type any struct{}

func len(x []byte) byte { return byte(cap(x)) }

func new() bool { return bool{9} }

func panic(s []rune) { fmt.Println("my panic", s) }

type code byte

func (c code) Code() byte { return byte(c) }

//async
func sum(xs []float64) float64 {
	total := 0.0
	for i := range xs {
		rt.Yield()
		total += xs[i]
	}
	for _, r := range "hé" {
		rt.Yield()
		total += float64(r)
	}
	arr := [2]float64{10, 20}
	for i := range arr {
		rt.Yield()
		total += arr[i]
	}
	for _, v := range &arr {
		rt.Yield()
		total += v
	}
	return total
}

//async
func named(k byte) (r error, s []byte) {
	defer func() {
		s = append(s, 'd')
	}()
	rt.Yield()
	return code(k), []byte{'a'}
}

//async
func defaults() {
	x := 1 << 4 // Go's int
	s := "go"   // Go's string
	ok := x > 2 // Go's bool
	var e predeclared.Error
	var p *float64
	m := map[float64][]byte{}
	rt.Yield()
	fmt.Println(x, s, ok, e == e, p == p, m, int, string, nil, true, false)
	b := new()
	panic([]rune("still mine"))
	fmt.Println(b, len([]byte{1, 2, 3}))
}

//async
func results() (byte, rune, uint64) {
	v, err := rt.Await(rt.Go(func() (float32, predeclared.Error) {
		rt.Yield()
		var e predeclared.Error
		return 2.5, e
	}))
	rt.Yield()
	fmt.Println(v, err)
	return 1, 'x', 2
}

// countdown is an async generator whose yield returns Go's bool, named
// through predeclared.
//
//async
func countdown(n byte) iter.Seq[byte] {
	return func(yield func(byte) predeclared.Bool) {
		for ; n > 0; n-- {
			rt.Yield()
			if !yield(n) {
				return
			}
		}
	}
}

// drain ranges over a generator, which the frame keeps in a field that
// it compares with nil, hidden here.
//
//async
func drain() []byte {
	var got []byte
	for v := range countdown(4) {
		if v == 1 {
			break
		}
		got = append(got, v)
	}
	return got
}

//async
func Main() {
	fmt.Println(drain())
	defaults()
	fmt.Println(sum([]float64{1, 2.5}))
	c, _ := named(7)
	fmt.Println(c.Code())
	a, b, d := results()
	fmt.Println(a, b, d)
	var _ any
}
