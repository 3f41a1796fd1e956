package transform

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// A loaded holds the packages to rewrite, type-checked against stubs of the
// files that asyncgen is about to write.
type loaded struct {
	fset     *token.FileSet
	pkgs     []*packages.Package
	stubs    map[string]bool // overlaid files: stubs and blanked generated files
	existing map[string]bool // generated files (ours) found in the package directories
	sources  map[string]bool // Go files of the loaded packages
	dirs     []string        // package directories
}

// load loads the packages matched by patterns, with full type information.
//
// Before type-checking, every generated file of the packages, and of the
// packages they import from the main module or from another directory
// that the user edits (a replace to a directory, a workspace module), is
// replaced (in an overlay, nothing is written) by a stub that declares
// only the FAsync constructors and result structs of its source file,
// built from syntax alone. So a package type-checks the same whether its
// generated files, or those of the packages it imports, are missing,
// stale or fresh: go generate may run asyncgen on a package before the
// packages it imports, and user code may already refer to FAsync names.
//
// warn, if not nil, is told of each pattern that matches no packages.
func load(dir string, tags string, patterns []string, warn func(string)) (*loaded, Diagnostics, error) {
	var flags []string
	if tags != "" {
		flags = append(flags, "-tags="+tags)
	}
	fset := token.NewFileSet()
	cfg := &packages.Config{
		Mode:       packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Dir:        dir,
		BuildFlags: flags,
		Tests:      true,
	}
	first, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, goCommandError(err)
	}
	ld := &loaded{fset: fset, stubs: map[string]bool{}, existing: map[string]bool{}, sources: map[string]bool{}}
	var diags Diagnostics
	for _, p := range first {
		diags = append(diags, listErrors(p)...)
	}
	if len(diags) > 0 {
		return nil, diags, nil
	}
	if warn != nil {
		for _, pat := range unmatched(dir, patterns, first) {
			warn(fmt.Sprintf("%q matched no packages", pat))
		}
	}
	overlay := map[string][]byte{}
	seenDir := map[string]bool{}
	var files []string
	pkgOf := map[string]*packages.Package{}
	isSource := map[string]bool{} // files of the loaded packages and of the stubbed dependencies
	for _, p := range first {
		if isTestMain(p) {
			continue
		}
		for _, f := range p.GoFiles {
			if pkgOf[f] == nil || !strings.Contains(p.ID, " [") {
				pkgOf[f] = p
			}
			if !ld.sources[f] {
				ld.sources[f] = true
				isSource[f] = true
				files = append(files, f)
			}
			if d := filepath.Dir(f); !seenDir[d] {
				seenDir[d] = true
				ld.dirs = append(ld.dirs, d)
			}
		}
	}
	// The imported packages that get stubs too: those in a directory the
	// user edits and with a file that mentions async (the marker's
	// spelling), all of whose files are then read, for the names the
	// result structs must avoid.
	var depDirs []string
	packages.Visit(first, nil, func(p *packages.Package) {
		if !editable(p) {
			return
		}
		var fresh []string
		mentions := false
		for _, f := range p.GoFiles {
			if isSource[f] {
				continue
			}
			fresh = append(fresh, f)
			if src, err := os.ReadFile(f); err == nil && bytes.Contains(src, []byte("async")) {
				mentions = true
			}
		}
		if !mentions {
			return
		}
		for _, f := range fresh {
			if pkgOf[f] == nil || !strings.Contains(p.ID, " [") {
				pkgOf[f] = p
			}
			isSource[f] = true
			files = append(files, f)
			if d := filepath.Dir(f); !seenDir[d] {
				seenDir[d] = true
				depDirs = append(depDirs, d)
			}
		}
	})
	sort.Strings(files)
	sort.Strings(ld.dirs)
	// Generated files: ours, in the package directories (whatever their
	// build constraints say). Only those of the loaded packages are
	// planned (rewritten or removed); the others are overlaid.
	generated := map[string]bool{}
	for i, d := range append(append([]string(nil), ld.dirs...), depDirs...) {
		ents, _ := os.ReadDir(d)
		for _, e := range ents {
			if _, ok := sourceName(e.Name()); ok && !e.IsDir() {
				path := filepath.Join(d, e.Name())
				if isGeneratedFile(path) {
					generated[path] = true
					if i < len(ld.dirs) {
						ld.existing[path] = true
					}
				}
			}
		}
	}
	parsed := map[string]*ast.File{}
	pfset := token.NewFileSet()
	for _, f := range files {
		if generated[f] {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		pf, err := parser.ParseFile(pfset, f, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			continue // the typed load reports it
		}
		parsed[f] = pf
	}
	results := resultNames(files, parsed)
	for _, f := range files {
		pf := parsed[f]
		if pf == nil {
			continue
		}
		stub := stubFile(pf, pkgOf[f], results[f])
		if stub == nil {
			continue
		}
		gen := generatedName(f)
		if _, err := os.Stat(gen); err == nil && !generated[gen] {
			continue // hand-written: refused later, not overlaid
		}
		overlay[gen] = stub
		ld.stubs[gen] = true
	}
	// Blank the generated files that no source gave a stub.
	for _, f := range files {
		if !generated[f] || ld.stubs[f] {
			continue
		}
		src, _ := os.ReadFile(f)
		if pf, err := parser.ParseFile(token.NewFileSet(), f, src, parser.PackageClauseOnly); err == nil {
			overlay[f] = []byte(header + "\n\npackage " + pf.Name.Name + "\n")
			ld.stubs[f] = true
		}
	}
	collisions := constructorCollisions(pfset, files, parsed, ld.sources)
	cfg = &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedTypes | packages.NeedTypesInfo |
			packages.NeedSyntax | packages.NeedTypesSizes,
		Dir:        dir,
		BuildFlags: flags,
		Tests:      true,
		Overlay:    overlay,
		Fset:       fset,
		ParseFile: func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
			return parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
		},
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, goCommandError(err)
	}
	asyncNames := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && isAsync(fd) {
					asyncNames[fd.Name.Name] = true
				}
			}
		}
	}
	for _, p := range pkgs {
		if isTestMain(p) {
			continue
		}
		ld.pkgs = append(ld.pkgs, p)
		diags = append(diags, ld.packageErrors(p, asyncNames)...)
	}
	diags = append(diags, collisions...)
	// Plain packages first, so that a file shared with a test variant is
	// rewritten with the plain package's types.
	sort.SliceStable(ld.pkgs, func(i, j int) bool {
		ti, tj := strings.Contains(ld.pkgs[i].ID, " ["), strings.Contains(ld.pkgs[j].ID, " [")
		if ti != tj {
			return !ti
		}
		return ld.pkgs[i].ID < ld.pkgs[j].ID
	})
	return ld, diags.sorted(), nil
}

// packageErrors turns the errors of a loaded package into diagnostics: all
// but those in stubs (and the lines that continue them, such as "other
// declaration of") and the references to FAsync names that generation
// defines. After a syntax error only syntax errors are reported, the first
// of each file, as go vet does: go/parser's recovery turns the lines after
// a syntax error into more errors that are not the user's. The compiler's
// output ("# pkg" and its lines) is split into diagnostics.
func (ld *loaded) packageErrors(p *packages.Package, asyncNames map[string]bool) Diagnostics {
	var ds Diagnostics
	hasParse := false
	for _, e := range p.Errors {
		if e.Kind == packages.ParseError {
			hasParse = true
		}
	}
	parseErrorIn := map[string]bool{}
	dropped := false // whether the error before was left out
	for _, e := range p.Errors {
		if hasParse && e.Kind != packages.ParseError {
			continue
		}
		if e.Pos == "" && strings.HasPrefix(e.Msg, "# ") {
			for _, ln := range strings.Split(e.Msg, "\n")[1:] {
				if m := compilerLine.FindStringSubmatch(ln); m != nil {
					pos := parsePos(m[1])
					if !filepath.IsAbs(pos.Filename) && len(p.GoFiles) > 0 {
						// The compiler names an overlaid file by its copy,
						// "N-x_async.go" (see gocommand's overlay).
						base := filepath.Base(pos.Filename)
						if m := overlayCopy.FindStringSubmatch(base); m != nil && ld.stubs[filepath.Join(filepath.Dir(p.GoFiles[0]), m[1])] {
							base = m[1]
						}
						pos.Filename = filepath.Join(filepath.Dir(p.GoFiles[0]), base)
					}
					if ld.stubs[pos.Filename] || strings.Contains(pos.Filename, "gocommand-") || tolerated(m[2], asyncNames) {
						continue
					}
					ds = append(ds, Diagnostic{Pos: pos, Msg: m[2]})
				}
			}
			continue
		}
		pos := parsePos(e.Pos)
		if e.Kind == packages.ParseError {
			if parseErrorIn[pos.Filename] {
				continue
			}
			parseErrorIn[pos.Filename] = true
		}
		continued := e.Kind == packages.TypeError && strings.HasPrefix(e.Msg, "\t")
		if continued && dropped {
			continue
		}
		if ld.stubs[pos.Filename] || e.Kind == packages.TypeError && tolerated(e.Msg, asyncNames) {
			dropped = true
			continue
		}
		dropped = false
		ds = append(ds, Diagnostic{Pos: pos, Msg: e.Msg})
	}
	return ds
}

var (
	compilerLine = regexp.MustCompile(`^(\S+?:\d+(?::\d+)?): (.*)$`)
	overlayCopy  = regexp.MustCompile(`^[0-9]+-(.+)$`)
)

func isTestMain(p *packages.Package) bool {
	return strings.HasSuffix(p.ID, ".test") && p.Name == "main"
}

// listErrors reports the errors of the first, untyped load: bad patterns,
// missing packages.
func listErrors(p *packages.Package) Diagnostics {
	var ds Diagnostics
	for _, e := range p.Errors {
		if e.Kind == packages.ListError || e.Kind == packages.UnknownError {
			ds = append(ds, Diagnostic{Pos: parsePos(e.Pos), Msg: e.Msg})
		}
	}
	return ds
}

var undefinedAsync = regexp.MustCompile(`(?:undefined: (?:\w+\.)?|has no field or method )(\w+)Async\b`)

// tolerated reports whether a type error is one asyncgen itself will fix:
// a reference to the FAsync constructor of an async function.
func tolerated(msg string, asyncNames map[string]bool) bool {
	m := undefinedAsync.FindStringSubmatch(msg)
	return m != nil && asyncNames[m[1]]
}

// goCommandError returns the go command's own message from an error of
// packages.Load, which wraps it ("err: exit status 1: stderr: go: ...").
func goCommandError(err error) error {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, ": stderr: "); ok && strings.HasPrefix(msg, "err: ") {
		return errors.New(strings.TrimRight(after, "\n"))
	}
	return err
}

// unmatched returns the patterns with a "..." wildcard that match none of
// pkgs, in the order given. The go command only warns about those, and
// go/packages drops its warning.
func unmatched(dir string, patterns []string, pkgs []*packages.Package) []string {
	var out []string
	for _, pat := range patterns {
		if !strings.Contains(pat, "...") {
			continue // a pattern without a wildcard that matches nothing is an error
		}
		var re *regexp.Regexp
		local := pat == "." || pat == ".." || strings.HasPrefix(pat, "./") || strings.HasPrefix(pat, "../") || filepath.IsAbs(pat)
		if local {
			abs, err := filepath.Abs(filepath.Join(dir, pat))
			if err != nil {
				continue
			}
			re = patternRegexp(filepath.ToSlash(abs))
		} else {
			re = patternRegexp(pat)
		}
		matched := false
		for _, p := range pkgs {
			if local && re.MatchString(filepath.ToSlash(p.Dir)) || !local && re.MatchString(p.PkgPath) {
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, pat)
		}
	}
	return out
}

// patternRegexp compiles a go command pattern: "..." matches any string,
// and a final "/..." matches the empty string too.
func patternRegexp(pat string) *regexp.Regexp {
	re := strings.ReplaceAll(regexp.QuoteMeta(pat), `\.\.\.`, `.*`)
	if strings.HasSuffix(re, `/.*`) {
		re = strings.TrimSuffix(re, `/.*`) + `(/.*)?`
	}
	return regexp.MustCompile(`^` + re + `$`)
}

// editable reports whether an imported package is in a directory the user
// edits: in the main module (or a workspace module), or in a module
// replaced by a directory, and not vendored or in the module cache.
func editable(p *packages.Package) bool {
	m := p.Module
	if m == nil || m.Dir == "" || p.Dir == "" {
		return false
	}
	if !m.Main && (m.Replace == nil || m.Replace.Version != "") {
		return false
	}
	r, err := filepath.Rel(m.Dir, p.Dir)
	return err == nil && filepath.IsLocal(r)
}

// constructorCollisions reports the declarations, in files of the loaded
// packages (sources), of the names that generation gives the constructors
// of async functions: FAsync in the package scope, MAsync as a method or
// field of R for a method R.M. The generated frame and result struct
// names dodge the package's names instead (with _N), so they never
// collide.
func constructorCollisions(fset *token.FileSet, files []string, parsed map[string]*ast.File, sources map[string]bool) Diagnostics {
	type decl struct {
		pos  token.Pos
		kind string
		file string
	}
	type pkgDecls struct {
		scope   map[string]decl
		members map[string]map[string]decl // type name -> method or field name
		async   []*ast.FuncDecl
	}
	pkgs := map[string]*pkgDecls{}
	var keys []string
	for _, f := range files {
		pf := parsed[f]
		if pf == nil {
			continue
		}
		k := filepath.Dir(f) + "\x00" + pf.Name.Name
		pd := pkgs[k]
		if pd == nil {
			pd = &pkgDecls{scope: map[string]decl{}, members: map[string]map[string]decl{}}
			pkgs[k] = pd
			keys = append(keys, k)
		}
		member := func(typ, name string, pos token.Pos, kind string) {
			if pd.members[typ] == nil {
				pd.members[typ] = map[string]decl{}
			}
			pd.members[typ][name] = decl{pos, kind, f}
		}
		for _, d := range pf.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) == 1 {
					recv, _ := recvTypeName(d.Recv.List[0].Type)
					member(recv, d.Name.Name, d.Name.Pos(), "method")
				} else if d.Recv == nil {
					pd.scope[d.Name.Name] = decl{d.Name.Pos(), "func", f}
				}
				if isAsync(d) {
					pd.async = append(pd.async, d)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						pd.scope[sp.Name.Name] = decl{sp.Name.Pos(), "type", f}
						st, ok := sp.Type.(*ast.StructType)
						if !ok {
							continue
						}
						for _, fl := range st.Fields.List {
							for _, n := range fl.Names {
								member(sp.Name.Name, n.Name, n.Pos(), "field")
							}
							if len(fl.Names) == 0 {
								if n, _ := recvTypeName(fl.Type); n != "" {
									member(sp.Name.Name, n, fl.Type.Pos(), "field")
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							pd.scope[n.Name] = decl{n.Pos(), d.Tok.String(), f}
						}
					}
				}
			}
		}
	}
	var ds Diagnostics
	for _, k := range keys {
		pd := pkgs[k]
		for _, fd := range pd.async {
			name := fd.Name.Name + "Async"
			var other decl
			var ok bool
			if fd.Recv != nil {
				recv, _ := recvTypeName(fd.Recv.List[0].Type)
				other, ok = pd.members[recv][name]
			} else {
				other, ok = pd.scope[name]
			}
			if !ok || !sources[other.file] {
				continue
			}
			ds = append(ds, Diagnostic{Pos: fset.Position(other.pos), Msg: fmt.Sprintf(
				"%s is the name of the constructor asyncgen generates for //async %s (%s): rename this %s",
				name, describeFunc(fd), posString(fset.Position(fd.Name.Pos())), other.kind)})
		}
	}
	return ds
}

// parsePos parses "file:line:col" as go/packages prints positions.
func parsePos(s string) token.Position {
	var p token.Position
	if s == "" || s == "-" {
		return p
	}
	parts := strings.Split(s, ":")
	nums := []int{}
	for len(parts) > 1 && len(nums) < 2 {
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	p.Filename = strings.Join(parts, ":")
	if len(nums) > 0 {
		p.Line = nums[0]
	}
	if len(nums) > 1 {
		p.Column = nums[1]
	}
	return p
}

// isGeneratedFile reports whether path starts with asyncgen's header.
func isGeneratedFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, len(header)+2)
	n, _ := f.Read(buf)
	return hasHeader(buf[:n])
}

func hasHeader(src []byte) bool {
	return bytes.HasPrefix(src, []byte(header+"\n")) || bytes.HasPrefix(src, []byte(header+"\r\n"))
}
