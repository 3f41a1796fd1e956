// Function literals that await refer to constants that their function
// declares outside them: untyped (int, rune, float, string, bool) and
// typed (a named type with a method, a float32), negative and large ones.
// The literal's frame, declared at package level, writes each value in
// its kind and type.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type level int8

func (l level) String() string { return fmt.Sprintf("level(%d)", int8(l)) }

//async
func Main() {
	const (
		n     = 3
		r     = 'é'
		half  = 1.0 / 2
		two   = 2.0
		s     = "a\tb"
		yes   = n > 2
		no    = !yes
		lv    level = -4
		f32   float32 = 0.1
		big         = 1 << 40
		neg         = -7
	)
	f := func(x int) string {
		rt.Yield()
		a := r        // a rune
		b := two      // a float64, not an int
		c := half * n // 1.5
		return fmt.Sprintf("%T %v %T %v %v %q %v %v %v %v %v %v %d", a, a, b, b, c, s, yes, no, lv, f32, big, neg, x*n)
	}
	fmt.Println(f(2))
	g := func() level {
		rt.Yield()
		return lv * 2
	}
	fmt.Println(g())
	func() {
		const inner = 5
		rt.Yield()
		fmt.Println(inner + n)
	}()
}
