// Conformance runs Go's own test programs, made async, through the
// generator's differential test, and reports what passed, what failed and
// what was skipped and why.
//
// Usage (from the repository's root):
//
//	go run ./internal/conformance [-sets ken,go] [-keep dir] [-run regexp]
//
// The sets are the "// run" programs of this machine's GOROOT: ken is
// test/ken, go the top-level test/*.go. (The other directories of test/
// are kept out on purpose: they are an independent check of the generator,
// and measure it only if nobody tunes it to them.) Each program is
// rewritten by Asyncify: main becomes an //async Main, every other function
// is marked //async and suspends at rt.Yield at its start, in its loops and
// cases and before its returns. A function the generator refuses is left
// plain and the program tried again, so that one unsupported construct does
// not hide the rest. The programs then run through TestPrograms (package
// transform): each built and run in blocking mode, the reference, and
// generated; the two must print the same and exit the same way, and go vet
// must find nothing new in the generated code.
//
// A program is skipped, before it runs, for one of the reasons of
// skipReasons: it observes allocation or the collector (which differ by
// design: a frame lives on the heap), it inspects the call stack, it is not
// a standalone program, the generator refuses its Main, or its reference
// does not build or fails here. Conformance exits 1 if any program failed.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/asyncgen/asyncgen/transform"
)

// The reasons a program is skipped: a short fixed list.
const (
	skipCollector = "observes allocation or the collector"
	skipStack     = "inspects the call stack"
	skipAlone     = "not a standalone program"
	skipRefused   = "the generator refuses its Main"
	skipReference = "the reference does not build or fails"
)

// observers are the calls that make a program's output depend on what is
// allocated where, or on the collector: a frame keeps a task's variables on
// the heap, where the compiler would keep them on a stack.
var observers = regexp.MustCompile(`runtime\.(ReadMemStats|SetFinalizer|AddCleanup|GC\(\)|MemProfile|NumGoroutine)|AllocsPerRun|debug\.(SetGCPercent|FreeOSMemory|SetMemoryLimit)|"weak"|"unique"`)

// stackInspectors are the calls that read the call stack, whose frames
// differ in generated code (Resume methods in place of the functions).
var stackInspectors = regexp.MustCompile(`runtime\.(Caller|Callers|Stack|FuncForPC)\b|debug\.(Stack|PrintStack)\b`)

// A program is one of Go's test programs and what became of it.
type program struct {
	name  string // directory name: ken-x or go-x
	path  string // the original file
	skip  string // a skip reason, or ""
	why   string // detail of the skip or failure
	plain map[string]string
	fail  string
}

func main() {
	sets := flag.String("sets", "ken,go", "the sets of programs: ken (test/ken), go (test/*.go)")
	keep := flag.String("keep", "", "write the async corpus to this directory and keep it")
	run := flag.String("run", "", "only the programs whose name matches this regexp")
	verbose := flag.Bool("v", false, "list every program with its outcome")
	flag.Parse()
	if err := conform(*sets, *keep, *run, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		os.Exit(1)
	}
}

func conform(sets, keep, run string, verbose bool) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	progs, err := collect(sets, run)
	if err != nil {
		return err
	}
	dir := keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "asyncgen-conformance-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := prepare(root, dir, progs); err != nil {
		return err
	}
	if err := differ(root, filepath.Join(dir, "corpus"), progs); err != nil {
		return err
	}
	return report(progs, verbose)
}

// repoRoot returns the directory holding go.mod at or above the working
// directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run from the repository")
		}
		dir = parent
	}
}

// collect lists the "// run" programs of the sets, with the reasons known
// from their text alone.
func collect(sets, run string) ([]*program, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %v", err)
	}
	test := filepath.Join(strings.TrimSpace(string(out)), "test")
	var match *regexp.Regexp
	if run != "" {
		if match, err = regexp.Compile(run); err != nil {
			return nil, err
		}
	}
	var progs []*program
	for _, set := range strings.Split(sets, ",") {
		var glob, prefix string
		switch set {
		case "ken":
			glob, prefix = filepath.Join(test, "ken", "*.go"), "ken-"
		case "go":
			glob, prefix = filepath.Join(test, "*.go"), "go-"
		default:
			return nil, fmt.Errorf("unknown set %q: the sets are ken and go", set)
		}
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			first, _, _ := bytes.Cut(src, []byte("\n"))
			if string(bytes.TrimSpace(first)) != "// run" {
				continue // not a program that runs as it is, or one with flags
			}
			p := &program{name: prefix + strings.TrimSuffix(filepath.Base(f), ".go"), path: f, plain: map[string]string{}}
			if match != nil && !match.MatchString(p.name) {
				continue
			}
			switch {
			case bytes.Contains(src, []byte("\n//go:build")) || bytes.Contains(src, []byte("\n// +build")):
				p.skip, p.why = skipAlone, "build constraint"
			case bytes.Contains(src, []byte("\nfunc Main(")) || bytes.Contains(src, []byte(rtName)):
				p.skip, p.why = skipAlone, "declares Main or "+rtName
			case observers.Match(src):
				p.skip, p.why = skipCollector, observers.FindString(string(src))
			case stackInspectors.Match(src):
				p.skip, p.why = skipStack, stackInspectors.FindString(string(src))
			}
			progs = append(progs, p)
		}
	}
	sort.Slice(progs, func(i, j int) bool { return progs[i].name < progs[j].name })
	return progs, nil
}

// prepare writes the async form of every program not yet skipped under
// dir/corpus, a module of its own, and runs the generator over them until it
// accepts them all: each function it refuses is left plain (and the reason
// kept), and a program whose Main it refuses, or that does not type-check,
// is skipped.
func prepare(root, dir string, progs []*program) error {
	corpus := filepath.Join(dir, "corpus")
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		return err
	}
	mod := fmt.Sprintf("module conformance\n\ngo 1.23\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => %s\n", root)
	if err := os.WriteFile(filepath.Join(corpus, "go.mod"), []byte(mod), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(corpus, "go.sum"), goSum, 0o644); err != nil {
		return err
	}
	// The corpus module completes its go.mod from the module cache, as
	// TestPrograms's scratch module does.
	os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	os.Setenv("GOWORK", "off")
	byName := map[string]*program{}
	write := func(p *program) error {
		src, err := os.ReadFile(p.path)
		if err != nil {
			return err
		}
		plain := map[string]bool{}
		for fn := range p.plain {
			plain[fn] = true
		}
		out, _, err := Asyncify(src, plain)
		if err != nil {
			p.skip, p.why = skipAlone, err.Error()
			return os.RemoveAll(filepath.Join(corpus, p.name))
		}
		if err := os.MkdirAll(filepath.Join(corpus, p.name), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(corpus, p.name, "main.go"), out, 0o644)
	}
	for _, p := range progs {
		if p.skip != "" {
			continue
		}
		byName[p.name] = p
		if err := write(p); err != nil {
			return err
		}
	}
	// Each round leaves plain what the generator refused; a function is
	// refused once at most, so the rounds end.
	for round := 0; ; round++ {
		if round > 50 {
			return errors.New("the generator still refuses functions after 50 rounds")
		}
		_, err := transform.Generate(transform.Options{Dir: corpus, Patterns: []string{"./..."}})
		if err == nil {
			return nil
		}
		var ds transform.Diagnostics
		if !errors.As(err, &ds) {
			return fmt.Errorf("generating the corpus: %v", err)
		}
		redo := map[*program]bool{}
		for _, d := range ds {
			rel, err := filepath.Rel(corpus, d.Pos.Filename)
			if err != nil || !strings.Contains(rel, string(filepath.Separator)) {
				return fmt.Errorf("a diagnostic outside the programs: %v", d)
			}
			p := byName[strings.Split(rel, string(filepath.Separator))[0]]
			if p == nil || p.skip != "" {
				continue
			}
			fn := enclosingFunc(d.Pos)
			msg := strings.TrimPrefix(d.Msg, "asyncgen: ")
			if fn == "" || fn == "Main" || p.plain[fn] != "" {
				p.skip, p.why = skipRefused, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(d.Pos.Filename), d.Pos.Line, d.Pos.Column, msg)
				if err := os.RemoveAll(filepath.Join(corpus, p.name)); err != nil {
					return err
				}
				continue
			}
			p.plain[fn] = msg
			redo[p] = true
		}
		for p := range redo {
			if p.skip == "" {
				if err := write(p); err != nil {
					return err
				}
			}
		}
	}
}

// enclosingFunc names the function declaration (as Asyncify names it) of
// the file at pos that holds pos, or its doc comment, or "".
func enclosingFunc(pos token.Position) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, pos.Filename, nil, parser.ParseComments)
	if err != nil {
		return ""
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		from := fd.Pos()
		if fd.Doc != nil {
			from = fd.Doc.Pos()
		}
		if fset.Position(from).Line <= pos.Line && pos.Line <= fset.Position(fd.End()).Line {
			return funcName(fd)
		}
	}
	return ""
}

// A testEvent is a line of go test -json.
type testEvent struct {
	Action string
	Test   string
	Output string
}

// differ runs TestPrograms over the corpus and records each program's
// outcome.
func differ(root, corpus string, progs []*program) error {
	n := 0
	for _, p := range progs {
		if p.skip == "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	fmt.Fprintf(os.Stderr, "conformance: running %d programs, blocking and generated\n", n)
	cmd := exec.Command("go", "test", "./transform", "-run", "^TestPrograms$", "-count=1", "-timeout=30m", "-json")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "ASYNCGEN_CORPUS="+corpus)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	byName := map[string]*program{}
	for _, p := range progs {
		byName[p.name] = p
	}
	outputs := map[string]*strings.Builder{}
	results := map[string]string{}
	var whole strings.Builder
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var e testEvent
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		name, ok := strings.CutPrefix(e.Test, "TestPrograms/")
		if !ok {
			if e.Action == "output" {
				whole.WriteString(e.Output)
			}
			continue
		}
		switch e.Action {
		case "output":
			if outputs[name] == nil {
				outputs[name] = &strings.Builder{}
			}
			outputs[name].WriteString(e.Output)
		case "pass", "fail", "skip":
			results[name] = e.Action
		}
	}
	waitErr := cmd.Wait()
	for _, p := range progs {
		if p.skip != "" {
			continue
		}
		var text string
		if outputs[p.name] != nil {
			text = outputs[p.name].String()
		}
		switch results[p.name] {
		case "pass":
		case "fail":
			if strings.Contains(text, "blocking mode (the reference)") {
				p.skip, p.why = skipReference, firstLine(text, "(the reference)")
			} else {
				p.fail = text
			}
		default:
			p.fail = "no result from TestPrograms:\n" + whole.String()
		}
	}
	if waitErr != nil && len(results) == 0 {
		return fmt.Errorf("go test ./transform: %v\n%s", waitErr, whole.String())
	}
	return nil
}

// firstLine returns the first line of text that contains sub, trimmed.
func firstLine(text, sub string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// report prints the outcome and returns an error if a program failed.
func report(progs []*program, verbose bool) error {
	var passed, failed []*program
	skipped := map[string][]*program{}
	plain := 0
	for _, p := range progs {
		switch {
		case p.skip != "":
			skipped[p.skip] = append(skipped[p.skip], p)
		case p.fail != "":
			failed = append(failed, p)
		default:
			passed = append(passed, p)
		}
		if p.skip == "" {
			plain += len(p.plain)
		}
	}
	fmt.Printf("conformance: %d programs: %d passed, %d failed, %d skipped\n",
		len(progs), len(passed), len(failed), len(progs)-len(passed)-len(failed))
	for _, reason := range []string{skipCollector, skipStack, skipAlone, skipRefused, skipReference} {
		ps := skipped[reason]
		if len(ps) == 0 {
			continue
		}
		fmt.Printf("skipped, %s: %d\n", reason, len(ps))
		for _, p := range ps {
			fmt.Printf("\t%s: %s\n", p.name, p.why)
		}
	}
	if plain > 0 {
		fmt.Printf("functions left plain because the generator refused them: %d\n", plain)
		for _, p := range progs {
			if p.skip != "" {
				continue
			}
			fns := make([]string, 0, len(p.plain))
			for fn := range p.plain {
				fns = append(fns, fn)
			}
			sort.Strings(fns)
			for _, fn := range fns {
				fmt.Printf("\t%s %s: %s\n", p.name, fn, p.plain[fn])
			}
		}
	}
	if verbose {
		for _, p := range passed {
			fmt.Printf("pass\t%s\n", p.name)
		}
	}
	for _, p := range failed {
		fmt.Printf("FAIL\t%s\n%s\n", p.name, indent(p.fail))
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d programs differ", len(failed))
	}
	return nil
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n\t")
}
