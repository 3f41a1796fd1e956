// Deferred calls in async functions: run last in first out when the
// function returns, with their function values and arguments evaluated at
// the defer statement (awaits included); deferred closures that change
// named results after the return statement has set them; defers pushed in
// a loop; a method value bound at the defer; arguments from a multi-value
// call. (Defers that run when a task
// panics or is cancelled: cmd/asyncgen/testdata/script/run-defer.txtar.)
package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

var log []string

func note(parts ...any) { log = append(log, fmt.Sprint(parts...)) }

func flush(title string) {
	fmt.Println(title+":", strings.Join(log, "; "))
	log = nil
}

// async
func value(n int) int {
	rt.Yield()
	return n
}

func pair(n int) (string, int) { return fmt.Sprint("pair", n), n }

func show(s string, n int) { note(s, "=", n) }

type counter struct{ name string }

func (c *counter) done(n int) { note(c.name, " done ", n) }

// async
func order() {
	for i := range 3 {
		defer note("loop ", i, " ", value(i*10)) // arguments now, call later
	}
	x := 1
	defer note("x was ", x)
	defer func() { note("x is ", x) }()
	x = value(2)
	c := &counter{name: "first"}
	defer c.done(value(7)) // method value bound to the first counter
	c = &counter{name: "second"}
	defer show(pair(value(3))) // a multi-value call, evaluated now
	f := func(s string) { note("f1 ", s) }
	defer f("a")
	f = func(s string) { note("f2 ", s) }
	note("body end")
}

// async
func wrapped(fail bool) (n int, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("wrapped: %w", err)
		}
		n *= 10
	}()
	n = value(4)
	if fail {
		return n + 1, errors.New("boom")
	}
	return value(5), nil
}

// async
func bare() (s string) {
	defer func() { s += "!" }()
	s = "hi"
	rt.Yield()
	return
}

// async
func Main() {
	order()
	flush("order")
	fmt.Println(wrapped(false))
	fmt.Println(wrapped(true))
	fmt.Println(bare())
}
