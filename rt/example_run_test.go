package rt_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//go:generate go tool asyncgen

// fetch sleeps for d, then answers with name in angle brackets.
// asyncgen writes fetchAsync, which returns it as a task, into
// example_run_async_test.go.
//
// async
func fetch(name string, d time.Duration) (string, error) {
	if _, err := rt.Await(rt.Sleep(d)); err != nil {
		return "", err
	}
	if name == "" {
		return "", errors.New("no name")
	}
	return "<" + name + ">", nil
}

func ExampleRun() {
	// In a program's main: run the top-level task on a new loop.
	page, err := rt.Run(fetchAsync("index", 10*time.Millisecond))
	fmt.Println(page, err)
	// Output: <index> <nil>
}
