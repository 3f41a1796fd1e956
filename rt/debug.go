package rt

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Debug mode's reports of work that is lost or misplaced: a task dropped
// without being started, a loop or socket garbage-collected without
// Close, and a loop method called from a goroutine other than the loop's.
// Out of debug mode each costs a test of a flag and nothing else.

// debugTasks says whether Start records where each task is made, so that
// one dropped without being started can be reported. A task belongs to no
// loop until it starts, so WithDebug cannot ask for this: DebugEnv turns
// it on for the process.
var debugTasks atomic.Bool

// taskLog is where the reports of dropped tasks go: standard error.
var taskLog struct {
	sync.Mutex
	w io.Writer
}

func init() {
	debugTasks.Store(debugFromEnv())
	taskLog.w = os.Stderr
}

// A taskRecord says where a task was made; it lives until the task starts
// or is collected.
type taskRecord struct {
	frame   string
	pcs     []uintptr
	cleanup runtime.Cleanup
	started atomic.Bool
}

// unstarted maps the address of each recorded task's core to its record.
var unstarted sync.Map

// debugCreated records the making of c's task (Start's hook).
func debugCreated(c *taskCore) {
	var pcs [16]uintptr
	n := runtime.Callers(3, pcs[:]) // past Callers, debugCreated and Start
	rec := &taskRecord{frame: fmt.Sprintf("%T", c.frame), pcs: append([]uintptr(nil), pcs[:n]...)}
	key := uintptr(unsafe.Pointer(c))
	rec.cleanup = runtime.AddCleanup(c, func(r *taskRecord) {
		unstarted.CompareAndDelete(key, r)
		if !r.started.Load() {
			r.report()
		}
	}, rec)
	unstarted.Store(key, rec)
}

// debugStarted forgets the record of c's task, which has started or been
// cancelled (the hook of Loop.start and Task.Cancel).
func debugStarted(c *taskCore) {
	if v, ok := unstarted.LoadAndDelete(uintptr(unsafe.Pointer(c))); ok {
		r := v.(*taskRecord)
		r.started.Store(true)
		r.cleanup.Stop()
	}
}

// report writes that the task was dropped, naming where it was made: the
// caller of its FAsync constructor.
func (r *taskRecord) report() {
	site, via := callSite(r.pcs)
	msg := fmt.Sprintf("rt: task %s, made at %s, was dropped without being started: it never ran; await it, spawn it (Loop.Spawn) or add it to a Group\n", r.frame, site)
	if via != "" {
		msg = fmt.Sprintf("rt: task %s, made by %s at %s, was dropped without being started: it never ran; await it, spawn it (Loop.Spawn) or add it to a Group\n", r.frame, via, site)
	}
	taskLog.Lock()
	defer taskLog.Unlock()
	io.WriteString(taskLog.w, msg)
}

// callSite describes where pcs, a stack that starts at the caller of
// Start, was: the first frame outside this package, as "file:line
// (function)", and, when that frame is a constructor FAsync, the name of
// the constructor, the site being its caller.
func callSite(pcs []uintptr) (site, via string) {
	frames := runtime.CallersFrames(pcs)
	var fs []runtime.Frame
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "github.com/asyncgen/asyncgen/rt.") {
			fs = append(fs, f)
		}
		if !more || len(fs) == 2 {
			break
		}
	}
	if len(fs) == 0 {
		return "an unknown place", ""
	}
	at := func(f runtime.Frame) string { return fmt.Sprintf("%s:%d (%s)", f.File, f.Line, f.Function) }
	if len(fs) == 2 && strings.HasSuffix(fs[0].Function, "Async") {
		return at(fs[1]), fs[0].Function
	}
	return at(fs[0]), ""
}

// A loopRecord is what the report of a loop collected without Close says.
type loopRecord struct {
	site string
	log  io.Writer
}

// debugLoop arranges, in debug mode, for l to be reported if it is
// collected without Close (NewLoop's hook).
func (l *Loop) debugLoop() {
	var pcs [16]uintptr
	n := runtime.Callers(3, pcs[:]) // past Callers, debugLoop and NewLoop
	site, _ := callSite(pcs[:n])
	l.collected = runtime.AddCleanup(l, func(r loopRecord) {
		fmt.Fprintf(r.log, "rt: loop made at %s was garbage-collected without Close: its selector and the descriptors of its sockets stay open; close it when done (defer l.Close())\n", r.site)
	}, loopRecord{site: site, log: l.debugLog})
}

// A sockRecord is what the report of a socket collected without Close
// says, and the descriptor it checks.
type sockRecord struct {
	p    *pollFD
	what string
	log  io.Writer
}

// debugSocket arranges, when p's loop is in debug mode, for the socket
// that wraps p, obj, to be reported if it is collected before it or its
// loop closes p. what describes it.
func debugSocket[T any](obj *T, p *pollFD, what string) *T {
	if p.home == nil || !p.home.debug {
		return obj
	}
	runtime.AddCleanup(obj, func(r sockRecord) {
		if !r.p.closing() {
			fmt.Fprintf(r.log, "rt: %s was garbage-collected without Close: its descriptor stays open until its loop closes; close it when done\n", r.what)
		}
	}, sockRecord{p: p, what: what, log: p.home.debugLog})
	return obj
}

// checkGoroutine panics, in debug mode, if api is called while the loop
// runs on another goroutine.
func (l *Loop) checkGoroutine(api string) {
	owner := l.owner.Load()
	if owner == 0 {
		return // not running: any goroutine may prepare the loop
	}
	if g := goroutineID(); g != owner {
		panic(fmt.Sprintf("rt: Loop.%s called on goroutine %d while the loop runs on goroutine %d: call it from the loop's own tasks and callbacks, or hand it to the loop with Loop.Submit", api, g, owner))
	}
}

// goroutineID returns the number of the calling goroutine, from the
// first line of its stack ("goroutine 7 [running]:"). It is slow, and
// only debug mode calls it.
func goroutineID() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseInt(string(b), 10, 64)
	return id
}
