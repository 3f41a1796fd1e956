// Awaits inside return statements: in single results, in several results,
// a multi-value call returned as is, and a named result read in the same
// return as a call that changes it (gc reads it after the call).
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func val(v int) int {
	rt.Yield()
	return v
}

//async
func sum() int {
	return val(1) + val(2)*val(3)
}

//async
func pair() (int, error) {
	return val(4), check(val(5))
}

//async
func check(v int) error {
	rt.Yield()
	if v > 4 {
		return errors.New("too big")
	}
	return nil
}

//async
func forward() (int, error) {
	return pair()
}

//async
func named() (x int, err error) {
	x = 1
	return x, bump(&x)
}

//async
func bump(p *int) error {
	rt.Yield()
	*p = 50
	return nil
}

//async
func namedLate() (x int, y int) {
	x = 1
	y = 2
	return y + val(0), x + bumpInt(&x)
}

//async
func bumpInt(p *int) int {
	rt.Yield()
	*p = 100
	return 0
}

//async
func Main() {
	fmt.Println(sum())
	fmt.Println(pair())
	fmt.Println(forward())
	fmt.Println(named())
	fmt.Println(namedLate())
}
