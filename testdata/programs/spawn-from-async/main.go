// rt.Spawn starts a task beside the caller, on the loop that runs the
// async function (a goroutine of its own in blocking mode); the caller
// goes on, and awaits the task later.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func square(v int) (int, error) {
	rt.Yield()
	return v * v, nil
}

//async
func fetch(name string, done *rt.Future[string]) {
	rt.Yield()
	done.Resolve("fetched " + name)
}

//async
func Main() {
	var tasks []*rt.Task[int]
	for i := 1; i <= 3; i++ {
		tasks = append(tasks, rt.Spawn(rt.Go(func() (int, error) {
			return square(i)
		})))
	}
	sum := 0
	for _, t := range tasks {
		v, err := rt.Await(t)
		if err != nil {
			fmt.Println(err)
		}
		sum += v
	}
	fmt.Println("sum:", sum)

	// A task that reports through a future.
	done := rt.NewFuture[string]()
	rt.Spawn(rt.Go(func() (struct{}, error) {
		fetch("page", done)
		return struct{}{}, nil
	}))
	s, err := rt.Await(done)
	fmt.Println(s, err)
}
