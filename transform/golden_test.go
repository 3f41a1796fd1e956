package transform

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected files of testdata/golden")

// goldenCases returns the directories of testdata/golden, as patterns
// relative to the repository root.
func goldenCases(t *testing.T) []string {
	ents, err := os.ReadDir("../testdata/golden")
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range ents {
		if e.IsDir() {
			cases = append(cases, "./testdata/golden/"+e.Name())
		}
	}
	return cases
}

// TestGolden generates every package of testdata/golden (all at once, as
// "asyncgen ./..." would) and compares the output with the checked-in
// files. With -update it rewrites them. It also checks that the output is
// deterministic and gofmt-idempotent, and that the generated packages build
// and pass vet.
func TestGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	cases := goldenCases(t)
	opts := Options{Dir: "..", Patterns: cases}
	outs, err := Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if _, err := Write(outs); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range Check(outs) {
		t.Errorf("%s: %s (go test ./transform -update rewrites it)\n%s", p.Path, p.Kind, p.Diff)
	}
	for _, o := range outs {
		if o.Content == nil {
			continue
		}
		again, err := format.Source(o.Content)
		if err != nil {
			t.Errorf("%s: does not parse: %v", o.Path, err)
		} else if !bytes.Equal(again, o.Content) {
			t.Errorf("%s: not gofmt'd", o.Path)
		}
	}
	// Determinism: a second run writes the same bytes.
	outs2, err := Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs2) != len(outs) {
		t.Fatalf("second run: %d files, first %d", len(outs2), len(outs))
	}
	for i := range outs {
		if outs[i].Path != outs2[i].Path || !bytes.Equal(outs[i].Content, outs2[i].Content) {
			t.Errorf("%s: second run differs", outs[i].Path)
		}
	}
	// The generated code compiles and passes vet.
	cmd := exec.Command("go", append([]string{"vet"}, cases...)...)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet: %v\n%s", err, out)
	}
	_ = filepath.Join
}
