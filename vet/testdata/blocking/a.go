package blocking

import (
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"

	"example.com/vettest/blocking/helper"
	"github.com/asyncgen/asyncgen/rt"
)

var (
	mu   sync.Mutex
	rw   sync.RWMutex
	wg   sync.WaitGroup
	cond = sync.NewCond(&mu)
)

// Direct makes each blocking call.
//
// async
func Direct(ch chan int, fut *rt.Future[int], t *rt.Task[int]) {
	time.Sleep(time.Millisecond) // want `^time.Sleep in async function Direct blocks the loop: await rt.Sleep\(d\) instead$`
	mu.Lock()                    // want `^sync.Mutex.Lock in async function Direct blocks the loop: a lock shared`
	mu.Unlock()
	rw.RLock() // want `^sync.RWMutex.RLock in async function Direct blocks the loop`
	rw.RUnlock()
	rw.Lock() // want `^sync.RWMutex.Lock in async function Direct`
	rw.Unlock()
	wg.Wait()   // want `^sync.WaitGroup.Wait in async function Direct blocks the loop: spawn the tasks in an rt.Group`
	cond.Wait() // want `^sync.Cond.Wait in async function Direct blocks the loop: await an rt.Future`
	ch <- 1     // want `^channel send in async function Direct blocks the loop: await an rt.Future completed through Loop.Submit, or move the channel operation into rt.Blocking$`
	<-ch        // want `^channel receive in async function Direct`
	v := <-ch   // want `^channel receive in async function Direct`
	select {    // want `^select without default in async function Direct blocks the loop`
	case <-ch:
	case ch <- v:
	}
	select {
	case <-ch:
		ch <- 2 // want `^channel send in async function Direct`
	default:
	}
	for range ch { // want `^range over a channel in async function Direct`
	}
	os.ReadFile("x")                          // want `^os.ReadFile in async function Direct blocks the loop: move it into rt.Blocking`
	http.Get("http://127.0.0.1:1/")           // want `^http.Get in async function Direct blocks the loop: move it into rt.Blocking`
	exec.Command("true").Run()                // want `^exec.Cmd.Run in async function Direct blocks the loop: move it into rt.Blocking`
	fut.Wait()                                // want `^rt.Future.Wait in async function Direct blocks the loop: await it instead: rt.Await\(x\)$`
	t.Wait()                                  // want `^rt.Task.Wait in async function Direct blocks the loop: await it instead`
	helper.Slow()                             // want `^call of helper.Slow in async function Direct blocks the loop: helper.Slow → helper.wait → time.Sleep \(helper.go:12:2\); await rt.Sleep\(d\) instead$`
	local(ch)                                 // want `^call of blocking.local in async function Direct blocks the loop: blocking.local → channel receive \(a.go:\d+:\d+\); await an rt.Future`
	plain()                                   // want `^call of blocking.plain in async function Direct blocks the loop: blocking.plain → blocking.Fine \(a.go:\d+:\d+\); make the calling function async`
	func() { time.Sleep(time.Millisecond) }() // want `^time.Sleep in async function Direct`
	defer func() {
		<-ch // want `^channel receive in async function Direct`
	}()
	helper.Custom() // reported only with -funcs: see package custom
}

func local(ch chan int) int { // want local:"blocks via channel receive"
	if cap(ch) > 0 {
		return <-ch
	}
	return 0
}

// plain runs an async function in blocking mode.
func plain() { // want plain:"blocks via blocking.Fine"
	Fine(nil)
}

// recursive calls itself and blocks.
func recursive(n int) { // want recursive:"blocks via time.Sleep"
	if n > 0 {
		recursive(n - 1)
	}
	time.Sleep(time.Millisecond)
}

// Fine blocks nowhere: the negative cases.
//
// async
func Fine(ch chan int) {
	select {
	case v := <-ch:
		_ = v
	case ch <- 1:
	default:
	}
	rt.Await(rt.Blocking(func() (int, error) {
		time.Sleep(time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		return <-ch, nil
	}))
	go func() {
		time.Sleep(time.Millisecond)
		ch <- 1
	}()
	rt.Await(rt.Sleep(time.Millisecond))
	Fine(ch) // an await, not a blocking call
	f := func() { time.Sleep(time.Millisecond) }
	rt.Await(rt.Blocking(func() (struct{}, error) { f(); return struct{}{}, nil }))
	helper.Quick()
	rt.Yield()
}

// UsesRuntime calls rt's own methods, whose locks guard what goroutines
// share with the loop: not blocking.
//
// async
func UsesRuntime(q *rt.Queue[int], m *rt.Lock) {
	q.TryPut(1)
	q.Close()
	m.TryLock()
	m.Unlock()
}
