package vet_test

import (
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
