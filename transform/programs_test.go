package transform_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/asyncgen/asyncgen/transform"
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
// the same bytes and exit the same way, and go vet must find nothing in the
// generated program that it does not find in the program as written.

// runTimeout bounds each run of a program, so that a generated program that
// deadlocks or spins fails its subtest instead of hanging the whole test.
const runTimeout = 60 * time.Second

const blockingMain = `package main

func main() { Main() }
`

// asyncMain names no predeclared identifier: a program may declare its
// own nil, or error (as $GOROOT/test/rename.go does).
const asyncMain = `package main

import (
	"fmt"
	"os"
	"reflect"

	"github.com/asyncgen/asyncgen/rt"
)

func main() {
	_, err := rt.Run(MainAsync())
	if !reflect.ValueOf(&err).Elem().IsNil() {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}
`

// repoRoot returns the directory holding go.mod at or above the working
// directory.
func repoRoot(t testing.TB) string {
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
// CorpusEnv names a directory of programs laid out as testdata/programs
// that TestPrograms runs instead: a sweep of a wider corpus, such as Go's
// own test programs turned into async ones (see internal/conformance).
const corpusEnv = "ASYNCGEN_CORPUS"

// corpusDir returns the directory of the programs TestPrograms runs.
func corpusDir(root string) string {
	if dir := os.Getenv(corpusEnv); dir != "" {
		return dir
	}
	return filepath.Join(root, "testdata", "programs")
}

func programDirs(t *testing.T, root string) []string {
	t.Helper()
	base := corpusDir(root)
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
				if !transform.IsAsync(fd) {
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

// TestProgramsCorpus checks that every program is a well-formed corpus
// entry. It needs no generator.
func TestProgramsCorpus(t *testing.T) {
	root := repoRoot(t)
	names := programDirs(t, root)
	for _, name := range names {
		if err := checkProgram(filepath.Join(corpusDir(root), name)); err != nil {
			t.Errorf("testdata/programs/%s:\n%v", name, err)
		}
	}
}

// TestPrograms runs each program in blocking mode and generated, and
// compares what they print, then compares what go vet finds in each. Run
// one program with
//
//	go test ./transform -run 'Programs/for-loopvar-closure'
//
// All programs share one scratch module, so that asyncgen, go build and go
// vet run once over all of them (a run per program costs minutes of CI
// time); when a batch step fails, it is redone program by program to say
// which failed.
// A failing program's scratch copy, generated files included, is kept under
// os.TempDir and named in the failure.
func TestPrograms(t *testing.T) {
	root := repoRoot(t)
	if gos, _ := filepath.Glob(filepath.Join(root, "cmd", "asyncgen", "*.go")); len(gos) == 0 {
		// A test that skips when the thing under test is missing passes
		// when it is broken.
		t.Fatal("cmd/asyncgen is missing: nothing to generate the programs with")
	}
	if testing.Short() {
		// After the check above: a missing generator fails even here.
		t.Skip("builds and runs every program with the go command")
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
	// -mod=mod lets the scratch module complete its go.mod from the module
	// cache; keep whatever GOFLAGS the caller set.
	env := append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOWORK=off", "GOTOOLCHAIN=local")
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}

	names := programDirs(t, root)
	mod := t.TempDir()
	writeFile(t, filepath.Join(mod, "go.mod"), fmt.Sprintf(`module prog

go 1.23

require github.com/asyncgen/asyncgen v0.0.0

replace github.com/asyncgen/asyncgen => %s
`, root))
	writeFile(t, filepath.Join(mod, "go.sum"), string(goSum))
	progs := map[string]*program{}
	for _, name := range names {
		p := &program{
			name:  name,
			src:   filepath.Join(corpusDir(root), name),
			mod:   mod,
			dir:   filepath.Join(mod, name),
			goCmd: goTool,
			env:   env,
		}
		p.setUp(t)
		progs[name] = p
	}
	b := &batch{mod: mod, goCmd: goTool, env: env, progs: progs, names: names}

	// (a) The references: the programs as written, in blocking mode.
	for _, p := range progs {
		writeFile(t, filepath.Join(p.dir, "zz_main.go"), blockingMain)
	}
	blockingErr := b.build(filepath.Join(bin, "blocking"))
	blockingVet := b.vet()

	// (b) The generated programs, run by rt.Run(MainAsync()).
	for _, p := range progs {
		writeFile(t, filepath.Join(p.dir, "zz_main.go"), asyncMain)
	}
	genErr := b.generate(tool)
	asyncErr := b.build(filepath.Join(bin, "generated"))
	asyncVet := b.vet()

	for _, name := range names {
		p := progs[name]
		t.Run(name, func(t *testing.T) {
			if err := checkProgram(p.src); err != nil {
				t.Fatalf("broken corpus entry testdata/programs/%s:\n%v", name, err)
			}
			if err := blockingErr[name]; err != nil {
				t.Fatalf("blocking mode (the reference) does not build: the corpus entry is broken:\n%v", err)
			}
			if err := genErr[name]; err != nil {
				t.Fatalf("asyncgen failed on testdata/programs/%s: %v\nscratch copy kept in %s", name, err, p.keep())
			}
			if err := asyncErr[name]; err != nil {
				t.Fatalf("the generated program does not build:\n%v\ngenerated files kept in %s", err, p.keep())
			}
			want := p.runBinary(filepath.Join(bin, "blocking", name))
			if want.exitCode != 0 {
				t.Fatalf("blocking mode (the reference) failed: the corpus entry is broken:\n%v", want)
			}
			got := p.runBinary(filepath.Join(bin, "generated", name))
			if diff := cmp.Diff(want.stdout, got.stdout); diff != "" || got.exitCode != want.exitCode {
				t.Errorf("testdata/programs/%s: the generated program differs from blocking mode (-blocking +generated):\n%s"+
					"blocking: exit status %d; generated: exit status %d\n--- generated stderr\n%s\ngenerated files kept in %s",
					name, diff, want.exitCode, got.exitCode, got.stderr, p.keep())
			}
			// Generated code passes vet wherever its source does: vet
			// finds nothing in it that it does not find in the source.
			// Findings are at the source's lines (//line), so the same
			// finding is on the same line from the same analyzer in both,
			// but its column and message may differ: a //line directive
			// fixes where a line starts, and a line whose variables became
			// frame fields (x as f.x) is longer and reads so in messages
			// that quote it.
			var added []string
			for _, f := range asyncVet[name] {
				if !slices.ContainsFunc(blockingVet[name], func(g string) bool { return sameFinding(f, g) }) {
					added = append(added, f)
				}
			}
			if added != nil {
				t.Errorf("testdata/programs/%s: go vet finds in the generated program what it does not find in the source:\n%s\n"+
					"--- in the source\n%s\ngenerated files kept in %s",
					name, strings.Join(added, "\n"), strings.Join(blockingVet[name], "\n"), p.keep())
			}
		})
	}
}

// findingParts matches a finding, "file:line:col: message (analyzer)".
var findingParts = regexp.MustCompile(`^([^:]*:[0-9]+):[0-9]+: .*(\([a-z0-9_]+\))$`)

// sameFinding reports whether two vet findings are on the same line from
// the same analyzer.
func sameFinding(a, b string) bool {
	key := func(f string) string {
		if m := findingParts.FindStringSubmatch(f); m != nil {
			return m[1] + " " + m[2]
		}
		return f
	}
	return key(a) == key(b)
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A batch is the set of programs in the shared scratch module.
type batch struct {
	mod   string
	goCmd string
	env   []string
	progs map[string]*program
	names []string
}

// build builds every program into outDir, named after its directory, and
// returns the build error of each program that failed.
func (b *batch) build(outDir string) map[string]error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return b.all(err)
	}
	if _, err := b.command(b.mod, b.goCmd, "build", "-o", outDir+string(filepath.Separator), "./..."); err == nil {
		return nil
	}
	errs := map[string]error{}
	for _, name := range b.names {
		if out, err := b.command(b.progs[name].dir, b.goCmd, "build", "-o", filepath.Join(outDir, name), "."); err != nil {
			errs[name] = fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	return errs
}

// vet runs go vet over every program, once for all of them, and returns
// what it reports for each program, one finding a line ("file:line:col:
// message (analyzer)"). A program that does not build is left to the build
// step.
func (b *batch) vet() map[string][]string {
	out, err := b.output(b.mod, b.goCmd, "vet", "-json", "./...")
	if err != nil {
		// Some program does not build: vet them one by one, so that the
		// others are still checked.
		found := map[string][]string{}
		for _, name := range b.names {
			out, err := b.output(b.progs[name].dir, b.goCmd, "vet", "-json", ".")
			if err != nil {
				continue
			}
			f, _ := b.vetFindings(out)
			found[name] = f[name]
		}
		return found
	}
	found, n := b.vetFindings(out)
	if n < len(b.names) {
		// Each package gets an object, {} if vet found nothing: fewer
		// means the output went elsewhere, and nothing was checked.
		// (More is no loss: vet prints two {} for predeclared-types-hidden,
		// a package that hides bool and ranges over a generator.)
		problem := fmt.Sprintf("go vet -json printed %d results for %d programs:\n%s", n, len(b.names), out)
		for _, name := range b.names {
			found[name] = append(found[name], problem)
		}
	}
	return found
}

// vetFindings decodes the output of go vet -json, for each package the
// diagnostics of each analyzer, into findings by program. It also returns
// the number of packages reported on.
func (b *batch) vetFindings(out []byte) (map[string][]string, int) {
	var text strings.Builder
	for _, line := range strings.SplitAfter(string(out), "\n") {
		if !strings.HasPrefix(line, "#") {
			text.WriteString(line)
		}
	}
	type diagnostic struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	found := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(text.String()))
	n := 0
	for ; ; n++ {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err == io.EOF {
			break
		} else if err != nil {
			problem := fmt.Sprintf("reading the output of go vet -json: %v\n%s", err, out)
			for _, name := range b.names {
				found[name] = append(found[name], problem)
			}
			return found, 0
		}
		for pkg, analyzers := range pkgs {
			name := strings.TrimPrefix(pkg, "prog/")
			for analyzer, raw := range analyzers {
				var ds []diagnostic
				if err := json.Unmarshal(raw, &ds); err != nil {
					// {"error": ...}: the analyzer failed.
					found[name] = append(found[name], fmt.Sprintf("%s: %s", analyzer, raw))
					continue
				}
				for _, d := range ds {
					posn := strings.TrimPrefix(d.Posn, b.progs[name].dir+string(filepath.Separator))
					found[name] = append(found[name], fmt.Sprintf("%s: %s (%s)", posn, d.Message, analyzer))
				}
			}
			sort.Strings(found[name])
		}
	}
	return found, n
}

// generate runs asyncgen over every program and returns the error of each
// program it failed on.
func (b *batch) generate(tool string) map[string]error {
	if _, err := b.command(b.mod, tool, "./..."); err == nil {
		return nil
	}
	errs := map[string]error{}
	for _, name := range b.names {
		if out, err := b.command(b.progs[name].dir, tool, "."); err != nil {
			errs[name] = fmt.Errorf("%v\n%s", err, out)
		}
	}
	return errs
}

func (b *batch) all(err error) map[string]error {
	errs := map[string]error{}
	for _, name := range b.names {
		errs[name] = err
	}
	return errs
}

// output runs a command and returns its standard output.
func (b *batch) output(dir, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = b.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%v\n%s", err, stderr.Bytes())
	}
	return out, nil
}

func (b *batch) command(dir, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = b.env
	return cmd.CombinedOutput()
}

// A program is one corpus entry in the scratch module.
type program struct {
	name  string
	src   string // testdata/programs/<name>
	mod   string // the scratch module
	dir   string // the program's directory in it
	goCmd string
	env   []string
}

// setUp copies the program into its directory of the scratch module.
func (p *program) setUp(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(p.src, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(p.dir, filepath.Base(f)), string(data))
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

// runBinary runs a built program, killing it after runTimeout.
func (p *program) runBinary(exe string) result {
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
		r.exitCode = -1
		r.stderr += fmt.Sprintf("\n[could not run: %v]\n", err)
	}
	return r
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
		if e.IsDir() {
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
	for _, name := range []string{"go.mod", "go.sum"} {
		if data, err := os.ReadFile(filepath.Join(p.mod, name)); err == nil {
			os.WriteFile(filepath.Join(dst, name), data, 0o644)
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
