// Function literals that await, made tasks with rt.Go: awaited, put in a
// Group, spawned. Each task shares the variables its literal captures
// with the function, and a literal made in a loop keeps its iteration's.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func double(v int) int {
	rt.Yield()
	return v * 2
}

//async
func Main() {
	total := 0
	var tasks []*rt.Task[int]
	for i := 0; i < 3; i++ {
		tasks = append(tasks, rt.Go(func() (int, error) {
			rt.Yield()
			total += i // shared with Main
			return double(i), nil
		}))
	}
	total = 100 // the tasks have not started: they see this
	for _, t := range tasks {
		v, err := rt.Await(t)
		fmt.Println("task:", v, err, total)
	}

	// An error, and a task awaited where it is made.
	_, err := rt.Await(rt.Go(func() (string, error) {
		rt.Yield()
		return "", errors.New("failed")
	}))
	fmt.Println("error:", err)

	// Tasks in a Group, each writing its own slot.
	out := make([]int, 4)
	var g rt.Group
	for i := range out {
		g.Go(rt.Go(func() (struct{}, error) {
			for range i {
				rt.Yield()
			}
			out[i] = double(i + 1)
			return struct{}{}, nil
		}))
	}
	if _, err := rt.Await(g.Wait()); err != nil {
		fmt.Println("group:", err)
	}
	fmt.Println("group:", out)

	// A task spawned, then awaited.
	n := 21
	t := rt.Spawn(rt.Go(func() (int, error) {
		return double(n), nil
	}))
	v, err := rt.Await(t)
	fmt.Println("spawned:", v, err)
}
