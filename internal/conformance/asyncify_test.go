package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAsyncify(t *testing.T) {
	src := `// run

package main

import "fmt"

type T struct{}

func (T) m() int { return 1 }

func (T) _() {}

func _() {}

// g returns n.
//
//go:noinline
func g(n int) int {
	for i := 0; i < n; i++ {
		switch i {
		case 1:
			return i
		}
	}
L:
	return n
}

func rec() { recover() }

func recArg(int) { recover() }

func deferrer() { defer rec() }

func deferrerArg() { defer recArg(1) }

func deferrerVar(f func(int)) { defer f(1) }

func recTwo(int) (int, error) { recover(); return 0, nil }

func deferrerTwo() { defer recTwo(1) }

func deferrerMany(f func(int, int, int, int)) { defer f(1, 2, 3, 4) }

func pair() (int, int) { return 1, 2 }

func recPair(int, int) { recover() }

func deferrerTuple() { defer recPair(pair()) }

func deferrerBuiltin(ch chan int) { defer close(ch) }

func plain() {}

func init() {}

func main() {
	f := func() int { return 2 }
	fmt.Println(g(3), T{}.m(), f())
}
`
	out, marked, err := Asyncify([]byte(src), map[string]bool{"plain": true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"T.m", "g", "deferrer", "deferrerArg", "deferrerVar", "deferrerTwo", "deferrerMany", "pair", "deferrerBuiltin", "Main"}, marked); diff != "" {
		t.Errorf("marked (-want +got):\n%s", diff)
	}
	want := `// run

package main

import asyncgenrt "github.com/asyncgen/asyncgen/rt"

import "fmt"

type T struct{}

// async
func (T) m() int { asyncgenrt.Yield(); asyncgenrt.Yield(); return 1 }

func (T) _() {}

func _() {}

// g returns n.
//
// async
//
//go:noinline
func g(n int) int {
	asyncgenrt.Yield()
	for i := 0; i < n; i++ {
		asyncgenrt.Yield()
		switch i {
		case 1:
			asyncgenrt.Yield()
			asyncgenrt.Yield()
			return i
		}
	}
L:
	return n
}

func rec() { recover() }

func recArg(int) { recover() }

// async
func deferrer() { asyncgenrt.Yield(); defer rec() }

// async
func deferrerArg() { asyncgenrt.Yield(); defer recArg(1) }

// async
func deferrerVar(f func(int)) { asyncgenrt.Yield(); defer f(1) }

func recTwo(int) (int, error) { recover(); return 0, nil }

// async
func deferrerTwo() { asyncgenrt.Yield(); defer recTwo(1) }

// async
func deferrerMany(f func(int, int, int, int)) { asyncgenrt.Yield(); defer f(1, 2, 3, 4) }

// async
func pair() (int, int) { asyncgenrt.Yield(); asyncgenrt.Yield(); return 1, 2 }

func recPair(int, int) { recover() }

func deferrerTuple() { defer recPair(pair()) }

// async
func deferrerBuiltin(ch chan int) { asyncgenrt.Yield(); defer close(ch) }

func plain() {}

func init() {}

// async
func Main() {
	asyncgenrt.Yield()
	f := func() int { return 2 }
	fmt.Println(g(3), T{}.m(), f())
}
`
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("Asyncify (-want +got):\n%s", diff)
	}
	if _, _, err := Asyncify([]byte("package main\n\nfunc f() {}\n"), nil); err == nil || !strings.Contains(err.Error(), "no func main") {
		t.Errorf("a program without main: got %v, want an error saying so", err)
	}
}
