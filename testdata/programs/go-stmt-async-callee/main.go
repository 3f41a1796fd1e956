// A go statement that starts an async function runs it in blocking mode on
// its own goroutine: the statement is not a suspension point of the
// function that contains it, even next to awaits (from Go's
// test/ken/chan1.go and test/closure.go, which start async workers).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func worker(id int, out chan<- string) {
	rt.Yield()
	out <- fmt.Sprintf("worker %d done", id)
}

//async
func ready() int {
	rt.Yield()
	return 7
}

type counter struct{ n int }

//async
func (c *counter) bump(done chan<- int) {
	rt.Yield()
	c.n++
	done <- c.n
}

//async
func Main() {
	out := make(chan string)
	rt.Yield()
	go worker(1, out)
	fmt.Println(<-out)
	n := ready()
	go worker(n, out)
	rt.Yield()
	fmt.Println(<-out)

	c := &counter{n: 40}
	done := make(chan int)
	go c.bump(done)
	fmt.Println(<-done, ready())
}
