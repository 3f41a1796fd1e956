package rt_test

import (
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// lines is an async generator: it yields the lines of text, one per
// millisecond, as a slow source would. asyncgen writes linesAsync, which
// returns an *rt.Gen, into example_gen_async_test.go.
//
// async
func lines(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		defer fmt.Println("source closed")
		for line := range strings.Lines(text) {
			if _, err := rt.Await(rt.Sleep(time.Millisecond)); err != nil {
				return
			}
			if !yield(strings.TrimSuffix(line, "\n")) {
				return
			}
		}
	}
}

// firstErrors prints the lines of text that start with "error", up to
// max of them: the generator's producer runs only as far as the loop
// asks, and the break stops it (its deferred call runs before the loop
// goes on).
//
// async
func firstErrors(text string, max int) int {
	n := 0
	for line := range lines(text) {
		if !strings.HasPrefix(line, "error") {
			continue
		}
		fmt.Println(line)
		if n++; n == max {
			break
		}
	}
	return n
}

func ExampleGen() {
	log := "ok 1\nerror: disk\nok 2\nerror: net\nerror: late\n"
	n, err := rt.Run(firstErrorsAsync(log, 2))
	fmt.Println(n, err)
	// Output:
	// error: disk
	// error: net
	// source closed
	// 2 <nil>
}
