package vet_test

import (
	"fmt"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asyncgen/asyncgen/vet"
)

// testdata is a module that requires this one, replaced by the checkout.
const testdata = "testdata"

func TestBlocking(t *testing.T) {
	analysistest.Run(t, testdata, vet.Blocking, "./blocking/...")
}

func TestBlockingFuncsFlag(t *testing.T) {
	set(t, vet.Blocking, "funcs", "example.com/vettest/blocking/helper.Custom")
	analysistest.Run(t, testdata, vet.Blocking, "./custom")
}

// set sets a flag of a for the duration of the test.
func set(t *testing.T, a *analysis.Analyzer, name, value string) {
	t.Helper()
	old := a.Flags.Lookup(name).Value.String()
	if err := a.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Flags.Set(name, old) })
}

func TestLockAwait(t *testing.T) {
	analysistest.Run(t, testdata, vet.LockAwait, "./lockawait")
}

func TestDropped(t *testing.T) {
	analysistest.Run(t, testdata, vet.Dropped, "./dropped")
}

func TestDeterminism(t *testing.T) {
	set(t, vet.Determinism, "enable", "true")
	analysistest.Run(t, testdata, vet.Determinism, "./determinism")
}

// TestDeterminismOff checks that the analyzer is silent without -enable:
// the package's want comments are then unmatched, and Run says so.
func TestDeterminismOff(t *testing.T) {
	ft := &fakeT{}
	analysistest.Run(ft, testdata, vet.Determinism, "./determinism")
	if len(ft.errs) != 5 {
		t.Errorf("without -enable: got %d complaints from analysistest, want 5 (one per unmatched want): %q", len(ft.errs), ft.errs)
	}
}

// fakeT collects what analysistest reports.
type fakeT struct{ errs []string }

func (f *fakeT) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, vet.Blocking, "./fixblocking")
	analysistest.RunWithSuggestedFixes(t, testdata, vet.Dropped, "./fixdropped")
}

func TestStale(t *testing.T) {
	analysistest.Run(t, testdata, vet.Stale, "./stale", "./fresh")
}
