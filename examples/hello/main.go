// Command hello is asyncio's classic first example in Go: two tasks each
// print "Hello world!", sleep for a second and print "Hello again!". The
// tasks sleep at the same time on one loop, so the program takes about one
// second, not two.
//
// The frames below are written by hand, in the shape asyncgen generates,
// for this source:
//
//	//async
//	func hello() {
//		fmt.Println("Hello world!")
//		rt.Await(rt.Sleep(time.Second))
//		fmt.Println("Hello again!")
//	}
//
//	//async
//	func both() error {
//		_, err := rt.Await(rt.All(helloAsync(), helloAsync()))
//		return err
//	}
//
//	func main() {
//		if _, err := rt.Run(bothAsync()); err != nil {
//			log.Fatal(err)
//		}
//	}
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// helloFrame is the frame of hello: it has no locals that live across its
// await, only the future it awaits.
type helloFrame struct {
	rt.Frame[struct{}]
	fut0 *rt.Future[struct{}]
}

func (f *helloFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	fmt.Println("Hello world!")
	f.fut0 = rt.Begin(&f.Frame, rt.Sleep(time.Second))
	if f.Frame.Await(f.fut0, 1) {
		return rt.Suspend
	}
resume1:
	rt.Result(&f.Frame, f.fut0)
	fmt.Println("Hello again!")
	return f.Frame.Return(struct{}{}, nil)
}

func helloAsync() *rt.Task[struct{}] { return rt.Start(&helloFrame{}) }

// bothFrame is the frame of both.
type bothFrame struct {
	rt.Frame[struct{}]
	fut0 *rt.Future[[]struct{}]
}

func (f *bothFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.fut0 = rt.Begin(&f.Frame, rt.All(helloAsync(), helloAsync()))
	if f.Frame.Await(f.fut0, 1) {
		return rt.Suspend
	}
resume1:
	_, err := rt.Result(&f.Frame, f.fut0)
	return f.Frame.Return(struct{}{}, err)
}

func bothAsync() *rt.Task[struct{}] { return rt.Start(&bothFrame{}) }

func main() {
	log.SetFlags(0)
	log.SetPrefix("hello: ")
	if _, err := rt.Run(bothAsync()); err != nil {
		log.Fatal(err)
	}
}
