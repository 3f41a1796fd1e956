package sim_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
	"github.com/asyncgen/asyncgen/rt/sim"
)

// named is a fatal with a test's name, for Sweep.
type named struct {
	fatal
	name string
}

func (n *named) Name() string { return n.name }

// sweep runs sim.Sweep as test t, recording what it reports.
func sweep(t *testing.T, n int, body func(seed uint64) (sim.Trace, error)) (msg string) {
	f := &named{name: t.Name()}
	defer func() {
		if r := recover(); r != nil && r != (stop{}) {
			panic(r)
		}
		msg = f.msg
	}()
	sim.Sweep(f, n, body)
	return ""
}

func bankBody(seed uint64) (sim.Trace, error) {
	_, tr, err := sim.Run(seed, bankAsync)
	return tr, err
}

func TestSweepFindsTheLowestFailingSeed(t *testing.T) {
	if os.Getenv(sim.RangeEnv) != "" {
		sim.Sweep(t, 200, bankBody) // a worker: fail as a test does
		return
	}
	var lowest uint64
	for seed := uint64(1); seed <= 200; seed++ {
		if _, err := bankBody(seed); err != nil {
			lowest = seed
			break
		}
	}
	if lowest == 0 {
		t.Fatal("no seed of 200 overdraws the account")
	}
	t.Setenv(sim.ProcsEnv, "3")
	msg := sweep(t, 200, bankBody)
	want := fmt.Sprintf("sim: seed %d failed: overdrawn", lowest)
	if !strings.HasPrefix(msg, want) || !strings.Contains(msg, fmt.Sprintf("replay it with %s=%d", sim.SeedEnv, lowest)) {
		t.Fatalf("Sweep reported:\n%s\nwant it to begin %q and say how to replay it", msg, want)
	}
	// The seed replays in this process, to the same trace.
	t.Setenv(sim.SeedEnv, fmt.Sprint(lowest))
	again := sweep(t, 200, bankBody)
	if line := strings.SplitN(again, "\n", 3); len(line) < 2 || !strings.Contains(msg, line[1]) {
		t.Errorf("replay of seed %d:\n%s\nfirst:\n%s", lowest, again, msg)
	}
}

func TestSweepPasses(t *testing.T) {
	body := func(seed uint64) (sim.Trace, error) {
		_, tr, err := sim.Run(seed, func() *rt.Task[int] { return sleeperAsync(3, 1) })
		return tr, err
	}
	if os.Getenv(sim.RangeEnv) != "" {
		sim.Sweep(t, 50, body)
		return
	}
	if msg := sweep(t, 50, body); msg != "" {
		t.Errorf("Sweep of a passing body: %s", msg)
	}
}

// TestSweepReportsTheLowest has seeds 100, 150 and 200 fail, in the
// second and third of three workers: the report is of seed 100.
func TestSweepReportsTheLowest(t *testing.T) {
	body := func(seed uint64) (sim.Trace, error) {
		_, tr, err := sim.Run(seed, func() *rt.Task[int] { return sleeperAsync(1, 1) })
		if err == nil && seed >= 100 && seed%50 == 0 {
			err = fmt.Errorf("seed %d is unlucky", seed)
		}
		return tr, err
	}
	if os.Getenv(sim.RangeEnv) != "" {
		sim.Sweep(t, 200, body)
		return
	}
	t.Setenv(sim.ProcsEnv, "3")
	msg := sweep(t, 200, body)
	if !strings.HasPrefix(msg, "sim: seed 100 failed: seed 100 is unlucky\nseed 100: ") {
		t.Errorf("Sweep reported:\n%s", msg)
	}
}
