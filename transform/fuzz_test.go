package transform_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fuzzBatch is the number of programs that one input of FuzzPrograms
// generates: they share a package, and so one generation, one build and
// two runs.
const fuzzBatch = 4

// fuzzMain runs the package's programs in blocking mode when its argument
// is "blocking", and generated otherwise: one binary serves both runs.
const fuzzMain = `package main

import (
	"fmt"
	"os"

	"github.com/asyncgen/asyncgen/rt"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "blocking" {
		Main()
		return
	}
	if _, err := rt.Run(MainAsync()); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}
`

// FuzzPrograms is the random differential test: each input is a seed
// from which genPackage writes a package of fuzzBatch random async
// programs; asyncgen generates it, and the binary's runs in blocking mode
// and generated must print the same. go test replays the seed corpus
// (testdata/fuzz/FuzzPrograms); fuzz with
//
//	go test ./transform -run '^$' -fuzz FuzzPrograms -parallel 1
//
// A divergence fails with the seed, the first differing lines and the
// package's source, kept under os.TempDir. The fuzzing engine gives an
// input 10 seconds, which is why a batch is small, and which a loaded
// machine exceeds (the engine then reports the worker as hung);
// TestFuzzSweep runs bigger batches for as long as -sweep says, with no
// such limit, and reports every divergence instead of stopping at the
// first:
//
//	go test ./transform -run FuzzSweep -sweep 10m -timeout 0 -v
func FuzzPrograms(f *testing.F) {
	if testing.Short() {
		f.Skip("builds and runs programs with the go command")
	}
	// The seeds of the divergences the fuzzer found, with the programs
	// that pin them: 18 wrote defer-literal-result's shape when it was
	// found (range-func-return-untyped needs a rarer shape). A change to
	// genPackage changes what a seed writes: the programs stay the tests.
	for _, seed := range []uint64{1, 18} {
		f.Add(seed)
	}
	fz := newFuzzer(f)
	f.Fuzz(func(t *testing.T, seed uint64) {
		if err := fz.check(seed, fuzzBatch); err != nil {
			t.Fatal(err)
		}
	})
}

var sweep = flag.Duration("sweep", 0, "run TestFuzzSweep for this long")

// TestFuzzSweep is FuzzPrograms without the fuzzing engine, for a long
// run: with -sweep=10m it checks batches of sweepBatch programs, from the
// seed -sweepseed up, for ten minutes, and reports every divergence.
func TestFuzzSweep(t *testing.T) {
	if *sweep == 0 {
		t.Skip("a long run: go test ./transform -run FuzzSweep -sweep 10m")
	}
	fz := newFuzzer(t)
	fz.opts.asyncDefer = *sweepDefer
	fz.opts.genPanics = *sweepGenPanics
	seed := *sweepSeed
	deadline := time.Now().Add(*sweep)
	batches, failed := 0, 0
	for ; time.Now().Before(deadline) && (*sweepN == 0 || batches < *sweepN); seed++ {
		batches++
		if err := fz.check(seed, *sweepBatchN); err != nil {
			failed++
			t.Error(err)
		}
	}
	t.Logf("%d batches of %d programs (seeds %d to %d), %d failed", batches, *sweepBatchN, *sweepSeed, seed-1, failed)
}

var (
	sweepSeed   = flag.Uint64("sweepseed", 1000, "the first seed of TestFuzzSweep")
	sweepN      = flag.Int("sweepn", 0, "the number of batches TestFuzzSweep checks, if not 0")
	sweepBatchN = flag.Int("sweepbatch", sweepBatch, "the number of programs in a batch of TestFuzzSweep (fuzzBatch to check FuzzPrograms' seeds)")
	sweepDefer  = flag.Bool("sweepdefer", true, "let TestFuzzSweep's programs defer async calls")
	// Shapes that once diverged: see genOptions.genPanics.
	sweepGenPanics = flag.Bool("sweepgenpanics", true, "let TestFuzzSweep's programs panic in the body of a loop over an iterator and defer in a generator loop's body")
	fuzzGCFlags    = flag.String("fuzzgcflags", "", `-gcflags for the fuzzers' builds, e.g. "all=-N -l" to build without optimisations and inlining`)
	dumpSeed       = flag.Int64("dumpseed", -1, "TestFuzzDump prints the package of this seed")
	dumpN          = flag.Int("dumpn", sweepBatch, "the number of programs of TestFuzzDump's package: fuzzBatch for FuzzPrograms' seeds, sweepBatch for TestFuzzSweep's")
)

// TestFuzzDump prints the package that a seed generates, for debugging a
// divergence:
//
//	go test ./transform -run FuzzDump -dumpseed 1042 -v
//
// with -dumpn 4 for a seed of FuzzPrograms (fuzzBatch programs), and
// -sweepdefer and -sweepgenpanics as the sweep had them.
func TestFuzzDump(t *testing.T) {
	if *dumpSeed < 0 {
		t.Skip("prints a generated package: go test ./transform -run FuzzDump -dumpseed N -v")
	}
	fmt.Print(genPackage(uint64(*dumpSeed), *dumpN, genOptions{asyncDefer: *sweepDefer, genPanics: *sweepGenPanics}))
}

const sweepBatch = 40

// A fuzzer checks generated packages in a scratch module.
type fuzzer struct {
	goTool, tool, dir string
	env               []string
	opts              genOptions
}

func newFuzzer(t testing.TB) *fuzzer {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("no go command in PATH")
	}
	root := repoRoot(t)
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	fz := &fuzzer{goTool: goTool, tool: filepath.Join(mod, "asyncgen"), dir: filepath.Join(mod, "prog")}
	build := exec.Command(goTool, "build", "-o", fz.tool, "github.com/asyncgen/asyncgen/cmd/asyncgen")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building cmd/asyncgen: %v\n%s", err, out)
	}
	if err := os.MkdirAll(fz.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":          fmt.Sprintf("module prog\n\ngo 1.23\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => %s\n", root),
		"go.sum":          string(goSum),
		"prog/zz_main.go": fuzzMain,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fz.env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOWORK=off", "GOTOOLCHAIN=local")
	fz.opts = genOptions{asyncDefer: true, genPanics: true}
	return fz
}

// check generates the package of n programs from seed, builds it and
// compares its two runs.
func (fz *fuzzer) check(seed uint64, n int) error {
	src := genPackage(seed, n, fz.opts)
	if err := fz.run(src); err != nil {
		return fmt.Errorf("seed %d (%d programs): %v\nthe package is kept in %s", seed, n, err, keepSource(seed, src))
	}
	return nil
}

func (fz *fuzzer) run(src string) error {
	dir := fz.dir
	os.Remove(filepath.Join(dir, "prog_async.go"))
	if err := os.WriteFile(filepath.Join(dir, "prog.go"), []byte(src), 0o644); err != nil {
		return err
	}
	gen := exec.Command(fz.tool, ".")
	gen.Dir, gen.Env = dir, fz.env
	if out, err := gen.CombinedOutput(); err != nil {
		return fmt.Errorf("asyncgen: %v\n%s", err, out)
	}
	bin := filepath.Join(dir, "prog.bin")
	args := []string{"build", "-o", bin}
	if *fuzzGCFlags != "" {
		args = append(args, "-gcflags="+*fuzzGCFlags)
	}
	build := exec.Command(fz.goTool, append(args, ".")...)
	build.Dir, build.Env = dir, fz.env
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("the generated program does not build: %v\n%s", err, out)
	}
	want, got := runFuzzed(bin, "blocking"), runFuzzed(bin, "async")
	if want.exitCode != got.exitCode || want.stdout != got.stdout {
		return fmt.Errorf("the generated program differs from blocking mode (-blocking +generated):\n%s"+
			"blocking: exit status %d; generated: exit status %d\n--- generated stderr\n%s",
			firstDiff(want.stdout, got.stdout), want.exitCode, got.exitCode, got.stderr)
	}
	return nil
}

// firstDiff returns the diff of a and b around their first differing line.
func firstDiff(a, b string) string {
	d := cmp.Diff(a, b)
	if len(d) > 4000 {
		d = d[:4000] + "\n..."
	}
	return d
}

func runFuzzed(bin, mode string) result {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, mode)
	cmd.WaitDelay = time.Second
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	switch e := err.(type) {
	case nil:
	case *exec.ExitError:
		r.exitCode = e.ExitCode()
	default:
		r.exitCode = -1
		r.stderr += err.Error()
	}
	if ctx.Err() != nil {
		r.exitCode = -1
		r.stderr += "\n[killed: deadlock or endless loop?]"
	}
	return r
}

// keepSource writes a failing package where it outlives the test.
func keepSource(seed uint64, src string) string {
	dir, err := os.MkdirTemp("", fmt.Sprintf("asyncgen-fuzz-%d-", seed))
	if err != nil {
		return fmt.Sprintf("(not kept: %v)", err)
	}
	for name, content := range map[string]string{"prog.go": src, "zz_main.go": fuzzMain} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return fmt.Sprintf("(not kept: %v)", err)
		}
	}
	return dir
}
