package rt_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// spawnerFrame spawns child beside itself (as the generated code of
// rt.Spawn(child) does), yields once and returns.
type spawnerFrame struct {
	rt.Frame[int]
	child *rt.Task[int]
}

func (f *spawnerFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	rt.SpawnBeside(&f.Frame, f.child)
	// Yield, so that the child runs up to its await.
	return f.Frame.Reschedule(1)
resume1:
	return f.Frame.Return(1, nil)
}

// waiterFrame awaits fut, with a deferred call that counts its runs.
type waiterFrame struct {
	rt.Frame[int]
	fut      *rt.Future[int]
	deferred *atomic.Int32
}

func (f *waiterFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.Frame.Defer(func() { f.deferred.Add(1) })
	if f.Frame.Suspend(rt.BeginFuture(&f.Frame, f.fut), 1) {
		return rt.Suspended
	}
resume1:
	v, err := rt.AwaitResult(&f.Frame, &f.fut)
	return f.Frame.Return(v, err)
}

// A task spawned from a task runs on the same loop, outlives its
// spawner, and is cancelled, its deferred calls run, when the loop
// closes at the end of Run.
func TestSpawnBesideCancelledAtClose(t *testing.T) {
	var deferred atomic.Int32
	child := rt.NewTask(&waiterFrame{fut: rt.NewFuture[int](), deferred: &deferred})
	v, err := rt.Run(rt.NewTask(&spawnerFrame{child: child}))
	if v != 1 || err != nil {
		t.Fatalf("Run = %v, %v; want 1, nil", v, err)
	}
	if !child.Done() {
		t.Fatal("the spawned task is still running after Run")
	}
	if err := child.Err(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("spawned task's error = %v; want ErrCanceled", err)
	}
	if n := deferred.Load(); n != 1 {
		t.Errorf("the spawned task's deferred call ran %d times; want 1", n)
	}
}

// A spawned task that finishes before its spawner is awaited with its
// result; it ran on the spawner's loop, in the spawner's turn order.
func TestSpawnBesideRunsOnTheLoop(t *testing.T) {
	var deferred atomic.Int32
	fut := rt.NewFuture[int]()
	child := rt.NewTask(&waiterFrame{fut: fut, deferred: &deferred})
	l := newLoop(t)
	parent := rt.NewTask(&spawnerFrame{child: child})
	if err := l.RunUntil(parent); err != nil {
		t.Fatal(err)
	}
	if child.ID() == 0 {
		t.Fatal("the spawned task has not started")
	}
	fut.Resolve(7)
	if err := l.RunUntil(child); err != nil {
		t.Fatal(err)
	}
	if v, err := child.Result(); v != 7 || err != nil {
		t.Errorf("child = %v, %v; want 7, nil", v, err)
	}
}

// In blocking mode Spawn runs the task on a goroutine of its own, at
// once: the spawner goes on, and Await waits for the task instead of
// running it again.
func TestSpawnBlocking(t *testing.T) {
	release := make(chan struct{})
	var runs atomic.Int32
	task := rt.Spawn(rt.Go(func() (int, error) {
		runs.Add(1)
		<-release // the spawner goes on meanwhile
		return 5, nil
	}))
	close(release)
	if v, err := rt.Await(task); v != 5 || err != nil {
		t.Fatalf("Await = %v, %v; want 5, nil", v, err)
	}
	if v, err := rt.Await(task); v != 5 || err != nil {
		t.Fatalf("second Await = %v, %v; want 5, nil", v, err)
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("the function ran %d times; want 1", n)
	}
	if again := rt.Spawn(task); again != task {
		t.Error("Spawn of a started task returned another task")
	}
}

// In blocking mode a task of Go runs its function when it is awaited,
// not before, and carries its error and its panic.
func TestGoBlocking(t *testing.T) {
	ran := false
	task := rt.Go(func() (string, error) { ran = true; return "x", errors.New("failed") })
	if ran {
		t.Fatal("Go ran its function before the task was awaited")
	}
	if v, err := rt.Await(task); v != "x" || err == nil || err.Error() != "failed" {
		t.Errorf("Await = %q, %v; want x, failed", v, err)
	}
	_, err := rt.Await(rt.Go(func() (int, error) { panic("boom") }))
	var pe *rt.PanicError
	if !errors.As(err, &pe) || pe.Value != "boom" {
		t.Errorf("Await of a panicking function = %v; want a *PanicError of boom", err)
	}
}

func ExampleGo() {
	n := 21
	// Called from ordinary Go, the task runs the function when awaited;
	// in an async function, the literal is a frame and its awaits suspend.
	task := rt.Go(func() (int, error) { return n * 2, nil })
	fmt.Println(rt.Await(task))
	// Output: 42 <nil>
}

func ExampleSpawn() {
	// Called from ordinary Go, Spawn runs the task on a goroutine; in an
	// async function, on the function's loop, beside it.
	task := rt.Spawn(rt.Go(func() (string, error) { return "done", nil }))
	fmt.Println(rt.Await(task))
	// Output: done <nil>
}
