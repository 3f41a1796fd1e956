package rt

import (
	"errors"
	"fmt"
)

// Group states.
const (
	groupIdle    uint8 = iota // collecting tasks; Wait not awaited yet
	groupRunning              // Wait awaited: the tasks run
	groupDone                 // every task has finished
)

// A Group runs tasks as one, like asyncio's TaskGroup or a Trio nursery:
// no task outlives the group's Wait, and the first failure cancels the
// rest.
//
// Add tasks with Go, then await Wait: that starts them on the loop of the
// awaiting task and completes when every one has finished. While the group
// runs, its tasks may add more with Go. The first task to fail (to end with
// an error that is not ErrCanceled) cancels the others; Wait then fails with
// the errors of the tasks that failed, joined (errors.Join) in the order
// they failed, or the one error itself if only one did. A task that ends
// with ErrCanceled, such as a sibling the group cancelled, has not failed.
// Cancelling the await of Wait, as cancelling the awaiting task does,
// cancels every task of the group; Wait then fails with ErrCanceled (joined
// with the errors of any tasks that failed).
//
// The zero Group is empty and ready to use. A Group runs once.
type Group struct {
	fut      Future[struct{}]
	loop     *Loop
	tasks    []*taskCore // not all still running: see compact
	left     int         // tasks not finished
	errs     []error
	state    uint8
	failed   bool // a task has failed: the rest are cancelled
	canceled bool // Wait's await was cancelled
}

// Go adds task t to the group. Before Wait is awaited, t waits for it to
// start; while the group runs, t starts at once (it runs once the tasks
// ready before it have run), or is cancelled at once if the group is
// cancelling its tasks. Go after the group has finished cancels t, which
// then ends with ErrCanceled without running if it had not started. Call
// Go on the loop's goroutine, or before Wait is awaited.
func (g *Group) Go(t AnyTask) {
	c := t.core()
	switch g.state {
	case groupIdle:
		g.tasks = append(g.tasks, c)
	case groupRunning:
		g.add(c)
	case groupDone:
		c.cancel()
	}
}

// Wait returns the op that runs the group: awaiting it starts the group's
// tasks and completes once all have finished, with the error described on
// Group. Every call returns the same op.
func (g *Group) Wait() Op[struct{}] { return (*groupWait)(g) }

// groupWait is the op behind Group.Wait.
type groupWait Group

func (w *groupWait) Start(l *Loop) *Future[struct{}] {
	g := (*Group)(w)
	if g.state != groupIdle {
		return &g.fut
	}
	g.state = groupRunning
	g.loop = l
	g.fut.owner = g
	tasks := g.tasks
	g.tasks = make([]*taskCore, 0, len(tasks))
	g.left++ // so that tasks that have finished already do not end the group early
	for _, c := range tasks {
		g.add(c)
	}
	if g.left--; g.left == 0 {
		g.finish()
	}
	return &g.fut
}

// add starts task c in the running group and watches it.
func (g *Group) add(c *taskCore) {
	if g.failed || g.canceled {
		c.cancel()
	}
	g.loop.spawn(c)
	g.compact()
	g.tasks = append(g.tasks, c)
	g.left++
	watch(c.future(), g)
}

// compact drops finished tasks from g.tasks once they are the larger part,
// so that a long-lived group does not hold on to every task it ran.
func (g *Group) compact() {
	if len(g.tasks) < 16 || len(g.tasks) < 2*g.left {
		return
	}
	live := g.tasks[:0]
	for _, c := range g.tasks {
		if !c.future().isDone() {
			live = append(live, c)
		}
	}
	clear(g.tasks[len(live):])
	g.tasks = live
}

// wake is called when one of the group's tasks finishes.
func (g *Group) wake(fc *futureCore) {
	g.left--
	if err := fc.err; err != nil && !errors.Is(err, ErrCanceled) {
		g.errs = append(g.errs, err)
		if !g.failed {
			g.failed = true
			g.cancelTasks()
		}
	}
	if g.left == 0 && g.state == groupRunning {
		g.finish()
	}
}

func (g *Group) finish() {
	g.state = groupDone
	errs := g.errs
	if g.canceled {
		errs = append([]error{ErrCanceled}, errs...)
	}
	var err error
	switch len(errs) {
	case 0:
	case 1:
		err = errs[0]
	default:
		err = errors.Join(errs...)
	}
	clear(g.tasks)
	g.tasks, g.errs = nil, nil
	g.fut.Complete(struct{}{}, err)
}

func (g *Group) cancelTasks() {
	for _, c := range g.tasks {
		if !c.future().isDone() {
			c.cancel()
		}
	}
}

// cancel is what cancelling Wait's future does: it cancels every task.
func (g *Group) cancel() bool {
	if g.state != groupRunning {
		return false
	}
	g.canceled = true
	g.cancelTasks()
	return true
}

// String describes the group for Loop.Dump and logs.
func (g *Group) String() string { return fmt.Sprintf("a group of %d tasks", g.left) }
