// Type switches whose cases await: one type per case (the bound variable
// has that type), several (it has the subject's type), nil, default in the
// middle, a bound variable some cases do not use, break out of the switch
// and of an enclosing loop, a subject that is itself an await, and
// closures capturing each iteration's bound variable.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type shape interface{ area() int }

type square struct{ side int }

func (s square) area() int { return s.side * s.side }

type celsius float64

// async
func echo(v any) any {
	rt.Yield()
	return v
}

// async
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		rt.Yield()
		return "nil"
	case int:
		n := echo(x + 1).(int) // x is an int here
		return fmt.Sprint("int+1=", n)
	case string, []byte:
		rt.Yield()
		return fmt.Sprintf("text %T %v", x, x) // x is an any here
	default:
		rt.Yield()
		return fmt.Sprintf("other %T", x)
	case shape:
		rt.Yield()
		return fmt.Sprint("shape of area ", x.area())
	case error:
		if x == nil {
			return "impossible"
		}
		rt.Yield()
		return "error " + x.Error()
	case celsius:
		rt.Yield()
		return "a temperature" // x unused in this case
	}
}

// async
func Main() {
	for _, v := range []any{nil, 41, "hi", []byte("yo"), 2.5, square{3}, errors.New("boom"), celsius(-4)} {
		fmt.Println(describe(v))
	}

	var fs []func() string
	count := 0
loop:
	for i := range 6 {
		switch v := echo(i).(type) { // the subject awaits too
		case int:
			if v == 4 {
				break loop
			}
			if v%2 == 1 {
				rt.Yield()
				break // leaves the switch only
			}
			count += v
			fs = append(fs, func() string { return fmt.Sprint("captured ", v) })
		}
		count += 100
	}
	fmt.Println("count", count)
	for _, f := range fs {
		fmt.Println(f())
	}

	switch echo("only the subject awaits").(type) {
	case string:
		fmt.Println("string subject")
	}
}
