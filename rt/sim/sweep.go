package sim

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Running seeds in many processes.
//
// A process runs one world at a time, so Sweep spreads seeds over
// processes: it runs the test binary again, once per worker, with the
// test's name in -test.run and a range of seeds in RangeEnv, and each
// worker runs Check's loop over its range, stopping at its first failing
// seed. The parent reads the workers' output and reports the lowest seed
// that failed, with the worker's message: the error, the trace, and how
// to replay the seed with SeedEnv.

// RangeEnv names the environment variable in which Sweep hands a worker
// process its seeds: "first-last".
const RangeEnv = "ASYNCGEN_SIM_SEEDS"

// ProcsEnv names the environment variable that sets how many worker
// processes Sweep runs; by default, GOMAXPROCS.
const ProcsEnv = "ASYNCGEN_SIM_PROCS"

// A TestingT is what Sweep needs of a *testing.T.
type TestingT interface {
	TB
	Name() string
}

// failedRE finds the seed in Check's report of a failure.
var failedRE = regexp.MustCompile(`sim: seed (\d+) (failed|ran twice differently)`)

// Sweep runs body for seeds 1 to n as Check does, spread over worker
// processes (ProcsEnv of them, GOMAXPROCS by default), and fails t with
// the lowest seed that failed in any of them, its trace and how to replay
// it. With SeedEnv set it runs that one seed in this process, as Check
// does. Sweep must be called from a top-level test or a subtest of one,
// whose name it passes to the workers in -test.run; the rest of the test
// runs again in each worker, so keep what precedes Sweep cheap.
func Sweep(t TestingT, n int, body func(seed uint64) (Trace, error)) {
	t.Helper()
	if os.Getenv(SeedEnv) != "" {
		Check(t, n, body)
		return
	}
	if r := os.Getenv(RangeEnv); r != "" {
		first, last, ok := parseRange(r)
		if !ok {
			t.Fatalf("sim: %s=%q: want first-last", RangeEnv, r)
		}
		checkRange(t, first, last, body)
		return
	}
	procs := runtime.GOMAXPROCS(0)
	if s := os.Getenv(ProcsEnv); s != "" {
		if p, err := strconv.Atoi(s); err == nil && p > 0 {
			procs = p
		}
	}
	procs = max(min(procs, n), 1)
	type result struct {
		seed uint64 // the failing seed; 0 if none failed
		msg  string
	}
	results := make([]result, procs)
	var wg sync.WaitGroup
	for i := range procs {
		first := uint64(1 + i*n/procs)
		last := uint64((i + 1) * n / procs)
		wg.Go(func() {
			out, err := runWorker(t.Name(), first, last)
			if err == nil {
				return
			}
			r := result{seed: last + 1, msg: fmt.Sprintf("sim: seeds %d-%d: worker: %v\n%s", first, last, err, out)}
			if m := failedRE.FindSubmatchIndex(out); m != nil {
				seed, _ := strconv.ParseUint(string(out[m[2]:m[3]]), 10, 64)
				r = result{seed: seed, msg: workerReport(out[m[0]:])}
			}
			results[i] = r
		})
	}
	wg.Wait()
	failed := slices.DeleteFunc(results, func(r result) bool { return r.seed == 0 })
	if len(failed) == 0 {
		t.Logf("sim: %d seeds passed in %d processes", n, procs)
		return
	}
	first := slices.MinFunc(failed, func(a, b result) int { return int(a.seed) - int(b.seed) })
	t.Fatalf("%s", first.msg)
}

// parseRange parses "first-last".
func parseRange(s string) (first, last uint64, ok bool) {
	a, b, found := strings.Cut(s, "-")
	f, err1 := strconv.ParseUint(a, 10, 64)
	l, err2 := strconv.ParseUint(b, 10, 64)
	return f, l, found && err1 == nil && err2 == nil && f <= l
}

// runWorker runs the test named name again in a worker process for seeds
// first to last and returns its output.
func runWorker(name string, first, last uint64) ([]byte, error) {
	cmd := exec.Command(os.Args[0], "-test.run="+runPattern(name), "-test.count=1")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d-%d", RangeEnv, first, last))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// runPattern is the -test.run pattern that selects exactly the test or
// subtest name.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// workerReport is a worker's report of a failure, from its first line to
// the end of its replay instructions.
func workerReport(out []byte) string {
	s := string(out)
	if i := strings.Index(s, "replay it with "); i >= 0 {
		if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
			s = s[:i+j]
		}
	}
	// The test framework indents the lines of a failure: undo it.
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "        ")
	}
	return strings.Join(lines, "\n")
}
