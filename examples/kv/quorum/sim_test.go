package quorum_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/examples/kv/quorum"
	"github.com/asyncgen/asyncgen/rt/sim"
)

var seeds = flag.Int("seeds", 60, "how many seeds TestFixedSurvives runs")

// workload is the simulation the tests run: a minute of a client that
// pauses 100 ms on average between operations, with faults.
func workload(fixed bool) quorum.Sim {
	return quorum.Sim{Fixed: fixed, Faults: true, Duration: time.Minute, Think: 100 * time.Millisecond}
}

// maxSeeds bounds the search for the planted bug: about one seed in three
// finds it, so a hundred seeds without it mean the search is broken.
const maxSeeds = 100

func TestPlantedBugFoundAndReplayed(t *testing.T) {
	var found uint64
	var first sim.Trace
	var firstErr error
	for seed := uint64(1); seed <= maxSeeds; seed++ {
		_, tr, err := quorum.Simulate(seed, workload(false))
		if err != nil {
			found, first, firstErr = seed, tr, err
			break
		}
	}
	if found == 0 {
		t.Fatalf("%d seeds did not find the planted bug", maxSeeds)
	}
	if !strings.Contains(firstErr.Error(), "stale read") {
		t.Fatalf("seed %d failed otherwise: %v\n%v", found, firstErr, first)
	}
	t.Logf("seed %d finds the bug: %v", found, firstErr)
	// The seed replays the failure, event for event.
	_, again, err := quorum.Simulate(found, workload(false))
	if err == nil || err.Error() != firstErr.Error() || again.Hash != first.Hash {
		t.Errorf("replay of seed %d: %v\n%v\nfirst: %v\n%v", found, err, again, firstErr, first)
	}
	// The fixed replicas survive the seed that found it.
	if _, tr, err := quorum.Simulate(found, workload(true)); err != nil {
		t.Errorf("fixed, seed %d: %v\n%v", found, err, tr)
	}
}

// TestBugNeedsAFault runs the replicas with the bug on a network without
// faults: no replica restarts, so no read is stale.
func TestBugNeedsAFault(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		s := workload(false)
		s.Faults = false
		run, tr, err := quorum.Simulate(seed, s)
		if err != nil {
			t.Fatalf("seed %d: %v\n%v", seed, err, tr)
		}
		if run.Ops < 100 {
			t.Errorf("seed %d: %d operations in a minute", seed, run.Ops)
		}
	}
}

// TestFixedSurvives runs the fixed replicas over -seeds seeds (60 by
// default) in worker processes: none may read stale, and each run must
// get work done through the faults.
func TestFixedSurvives(t *testing.T) {
	sim.Sweep(t, *seeds, func(seed uint64) (sim.Trace, error) {
		run, tr, err := quorum.Simulate(seed, workload(true))
		if err == nil && run.Ops < 100 {
			err = fmt.Errorf("only %d operations in a minute", run.Ops)
		}
		return tr, err
	})
}
