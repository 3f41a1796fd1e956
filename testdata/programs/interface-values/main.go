// Interface values across awaits: errors and Stringers held in interface
// variables, type assertions (comma-ok) on awaited values, and ordinary
// method calls through interfaces between awaits.
package main

import (
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

type shape interface {
	area() float64
	name() string
}

type rect struct{ w, h float64 }

func (r rect) area() float64 { return r.w * r.h }
func (r rect) name() string  { return "rect" }

type square struct{ s float64 }

func (q *square) area() float64 { return q.s * q.s }
func (q *square) name() string  { return "square" }

//async
func make1(kind string, v float64) shape {
	rt.Yield()
	if kind == "rect" {
		return rect{v, 2}
	}
	return &square{v}
}

//async
func anything(i int) any {
	rt.Yield()
	switch i {
	case 0:
		return 42
	case 1:
		return "text"
	}
	return nil
}

//async
func Main() {
	shapes := []shape{make1("rect", 3), make1("square", 4)}
	total := 0.0
	for i := 0; i < len(shapes); i++ {
		rt.Yield()
		total += shapes[i].area()
		if q, ok := shapes[i].(*square); ok {
			q.s = 1
		}
	}
	fmt.Println("total:", total, shapes[1].area())
	for i := 0; i < 3; i++ {
		v := anything(i)
		if n, ok := v.(int); ok {
			fmt.Println("int", n)
		} else if s, ok := anything(1).(string); ok && v != nil {
			fmt.Println("string", strings.ToUpper(s))
		} else {
			fmt.Println("nil:", v == nil)
		}
	}
	var st fmt.Stringer = &strings.Builder{}
	st.(*strings.Builder).WriteString("built")
	rt.Yield()
	fmt.Println(st.String(), make1("rect", 1).name())
}
