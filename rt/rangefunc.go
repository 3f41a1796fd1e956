package rt

import "iter"

// FuncIter runs a range-over-func iterator for generated code: a range
// loop over a function whose body awaits cannot be the iterator's yield
// function (that would have to suspend the frame inside the iterator's
// call), so the frame pulls the values one at a time instead, as iter.Pull
// does, and keeps the FuncIter in its fields. The iterator runs as a
// coroutine, with a stack of its own, for as long as the loop lasts.
// Generated code calls Stop when the loop ends, however it ends; a frame
// that unwinds (a panic, cancellation) stops it from its defer stack.
type FuncIter[K, V any] struct {
	next func() (K, V, bool)
	stop func()
	k    K
	v    V
}

// RangeFunc0 starts an iteration over an iterator that yields no values.
func RangeFunc0(seq func(yield func() bool)) *FuncIter[struct{}, struct{}] {
	return pull(func(yield func(struct{}, struct{}) bool) {
		seq(func() bool { return yield(struct{}{}, struct{}{}) })
	})
}

// RangeFunc1 starts an iteration over an iterator that yields one value.
func RangeFunc1[K any](seq func(yield func(K) bool)) *FuncIter[K, struct{}] {
	return pull(func(yield func(K, struct{}) bool) {
		seq(func(k K) bool { return yield(k, struct{}{}) })
	})
}

// RangeFunc2 starts an iteration over an iterator that yields two values.
func RangeFunc2[K, V any](seq func(yield func(K, V) bool)) *FuncIter[K, V] {
	return pull(seq)
}

func pull[K, V any](seq iter.Seq2[K, V]) *FuncIter[K, V] {
	next, stop := iter.Pull2(seq)
	return &FuncIter[K, V]{next: next, stop: stop}
}

// Next advances to the iterator's next values and reports whether there
// are any.
func (i *FuncIter[K, V]) Next() bool {
	var ok bool
	i.k, i.v, ok = i.next()
	return ok
}

// Key returns the first value of the current iteration.
func (i *FuncIter[K, V]) Key() K { return i.k }

// Value returns the second value of the current iteration.
func (i *FuncIter[K, V]) Value() V { return i.v }

// Stop ends the iteration: the iterator's yield returns false, and the
// iterator returns, running its deferred calls. Stop may be called more
// than once, and on a nil FuncIter (a loop not yet entered).
func (i *FuncIter[K, V]) Stop() {
	if i != nil {
		i.stop()
	}
}
