package rt

// Deferred calls of functions with arguments. "defer g(a, b)" of a plain
// function g (named, a method value, a function value, a function
// literal) pushes g and its arguments, evaluated at the defer statement,
// as they are: DeferCall2(&f.Frame, g, a, b). rt calls g(a, b) when the
// entry's turn comes; while a panic is in flight, it runs Go's own "defer
// g(a, b)" under a Go panic of the same value, so that a recover that g
// calls itself stops the frame's panic, as it does in Go (a wrapper
// closure that bound the arguments would be the deferred function
// instead, and g's recover would return nil). Method values recover too:
// Go's runtime sees through their wrappers. The push allocates one entry.
// For the shapes that these functions do not cover (four parameters or
// more, two results or more, a variadic function with a result), the
// generated file declares a DeferredCall of its own for the shape and
// pushes it with DeferCallOf.
//
// The type parameters of the arguments come first, then that of the
// result (R variants), then the frame's result type R, so that generated
// code can give the arguments' types and let R be inferred.

// A DeferredCall is a plain deferred call on a defer stack: a function
// with the arguments it was deferred with. Frame.Defer pushes a func()
// as one, DeferCall1 and the rest push a function of their shape with its
// arguments, and DeferCallOf pushes one that generated code implements
// for a shape of its own.
type DeferredCall interface {
	// Call calls the function with its arguments, and drops its results.
	Call()
	// CallUnder defers the call of the function with its arguments, by
	// Go's own defer statement, directly in CallUnder (the deferred
	// function is the function itself, not a closure that calls it),
	// and then panics with v: "defer c.fn(c.a, c.b); panic(v)". A
	// recover that the function calls itself then stops the panic, as it
	// would the panic of the function that deferred the call in Go, and
	// CallUnder returns. A panic of the function replaces v. rt calls
	// CallUnder, instead of Call, while a panic of value v is in flight.
	CallUnder(v any)
}

// DeferCallOf pushes c onto the defer stack of frame f: the generated
// form of "defer fn(a, b, c, d)" for a shape of fn that no DeferCall
// function covers, where c, made at the defer statement, holds fn and
// its arguments. When its turn comes, as the stack runs last in first
// out, rt calls c.Call(); while a panic is in flight, c.CallUnder(v)
// with the panic's value, so that a recover that fn calls itself stops
// the frame's panic, as in Go. A panic in fn replaces the panic in
// flight.
func DeferCallOf[R any](f *Frame[R], c DeferredCall) { f.push(c) }

// funcCall is a deferred func() value.
type funcCall func()

func (fn funcCall) Call() { fn() }

func (fn funcCall) CallUnder(v any) {
	defer fn()
	panic(v)
}

// DeferCall1 pushes onto the defer stack of frame f a call of fn, a
// function of one parameter and no results, with argument a, evaluated at
// the defer statement: the generated form of "defer fn(a)" for a plain
// function fn (a function named in the defer, a method value, a function
// value). When its turn comes, as the stack runs last in first out, rt
// calls fn(a); while a panic is in flight, fn runs deferred under a Go
// panic of the same value, so that a recover that fn calls itself stops
// the frame's panic, as in Go. A panic in fn replaces the panic in
// flight. DeferCall2, DeferCall3 and DeferCall0R to DeferCall3R (a result,
// dropped) and DeferCallV1 to DeferCallV3 (variadic) do the same for other
// signatures.
func DeferCall1[A, R any](f *Frame[R], fn func(A), a A) {
	f.push(&call1[A]{fn, a})
}

// call1 is a deferred call of DeferCall1.
type call1[A any] struct {
	fn func(A)
	a  A
}

func (c *call1[A]) Call() { c.fn(c.a) }

func (c *call1[A]) CallUnder(v any) {
	defer c.fn(c.a)
	panic(v)
}

// DeferCall2 is DeferCall1 for "defer fn(a, b)" of a function of two
// parameters and no results.
func DeferCall2[A, B, R any](f *Frame[R], fn func(A, B), a A, b B) {
	f.push(&call2[A, B]{fn, a, b})
}

// call2 is a deferred call of DeferCall2.
type call2[A, B any] struct {
	fn func(A, B)
	a  A
	b  B
}

func (c *call2[A, B]) Call() { c.fn(c.a, c.b) }

func (c *call2[A, B]) CallUnder(v any) {
	defer c.fn(c.a, c.b)
	panic(v)
}

// DeferCall3 is DeferCall1 for "defer fn(a, b, c)" of a function of three
// parameters and no results.
func DeferCall3[A, B, C, R any](f *Frame[R], fn func(A, B, C), a A, b B, c C) {
	f.push(&call3[A, B, C]{fn, a, b, c})
}

// call3 is a deferred call of DeferCall3.
type call3[A, B, C any] struct {
	fn func(A, B, C)
	a  A
	b  B
	c  C
}

func (c *call3[A, B, C]) Call() { c.fn(c.a, c.b, c.c) }

func (c *call3[A, B, C]) CallUnder(v any) {
	defer c.fn(c.a, c.b, c.c)
	panic(v)
}

// DeferCall0R is DeferCall1 for "defer fn()" of a function of no
// parameters and one result, which is dropped.
func DeferCall0R[Z, R any](f *Frame[R], fn func() Z) {
	f.push(&call0R[Z]{fn})
}

// call0R is a deferred call of DeferCall0R.
type call0R[Z any] struct {
	fn func() Z
}

func (c *call0R[Z]) Call() { c.fn() }

func (c *call0R[Z]) CallUnder(v any) {
	defer c.fn()
	panic(v)
}

// DeferCall1R is DeferCall1 for "defer fn(a)" of a function of one
// parameter and one result, which is dropped.
func DeferCall1R[A, Z, R any](f *Frame[R], fn func(A) Z, a A) {
	f.push(&call1R[A, Z]{fn, a})
}

// call1R is a deferred call of DeferCall1R.
type call1R[A, Z any] struct {
	fn func(A) Z
	a  A
}

func (c *call1R[A, Z]) Call() { c.fn(c.a) }

func (c *call1R[A, Z]) CallUnder(v any) {
	defer c.fn(c.a)
	panic(v)
}

// DeferCall2R is DeferCall1 for "defer fn(a, b)" of a function of two
// parameters and one result, which is dropped.
func DeferCall2R[A, B, Z, R any](f *Frame[R], fn func(A, B) Z, a A, b B) {
	f.push(&call2R[A, B, Z]{fn, a, b})
}

// call2R is a deferred call of DeferCall2R.
type call2R[A, B, Z any] struct {
	fn func(A, B) Z
	a  A
	b  B
}

func (c *call2R[A, B, Z]) Call() { c.fn(c.a, c.b) }

func (c *call2R[A, B, Z]) CallUnder(v any) {
	defer c.fn(c.a, c.b)
	panic(v)
}

// DeferCall3R is DeferCall1 for "defer fn(a, b, c)" of a function of three
// parameters and one result, which is dropped.
func DeferCall3R[A, B, C, Z, R any](f *Frame[R], fn func(A, B, C) Z, a A, b B, c C) {
	f.push(&call3R[A, B, C, Z]{fn, a, b, c})
}

// call3R is a deferred call of DeferCall3R.
type call3R[A, B, C, Z any] struct {
	fn func(A, B, C) Z
	a  A
	b  B
	c  C
}

func (c *call3R[A, B, C, Z]) Call() { c.fn(c.a, c.b, c.c) }

func (c *call3R[A, B, C, Z]) CallUnder(v any) {
	defer c.fn(c.a, c.b, c.c)
	panic(v)
}

// DeferCallV1 is DeferCall1 for "defer fn(as...)" of a variadic function
// of one parameter and no results. The variadic arguments are passed as in
// Go: listed, or a slice with ...; "defer fn(x, y)" passes the slice made
// at the defer statement.
func DeferCallV1[A, R any](f *Frame[R], fn func(...A), as ...A) {
	f.push(&callV1[A]{fn, as})
}

// callV1 is a deferred call of DeferCallV1.
type callV1[A any] struct {
	fn func(...A)
	as []A
}

func (c *callV1[A]) Call() { c.fn(c.as...) }

func (c *callV1[A]) CallUnder(v any) {
	defer c.fn(c.as...)
	panic(v)
}

// DeferCallV2 is DeferCall1 for "defer fn(a, bs...)" of a variadic
// function of two parameters and no results. The variadic arguments are
// passed as in Go: listed, or a slice with ...; "defer fn(x, y)" passes
// the slice made at the defer statement.
func DeferCallV2[A, B, R any](f *Frame[R], fn func(A, ...B), a A, bs ...B) {
	f.push(&callV2[A, B]{fn, a, bs})
}

// callV2 is a deferred call of DeferCallV2.
type callV2[A, B any] struct {
	fn func(A, ...B)
	a  A
	bs []B
}

func (c *callV2[A, B]) Call() { c.fn(c.a, c.bs...) }

func (c *callV2[A, B]) CallUnder(v any) {
	defer c.fn(c.a, c.bs...)
	panic(v)
}

// DeferCallV3 is DeferCall1 for "defer fn(a, b, cs...)" of a variadic
// function of three parameters and no results. The variadic arguments are
// passed as in Go: listed, or a slice with ...; "defer fn(x, y)" passes
// the slice made at the defer statement.
func DeferCallV3[A, B, C, R any](f *Frame[R], fn func(A, B, ...C), a A, b B, cs ...C) {
	f.push(&callV3[A, B, C]{fn, a, b, cs})
}

// callV3 is a deferred call of DeferCallV3.
type callV3[A, B, C any] struct {
	fn func(A, B, ...C)
	a  A
	b  B
	cs []C
}

func (c *callV3[A, B, C]) Call() { c.fn(c.a, c.b, c.cs...) }

func (c *callV3[A, B, C]) CallUnder(v any) {
	defer c.fn(c.a, c.b, c.cs...)
	panic(v)
}
