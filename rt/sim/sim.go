// Package sim runs async functions in a simulated world: on a loop whose
// time is virtual and whose scheduling is chosen by a seeded random
// source, so that one seed always gives the same run, event for event, and
// many seeds explore many interleavings. It is the way FoundationDB tests
// its actors: the same code that runs on a real loop runs here unchanged,
// an hour of timeouts takes milliseconds, and a failure found under one
// seed replays from that seed.
//
//	v, trace, err := sim.Run(seed, func() *rt.Task[int] { return MainAsync() })
//
// What is simulated: time (rt.Sleep, rt.Timeout and timers read the
// world's clock, which jumps to the next timer whenever no task is ready),
// the order in which ready tasks run (each turn of the loop runs its ready
// tasks in a seeded random order), fault points (Buggify), randomised
// knobs (Jitter), rt.Blocking (its work runs on the loop, in its turn, and
// takes no virtual time), rt.Signal (World.Signal sends one), and the
// network: rt.Dial, rt.Listen and rt.ListenPacket make sockets of a
// simulated network between the world's hosts (World.Host), with latency,
// datagrams lost, duplicated and reordered, connections reset, partitions
// (World.Partition, World.Heal) and hosts that crash and restart
// (Host.Crash, Host.Restart); see NetConfig. Each host runs on a loop of
// its own. A simulated loop refuses real descriptors (rt.WaitFD), and a
// world whose tasks wait on something outside it ends with ErrDeadlock.
//
//	w := sim.Running()
//	w.Host("db").Start(func() rt.AnyTask { return ServeAsync(":5432") })
//	w.Loop().CallLater(time.Second, w.Host("db").Crash)
//	return ClientAsync("db:5432") // rt.Dial("tcp", "db:5432") inside
//
// A process runs one world at a time: Buggify and Jitter read the world
// that is running. Run seeds in parallel across processes, not
// goroutines.
package sim

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Epoch is the time at which every world's clock starts.
var Epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// ErrDeadlock is the error of a run in which tasks wait and nothing can
// ever wake them: no task is ready and no timer is set.
var ErrDeadlock = errors.New("sim: deadlock: tasks wait, none is ready and no timer is set")

// errDescriptor is what a simulated loop says of a real descriptor.
var errDescriptor = errors.New("sim: a simulated loop cannot wait on a real file descriptor")

// traceTail is how many of its last events a Trace keeps to print.
const traceTail = 32

// A World is one simulated run: a virtual clock, a seeded random source
// and the loop they drive.
type World struct {
	seed  uint64
	rng   *rand.Rand
	now   time.Duration // since Epoch
	loop  *rt.Loop
	trace tracer
	sites map[uintptr]bool // Buggify's call sites, enabled or not for this run
	subs  []*subscription  // rt.Signal's waits, in the order they began

	// The loops and what happens between them: see host.go.
	main       *part   // the main loop's
	parts      []*part // every running loop's, the main one first
	active     *part   // the one whose goroutine runs
	ready      []*part // choose's scratch
	stopping   *part   // the main loop waits for the hosts to stop
	deadlocked bool    // nothing can happen: the main loop's poller says so
	hostFault  error   // a host's loop stopped on a callback's panic
	events     events
	seq        uint64
	hosts      map[string]*Host
	net        *network
}

// A subscription is an rt.Signal waiting in a world.
type subscription struct {
	sigs    []os.Signal
	deliver func(os.Signal)
	live    bool
}

// notify subscribes an rt.Signal (see rt.WithSignals).
func (w *World) notify(sigs []os.Signal, deliver func(os.Signal)) (stop func()) {
	s := &subscription{sigs: sigs, deliver: deliver, live: true}
	w.subs = append(w.subs, s)
	return func() { s.live = false }
}

// Signal sends sig to the world's process: every rt.Signal that waits for
// it completes with it, in the order they began waiting. Call it on the
// world's loop, from a task or a callback, for example one set with
// w.Loop().CallLater, to send it at a virtual time.
func (w *World) Signal(sig os.Signal) {
	w.trace.add(w.now, "signal "+sig.String())
	subs := w.subs
	w.subs = nil
	for _, s := range subs {
		if !s.live {
			continue
		}
		if len(s.sigs) > 0 && !slices.Contains(s.sigs, sig) {
			w.subs = append(w.subs, s)
			continue
		}
		s.live = false
		s.deliver(sig)
	}
}

// current is the world that is running, for Buggify and Jitter: an
// atomic, not a mutex, as async functions read it on the loop.
var current atomic.Pointer[World]

// NewWorld returns a world for seed, with its loop.
func NewWorld(seed uint64) (*World, error) {
	w := &World{
		seed:  seed,
		rng:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		sites: map[uintptr]bool{},
		hosts: map[string]*Host{},
	}
	w.net = newNetwork(w)
	w.trace.reset()
	w.main = &part{name: "main", net: w.net.addHost("main"), turn: make(chan struct{}), deadline: -1}
	l, err := w.newLoop(w.main)
	if err != nil {
		return nil, err
	}
	w.loop, w.main.loop = l, l
	w.parts = []*part{w.main}
	w.active = w.main
	return w, nil
}

// newLoop makes the loop of part p: on the world's clock, scheduled by
// its random source, waiting through park, with the world's network.
func (w *World) newLoop(p *part) (*rt.Loop, error) {
	notify := w.notify
	if p != w.main {
		// World.Signal runs on whichever loop sends it: a host's
		// subscriptions hear of it on their own loop.
		notify = func(sigs []os.Signal, deliver func(os.Signal)) func() {
			return w.notify(sigs, func(s os.Signal) { p.loop.Submit(func() { deliver(s) }) })
		}
	}
	return rt.NewLoop(rt.WithClock(clock{w}), rt.WithPoller(poller{w, p}), rt.WithSchedule(w.pick),
		rt.WithBlockingRunner(func(work func()) { p.loop.CallSoon(work) }),
		rt.WithSignals(notify), rt.WithNetwork(netView{w.net, p}))
}

// Loop returns the world's loop.
func (w *World) Loop() *rt.Loop { return w.loop }

// Seed returns the world's seed.
func (w *World) Seed() uint64 { return w.seed }

// Now returns the world's time.
func (w *World) Now() time.Time { return Epoch.Add(w.now) }

// Elapsed returns how much virtual time has passed since the world began.
func (w *World) Elapsed() time.Duration { return w.now }

// Rand returns the world's random source, for the run's own random
// choices: drawing from it keeps the run reproducible from its seed.
func (w *World) Rand() *rand.Rand { return w.rng }

// Tracef adds a line to the world's trace.
func (w *World) Tracef(format string, args ...any) {
	w.trace.add(w.now, fmt.Sprintf(format, args...))
}

// pick chooses which of the n ready entries runs next.
func (w *World) pick(n int) int {
	if n == 1 {
		return 0
	}
	k := w.rng.IntN(n)
	w.trace.addPick(w.now, n, k)
	return k
}

// Run runs the task that start makes on a new world's loop for seed, until
// it finishes, and returns its result and the run's trace. start runs
// once the world exists (so that Buggify and Jitter see it). The run fails
// with ErrDeadlock if the task waits for something that nothing in the
// world will do.
func Run[T any](seed uint64, start func() *rt.Task[T]) (T, Trace, error) {
	var zero T
	w, err := NewWorld(seed)
	if err != nil {
		return zero, Trace{}, err
	}
	if !current.CompareAndSwap(nil, w) {
		return zero, Trace{}, errors.New("sim: Run while another world runs: run seeds in separate processes")
	}
	defer current.Store(nil)
	task := start()
	err = w.loop.RunUntil(task)
	if err == nil {
		_, err = task.Result()
	}
	if w.hostFault != nil {
		err = errors.Join(err, w.hostFault)
	}
	// The trace ends here: what follows is the world being taken down.
	w.trace.add(w.now, fmt.Sprintf("end: %v", err))
	tr := w.trace.result(w.seed, w.now)
	w.stopHosts()
	if cerr := w.loop.Close(); err == nil && cerr != nil {
		err = cerr
	}
	v, terr := task.Result()
	if err == nil {
		err = terr
	}
	return v, tr, err
}

// A Trace sums up a run: a hash of every event (each scheduling choice,
// each jump of the clock, each Tracef line, the outcome), which is the
// same for two runs of one seed if the code is deterministic, and the last
// events, to print.
type Trace struct {
	Seed    uint64
	Hash    uint64        // FNV-1a of the whole trace
	Events  int           // how many events
	Elapsed time.Duration // virtual time from start to end
	Tail    []string      // the last events, oldest first
}

// String prints the trace's summary and its last events.
func (t Trace) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: %d events, %v of virtual time, hash %016x", t.Seed, t.Events, t.Elapsed, t.Hash)
	for _, e := range t.Tail {
		b.WriteString("\n\t")
		b.WriteString(e)
	}
	return b.String()
}

// tracer accumulates a trace.
type tracer struct {
	h     uint64
	n     int // events
	lines int // lines in tail, ever
	tail  [traceTail]string
}

func (t *tracer) reset() { *t = tracer{h: fnv.New64a().Sum64()} }

func (t *tracer) mix(s string) {
	const prime = 1099511628211
	for i := 0; i < len(s); i++ {
		t.h ^= uint64(s[i])
		t.h *= prime
	}
	t.h ^= '\n'
	t.h *= prime
	t.n++
}

func (t *tracer) add(at time.Duration, line string) {
	s := at.String() + " " + line
	t.mix(s)
	t.tail[t.lines%traceTail] = s
	t.lines++
}

// addPick records a scheduling choice without formatting it: picks are
// most of a trace.
func (t *tracer) addPick(at time.Duration, n, k int) {
	var buf [64]byte
	b := strconv.AppendInt(buf[:0], int64(at), 10)
	b = append(b, " pick "...)
	b = strconv.AppendInt(b, int64(k), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(n), 10)
	t.mix(string(b))
}

func (t *tracer) result(seed uint64, elapsed time.Duration) Trace {
	tr := Trace{Seed: seed, Hash: t.h, Events: t.n, Elapsed: elapsed}
	for i := range traceTail {
		if s := t.tail[(t.lines+i)%traceTail]; s != "" {
			tr.Tail = append(tr.Tail, s)
		}
	}
	return tr
}

// clock is the world's clock, as the loop sees it.
type clock struct{ w *World }

func (c clock) Now() time.Time { return c.w.Now() }

// poller is the selector of a loop of the world: waiting is handing the
// turn to the next loop, or the clock jumping ahead (see World.park).
type poller struct {
	w *World
	p *part
}

func (p poller) Wait(timeout time.Duration, ready func(fd int, ev rt.Events)) error {
	return p.w.park(p.p, timeout)
}

// Wake marks the loop due: something was submitted to it, on the
// goroutine that has the turn.
func (p poller) Wake() error {
	p.p.due = true
	return nil
}

func (poller) Add(fd int, ev rt.Events) error { return errDescriptor }
func (poller) Modify(int, rt.Events) error    { return errDescriptor }
func (poller) Remove(int) error               { return nil }
func (poller) Close() error                   { return nil }

// Buggify reports whether a fault point should fire, as FoundationDB's
// BUGGIFY does: on a real loop never; in a world, each call site is
// enabled or not for the whole run (one in four), and an enabled site
// fires one call in four. Code uses it to take rare paths on purpose:
//
//	if sim.Buggify() {
//		rt.Await(rt.Sleep(time.Second)) // a slow disk, now and then
//	}
//
//go:noinline
func Buggify() bool { return buggify(0.25) }

// BuggifyP is Buggify with another probability p of firing at an enabled
// site.
//
//go:noinline
func BuggifyP(p float64) bool { return buggify(p) }

// buggify is Buggify for the call site two frames up.
//
//go:noinline
func buggify(p float64) bool {
	w := running()
	if w == nil {
		return false
	}
	var pc [1]uintptr
	runtime.Callers(3, pc[:]) // Callers, buggify, Buggify: the site is next
	on, seen := w.sites[pc[0]]
	if !seen {
		on = w.rng.Float64() < 0.25
		w.sites[pc[0]] = on
	}
	fire := on && w.rng.Float64() < p
	if fire {
		w.trace.add(w.now, "buggify fires")
	}
	return fire
}

// Jitter returns d on a real loop; in a world, d scaled by a seeded factor
// between 0.5 and 2, so that timeouts and retry delays vary from seed to
// seed as they do between real machines.
func Jitter(d time.Duration) time.Duration {
	w := running()
	if w == nil {
		return d
	}
	return time.Duration(float64(d) * (0.5 + 1.5*w.rng.Float64()))
}

// running returns the world that runs, if any.
func running() *World { return current.Load() }

// Now returns the time of the world that is running, or outside a world
// the system's: for deadlines, such as a Reader's, that code meant to run
// in both sets.
func Now() time.Time {
	if w := running(); w != nil {
		return w.Now()
	}
	return time.Now()
}

// Running returns the world that is running, or nil outside Run: for the
// code of a simulated run to reach its world (its loop, its clock, its
// Signal).
func Running() *World { return running() }

// SeedEnv names the environment variable with which Check replays one
// seed: ASYNCGEN_SIM_SEED=1234 go test -run TestX.
const SeedEnv = "ASYNCGEN_SIM_SEED"

// A TB is the part of testing.TB that Check uses.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// Check runs body for seeds 1 to n (or for the one seed in SeedEnv, if
// set) and fails t at the first seed whose body fails, printing the seed,
// the error, the trace and how to replay it. It also runs the first seed
// twice and fails if the two traces differ: the code under test is not
// deterministic (it reads the real clock, a map's order, a goroutine's
// timing...). body runs a world with Run and returns its trace and error.
func Check(t TB, n int, body func(seed uint64) (Trace, error)) {
	t.Helper()
	first, last := uint64(1), uint64(n)
	if s := os.Getenv(SeedEnv); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("sim: %s=%q: %v", SeedEnv, s, err)
		}
		first, last = seed, seed
	}
	checkRange(t, first, last, body)
}

// checkRange is Check for seeds first to last.
func checkRange(t TB, first, last uint64, body func(seed uint64) (Trace, error)) {
	t.Helper()
	for seed := first; seed <= last; seed++ {
		tr, err := body(seed)
		if err != nil {
			t.Fatalf("sim: seed %d failed: %v\n%v\nreplay it with %s=%d", seed, err, tr, SeedEnv, seed)
		}
		if seed == first {
			again, err2 := body(seed)
			if again.Hash != tr.Hash || (err2 == nil) != (err == nil) {
				t.Fatalf("sim: seed %d ran twice differently: the code is not deterministic\nfirst: %v\nsecond: %v", seed, tr, again)
			}
		}
	}
}
