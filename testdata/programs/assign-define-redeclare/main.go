// := that redeclares some names and declares others, across awaits, and
// variables whose values must survive several suspensions.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func parse(s string) (int, error) {
	rt.Yield()
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return n, errors.New("bad digit in " + s)
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

//async
func Main() {
	a, err := parse("12")
	fmt.Println(a, err)
	b, err := parse("3x")
	fmt.Println(b, err)
	a, c := a*2, b+1
	rt.Yield()
	fmt.Println(a, b, c)
	c, err = parse("77")
	fmt.Println(a, b, c, err)
	total := 0
	for _, s := range []string{"1", "22", "333"} {
		total += len(s)
	}
	d, err := parse(fmt.Sprint(total))
	fmt.Println("d:", d, err, "total:", total)
}
