package transform

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/tools/go/packages"
)

// Options says what to generate.
type Options struct {
	Dir      string   // directory the patterns are relative to ("" for the current one)
	Patterns []string // package patterns, as the go command takes them
	Tags     string   // build tags, comma-separated

	// Warn, if not nil, is told of each pattern with a "..." wildcard that
	// matches no packages (as "\"./x/...\" matched no packages"), which
	// the go command warns about but is not an error.
	Warn func(msg string)

	// Inspect, if not nil, is called with the loaded packages once they
	// are free of errors, before anything is lowered: each type-checked,
	// with its generated files replaced by stubs (files that start with
	// the generated header and declare only the FAsync constructors and
	// result structs), so that calls of FAsync have their types whether
	// the generated files are fresh or not. asyncgen runs the cheap
	// checks of package vet here.
	Inspect func(fset *token.FileSet, pkgs []*packages.Package)
}

// An Output is one file that generation writes or removes.
type Output struct {
	Path    string // absolute path
	Content []byte // nil: remove the file (a leftover)
	Source  string // the source file it is generated from, if any
	Funcs   int    // number of async functions in it
}

// Generate loads the packages and lowers every async function in them. It
// returns the generated files and the files to remove; it writes nothing.
// Diagnostics are returned as an error of type Diagnostics.
func Generate(opts Options) ([]Output, error) {
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	ld, diags, err := load(opts.Dir, opts.Tags, patterns, opts.Warn)
	if err != nil {
		return nil, err
	}
	if len(diags) > 0 {
		if ld != nil {
			// Report misplaced markers too, but not in a package with
			// syntax errors: a function whose header does not parse has
			// lost its body, and saying so only adds noise.
			for _, p := range ld.pkgs {
				if hasParseError(p) {
					continue
				}
				for _, f := range p.Syntax {
					_, ds := findAsync(ld.fset, f)
					diags = append(diags, ds...)
				}
			}
		}
		return nil, diags.sorted()
	}
	if opts.Inspect != nil {
		opts.Inspect(ld.fset, ld.pkgs)
	}
	var outs []Output
	seen := map[string]bool{}
	frames := map[string]*names{}
	callees := map[string]*callee{}
	for _, p := range ld.pkgs {
		async := map[*types.Func]bool{}
		var files []*ast.File
		fnsOf := map[*ast.File][]*ast.FuncDecl{}
		for _, f := range p.Syntax {
			name := ld.fset.Position(f.Package).Filename
			if ld.stubs[name] || ld.existing[name] {
				continue
			}
			files = append(files, f)
			fns, ds := findAsync(ld.fset, f)
			diags = append(diags, ds...)
			fnsOf[f] = fns
			for _, fd := range fns {
				if obj, ok := p.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					async[obj] = true
				}
			}
		}
		fr := frames[p.PkgPath]
		if fr == nil {
			// Every name of the package, the stubs' FAsync constructors
			// and result structs included: the generated files declare
			// them too.
			fr = newNames()
			for _, n := range p.Types.Scope().Names() {
				fr.reserve(n)
			}
			frames[p.PkgPath] = fr
		}
		sort.Slice(files, func(i, j int) bool {
			return ld.fset.Position(files[i].Package).Filename < ld.fset.Position(files[j].Package).Filename
		})
		var fresh []*ast.FuncDecl
		for _, f := range files {
			if !seen[ld.fset.Position(f.Package).Filename] {
				fresh = append(fresh, fnsOf[f]...)
			}
		}
		planCallees(ld.fset, p.TypesInfo, fresh, async, fr, callees)
		// Lower every file of the package, then resolve the direct calls,
		// which need their callees lowered, then emit.
		type lowered struct {
			o    *outFile
			f    *ast.File
			name string
			gen  string
		}
		var todo []lowered
		var pkgFns []*Func
		for _, f := range files {
			name := ld.fset.Position(f.Package).Filename
			if seen[name] {
				continue
			}
			seen[name] = true
			fns := fnsOf[f]
			if len(fns) == 0 {
				continue
			}
			gen := generatedName(name)
			if _, err := os.Stat(gen); err == nil && !ld.existing[gen] {
				diags = append(diags, Diagnostic{Pos: token.Position{Filename: gen}, Msg: fmt.Sprintf("refusing to overwrite %s: it does not start with %q; rename it or remove it", filepath.Base(gen), header)})
				continue
			}
			q := newQualifier(p.PkgPath)
			ctx := &pkgCtx{fset: ld.fset, pkg: p.Types, info: p.TypesInfo, async: async, qual: q, frames: fr, callees: callees}
			o := &outFile{pkgPath: p.PkgPath, pkgName: p.Name, name: filepath.Base(gen), build: buildLines(f, name), qual: q, fset: ld.fset, comments: f.Comments}
			for _, fd := range fns {
				m, ds := lowerFunc(ctx, fd)
				diags = append(diags, ds...)
				if m != nil {
					o.fns = append(o.fns, m)
					o.fns = append(o.fns, m.Lits...)
				}
			}
			o.shapes = ctx.deferShapes
			pkgFns = append(pkgFns, o.fns...)
			todo = append(todo, lowered{o: o, f: f, name: name, gen: gen})
		}
		if len(diags) > 0 {
			continue
		}
		if err := resolveCalls(pkgFns, callees); err != nil {
			diags = append(diags, Diagnostic{Pos: ld.fset.Position(p.Syntax[0].Package), Msg: err.Error()})
			continue
		}
		for _, t := range todo {
			src, err := emitSafely(t.o)
			if err != nil {
				diags = append(diags, Diagnostic{Pos: ld.fset.Position(t.f.Package), Msg: err.Error()})
				continue
			}
			n := 0
			for _, fn := range t.o.fns {
				if !fn.Lit {
					n++
				}
			}
			outs = append(outs, Output{Path: t.gen, Content: src, Source: t.name, Funcs: n})
		}
	}
	if len(diags) > 0 {
		return nil, diags.sorted()
	}
	// Leftovers: generated files whose source is gone or has no async
	// function any more. A source excluded by the build tags is left alone.
	made := map[string]bool{}
	for _, o := range outs {
		made[o.Path] = true
	}
	var gens []string
	for g := range ld.existing {
		gens = append(gens, g)
	}
	sort.Strings(gens)
	for _, g := range gens {
		if made[g] {
			continue
		}
		src, _ := sourceName(g)
		if _, err := os.Stat(src); err == nil && !seen[src] {
			continue
		}
		outs = append(outs, Output{Path: g, Source: src})
	}
	sort.Slice(outs, func(i, j int) bool { return outs[i].Path < outs[j].Path })
	return outs, nil
}

func hasParseError(p *packages.Package) bool {
	for _, e := range p.Errors {
		if e.Kind == packages.ParseError {
			return true
		}
	}
	return false
}

// emitSafely turns a panic of emit into an error.
func emitSafely(o *outFile) (src []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error emitting %s: %v", o.name, r)
		}
	}()
	return emit(o)
}

// A Problem is a generated file that is not as Generate would write it.
type Problem struct {
	Path string
	Kind string // "missing", "stale" or "leftover"
	Diff []byte // unified diff from the file on disk to the expected one
}

// Check compares outs with the files on disk.
func Check(outs []Output) []Problem {
	var ps []Problem
	for _, o := range outs {
		old, err := os.ReadFile(o.Path)
		switch {
		case o.Content == nil:
			if err == nil {
				ps = append(ps, Problem{Path: o.Path, Kind: "leftover", Diff: udiff(o.Path, old, "/dev/null", nil)})
			}
		case err != nil:
			ps = append(ps, Problem{Path: o.Path, Kind: "missing", Diff: udiff("/dev/null", nil, o.Path, o.Content)})
		case !bytes.Equal(old, o.Content):
			ps = append(ps, Problem{Path: o.Path, Kind: "stale", Diff: udiff(o.Path, old, o.Path, o.Content)})
		}
	}
	return ps
}

// An Action is what Write did to a file.
type Action int

// The actions of Write.
const (
	Unchanged Action = iota // the file was as it should be (or already gone)
	Wrote                   // the file was written: it was missing or stale
	Removed                 // the file was a leftover and is removed
)

// String returns "unchanged", "wrote" or "removed".
func (a Action) String() string {
	switch a {
	case Wrote:
		return "wrote"
	case Removed:
		return "removed"
	}
	return "unchanged"
}

// Write writes outs: each file atomically, through a temporary file in the
// same directory renamed over the old one. It never writes over a file that
// asyncgen did not generate, and removes leftovers. It returns what it did
// to each of outs, in order, up to an error.
func Write(outs []Output) (done []Action, err error) {
	for _, o := range outs {
		old, rerr := os.ReadFile(o.Path)
		if rerr == nil && !hasHeader(old) {
			return done, fmt.Errorf("%s: asyncgen: refusing to overwrite a file asyncgen did not generate", o.Path)
		}
		if o.Content == nil {
			if rerr != nil {
				done = append(done, Unchanged)
				continue
			}
			if err := os.Remove(o.Path); err != nil {
				return done, err
			}
			done = append(done, Removed)
			continue
		}
		if rerr == nil && bytes.Equal(old, o.Content) {
			done = append(done, Unchanged)
			continue
		}
		if err := writeAtomic(o.Path, o.Content); err != nil {
			return done, err
		}
		done = append(done, Wrote)
	}
	return done, nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func udiff(oldName string, old []byte, newName string, new []byte) []byte {
	return diff.Diff(oldName, old, newName, new)
}
