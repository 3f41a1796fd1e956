// Package deferawait is a golden case: deferred calls of async functions
// and of rt.Await, and a defer inside a statement that does not await.
package deferawait

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

// Flush is an async cleanup.
//
// async
func Flush(tag string) error {
	rt.Yield()
	fmt.Println("flushed", tag)
	return nil
}

// Conn is a connection with an async Close.
type Conn struct{ Name string }

// Close closes c politely.
//
// async
func (c *Conn) Close() {
	rt.Yield()
}

// Serve defers an await of an async function's task, made at the defer
// statement, and one of an op, and returns a named result that a deferred
// literal changes once the awaits are over: the return goes through
// ReturnResults, and the frame gets a Recovered method to read the result.
//
// async
func Serve(c *Conn, done *rt.Future[int], n int) (total int) {
	defer func() { total++ }()
	defer c.Close()
	defer rt.Await(done)
	for i := range n {
		if i%2 == 0 {
			defer Flush(fmt.Sprint("even ", i))
		}
	}
	rt.Yield()
	return n
}

// Plain defers inside an if that does not await: still a push onto the
// frame's defer stack, in place.
//
// async
func Plain(ok bool) int {
	if ok {
		defer fmt.Println("deferred")
	}
	rt.Yield()
	return 1
}
