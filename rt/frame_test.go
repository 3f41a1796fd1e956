package rt_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// sumFrame is the frame asyncgen writes for
//
//	//async
//	func sum(a, b int) (int, error) {
//		if _, err := rt.Await(rt.Sleep(time.Millisecond)); err != nil {
//			return 0, err
//		}
//		return a + b, nil
//	}
type sumFrame struct {
	rt.Frame[int]
	a, b int
	fut0 *rt.Future[struct{}]
}

func (f *sumFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.fut0 = rt.Begin(&f.Frame, rt.Sleep(time.Millisecond))
	if f.Frame.Suspend(f.fut0, 1) {
		return rt.Suspended
	}
resume1:
	if _, err := rt.AwaitResult(&f.Frame, &f.fut0); err != nil {
		return f.Frame.Return(0, err)
	}
	return f.Frame.Return(f.a+f.b, nil)
}

func sumAsync(a, b int) *rt.Task[int] { return rt.NewTask(&sumFrame{a: a, b: b}) }

func TestHandWrittenFrame(t *testing.T) {
	got, err := rt.Run(sumAsync(2, 3))
	if err != nil || got != 5 {
		t.Fatalf("Run(sumAsync(2, 3)) = %v, %v; want 5, nil", got, err)
	}
	// Blocking mode: Await of a task that has not started runs it.
	got, err = rt.Await(sumAsync(4, 5))
	if err != nil || got != 9 {
		t.Fatalf("Await(sumAsync(4, 5)) = %v, %v; want 9, nil", got, err)
	}
	_ = errors.New
}

// directFrame awaits a future and then a task through the static forms of
// Begin, as generated code does when the op's type is known.
type directFrame struct {
	rt.Frame[int]
	fut   *rt.Future[int]
	child *rt.Task[int]
	got   *rt.Future[int]
	sum   int
}

func (f *directFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	case 2:
		goto resume2
	}
	f.got = rt.BeginFuture(&f.Frame, f.fut)
	if f.Frame.Suspend(f.got, 1) {
		return rt.Suspended
	}
resume1:
	if v, err := rt.AwaitResult(&f.Frame, &f.got); err != nil {
		return f.Frame.Return(0, err)
	} else {
		f.sum += v
	}
	f.got = rt.BeginTask(&f.Frame, f.child)
	if f.Frame.Suspend(f.got, 2) {
		return rt.Suspended
	}
resume2:
	v, err := rt.CallResult(&f.Frame, f.child)
	return f.Frame.Return(f.sum+v, err)
}

func TestBeginFutureAndTask(t *testing.T) {
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	fut := rt.NewFuture[int]()
	task := rt.NewTask(&directFrame{fut: fut, child: sumAsync(10, 20)})
	l.Spawn(task)
	l.CallSoon(func() { fut.Resolve(12) })
	if err := l.RunUntil(task); err != nil {
		t.Fatal(err)
	}
	if got, err := task.Result(); got != 42 || err != nil {
		t.Errorf("result = %d, %v; want 42, nil", got, err)
	}

	// Cancelled while it awaits the future: both static Begins start
	// nothing afterwards, and the task ends with ErrCanceled.
	fut = rt.NewFuture[int]()
	child := sumAsync(1, 2)
	task = rt.NewTask(&directFrame{fut: fut, child: child})
	l.Spawn(task)
	l.CallSoon(func() { task.Cancel() })
	if err := l.RunUntil(task); err != nil {
		t.Fatal(err)
	}
	if _, err := task.Result(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("cancelled task: err = %v; want ErrCanceled", err)
	}
	if child.ID() != 0 {
		t.Errorf("the child of a cancelled task was started (id %d)", child.ID())
	}
}

// selfCancelChild cancels the task that started it, while that task is
// still starting it, then sleeps until it is cancelled in turn.
type selfCancelChild struct {
	rt.Frame[int]
	parent *rt.Task[int]
	sleep  *rt.Future[struct{}]
}

func (f *selfCancelChild) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.parent.Cancel()
	f.sleep = rt.Begin(&f.Frame, rt.Sleep(time.Hour))
	if f.Frame.Suspend(f.sleep, 1) {
		return rt.Suspended
	}
resume1:
	_, err := rt.AwaitResult(&f.Frame, &f.sleep)
	return f.Frame.Return(7, err)
}

type awaitChildFrame struct {
	rt.Frame[int]
	child *rt.Task[int]
	fut   *rt.Future[int]
}

func (f *awaitChildFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.fut = rt.BeginTask(&f.Frame, f.child)
	if f.Frame.Suspend(f.fut, 1) {
		return rt.Suspended
	}
resume1:
	v, err := rt.AwaitResult(&f.Frame, &f.fut)
	return f.Frame.Return(v, err)
}

// TestCancelWhileStartingChild: a task cancelled while the child it awaits
// is starting (here by the child itself) still waits for the child, which
// is cancelled too, so no child outlives its await.
func TestCancelWhileStartingChild(t *testing.T) {
	pf := &awaitChildFrame{}
	parent := rt.NewTask(pf)
	child := rt.NewTask(&selfCancelChild{parent: parent})
	pf.child = child
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.RunUntil(parent); err != nil {
		t.Fatal(err)
	}
	if _, err := parent.Result(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("parent: err = %v; want ErrCanceled", err)
	}
	if !child.Done() {
		t.Fatal("the parent finished while its child was still running")
	}
	if _, err := child.Result(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("child: err = %v; want ErrCanceled", err)
	}
}

// guardedFrame is the frame asyncgen writes for
//
//	//async
//	func guarded(fail bool) (n int, err error) {
//		defer func() {
//			if r := recover(); r != nil {
//				n, err = -1, fmt.Errorf("recovered %v", r)
//			}
//		}()
//		rt.Yield()
//		if fail {
//			panic("boom")
//		}
//		return 1, nil
//	}
type guardedFrame struct {
	rt.Frame[int]
	fail bool
	n    int
	err  error
}

func (f *guardedFrame) Resume() rt.Step {
	switch f.Frame.PC() {
	case 1:
		goto resume1
	}
	f.Frame.Defer(func() {
		if r := f.Frame.Recover(); r != nil {
			f.n, f.err = -1, errors.New("recovered "+r.(string))
		}
	})
	return f.Frame.Reschedule(1)
resume1:
	if f.fail {
		panic("boom")
	}
	f.n, f.err = 1, nil
	if err := f.Frame.RunDefers(); err != nil {
		return f.Frame.Fail(err)
	}
	return f.Frame.Return(f.n, f.err)
}

func (f *guardedFrame) Recovered() (int, error) { return f.n, f.err }

func TestRecover(t *testing.T) {
	for _, tc := range []struct {
		fail    bool
		n       int
		wantErr string
	}{
		{fail: false, n: 1},
		{fail: true, n: -1, wantErr: "recovered boom"},
	} {
		n, err := rt.Run(rt.NewTask(&guardedFrame{fail: tc.fail}))
		if got := fmt.Sprint(err); n != tc.n || (tc.wantErr == "" && err != nil) || (tc.wantErr != "" && got != tc.wantErr) {
			t.Errorf("guarded(%v) = %d, %v; want %d, %q", tc.fail, n, err, tc.n, tc.wantErr)
		}
	}
}
