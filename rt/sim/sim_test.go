package sim_test

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
	"github.com/asyncgen/asyncgen/rt/sim"
)

//go:generate go tool asyncgen

// sleeper sleeps n times for d.
//
// async
func sleeper(n int, d time.Duration) int {
	for range n {
		rt.Await(rt.Sleep(d))
	}
	return n
}

func TestVirtualTime(t *testing.T) {
	v, tr, err := sim.Run(1, func() *rt.Task[int] { return sleeperAsync(3600, time.Second) })
	if v != 3600 || err != nil {
		t.Fatalf("sleeper = %v, %v", v, err)
	}
	if tr.Elapsed != time.Hour {
		t.Errorf("virtual time %v, want 1h", tr.Elapsed)
	}
}

// stuck awaits a future that nothing completes.
//
// async
func stuck(f *rt.Future[int]) int {
	v, _ := rt.Await(f)
	return v
}

func TestDeadlock(t *testing.T) {
	_, _, err := sim.Run(1, func() *rt.Task[int] { return stuckAsync(rt.NewFuture[int]()) })
	if !errors.Is(err, sim.ErrDeadlock) {
		t.Errorf("err = %v, want ErrDeadlock", err)
	}
}

// step appends name and its step number to log n times, yielding between.
//
// async
func step(log *[]string, name string, n int) {
	for i := range n {
		*log = append(*log, fmt.Sprint(name, i))
		rt.Yield()
	}
}

// both runs two steppers side by side and returns their log.
//
// async
func both() ([]string, error) {
	var log []string
	_, err := rt.Await(rt.All(stepAsync(&log, "a", 3), stepAsync(&log, "b", 3)))
	return log, err
}

func TestSeededScheduling(t *testing.T) {
	orders := map[string][]uint64{}
	for seed := range uint64(20) {
		log, tr, err := sim.Run(seed, bothAsync)
		if err != nil {
			t.Fatal(err)
		}
		again, tr2, _ := sim.Run(seed, bothAsync)
		if strings.Join(log, " ") != strings.Join(again, " ") || tr.Hash != tr2.Hash {
			t.Fatalf("seed %d: %v then %v", seed, log, again)
		}
		k := strings.Join(log, " ")
		orders[k] = append(orders[k], seed)
	}
	if len(orders) < 3 {
		t.Errorf("20 seeds gave %d interleavings: %v", len(orders), orders)
	}
	// A real loop runs them first in, first out.
	log, err := rt.Run(bothAsync())
	if got := strings.Join(log, " "); err != nil || got != "a0 b0 a1 b1 a2 b2" {
		t.Errorf("real loop: %q, %v", got, err)
	}
}

// withdraw takes amount from acct if it holds enough, after delay yields.
// Its bug: it checks the balance, then awaits (say, an audit log write),
// then takes the money, so two withdrawals can both pass the check.
//
// async
func withdraw(acct *int, amount, delay int) bool {
	for range delay {
		rt.Yield()
	}
	if *acct < amount {
		return false
	}
	rt.Yield() // the audit log
	*acct -= amount
	return true
}

// bank makes two withdrawals of 60 from an account of 100 side by side.
//
// async
func bank() (int, error) {
	acct := 100
	if _, err := rt.Await(rt.All(withdrawAsync(&acct, 60, 0), withdrawAsync(&acct, 60, 1))); err != nil {
		return acct, err
	}
	if acct < 0 {
		return acct, fmt.Errorf("overdrawn: balance %d", acct)
	}
	return acct, nil
}

// fatal is a sim.TB that records the failure instead of failing the test.
type fatal struct{ msg string }

type stop struct{}

func (f *fatal) Helper()             {}
func (f *fatal) Logf(string, ...any) {}
func (f *fatal) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic(stop{})
}

// check runs sim.Check with f and returns what it reported.
func check(n int, body func(seed uint64) (sim.Trace, error)) (msg string) {
	f := &fatal{}
	defer func() {
		if r := recover(); r != nil && r != (stop{}) {
			panic(r)
		}
		msg = f.msg
	}()
	sim.Check(f, n, body)
	return ""
}

func TestCheckFindsAndReplaysAnInterleavingBug(t *testing.T) {
	// On a real loop the bug never shows: first in, first out, the second
	// withdrawal checks after the first has taken its money.
	if v, err := rt.Run(bankAsync()); v != 40 || err != nil {
		t.Fatalf("real loop: %v, %v", v, err)
	}
	body := func(seed uint64) (sim.Trace, error) {
		_, tr, err := sim.Run(seed, bankAsync)
		return tr, err
	}
	msg := check(50, body)
	if !strings.Contains(msg, "overdrawn: balance -20") {
		t.Fatalf("Check over 50 seeds did not find the overdraft: %q", msg)
	}
	var seed uint64
	if _, err := fmt.Sscanf(msg, "sim: seed %d failed", &seed); err != nil {
		t.Fatalf("no seed in %q", msg)
	}
	// The seed replays the failure, trace and all.
	t.Setenv(sim.SeedEnv, fmt.Sprint(seed))
	if again := check(50, body); again != msg {
		t.Errorf("replay of seed %d:\n%s\nfirst:\n%s", seed, again, msg)
	}
}

func TestCheckCatchesNondeterminism(t *testing.T) {
	runs := 0
	msg := check(3, func(seed uint64) (sim.Trace, error) {
		runs++
		_, tr, err := sim.Run(seed, func() *rt.Task[int] {
			return sleeperAsync(runs, time.Millisecond) // differs from run to run
		})
		return tr, err
	})
	if !strings.Contains(msg, "not deterministic") {
		t.Errorf("Check = %q, want a report of nondeterminism", msg)
	}
}

// faults counts how often a fault point fires in n calls.
//
// async
func faults(n int) int {
	fired := 0
	for range n {
		if sim.Buggify() {
			fired++
		}
		rt.Yield()
	}
	return fired
}

func TestBuggify(t *testing.T) {
	if n, _ := rt.Run(faultsAsync(100)); n != 0 {
		t.Errorf("a real loop: %d faults fired, want none", n)
	}
	if sim.Jitter(time.Second) != time.Second {
		t.Error("Jitter changed a duration outside a world")
	}
	off, on := 0, 0
	for seed := range uint64(40) {
		n, _, err := sim.Run(seed, func() *rt.Task[int] { return faultsAsync(100) })
		if err != nil {
			t.Fatal(err)
		}
		if again, _, _ := sim.Run(seed, func() *rt.Task[int] { return faultsAsync(100) }); again != n {
			t.Fatalf("seed %d: %d faults, then %d", seed, n, again)
		}
		if n == 0 {
			off++
		} else {
			on++
		}
	}
	if off == 0 || on == 0 {
		t.Errorf("over 40 seeds the site was off in %d and on in %d: want some of each", off, on)
	}
}

// offload runs n pieces of blocking work side by side and sums them.
//
// async
func offload(n int) (int, error) {
	var ops []rt.Op[int]
	for i := range n {
		ops = append(ops, rt.Blocking(func() (int, error) { return i * i, nil }))
	}
	vs, err := rt.Await(rt.All(ops...))
	sum := 0
	for _, v := range vs {
		sum += v
	}
	return sum, err
}

func TestBlockingIsSimulated(t *testing.T) {
	for seed := range uint64(5) {
		v, tr, err := sim.Run(seed, func() *rt.Task[int] { return offloadAsync(10) })
		if v != 285 || err != nil {
			t.Fatalf("seed %d: %v, %v", seed, v, err)
		}
		_, again, _ := sim.Run(seed, func() *rt.Task[int] { return offloadAsync(10) })
		if tr.Hash != again.Hash {
			t.Errorf("seed %d: blocking work ran differently twice", seed)
		}
	}
}

// shutdown serves (sleeps) until SIGTERM, then reports what it got.
//
// async
func shutdown() (string, error) {
	sig, err := rt.Await(rt.Signal(syscall.SIGTERM))
	if err != nil {
		return "", err
	}
	return sig.String(), nil
}

func TestSignalIsSimulated(t *testing.T) {
	v, tr, err := sim.Run(1, func() *rt.Task[string] {
		w := sim.Running()
		w.Loop().CallLater(time.Minute, func() {
			w.Signal(syscall.SIGHUP) // nobody waits for it
			w.Signal(syscall.SIGTERM)
		})
		return shutdownAsync()
	})
	if v != "terminated" || err != nil {
		t.Fatalf("shutdown = %q, %v", v, err)
	}
	if tr.Elapsed != time.Minute {
		t.Errorf("the signal came at %v, want 1m of virtual time", tr.Elapsed)
	}
	if sim.Running() != nil {
		t.Error("Running outside Run is not nil")
	}
}
