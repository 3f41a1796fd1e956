package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCodegen times asyncgen over a package beside `go vet` over the
// same package, in the same run: the generator should cost about what a
// type-checking tool costs. Two packages: the differential test corpus
// (many small programs) and a generated package of 500 async functions.
func BenchmarkCodegen(b *testing.B) {
	if testing.Short() {
		b.Skip("builds asyncgen and type-checks ~70 packages; not a smoke test")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	tool := filepath.Join(tmp, "asyncgen")
	build := exec.Command("go", "build", "-o", tool, "./cmd/asyncgen")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building asyncgen: %v\n%s", err, out)
	}

	pkg500 := filepath.Join(tmp, "pkg500")
	writeModule(b, root, pkg500, map[string]string{"funcs.go": source500(500)})

	corpus := filepath.Join(tmp, "corpus")
	progs, _ := filepath.Glob(filepath.Join(root, "testdata", "programs", "*"))
	files := map[string]string{}
	for _, p := range progs {
		srcs, _ := filepath.Glob(filepath.Join(p, "*.go"))
		for _, src := range srcs {
			if strings.HasSuffix(src, "_async.go") {
				continue
			}
			data, err := os.ReadFile(src)
			if err != nil {
				b.Fatal(err)
			}
			files[filepath.Join(filepath.Base(p), filepath.Base(src))] = string(data)
		}
	}
	writeModule(b, root, corpus, files)

	for _, c := range []struct{ name, dir, pattern string }{
		{"pkg500", pkg500, "."},
		{"corpus", corpus, "./..."},
	} {
		// Warm the build cache for both tools first: the figures are for a
		// developer re-running them, not for a cold cache.
		run(b, c.dir, tool, c.pattern)
		runVet(b, c.dir, c.pattern)
		b.Run(c.name+"/impl=asyncgen", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				run(b, c.dir, tool, c.pattern)
			}
		})
		b.Run(c.name+"/impl=govet", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				// Findings (the corpus keeps Go's own unreachable code)
				// are not failures here: only the time counts.
				runVet(b, c.dir, c.pattern)
			}
		})
	}
}

func run(b *testing.B, dir, name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func runVet(b *testing.B, dir, pattern string) {
	cmd := exec.Command("go", "vet", pattern)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		b.Fatalf("go vet: %v\n%s", err, out)
	}
}

// writeModule writes files into a new module at dir that uses the asyncgen
// checkout at root.
func writeModule(b *testing.B, root, dir string, files map[string]string) {
	gomod := "module example.com/m\n\ngo 1.23\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		b.Fatal(err)
	}
	files["go.mod"] = gomod
	files["go.sum"] = string(sum)
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// source500 returns a package of n async functions, each with a loop, a
// branch, an await and a call of the previous one.
func source500(n int) string {
	var sb strings.Builder
	sb.WriteString("package funcs\n\nimport \"github.com/asyncgen/asyncgen/rt\"\n\n")
	sb.WriteString("//async\nfunc F0(x int) (int, error) {\n\trt.Yield()\n\treturn x + 1, nil\n}\n\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&sb, `// F%[1]d adds up what F%[2]d returns.
//
//async
func F%[1]d(x int) (int, error) {
	total := 0
	for i := 0; i < x%%3; i++ {
		v, err := F%[2]d(i)
		if err != nil {
			return 0, err
		}
		if v > %[1]d {
			rt.Yield()
		}
		total += v
	}
	return total, nil
}

`, i, i-1)
	}
	return sb.String()
}
