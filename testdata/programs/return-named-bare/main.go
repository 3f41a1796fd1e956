// Named results: bare returns, results assigned across awaits, results
// shadowed in an inner scope (set through an explicit return), and
// results modified after an await before a bare return.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func divmod(a, b int) (q, r int, err error) {
	rt.Yield()
	if b == 0 {
		err = errors.New("division by zero")
		return
	}
	q = a / b
	rt.Yield()
	r = a % b
	return
}

//async
func sum(xs []int) (total int) {
	for i := 0; i < len(xs); i++ {
		rt.Yield()
		total += xs[i]
	}
	return
}

//async
func explicit(n int) (s string, ok bool) {
	s = "preset"
	rt.Yield()
	if n > 0 {
		s := "inner"
		rt.Yield()
		return s, true
	}
	return
}

//async
func overwrite() (x int, err error) {
	x = 1
	rt.Yield()
	return x + 1, errors.New("explicit wins")
}

//async
func onlyNamedErr(n int) (err error) {
	if n > 1 {
		err = onlyNamedErr(n - 1)
		rt.Yield()
		if err != nil {
			err = fmt.Errorf("level %d: %w", n, err)
		}
		return
	}
	return errors.New("bottom")
}

//async
func Main() {
	fmt.Println(divmod(17, 5))
	fmt.Println(divmod(1, 0))
	fmt.Println(sum([]int{1, 2, 3, 4}))
	fmt.Println(explicit(1))
	fmt.Println(explicit(0))
	fmt.Println(overwrite())
	fmt.Println(onlyNamedErr(3))
}
