// Names of the user's that the generated code must not let shadow what it
// refers to: parameters, receivers, named results and type parameters named
// like the runtime's import (rt) or like another package the generated
// code names (time, in the task type of a generic constructor; utf8, in a
// range over a string), parameters named like the frame type or the frame
// variable, and locals named like the FAsync constructor or the result
// struct of a function the generated code calls or returns, or like a
// type declared in the function, which moves to package level.
package main

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func param(rt int) int {
	return rt + 1
}

type counter struct{ n int }

//async
func (rt *counter) add(f int) int {
	return rt.n + f
}

//async
func namedResult() (rt int) {
	rt = 4
	return
}

//async
func frameParams(paramFrame, f, fut1, v int) int {
	return paramFrame + f + fut1 + v
}

//async
func frameNamed(frameNamedFrame int) int {
	return frameNamedFrame * 2
}

//async
func taskPackage[X any](time X) time.Duration {
	_ = time
	return 5
}

//async
func typeParam[rt any](v rt) rt {
	return id(v)
}

//async
func id[T any](v T) T {
	return v
}

//async
func typeParamUTF8[utf8 ~string](s utf8) int {
	n := 0
	for _, r := range s {
		n += int(id(r))
	}
	return n
}

type pair[rt any] struct{ a, b rt }

//async
func (p *pair[rt]) swap() (rt, rt) {
	a := id(p.a)
	return p.b, a
}

//async
func localNamedAsync() int {
	paramAsync := "local"
	fmt.Println(paramAsync)
	return param(1)
}

//async
func localNamedResult() (int, int) {
	localNamedResultResult := 2
	fmt.Println("localNamedResultResult:", localNamedResultResult)
	x := id(3)
	return x, 4
}

//async
func nestedResult(n int) (int, string) {
	x := id(n)
	if x > 0 {
		nestedResultResult := "positive"
		return x, nestedResultResult
	}
	return 0, "zero"
}

//async
func movedType() int {
	type point struct{ x int }
	movedTypePoint := 2
	p := point{x: movedTypePoint}
	rt.Yield()
	return p.x
}

//async
func Main() {
	fmt.Println("param:", param(1))
	c := &counter{n: 2}
	fmt.Println("receiver:", c.add(3))
	fmt.Println("named result:", namedResult())
	fmt.Println("frame params:", frameParams(1, 2, 3, 4), frameNamed(5))
	fmt.Println("task package:", taskPackage("x"))
	fmt.Println("type param:", typeParam("rt"))
	fmt.Println("type param utf8:", typeParamUTF8("ab"))
	p := &pair[string]{"a", "b"}
	x, y := p.swap()
	fmt.Println("generic receiver:", x, y)
	fmt.Println("local named async:", localNamedAsync())
	a, b := localNamedResult()
	fmt.Println("local named result:", a, b)
	n, s := nestedResult(1)
	fmt.Println("nested result:", n, s)
	fmt.Println("moved type:", movedType())
}
