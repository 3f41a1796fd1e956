// Package dropped makes tasks and ops and loses some of them.
package dropped

import (
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Work is the task that gets made.
//
// async
func Work(n int) int {
	rt.Yield()
	return n
}

// Loses drops tasks and ops in each way.
//
// async
func Loses(conn *rt.Conn, buf []byte) {
	WorkAsync(1)               // want `^the task made by WorkAsync\(...\) is dropped and never runs: await it \(rt.Await\), spawn it \(Loop.Spawn\) or add it to an rt.Group$`
	rt.Sleep(time.Millisecond) // want `^the op made by rt.Sleep\(...\) is dropped and never runs: await it \(rt.Await\) or pass it to a combinator$`
	_ = conn.Read(buf)         // want `^the op made by conn.Read\(...\) is assigned to _ and never runs`
	t := WorkAsync(2)          // want `^the task t made by WorkAsync\(...\) is never awaited, spawned or stored, so it never runs`
	if !t.Done() {
		t.Cancel()
	}
	defer WorkAsync(3) // want `^the task made by WorkAsync\(...\) is dropped`
}

// Main drops a task outside any async function.
func Main() {
	WorkAsync(4) // want `^the task made by WorkAsync\(...\) is dropped`
}

// Keeps hands every task and op on: the negative cases.
//
// async
func Keeps(l *rt.Loop, g *rt.Group, conn *rt.Conn, buf []byte) []*rt.Task[int] {
	rt.Await(WorkAsync(1))
	l.Spawn(WorkAsync(2))
	g.Go(WorkAsync(3))
	t := WorkAsync(4)
	rt.Await(rt.Timeout(t, time.Second))
	op := conn.Read(buf)
	rt.Await(op)
	kept := []*rt.Task[int]{WorkAsync(5)}
	u := WorkAsync(6)
	kept = append(kept, u)
	rt.Await(rt.All(rt.Op[int](WorkAsync(7)), conn.Read(buf)))
	Work(8) // a direct call: an await
	return kept
}

// started spawns a task on l and returns it, started.
func started(l *rt.Loop, n int) *rt.Task[int] {
	t := WorkAsync(n)
	l.Spawn(t)
	return t
}

// InspectsStarted looks at a task that a helper has spawned: not dropped.
func InspectsStarted(l *rt.Loop) bool {
	t := started(l, 3)
	return t.Done()
}

// Spawns drops what rt.Spawn returns: the task runs all the same.
func Spawns() {
	rt.Spawn(WorkAsync(4))
	_ = rt.Spawn(WorkAsync(5))
}
