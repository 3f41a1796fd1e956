package rt

import "reflect"

// MapIter iterates over a map the way a range loop does, for generated
// code: a range loop over a map whose body awaits keeps a MapIter in its
// frame, since the loop's own iterator cannot outlive a Resume call. It is
// the runtime's map iterator, so it keeps range's rules: each entry once,
// in no fixed order; an entry deleted before it is reached is not produced;
// one added during the loop may or may not be.
type MapIter[K comparable, V any] struct {
	it     reflect.MapIter
	k      K
	v      V
	kv, vv reflect.Value // settable views of k and v
}

// RangeMap starts an iteration over m.
func RangeMap[M ~map[K]V, K comparable, V any](m M) *MapIter[K, V] {
	i := new(MapIter[K, V])
	i.it.Reset(reflect.ValueOf(m))
	i.kv = reflect.ValueOf(&i.k).Elem()
	i.vv = reflect.ValueOf(&i.v).Elem()
	return i
}

// Next advances to the next entry and reports whether there is one.
func (i *MapIter[K, V]) Next() bool {
	if !i.it.Next() {
		var k K
		var v V
		i.k, i.v = k, v // drop the last entry's references
		return false
	}
	i.kv.SetIterKey(&i.it)
	i.vv.SetIterValue(&i.it)
	return true
}

// Key returns the current entry's key.
func (i *MapIter[K, V]) Key() K { return i.k }

// Value returns the current entry's value, as it was when Next reached it.
func (i *MapIter[K, V]) Value() V { return i.v }
