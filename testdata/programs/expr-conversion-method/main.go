// Awaits inside conversions and method calls: converting awaited values,
// calling methods on awaited receivers, method values and method
// expressions whose arguments suspend, and async methods called through
// values stored in fields.
package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

type celsius float64

func (c celsius) String() string { return strconv.FormatFloat(float64(c), 'f', 1, 64) + "C" }

func (c celsius) Add(d celsius) celsius { return c + d }

type name string

func (n name) Upper() name { return name(strings.ToUpper(string(n))) }

//async
func read() float64 {
	rt.Yield()
	return 21.5
}

//async
func text() string {
	rt.Yield()
	return "gopher"
}

//async
func num(v int) int {
	rt.Yield()
	return v
}

type holder struct{ c celsius }

//async
func fetch() holder {
	rt.Yield()
	return holder{c: 3}
}

//async
func Main() {
	c := celsius(read())
	fmt.Println("conversion:", c, celsius(read()).Add(celsius(num(2))))
	fmt.Println("named string:", name(text()).Upper())
	fmt.Println("bytes:", []byte(text())[0], string([]rune(text())[1:num(3)]))
	fmt.Println("int/float:", float64(num(7))/2, int64(num(9))*int64(num(2)), uint8(num(300)))
	add := c.Add
	fmt.Println("method value:", add(celsius(num(1))))
	sub := celsius.Add
	fmt.Println("method expression:", sub(celsius(num(10)), celsius(num(5))))
	fmt.Println("field of result:", fetch().c.Add(celsius(num(1))))
	fmt.Println("Itoa:", strconv.Itoa(num(42))+text())
	var s fmt.Stringer = celsius(read())
	fmt.Println("interface:", s.String())
}
