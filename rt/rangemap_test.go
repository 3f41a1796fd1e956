package rt_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/asyncgen/asyncgen/rt"
)

type scores map[string]int

func TestRangeMap(t *testing.T) {
	m := scores{"a": 1, "b": 2, "c": 3}
	got := map[string]int{}
	for it := rt.RangeMap(m); it.Next(); {
		got[it.Key()] = it.Value()
	}
	if diff := cmp.Diff(map[string]int(m), got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}

	// An entry deleted before the iteration reaches it is not produced;
	// a value changed before then is produced as changed.
	m = scores{"a": 1, "b": 2, "c": 3}
	it := rt.RangeMap(m)
	if !it.Next() {
		t.Fatal("Next: false on a map of three")
	}
	first := it.Key()
	rest := slices.DeleteFunc(slices.Sorted(maps.Keys(m)), func(k string) bool { return k == first })
	delete(m, rest[0])
	m[rest[1]] = 30
	var after []string
	for it.Next() {
		after = append(after, it.Key())
		if it.Value() != 30 {
			t.Errorf("value of %s: %d, want the changed 30", it.Key(), it.Value())
		}
	}
	if diff := cmp.Diff([]string{rest[1]}, after); diff != "" {
		t.Errorf("after deleting %s (-want +got):\n%s", rest[0], diff)
	}
	if it.Key() != "" || it.Value() != 0 {
		t.Errorf("after the end: Key, Value = %q, %d, want zero values", it.Key(), it.Value())
	}

	var empty map[int]bool
	if rt.RangeMap(empty).Next() {
		t.Error("Next: true on a nil map")
	}
}

func TestRangeFunc(t *testing.T) {
	var ended []string
	pairs := func(yield func(string, int) bool) {
		defer func() { ended = append(ended, "pairs") }()
		for i, s := range []string{"a", "b", "c"} {
			if !yield(s, i) {
				return
			}
		}
	}
	it := rt.RangeFunc2(pairs)
	var got []string
	for it.Next() {
		got = append(got, fmt.Sprintf("%s %d", it.Key(), it.Value()))
		if it.Value() == 1 {
			break
		}
	}
	if diff := cmp.Diff([]string{"a 0", "b 1"}, got); diff != "" {
		t.Errorf("values before the break (-want +got):\n%s", diff)
	}
	if len(ended) != 0 {
		t.Errorf("the iterator ended before Stop: %v", ended)
	}
	it.Stop()
	it.Stop() // again: nothing more
	if diff := cmp.Diff([]string{"pairs"}, ended); diff != "" {
		t.Errorf("after Stop (-want +got):\n%s", diff)
	}

	n := 0
	for it := rt.RangeFunc0(func(yield func() bool) { _ = yield() && yield() }); it.Next(); {
		n++
	}
	if n != 2 {
		t.Errorf("RangeFunc0: %d iterations, want 2", n)
	}
	var none *rt.FuncIter[int, struct{}]
	none.Stop() // a loop never entered
}
