// Go statements whose function value or arguments await: they are
// evaluated at the go statement, in Go's order, then the call runs on the
// new goroutine (an async callee in blocking mode there). Each goroutine
// sends one line and Main receives it before going on, so the output order
// is fixed.
package main

import (
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

// async
func value(n int) int {
	rt.Yield()
	return n
}

func send(c chan<- string, parts ...string) { c <- strings.Join(parts, "+") }

type worker struct{ name string }

func (w *worker) run(c chan<- string, n int) { c <- fmt.Sprint(w.name, " ran ", n) }

// async
func workerFor(n int) *worker {
	rt.Yield()
	return &worker{name: fmt.Sprint("worker", n)}
}

// async
func report(c chan<- string, n int) {
	rt.Yield()
	c <- fmt.Sprint("async callee got ", n)
}

// async
func Main() {
	c := make(chan string)
	x := "x0"
	go send(c, x, fmt.Sprint(value(1)))
	fmt.Println(<-c)

	parts := []string{"a", "b"}
	go send(c, append(parts, fmt.Sprint(value(2)))...)
	fmt.Println(<-c)

	go workerFor(3).run(c, value(4)) // the receiver awaits too
	fmt.Println(<-c)

	go func(n int) { c <- fmt.Sprint("literal ", n) }(value(5))
	fmt.Println(<-c)

	go report(c, value(6))
	fmt.Println(<-c)
}
