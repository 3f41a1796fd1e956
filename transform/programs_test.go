package transform_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The differential tests: every directory under testdata/programs is a
// package main that defines
//
//	//async
//	func Main()
//
// and no func main. Each program is built and run twice in a scratch module:
// untransformed (blocking mode, the reference) and after asyncgen has
// generated its frames (driven by rt.Run(MainAsync())). Both runs must print
// the same bytes and exit the same way.

// shortPrograms are the programs run under -short: one per family of
// constructs, cheap to build.
var shortPrograms = []string{
	"assign-multi-value",
	"for-three-clause-await",
	"order-sibling-calls",
	"closure-capture-shared",
	"ken-rob2",
}

// runTimeout bounds each run of a program, so that a generated program that
// deadlocks or spins fails its subtest instead of hanging the whole test.
const runTimeout = 60 * time.Second

const blockingMain = `package main

func main() { Main() }
`

const asyncMain = `package main

import (
	"fmt"
	"os"

	"github.com/asyncgen/asyncgen/rt"
)

func main() {
	if _, err := rt.Run(MainAsync()); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}
`

// repoRoot returns the directory holding go.mod at or above the working
// directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod found above the working directory")
		}
		dir = parent
	}
}

// programDirs lists the program directories, sorted by name.
func programDirs(t *testing.T, root string) []string {
	t.Helper()
	base := filepath.Join(root, "testdata", "programs")
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(e.Name(), "_") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		t.Fatalf("no programs in %s", base)
	}
	return names
}

// checkProgram reports what is wrong with the program in dir as a corpus
// entry: it must be package main, define func Main() with //async as the
// last line of its doc comment, and define no func main (the harness adds
// one).
func checkProgram(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return errors.New("no .go files")
	}
	fset := token.NewFileSet()
	var problems []string
	foundMain := false
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			problems = append(problems, fmt.Sprintf("%s: test files are not run", filepath.Base(name)))
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if f.Name.Name != "main" {
			problems = append(problems, fmt.Sprintf("%s: package %s, want package main", fset.Position(f.Name.Pos()), f.Name.Name))
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			switch fd.Name.Name {
			case "main":
				problems = append(problems, fmt.Sprintf("%s: func main must not be defined: the harness adds it", fset.Position(fd.Pos())))
			case "Main":
				foundMain = true
				if !isAsync(fd.Doc) {
					problems = append(problems, fmt.Sprintf("%s: func Main lacks the //async marker as the last line of its doc comment", fset.Position(fd.Pos())))
				}
				if fd.Type.TypeParams != nil || fd.Type.Params.NumFields() != 0 || fd.Type.Results.NumFields() != 0 {
					problems = append(problems, fmt.Sprintf("%s: func Main must take no parameters and return nothing", fset.Position(fd.Pos())))
				}
			}
		}
	}
	if !foundMain {
		problems = append(problems, "no func Main")
	}
	if problems != nil {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// isAsync reports whether doc ends with the //async marker.
func isAsync(doc *ast.CommentGroup) bool {
	if doc == nil || len(doc.List) == 0 {
		return false
	}
	last := doc.List[len(doc.List)-1].Text
	return last == "//async" || last == "// async"
}

// TestProgramsCorpus checks that every program is a well-formed corpus
// entry. It needs no generator.
func TestProgramsCorpus(t *testing.T) {
	root := repoRoot(t)
	names := programDirs(t, root)
	for _, name := range names {
		if err := checkProgram(filepath.Join(root, "testdata", "programs", name)); err != nil {
			t.Errorf("testdata/programs/%s:\n%v", name, err)
		}
	}
	for _, name := range shortPrograms {
		if !slices.Contains(names, name) {
			t.Errorf("shortPrograms names %s, which is not in testdata/programs", name)
		}
	}
}

// TestPrograms runs each program in blocking mode and generated, and
// compares what they print. Run one program with
//
//	go test ./transform -run 'Programs/for-loopvar-closure'
//
// A failing program's scratch module, generated files included, is kept
// under os.TempDir and named in the failure.
func TestPrograms(t *testing.T) {
	root := repoRoot(t)
	if gos, _ := filepath.Glob(filepath.Join(root, "cmd", "asyncgen", "*.go")); len(gos) == 0 {
		t.Skip("cmd/asyncgen does not exist yet: nothing to generate the programs with")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	// The CLI builds with the caller's settings, so that the test never
	// rewrites the repository's go.mod.
	bin := t.TempDir()
	tool := filepath.Join(bin, "asyncgen")
	build := exec.Command(goTool, "build", "-o", tool, "github.com/asyncgen/asyncgen/cmd/asyncgen")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building cmd/asyncgen: %v\n%s", err, out)
	}
	// -mod=mod lets each scratch module complete its go.mod from the
	// module cache; keep whatever GOFLAGS the caller set.
	env := append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOWORK=off", "GOTOOLCHAIN=local")
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}

	names := programDirs(t, root)
	if testing.Short() {
		names = shortPrograms
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			p := &program{
				t:     t,
				name:  name,
				src:   filepath.Join(root, "testdata", "programs", name),
				dir:   t.TempDir(),
				goCmd: goTool,
				env:   env,
			}
			if err := checkProgram(p.src); err != nil {
				t.Fatalf("broken corpus entry testdata/programs/%s:\n%v", name, err)
			}
			p.setUp(root, goSum)
			p.run(tool)
		})
	}
}

// A program is one corpus entry being run in its scratch module.
type program struct {
	t     *testing.T
	name  string
	src   string // testdata/programs/<name>
	dir   string // the scratch module
	goCmd string
	env   []string
}

// setUp copies the program into a fresh module that uses the repository's
// rt through a replace directive.
func (p *program) setUp(root string, goSum []byte) {
	t := p.t
	files, err := filepath.Glob(filepath.Join(p.src, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p.write(filepath.Base(f), string(data))
	}
	p.write("go.mod", fmt.Sprintf(`module prog

go 1.23

require github.com/asyncgen/asyncgen v0.0.0

replace github.com/asyncgen/asyncgen => %s
`, root))
	p.write("go.sum", string(goSum))
}

func (p *program) write(name, content string) {
	if err := os.WriteFile(filepath.Join(p.dir, name), []byte(content), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// result is what one run of a program did.
type result struct {
	stdout   string
	stderr   string
	exitCode int
}

func (r result) String() string {
	return fmt.Sprintf("exit status %d\n--- stdout\n%s--- stderr\n%s", r.exitCode, r.stdout, r.stderr)
}

func (p *program) run(tool string) {
	t := p.t

	// (a) The reference: the program as written, in blocking mode.
	p.write("zz_main.go", blockingMain)
	want, err := p.buildAndRun("blocking")
	if err != nil {
		t.Fatalf("blocking mode (the reference) does not build: the corpus entry is broken:\n%v", err)
	}
	if want.exitCode != 0 {
		t.Fatalf("blocking mode (the reference) failed: the corpus entry is broken:\n%v", want)
	}
	if err := os.Remove(filepath.Join(p.dir, "zz_main.go")); err != nil {
		t.Fatal(err)
	}

	// (b) The generated program, run by rt.Run(MainAsync()).
	gen := exec.Command(tool, ".")
	gen.Dir = p.dir
	gen.Env = p.env
	genOut, err := gen.CombinedOutput()
	if err != nil {
		t.Fatalf("asyncgen failed on testdata/programs/%s: %v\n%s\nscratch copy kept in %s", p.name, err, genOut, p.keep())
	}
	p.write("zz_main.go", asyncMain)
	got, err := p.buildAndRun("generated")
	if err != nil {
		t.Fatalf("the generated program does not build:\n%v\ngenerated files kept in %s", err, p.keep())
	}
	if diff := cmp.Diff(want.stdout, got.stdout); diff != "" || got.exitCode != want.exitCode {
		t.Errorf("testdata/programs/%s: the generated program differs from blocking mode (-blocking +generated):\n%s"+
			"blocking: exit status %d; generated: exit status %d\n--- generated stderr\n%s\ngenerated files kept in %s",
			p.name, diff, want.exitCode, got.exitCode, got.stderr, p.keep())
	}
}

// buildAndRun builds the program in the scratch module and runs it. The
// error is for a failed build; a failed run is in the result.
func (p *program) buildAndRun(mode string) (result, error) {
	exe := filepath.Join(p.dir, "prog-"+mode)
	build := exec.Command(p.goCmd, "build", "-o", exe, ".")
	build.Dir = p.dir
	build.Env = p.env
	if out, err := build.CombinedOutput(); err != nil {
		return result{}, fmt.Errorf("go build: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	run := exec.CommandContext(ctx, exe)
	run.Dir = p.dir
	run.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	run.Stdout, run.Stderr = &stdout, &stderr
	err := run.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.exitCode = -1
		r.stderr += fmt.Sprintf("\n[killed after %v: deadlock or endless loop?]\n", runTimeout)
	case errors.As(err, &exit):
		r.exitCode = exit.ExitCode()
	case err != nil:
		return r, err
	}
	return r, nil
}

// keep copies the scratch module out of t.TempDir, which the test removes,
// into a directory under os.TempDir, and returns its path for the failure
// message.
func (p *program) keep() string {
	dst, err := os.MkdirTemp("", "asyncgen-program-"+p.name+"-")
	if err != nil {
		return fmt.Sprintf("(not kept: %v)", err)
	}
	entries, err := os.ReadDir(p.dir)
	if err != nil {
		return fmt.Sprintf("(not kept: %v)", err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), "prog-") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(p.dir, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644)
		}
		if err != nil {
			return fmt.Sprintf("(not kept: %v)", err)
		}
	}
	gs, _ := filepath.Glob(filepath.Join(dst, "*_async.go"))
	if len(gs) == 0 {
		return fmt.Sprintf("%s (no generated files; rerun with: cd %s && asyncgen .)", dst, dst)
	}
	var generated []string
	for _, g := range gs {
		generated = append(generated, filepath.Base(g))
	}
	return fmt.Sprintf("%s (generated: %s; rerun with: cd %s && go run .)", dst, strings.Join(generated, ", "), dst)
}
