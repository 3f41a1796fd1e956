package rt

import "iter"

// FuncIter runs a range-over-func iterator for generated code: a range
// loop over a function whose body awaits cannot be the iterator's yield
// function (that would have to suspend the frame inside the iterator's
// call), so the frame pulls the values one at a time instead, as iter.Pull
// does, and keeps the FuncIter in its fields. The iterator runs as a
// coroutine, with a stack of its own, for as long as the loop lasts.
// Generated code calls Stop when the loop ends, however it ends; a frame
// that unwinds (a panic, cancellation) stops it first (see DeferIter).
type FuncIter[K, V any] struct {
	next func() (K, V, bool)
	stop func()
	k    K
	v    V
	// inBody is set while the loop's body runs: Next returned true, and
	// the loop has not stopped the iterator since.
	inBody bool
	// unwinding is set when the body panicked: the iterator's pending
	// yield panics with panicValue, as in Go; recovered is set if the
	// iterator then returned normally.
	unwinding, recovered bool
	panicValue           any
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
	it := new(FuncIter[K, V])
	it.next, it.stop = iter.Pull2(func(yield func(K, V) bool) {
		seq(func(k K, v V) bool {
			if yield(k, v) {
				return true
			}
			if it.unwinding {
				panic(it.panicValue) // the loop's body panicked
			}
			return false
		})
		if it.unwinding {
			it.recovered = true
		}
	})
	return it
}

// Next advances to the iterator's next values and reports whether there
// are any.
func (i *FuncIter[K, V]) Next() bool {
	var ok bool
	i.k, i.v, ok = i.next()
	i.inBody = ok
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
		i.inBody = false
		i.stop()
	}
}

// DeferIter registers the range loop over a function whose FuncIter frame
// f keeps in *it: generated code calls it when the loop is first entered.
// If the frame unwinds while the loop runs, the iterator is stopped
// before any of the frame's deferred calls run, with the loop's
// generators (see DeferGen), innermost first: as in Go, a panic in the
// loop's body comes out of the iterator's pending yield, so that the
// iterator's deferred calls run, and may recover it, before the frame's.
// An iterator that recovers it and returns leaves Go's runtime error for
// a range function that did not resume panicking in its place. A
// cancelled frame stops the iterator as Stop does. A nil *it (a loop not
// yet entered) is skipped.
func DeferIter[R, K, V any](f *Frame[R], it **FuncIter[K, V]) {
	f.pushGen(iterRef[K, V]{it})
}

// iterRef is the field that holds the FuncIter of a range loop, for
// DeferIter.
type iterRef[K, V any] struct{ it **FuncIter[K, V] }

func (r iterRef[K, V]) closeGen(p *PanicError) *futureCore {
	i := *r.it
	if i == nil {
		return nil
	}
	if p != nil && i.inBody {
		i.unwinding, i.panicValue = true, p.Value
	}
	i.Stop() // a panic of the iterator's goes on from here
	if i.recovered {
		i.recovered = false
		panic(rangeRecovered())
	}
	return nil
}
