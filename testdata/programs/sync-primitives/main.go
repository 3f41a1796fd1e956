// The synchronisation primitives awaited by one task: each wait that can be
// served at once, a queue drained after Close, and a get under Timeout
// that nothing will serve.
package main

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func Main() {
	q := rt.NewQueue[string](3)
	for _, w := range []string{"a", "b", "c"} {
		if _, err := rt.Await(q.Put(w)); err != nil {
			fmt.Println("put:", err)
		}
	}
	fmt.Println("full:", q.TryPut("d"), q.Len())
	q.Close()
	for {
		v, err := rt.Await(q.Get())
		if err != nil {
			fmt.Println("end:", err)
			break
		}
		fmt.Println("got", v)
	}

	var mu rt.Lock
	rt.Await(mu.Lock())
	fmt.Println("locked:", mu.Locked(), mu.TryLock())
	mu.Unlock()

	s := rt.NewSemaphore(2)
	rt.Await(s.Acquire())
	rt.Await(s.Acquire())
	fmt.Println("free:", s.Free(), s.TryAcquire())
	s.Release()
	s.Release()

	var e rt.Event
	e.Set()
	rt.Await(e.Wait())
	fmt.Println("event:", e.IsSet())

	c := rt.NewCondition(nil)
	rt.Await(c.L.Lock())
	c.Signal() // nobody waits: nothing happens
	c.L.Unlock()

	_, err := rt.Await(rt.Timeout(rt.NewQueue[int](1).Get(), time.Millisecond))
	fmt.Println("timeout:", err)
}
