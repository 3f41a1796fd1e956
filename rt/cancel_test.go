package rt_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// canceler cancels task once the tasks ready before it have run: by then
// they have reached their first suspension.
func cancelSoon(l *rt.Loop, task rt.AnyTask) {
	l.CallSoon(func() { l.CallSoon(func() { task.Cancel() }) })
}

func TestCancelAtSleep(t *testing.T) {
	l := newLoop(t)
	var log events
	task := script(func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			return rt.Sleep(time.Hour)
		}
		log.add("%d:%v", i, err)
		return nil
	})
	l.Spawn(task)
	cancelSoon(l, task)
	_, err := run(t, l, task)
	if !errors.Is(err, rt.ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want ErrCanceled matching context.Canceled", err)
	}
	if got := log.String(); got != "1:rt: canceled" {
		t.Errorf("log = %q", got)
	}
	if task.Cancel() {
		t.Error("Cancel of a finished task reported true")
	}
}

func TestCancellationIsSticky(t *testing.T) {
	l := newLoop(t)
	var log events
	task := script(func(i int, err error) rt.Op[struct{}] {
		if i > 0 {
			log.add("%d:%v", i, err)
		}
		switch i {
		case 0:
			return rt.Sleep(time.Hour)
		case 1, 2: // carries on regardless: the next awaits fail at once
			return rt.Sleep(0)
		case 3:
			return after(0, struct{}{}, nil) // not even started
		case 4:
			return yield // unwinds the frame
		}
		log.add("not reached")
		return nil
	})
	l.Spawn(task)
	cancelSoon(l, task)
	_, err := run(t, l, task)
	if !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("err = %v, want ErrCanceled", err)
	}
	want := "1:rt: canceled 2:rt: canceled 3:rt: canceled 4:rt: canceled"
	if got := log.String(); got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

func TestCancelNestedAwaitCancelsChild(t *testing.T) {
	l := newLoop(t)
	var log events
	grandchild := after(time.Hour, 1, nil)
	child := rt.NewTask(&callFrame{t: grandchild})
	parent := rt.NewTask(&callFrame{t: child})
	parent.OnDone(func() { log.add("parent:%v", parent.Err()) })
	child.OnDone(func() { log.add("child:%v", child.Err()) })
	grandchild.OnDone(func() { log.add("grandchild:%v", grandchild.Err()) })
	l.Spawn(parent)
	cancelSoon(l, parent)
	_, err := run(t, l, parent)
	if !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("err = %v, want ErrCanceled", err)
	}
	// The parent goes on only after its callees have finished.
	want := "grandchild:rt: canceled child:rt: canceled parent:rt: canceled"
	if got := log.String(); got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

func TestCancelBeforeStart(t *testing.T) {
	l := newLoop(t)
	ran := false
	body := func(i int, err error) rt.Op[struct{}] { ran = true; return nil }
	unstarted := script(body)
	if !unstarted.Cancel() || !errors.Is(unstarted.Err(), rt.ErrCanceled) {
		t.Errorf("unstarted task: err = %v after Cancel", unstarted.Err())
	}
	spawned := script(body)
	l.Spawn(spawned)
	spawned.Cancel()
	if _, err := run(t, l, spawned); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("spawned task: err = %v", err)
	}
	l.Spawn(unstarted) // finished: nothing happens
	if ran {
		t.Error("a task cancelled before it started ran")
	}
}

func TestCancelAwaitOfPlainFutureCancelsIt(t *testing.T) {
	l := newLoop(t)
	fut := rt.NewFuture[int]()
	task := await[int](fut)
	l.Spawn(task)
	cancelSoon(l, task)
	run(t, l, task)
	if _, err := fut.Result(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("future: %v, want ErrCanceled", err)
	}
	if fut.Cancel() {
		t.Error("Cancel of a done future reported true")
	}
}

func TestCancelGroup(t *testing.T) {
	l := newLoop(t)
	var g rt.Group
	var kids []*rt.Task[int]
	for i := range 3 {
		kid := after(time.Hour, i, nil)
		g.Go(kid)
		kids = append(kids, kid)
	}
	task := await(g.Wait())
	l.Spawn(task)
	cancelSoon(l, task)
	_, err := run(t, l, task)
	if !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("Wait = %v, want ErrCanceled", err)
	}
	for i, kid := range kids {
		if !errors.Is(kid.Err(), rt.ErrCanceled) {
			t.Errorf("kid %d: %v, want ErrCanceled", i, kid.Err())
		}
	}
	if _, err := g.Wait().Start(l).Result(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("group result = %v, want ErrCanceled", err)
	}
	// Go after the group has finished cancels the task.
	late := after(0, 9, nil)
	g.Go(late)
	if !errors.Is(late.Err(), rt.ErrCanceled) {
		t.Errorf("late task: %v, want ErrCanceled", late.Err())
	}
}
