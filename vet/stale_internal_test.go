package vet

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/transform"
)

// TestStaleSeesEdits: a long-lived driver (gopls) runs Stale again after
// an edit, and must not be answered from what it generated before.
func TestStaleSeesEdits(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.26.0\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => "+root+"\n")
	write("go.sum", string(sum))
	src := "package m\n\nimport \"github.com/asyncgen/asyncgen/rt\"\n\n//async\nfunc F() int {\n\trt.Yield()\n\treturn %d\n}\n"
	write("f.go", fmt.Sprintf(src, 1))
	t.Setenv("GOFLAGS", "-mod=mod")
	outs, err := transform.Generate(transform.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := transform.Write(outs); err != nil {
		t.Fatal(err)
	}
	outs, err = generateDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ps := transform.Check(outs); len(ps) != 0 {
		t.Fatalf("freshly generated: %d problems, want none: %+v", len(ps), ps)
	}
	write("f.go", fmt.Sprintf(src, 2))
	// A later modification time, whatever the file system's resolution.
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "f.go"), later, later)
	outs, err = generateDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ps := transform.Check(outs); len(ps) != 1 || ps[0].Kind != "stale" {
		t.Errorf("after an edit of f.go: problems %+v, want f_async.go stale", ps)
	}
}
