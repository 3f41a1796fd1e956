// Command hello is asyncio's classic first example in Go: two tasks each
// print "Hello world!", sleep for a second and print "Hello again!". The
// tasks sleep at the same time on one loop, so the program takes about one
// second, not two.
//
// hello and both are ordinary Go functions marked //async; asyncgen writes
// their state machines, and the constructors helloAsync and bothAsync, into
// main_async.go.
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//go:generate go tool asyncgen

// hello greets, sleeps a second and greets again.
//
// async
func hello() error {
	fmt.Println("Hello world!")
	if _, err := rt.Await(rt.Sleep(time.Second)); err != nil {
		return err
	}
	fmt.Println("Hello again!")
	return nil
}

// both runs two hellos at once and waits for them.
//
// async
func both() error {
	_, err := rt.Await(rt.All(helloAsync(), helloAsync()))
	return err
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("hello: ")
	start := time.Now()
	if _, err := rt.Run(bothAsync()); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("(two one-second sleeps took %.1fs)\n", time.Since(start).Seconds())
}
