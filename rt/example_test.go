package rt_test

import (
	"fmt"
	"os"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

func ExampleAwait() {
	// Blocking mode: from ordinary Go, Await blocks until the op is done.
	// Inside an async function it is a suspension point instead.
	page, err := rt.Await(fetchAsync("about", time.Millisecond))
	fmt.Println(page, err)
	// Output: <about> <nil>
}

func ExampleAll() {
	// Inside an async function:
	//	pages, err := rt.Await(rt.All(fetchAsync("a", 20*time.Millisecond), ...))
	pages, err := rt.Await(rt.All(
		fetchAsync("a", 20*time.Millisecond),
		fetchAsync("b", 10*time.Millisecond),
		fetchAsync("c", 0),
	))
	fmt.Println(pages, err)

	// The first failure cancels the rest.
	slow := fetchAsync("slow", time.Hour)
	_, err = rt.Await(rt.All(slow, fetchAsync("", time.Millisecond)))
	fmt.Println(err, "/", slow.Err())
	// Output:
	// [<a> <b> <c>] <nil>
	// no name / rt: canceled
}

func ExampleAny() {
	mirror, err := rt.Await(rt.Any(
		fetchAsync("far", time.Hour),
		fetchAsync("", 0), // fails: Any waits for a success
		fetchAsync("near", 10*time.Millisecond),
	))
	fmt.Println(mirror, err)
	// Output: <near> <nil>
}

func ExampleTimeout() {
	slow := fetchAsync("slow", time.Hour)
	_, err := rt.Await(rt.Timeout(slow, 10*time.Millisecond))
	fmt.Println(err, "/", slow.Err())
	// Output: rt: timeout / rt: canceled
}

// printAllFrame is the frame that asyncgen writes for
//
//	//async
//	func printAll(c *rt.Completed[string]) {
//		for c.More() {
//			page, err := rt.Await(c.Next())
//			fmt.Println(page, err)
//		}
//	}
type printAllFrame struct {
	rt.Frame[struct{}]
	c   *rt.Completed[string]
	fut *rt.Future[string]
}

func (f *printAllFrame) Resume() rt.Step {
	if f.Frame.PC() == 1 {
		goto resume1
	}
loop:
	if !f.c.More() {
		return f.Frame.Return(struct{}{}, nil)
	}
	f.fut = rt.Begin(&f.Frame, f.c.Next())
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume1:
	{
		page, err := rt.AwaitResult(&f.Frame, &f.fut)
		fmt.Println(page, err)
	}
	goto loop
}

func ExampleAsCompleted() {
	c := rt.AsCompleted(
		fetchAsync("slow", 30*time.Millisecond),
		fetchAsync("", 20*time.Millisecond),
		fetchAsync("fast", 10*time.Millisecond),
	)
	rt.Run(rt.NewTask(&printAllFrame{c: c}))
	// Output:
	// <fast> <nil>
	//  no name
	// <slow> <nil>
}

func ExampleGroup() {
	var g rt.Group
	for _, name := range []string{"a", "b", "c"} {
		g.Go(fetchAsync(name, time.Millisecond))
	}
	_, err := rt.Await(g.Wait())
	fmt.Println(err)

	// A failure cancels the other tasks of the group.
	var g2 rt.Group
	slow := fetchAsync("slow", time.Hour)
	g2.Go(slow)
	g2.Go(fetchAsync("", time.Millisecond))
	_, err = rt.Await(g2.Wait())
	fmt.Println(err, "/", slow.Err())
	// Output:
	// <nil>
	// no name / rt: canceled
}

func ExampleLoop_Dump() {
	l, err := rt.NewLoop()
	if err != nil {
		panic(err)
	}
	defer l.Close()
	a, b := fetchAsync("a", time.Hour), fetchAsync("b", time.Hour)
	l.Spawn(a)
	l.Spawn(b)
	l.RunUntil(script(func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			return yield // let a and b reach their first await
		}
		l.Dump(os.Stdout)
		return nil
	}))
	// Output:
	// 3 live tasks, 0 ready, 2 timers
	// task 3 *rt_test.scriptFrame pc=1 running
	// task 2 *rt_test.fetchFrame pc=1 awaiting a future
	// task 1 *rt_test.fetchFrame pc=1 awaiting a future
}

func ExampleFuture() {
	l, err := rt.NewLoop()
	if err != nil {
		panic(err)
	}
	defer l.Close()
	fut := rt.NewFuture[int]()
	// Another goroutine completes the future through the loop.
	go l.Submit(func() { fut.Resolve(42) })
	task := await[int](fut)
	l.RunUntil(task)
	fmt.Println(task.Result())
	// Output: 42 <nil>
}
