package rt_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

const ms = time.Millisecond

var errA, errB = errors.New("a failed"), errors.New("b failed")

func TestAll(t *testing.T) {
	l := newTickingLoop(t)
	fut := rt.NewFuture[int]()
	fut.Resolve(4)
	vals, err := run(t, l, await(rt.All[int](after(3*ms, 1, nil), after(0, 2, nil), after(ms, 3, nil), fut)))
	if err != nil || !slices.Equal(vals, []int{1, 2, 3, 4}) {
		t.Errorf("All = %v, %v; want [1 2 3 4] in the order given", vals, err)
	}
	vals, err = run(t, l, await(rt.All[int]()))
	if err != nil || vals == nil || len(vals) != 0 {
		t.Errorf("All() = %#v, %v; want an empty slice", vals, err)
	}
}

func TestAllFirstErrorCancelsTheRest(t *testing.T) {
	l := newTickingLoop(t)
	slow := after(time.Hour, 1, nil)
	late := after(2*ms, 2, errB)
	var log events
	slow.OnDone(func() { log.add("slow:%v", slow.Err()) })
	task := await(rt.All[int](slow, after(ms, 0, errA), late))
	task.OnDone(func() { log.add("all") })
	_, err := run(t, l, task)
	if err != errA {
		t.Errorf("All = %v, want %v", err, errA)
	}
	if !errors.Is(late.Err(), rt.ErrCanceled) {
		t.Errorf("late: %v, want ErrCanceled", late.Err())
	}
	if got, want := log.String(), "slow:rt: canceled all"; got != want {
		t.Errorf("log = %q, want %q: All ends after what it cancelled", got, want)
	}
}

func TestAny(t *testing.T) {
	l := newTickingLoop(t)
	slow := after(time.Hour, "slow", nil)
	v, err := run(t, l, await(rt.Any[string](after(ms, "x", errA), slow, after(2*ms, "win", nil))))
	if v != "win" || err != nil {
		t.Errorf("Any = %q, %v; want win", v, err)
	}
	if !errors.Is(slow.Err(), rt.ErrCanceled) {
		t.Errorf("loser: %v, want ErrCanceled", slow.Err())
	}
	_, err = run(t, l, await(rt.Any[string](after(2*ms, "", errA), after(ms, "", errB))))
	if !errors.Is(err, errA) || !errors.Is(err, errB) || err.Error() != "a failed\nb failed" {
		t.Errorf("Any of failures = %v, want both errors joined in order", err)
	}
	if _, err = run(t, l, await(rt.Any[string]())); err == nil {
		t.Error("Any() succeeded")
	}
}

func TestTimeout(t *testing.T) {
	l := newLoop(t)
	v, err := run(t, l, await(rt.Timeout[int](after(ms, 5, nil), time.Hour)))
	if v != 5 || err != nil {
		t.Errorf("Timeout of a quick op = %v, %v", v, err)
	}
	v, err = run(t, l, await(rt.Timeout[int](after(0, 6, errA), time.Hour)))
	if v != 6 || err != errA {
		t.Errorf("Timeout of a failing op = %v, %v", v, err)
	}
	inner := after(time.Hour, 7, nil)
	_, err = run(t, l, await(rt.Timeout[int](inner, ms)))
	if err != rt.ErrTimeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Timeout of a slow op = %v, want ErrTimeout", err)
	}
	if !errors.Is(inner.Err(), rt.ErrCanceled) {
		t.Errorf("inner: %v, want ErrCanceled", inner.Err())
	}
	fut := rt.NewFuture[int]()
	if _, err = run(t, l, await(rt.Timeout[int](fut, 0))); err != rt.ErrTimeout {
		t.Errorf("Timeout 0 of a future = %v, want ErrTimeout", err)
	}
	// Cancelling the await cancels the inner op.
	inner = after(time.Hour, 8, nil)
	task := await(rt.Timeout[int](inner, time.Hour))
	l.Spawn(task)
	cancelSoon(l, task)
	if _, err = run(t, l, task); !errors.Is(err, rt.ErrCanceled) || !errors.Is(inner.Err(), rt.ErrCanceled) {
		t.Errorf("cancelled Timeout = %v, inner %v", err, inner.Err())
	}
}

func TestAsCompleted(t *testing.T) {
	l := newTickingLoop(t)
	fut := rt.NewFuture[string]()
	c := rt.AsCompleted[string](after(3*ms, "c", nil), after(ms, "a", nil), after(2*ms, "", errB), fut)
	var log events
	task := script(func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			fut.Resolve("now") // done before the first Next: delivered first
		}
		if !c.More() {
			return nil
		}
		return await(rt.Op[struct{}](opFunc(func(l *rt.Loop) *rt.Future[struct{}] {
			f := c.Next().Start(l)
			done := rt.NewFuture[struct{}]()
			f.OnDone(func() {
				v, err := f.Result()
				log.add("%s/%v", v, err)
				done.Resolve(struct{}{})
			})
			return done
		})))
	})
	run(t, l, task)
	want := "now/<nil> a/<nil> /b failed c/<nil>"
	if got := log.String(); got != want {
		t.Errorf("results in order %q, want %q", got, want)
	}
	if _, err := c.Next().Start(l).Result(); err != io.EOF {
		t.Errorf("Next after the last = %v, want io.EOF", err)
	}
}

// opFunc makes a func an Op.
type opFunc func(l *rt.Loop) *rt.Future[struct{}]

func (f opFunc) Start(l *rt.Loop) *rt.Future[struct{}] { return f(l) }

func TestGroup(t *testing.T) {
	l := newLoop(t)
	var g rt.Group
	var log events
	for i := range 3 {
		g.Go(script(func(n int, err error) rt.Op[struct{}] {
			if n == 0 {
				return rt.Sleep(time.Duration(i) * ms)
			}
			log.add("%d", i)
			if i == 0 {
				// A task of the group adds another.
				g.Go(script(func(n int, err error) rt.Op[struct{}] {
					if n == 0 {
						return rt.Sleep(5 * ms)
					}
					log.add("added")
					return nil
				}))
			}
			return nil
		}))
	}
	if _, err := run(t, l, await(g.Wait())); err != nil {
		t.Errorf("Wait = %v", err)
	}
	if got, want := log.String(), "0 1 2 added"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
	var empty rt.Group
	if _, err := run(t, l, await(empty.Wait())); err != nil {
		t.Errorf("empty group: %v", err)
	}
}

func TestGroupFailureCancelsSiblings(t *testing.T) {
	l := newTickingLoop(t)
	var g rt.Group
	slow := after(time.Hour, struct{}{}, nil)
	g.Go(slow)
	g.Go(after(ms, struct{}{}, errA))
	// A task that fails while being cancelled still counts.
	cleanup := &scriptFrame{}
	cleanup.body = func(i int, err error) rt.Op[struct{}] {
		if i == 0 {
			return rt.Sleep(time.Hour)
		}
		cleanup.err = errB // the error the script returns
		return nil
	}
	g.Go(rt.NewTask(cleanup))
	_, err := run(t, l, await(g.Wait()))
	if err == nil || err.Error() != "a failed\nb failed" || !errors.Is(err, errA) || !errors.Is(err, errB) {
		t.Errorf("Wait = %v; want a failed and b failed, joined in that order", err)
	}
	if !errors.Is(slow.Err(), rt.ErrCanceled) {
		t.Errorf("sibling: %v, want ErrCanceled", slow.Err())
	}

	// Tasks that finished before Wait count as well.
	var g2 rt.Group
	done := after(0, struct{}{}, nil)
	rt.Run(done)
	panicked := rt.NewTask(&panicFrame{v: "early"})
	rt.Run(panicked)
	slow = after(time.Hour, struct{}{}, nil)
	g2.Go(slow)
	g2.Go(done)
	g2.Go(panicked)
	_, err = run(t, l, await(g2.Wait()))
	var pe *rt.PanicError
	if !errors.As(err, &pe) || pe.Value != "early" {
		t.Errorf("Wait = %v, want the PanicError alone", err)
	}
	if !errors.Is(slow.Err(), rt.ErrCanceled) {
		t.Errorf("sibling: %v, want ErrCanceled", slow.Err())
	}
}

func TestBlockingMode(t *testing.T) {
	before := openFDs(t)
	if _, err := rt.Await(rt.Sleep(ms)); err != nil {
		t.Errorf("Sleep: %v", err)
	}
	if v, err := rt.Await(after(ms, 1, nil)); v != 1 || err != nil {
		t.Errorf("task: %v, %v", v, err)
	}
	fut := rt.NewFuture[int]()
	go fut.Resolve(2) // no loop: a goroutine may complete it
	if v, err := rt.Await[int](fut); v != 2 || err != nil {
		t.Errorf("future: %v, %v", v, err)
	}
	if vs, err := rt.Await(rt.All[int](after(2*ms, 1, nil), after(ms, 2, nil))); !slices.Equal(vs, []int{1, 2}) || err != nil {
		t.Errorf("All: %v, %v", vs, err)
	}
	if v, err := rt.Await(rt.Any[int](after(time.Hour, 1, nil), after(ms, 2, nil))); v != 2 || err != nil {
		t.Errorf("Any: %v, %v", v, err)
	}
	inner := after(time.Hour, 3, nil)
	if _, err := rt.Await(rt.Timeout[int](inner, ms)); err != rt.ErrTimeout || !errors.Is(inner.Err(), rt.ErrCanceled) {
		t.Errorf("Timeout: %v, inner %v", err, inner.Err())
	}
	var g rt.Group
	g.Go(after(ms, 0, nil))
	g.Go(after(0, 0, errA))
	if _, err := rt.Await(g.Wait()); err != errA {
		t.Errorf("Group: %v", err)
	}
	c := rt.AsCompleted[int](after(2*ms, 1, nil), after(0, 2, nil), rt.Timeout[int](rt.NewFuture[int](), ms))
	var got []string
	for c.More() {
		v, err := rt.Await(c.Next())
		got = append(got, fmt.Sprint(v, err))
	}
	slices.Sort(got)
	if want := []string{"0 rt: timeout", "1 <nil>", "2 <nil>"}; !slices.Equal(got, want) {
		t.Errorf("AsCompleted: %q, want %q in some order", got, want)
	}
	if _, err := rt.Await(c.Next()); err != io.EOF {
		t.Errorf("AsCompleted past the end: %v", err)
	}
	rt.Yield() // does nothing
	if after := openFDs(t); after != before {
		t.Errorf("open descriptors: %d before, %d after", before, after)
	}
}
