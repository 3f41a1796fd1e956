// Futures: created with rt.NewFuture, completed (resolved, rejected,
// cancelled) by another async function before they are awaited, awaited
// more than once, and reused after Reset.
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func producer(f *rt.Future[string], v string) {
	rt.Yield()
	if v == "" {
		f.Reject(errors.New("empty value"))
		return
	}
	f.Resolve(v)
}

//async
func consume(f *rt.Future[string]) string {
	v, err := rt.Await(f)
	if err != nil {
		return "error: " + err.Error()
	}
	return "value: " + v
}

//async
func Main() {
	f := rt.NewFuture[string]()
	producer(f, "hello")
	fmt.Println(consume(f))
	fmt.Println("again:", consume(f), f.Done())

	g := rt.NewFuture[string]()
	producer(g, "")
	fmt.Println(consume(g))

	h := rt.NewFuture[int]()
	fmt.Println("cancel:", h.Cancel())
	_, err := rt.Await(h)
	fmt.Println("canceled:", errors.Is(err, rt.ErrCanceled))

	var futs []*rt.Future[int]
	for i := 0; i < 3; i++ {
		fu := rt.NewFuture[int]()
		futs = append(futs, fu)
	}
	for i := len(futs) - 1; i >= 0; i-- {
		rt.Yield()
		futs[i].Resolve(i * i)
	}
	sum := 0
	for i := 0; i < len(futs); i++ {
		v, err := rt.Await(futs[i])
		if err != nil {
			fmt.Println("unexpected", err)
		}
		sum += v
	}
	fmt.Println("sum:", sum)

	f.Reset()
	producer(f, "reused")
	fmt.Println(consume(f))
	fmt.Println("second complete:", f.Resolve("ignored"), consume(f))
}
