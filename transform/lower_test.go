package transform

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"
)

// The tests in this file type-check source in memory, against fakeRT, and
// run the stages of the pipeline without the go command: they take
// milliseconds. The golden and differential suites check the same stages
// end to end, through the go command.

// fakeRT is the part of package rt that async functions name, enough for
// the type checker: the lowering recognises rt's functions by package path
// and name.
const fakeRT = `package rt

type Loop struct{}

type Op[T any] interface{ Start(l *Loop) *Future[T] }

type Future[T any] struct{ v T }

func (f *Future[T]) Start(l *Loop) *Future[T] { return f }

type Task[T any] struct{ fut Future[T] }

func (t *Task[T]) Start(l *Loop) *Future[T] { return &t.fut }

func Await[T any](op Op[T]) (T, error) { return op.Start(nil).v, nil }

func Yield() {}

func Sleep(n int) *Future[struct{}] { return nil }

func Ready(v int) *Future[int] { return nil }
`

// memImporter imports the packages of a test from memory.
type memImporter map[string]*types.Package

func (m memImporter) Import(path string) (*types.Package, error) {
	if p := m[path]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("package %s is not in the test (only %s is)", path, rtPath)
}

// checkSource type-checks the package of one file, a.go, beside the stub of
// its generated file, as load does through the go command.
func checkSource(t *testing.T, src string) (*token.FileSet, *ast.File, *types.Package, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	mode := parser.ParseComments | parser.SkipObjectResolution
	rtFile, err := parser.ParseFile(fset, "rt.go", fakeRT, mode)
	if err != nil {
		t.Fatal(err)
	}
	rtPkg, err := (&types.Config{}).Check(rtPath, fset, []*ast.File{rtFile}, nil)
	if err != nil {
		t.Fatalf("fake rt: %v", err)
	}
	file, err := parser.ParseFile(fset, "a.go", src, mode)
	if err != nil {
		t.Fatal(err)
	}
	files := []*ast.File{file}
	parsed := map[string]*ast.File{"a.go": file}
	if stub := stubFile(file, nil, resultNames([]string{"a.go"}, parsed)["a.go"]); stub != nil {
		sf, err := parser.ParseFile(fset, "a_async.go", stub, mode)
		if err != nil {
			t.Fatalf("stub does not parse: %v\n%s", err, stub)
		}
		files = append(files, sf)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Instances:  map[*ast.Ident]types.Instance{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	conf := &types.Config{Importer: memImporter{rtPath: rtPkg}}
	pkg, err := conf.Check("example.com/p", fset, files, info)
	if err != nil {
		t.Fatalf("source does not type-check: %v\n%s", err, src)
	}
	return fset, file, pkg, info
}

// lowerSource lowers the async functions of src (a file of package p that
// imports rt) and renders the generated file.
func lowerSource(t *testing.T, src string) ([]*Func, string) {
	t.Helper()
	fset, file, pkg, info := checkSource(t, src)
	fns, diags := findAsync(fset, file)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	async := map[*types.Func]bool{}
	for _, fd := range fns {
		async[info.Defs[fd.Name].(*types.Func)] = true
	}
	frames := newNames()
	for _, n := range pkg.Scope().Names() {
		frames.reserve(n)
	}
	q := newQualifier(pkg.Path())
	callees := map[string]*callee{}
	planCallees(fset, info, fns, async, frames, callees)
	ctx := &pkgCtx{fset: fset, pkg: pkg, info: info, async: async, qual: q, frames: frames, callees: callees}
	o := &outFile{pkgPath: pkg.Path(), pkgName: pkg.Name(), name: "a_async.go", build: buildLines(file, "a.go"), qual: q, fset: fset}
	for _, fd := range fns {
		m, ds := lowerFunc(ctx, fd)
		if len(ds) > 0 {
			t.Fatalf("lowering %s: %v", fd.Name.Name, ds)
		}
		o.fns = append(o.fns, m)
		o.fns = append(o.fns, m.Lits...)
	}
	if err := resolveCalls(o.fns, callees); err != nil {
		t.Fatal(err)
	}
	out, err := emit(o)
	if err != nil {
		t.Fatal(err)
	}
	return o.fns, string(out)
}

// lowerBody lowers one async function F with the given body, beside the
// declarations in decls.
func lowerBody(t *testing.T, decls, body string) (*Func, string) {
	t.Helper()
	src := "package p\n\nimport \"" + rtPath + "\"\n\nvar _ = rt.Yield\n\n" + decls + "\n\n//async\nfunc F() {\n" + body + "\n}\n"
	fns, out := lowerSource(t, src)
	for _, fn := range fns {
		if fn.Name == "F" {
			return fn, out
		}
	}
	t.Fatalf("no F in\n%s", out)
	return nil, ""
}

func fieldNames(fs []Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

// helpers for the source of the tests below: plain functions and async
// ones to call.
const testDecls = `
func use(...any) {}

func two() (int, string) { return 1, "a" }

//async
func double(x int) int { rt.Yield(); return 2 * x }

//async
func pair() (int, string, error) { rt.Yield(); return 1, "a", nil }

type counter struct{ n int }

func (c *counter) Inc() { c.n++ }
`

// TestLiveness checks which variables liveness keeps in the frame: those
// live at a resume point, and those a closure captures or whose address is
// taken; the others are locals of Resume.
func TestLiveness(t *testing.T) {
	tests := []struct {
		name          string
		body          string
		fields, local []string
	}{
		{"live across a yield", "x := 1\nrt.Yield()\nuse(x)", []string{"x"}, nil},
		{"dead before the yield", "y := 2\nuse(y)\nrt.Yield()", nil, []string{"y"}},
		{"assigned again after the yield", "x := 1\nuse(x)\nrt.Yield()\nx = 2\nuse(x)", nil, []string{"x"}},
		{"read after the yield, then assigned", "x := 1\nrt.Yield()\nuse(x)\nx = 2\nuse(x)", []string{"x"}, nil},
		{"a loop variable around a yield", "for i := 0; i < 3; i++ {\nrt.Yield()\n}", []string{"i"}, nil},
		{"assigned by an await", "v := 0\nuse(v)\nv, _ = rt.Await(rt.Ready(1))\nuse(v)", nil, []string{"v"}},
		{"assigned by a call with a result struct", "var a int\nvar b string\nvar err error\nuse(a, b, err)\na, b, err = pair()\nuse(a, b, err)", nil, []string{"a", "b", "err"}},
		{"read after a call with a result struct", "a, b := two()\nc, d, err := pair()\nuse(a, b, c, d, err)", []string{"a", "b"}, []string{"c", "d", "err"}},
		{"the argument of an async call", "x := 1\nuse(double(x))", nil, []string{"x"}},
		{"captured by a closure", "z := 1\ng := func() int { return z }\nuse(g())", []string{"z"}, []string{"g"}},
		{"address taken", "w := 1\np := &w\nuse(p)", []string{"w"}, []string{"p"}},
		{"address taken by a method call", "var c counter\nc.Inc()", []string{"c"}, nil},
		{"address taken by a method value", "var c counter\ninc := c.Inc\ninc()", []string{"c"}, []string{"inc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn, out := lowerBody(t, testDecls, tt.body)
			fields, locals := fieldNames(fn.Fields), fieldNames(fn.Locals)
			for _, f := range tt.fields {
				if !slices.Contains(fields, f) {
					t.Errorf("%s is not a frame field (fields %v, locals %v)\n%s", f, fields, locals, out)
				}
			}
			for _, f := range tt.local {
				if !slices.Contains(locals, f) {
					t.Errorf("%s is not a local of Resume (fields %v, locals %v)\n%s", f, fields, locals, out)
				}
			}
		})
	}
}

// TestUseDef checks what a lowered statement is recorded to read and to
// assign whole: liveness reads that record.
func TestUseDef(t *testing.T) {
	tests := []struct {
		stmt string
		defs []string
		uses []string // identifiers among the uses
	}{
		{"x = y", []string{"x"}, []string{"y"}},
		{"x, y = y, x", []string{"x", "y"}, []string{"y", "x"}},
		{"a[i] = y", nil, []string{"y", "a", "i"}},
		{"x := y", nil, []string{"x", "y"}},
		{"x += y", nil, []string{"x", "y"}},
		{"use(x)", nil, []string{"use", "x"}},
		{"{ r, err := g(); x, e = r.A, err }", []string{"x", "e"}, []string{"r", "A", "err", "g"}},
		{"{ u(); v(); x = 1 }", []string{"x"}, []string{"u", "v"}},
		// A goto past the assignment leaves x as it was.
		{"{ if c { goto L }; x = 1 }", nil, []string{"c", "L", "x"}},
	}
	for _, tt := range tests {
		f, err := parser.ParseFile(token.NewFileSet(), "a.go", "package p\nfunc _() {\n"+tt.stmt+"\n}", 0)
		if err != nil {
			t.Fatal(err)
		}
		uses, defs := useDef(f.Decls[0].(*ast.FuncDecl).Body.List[0])
		var gotDefs, gotUses []string
		for _, d := range defs {
			gotDefs = append(gotDefs, d.Name)
		}
		for _, u := range uses {
			ast.Inspect(u, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					gotUses = append(gotUses, id.Name)
				}
				return true
			})
		}
		if !slices.Equal(gotDefs, tt.defs) {
			t.Errorf("%s: defines %v, want %v", tt.stmt, gotDefs, tt.defs)
		}
		slices.Sort(gotUses)
		want := slices.Clone(tt.uses)
		slices.Sort(want)
		if !slices.Equal(slices.Compact(gotUses), slices.Compact(want)) {
			t.Errorf("%s: uses %v, want %v", tt.stmt, gotUses, want)
		}
	}
}

// TestNames checks the names the generated code gives to what it declares.
func TestNames(t *testing.T) {
	n := newNames()
	n.reserve("v")
	if got := []string{n.fresh("v"), n.fresh("v"), n.fresh("w"), n.fresh("w")}; !slices.Equal(got, []string{"v_1", "v_2", "w", "w_1"}) {
		t.Errorf("fresh: %v", got)
	}
	for _, tt := range []struct{ got, want string }{
		{frameName("", "Fetch"), "fetchFrame"},
		{frameName("Client", "Get"), "clientGetFrame"},
		{resultName("", "Fetch"), "FetchResult"},
		{resultName("", "fetch"), "fetchResult"},
		{resultName("client", "Get"), "ClientGetResult"},
		{resultName("Client", "get"), "clientGetResult"},
		{itoa(0) + itoa(7) + itoa(42) + itoa(-3), "0742-3"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if got := resultFieldNames([]string{"n", "body"}); !slices.Equal(got, []string{"N", "Body"}) {
		t.Errorf("resultFieldNames(n, body) = %v", got)
	}
	for _, in := range [][]string{{"", "b"}, {"a", "_"}, {"a", "A"}} {
		if got := resultFieldNames(in); !slices.Equal(got, []string{"R0", "R1"}) {
			t.Errorf("resultFieldNames(%q) = %v, want R0, R1", in, got)
		}
	}
	for _, src := range []string{"a.go", "a_test.go", "x_linux.go"} {
		gen := generatedName(src)
		back, ok := sourceName(gen)
		if !ok || back != src {
			t.Errorf("sourceName(generatedName(%s) = %s) = %s, %v", src, gen, back, ok)
		}
	}
	if _, ok := sourceName("a.go"); ok {
		t.Errorf("sourceName(a.go): a source file is not generated")
	}
}

// TestLoweringNames checks the names that lowering gives variables: a
// user's variable keeps its name unless a frame field or an outer name
// takes it.
func TestLoweringNames(t *testing.T) {
	fn, out := lowerBody(t, testDecls, "Frame := 1\nResume := 2\nrt.Yield()\nuse(Frame, Resume)")
	if fields := fieldNames(fn.Fields); !slices.Equal(fields, []string{"Frame_1", "Resume_1"}) {
		t.Errorf("fields %v, want Frame_1 and Resume_1: the frame's embedded Frame and its Resume method keep their names\n%s", fields, out)
	}
	// Two variables of one name in nested scopes, both moved out of
	// their blocks: the inner one is renamed.
	fn, out = lowerBody(t, testDecls, "x := 1\n{\nx := 2\nrt.Yield()\nuse(x)\n}\nuse(x)")
	if fields := fieldNames(fn.Fields); !slices.Equal(fields, []string{"x", "x_1"}) {
		t.Errorf("fields %v, want x and x_1\n%s", fields, out)
	}
}

// TestOnePool checks that frame fields and locals are named from one
// pool (f.v1 and v1 are never two variables) and that temporaries are
// numbered, not marked with the _N of the user's renamed variables.
func TestOnePool(t *testing.T) {
	fn, out := lowerBody(t, testDecls+"\nfunc two2() int { return 2 }\n", "a := two2() + double(1)\nuse(a)\nb := two2() + double(2)\nuse(b)\nif double(3) > 0 && double(4) > 0 {\nuse(1)\n}")
	fields, locals := fieldNames(fn.Fields), fieldNames(fn.Locals)
	for _, name := range fields {
		if slices.Contains(locals, name) {
			t.Errorf("%s is both a frame field and a local\n%s", name, out)
		}
	}
	for _, name := range append(fields, locals...) {
		if strings.Contains(name, "_") {
			t.Errorf("temporary %s is named like a renamed user variable\n%s", name, out)
		}
	}
	if len(fields)+len(locals) < 5 {
		t.Errorf("fields %v, locals %v: want temporaries in both\n%s", fields, locals, out)
	}
}

// TestFileConstraint checks the build constraints that a generated file
// carries: its source's, and the one its source's name implies.
func TestFileConstraint(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"x_linux.go", "linux"},
		{"x_amd64.go", "amd64"},
		{"x_linux_amd64.go", "linux && amd64"},
		{"x_darwin_arm64_test.go", "darwin && arm64"},
		{"x_windows_test.go", "windows"},
		{"linux.go", ""},
		{"x_foo.go", ""},
		{"x_amd64_linux.go", "linux"},
	} {
		if got := fileConstraint(tt.name); got != tt.want {
			t.Errorf("fileConstraint(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, tt := range []struct {
		src, name string
		want      []string
	}{
		{"package p", "a.go", nil},
		{"package p", "a_linux.go", []string{"//go:build linux"}},
		{"//go:build go1.22\n\npackage p", "a.go", []string{"//go:build go1.22"}},
		{"//go:build unix || js\n\npackage p", "a_amd64.go", []string{"//go:build (unix || js) && amd64"}},
		// A //go:build line after the package clause is not a constraint.
		{"package p\n\n//go:build linux", "a.go", nil},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), tt.name, tt.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if got := buildLines(f, tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("buildLines(%q, %s) = %q, want %q", tt.src, tt.name, got, tt.want)
		}
	}
}

// TestLowerStatement checks the lowering of single statements, in the
// text of the generated Resume.
func TestLowerStatement(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // in order
	}{
		{"yield", "rt.Yield()", []string{
			"return f.Frame.Reschedule(1)", "resume1:", "return f.Frame.Return(struct{}{}, nil)"}},
		{"await", "v, err := rt.Await(rt.Sleep(1))\nuse(v, err)", []string{
			"rt.BeginFuture(&f.Frame, rt.Sleep(1))", "if f.Frame.Suspend(f.fut1, 1) {", "return rt.Suspended", "resume1:", "rt.AwaitResult(&f.Frame, &f.fut1)", "use(v, err)"}},
		{"async call", "use(double(3))", []string{
			"f.call1 = doubleFrame{x: 3}", "if rt.BeginCall(&f.Frame, &f.call1.Frame) && rt.AfterCall(&f.Frame, &f.call1, f.call1.Resume(), 1) {", "return rt.Suspended", "resume1:", "rt.CallValue(&f.Frame, f.call1.Frame.Task())", "use("}},
		{"async call with an error result", "_, _, err := pair()\nuse(err)", []string{
			"f.call1 = pairFrame{}", "resume1:", "rt.CallResult(&f.Frame, f.call1.Frame.Task())"}},
		{"operands in order", "use(two2(), double(1))", []string{
			"= two2()", "doubleFrame{x: 1}", "resume1:", "use("}},
		{"if with an await in the condition", "if double(1) > 1 {\nuse(1)\n} else {\nuse(2)\n}", []string{
			"doubleFrame{x: 1}", "resume1:", "v1 = rt.CallValue(&f.Frame, f.call1.Frame.Task())", "if v1 > 1 {", "use(1)", "} else {", "use(2)"}},
		{"if with an await in a branch", "if c := two2(); c > 1 {\nrt.Yield()\n}\nuse(0)", []string{
			"c = two2()", "if !(c > 1) {", "goto", "return f.Frame.Reschedule(1)", "resume1:", "use(0)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out := lowerBody(t, testDecls+"\nfunc two2() int { return 2 }\n", tt.body)
			resume := out[strings.Index(out, "func (f *fFrame) Resume()"):]
			resume = resume[:strings.Index(resume, "\n}\n")]
			rest := resume
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("%q not found (in order) in the Resume of\n%s\n%s", w, tt.body, resume)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// TestLinePositions checks that every call of use in the generated code
// has the position of the same call in the source, through the //line
// directives, which are written only where the position changes.
func TestLinePositions(t *testing.T) {
	body := `use(1)
	use(2)
	rt.Yield()
	use(3)
	if two2() > 0 {
		use(4)
		use(5)
	}
	for i := 0; i < 2; i++ {
		use(6, double(i))
		use(7)
	}
	x := double(1) + double(2)
	use(8, x)
	use(9)`
	decls := testDecls + "\nfunc two2() int { return 2 }\n"
	src := "package p\n\nimport \"" + rtPath + "\"\n\nvar _ = rt.Yield\n\n" + decls + "\n\n//async\nfunc F() {\n\t" + body + "\n}\n"
	_, out := lowerSource(t, src)
	positions := func(name, src string) map[string]token.Position {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, src)
		}
		m := map[string]token.Position{}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "use" && len(call.Args) > 0 {
					if lit, ok := call.Args[0].(*ast.BasicLit); ok {
						p := fset.Position(call.Pos())
						p.Offset = 0
						m[lit.Value] = p
					}
				}
			}
			return true
		})
		return m
	}
	want, got := positions("a.go", src), positions("a_async.go", out)
	if len(want) != 9 {
		t.Fatalf("found %d calls of use in the source, want 9", len(want))
	}
	for k, w := range want {
		if g := got[k]; g != w {
			t.Errorf("use(%s) is at %v in the generated code, want %v", k, g, w)
		}
	}
	if strings.Contains(out, "\tuse(1)\n//line a.go:24:1\n") {
		t.Errorf("a //line directive repeats the position that the line already has:\n%s", out)
	}
}

// TestLowerDefer checks that a deferred call of a func() value defers the
// value itself, and that other deferred calls evaluate their operands at
// the defer statement.
func TestLowerDefer(t *testing.T) {
	decls := testDecls + `
type mutex struct{ n int }

func (m *mutex) Unlock() { m.n-- }

func cleanup() {}

func show(int) {}
`
	tests := []struct{ body, want string }{
		{"var mu mutex\ndefer mu.Unlock()\nrt.Yield()", "f.Frame.Defer(f.mu.Unlock)"},
		{"defer cleanup()\nrt.Yield()", "f.Frame.Defer(cleanup)"},
		{"fn := cleanup\ndefer fn()\nrt.Yield()", "f.Frame.Defer(fn)"},
		{"defer println()\nrt.Yield()", "f.Frame.Defer(func() { println() })"},
		{"x := 1\ndefer show(x)\nrt.Yield()", "rt.DeferCall1(&f.Frame, show, x)"},
		{"defer show(2)\nrt.Yield()", "rt.DeferCall1(&f.Frame, show, 2)"},
	}
	for _, tt := range tests {
		_, out := lowerBody(t, decls, tt.body)
		if !strings.Contains(out, tt.want) {
			t.Errorf("%s:\nwant %s in\n%s", tt.body, tt.want, out)
		}
	}
}

// TestImportGroups checks that a generated file imports the standard
// library in a group of its own, before the others.
func TestImportGroups(t *testing.T) {
	src := []byte("package p\n\nimport (\n\t\"errors\"\n\t\"github.com/asyncgen/asyncgen/rt\"\n\tutf8 \"unicode/utf8\"\n)\n\nvar _ = errors.New\n")
	want := "import (\n\t\"errors\"\n\tutf8 \"unicode/utf8\"\n\n\t\"github.com/asyncgen/asyncgen/rt\"\n)\n"
	if got := string(groupImports(src)); !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant the block\n%s", got, want)
	}
	one := []byte("package p\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n")
	if got := groupImports(one); string(got) != string(one) {
		t.Errorf("one group changed:\n%s", got)
	}
}

// TestLiveAtResume checks the liveness pass on items built by hand, as the
// lowering records them: candidate 0 is x, 1 is y.
func TestLiveAtResume(t *testing.T) {
	type rec struct {
		it         *item
		uses, defs []int
	}
	stmt := func(uses, defs []int, gotos ...string) rec {
		return rec{&item{stmt: &ast.EmptyStmt{}, gotos: gotos}, uses, defs}
	}
	term := func(r rec) rec { r.it.term = true; return r }
	label := func(name string) rec { return rec{&item{label: name}, nil, nil} }
	resume := func(name string) rec { r := label(name); r.it.resume = true; return r }
	x, y := []int{0}, []int{1}
	tests := []struct {
		name string
		body []rec
		live []bool
	}{
		{"read after the resume point", []rec{stmt(nil, x), resume("r1"), stmt(x, nil)}, []bool{true, false}},
		{"read before it only", []rec{stmt(nil, y), stmt(y, nil), resume("r1"), term(stmt(nil, nil))}, []bool{false, false}},
		{"assigned after it, then read", []rec{resume("r1"), stmt(nil, x), stmt(x, nil)}, []bool{false, false}},
		{"a goto around the assignment", []rec{resume("r1"), stmt(nil, nil, "L"), stmt(nil, x), label("L"), stmt(x, nil)}, []bool{true, false}},
		{"a terminating item cuts the flow", []rec{resume("r1"), term(stmt(nil, nil)), stmt(x, nil)}, []bool{false, false}},
		{"around a loop", []rec{
			stmt(nil, x), label("loop"), stmt(x, nil, "done"), resume("r1"), stmt(x, x),
			term(stmt(nil, nil, "loop")), label("done"), stmt(y, nil),
		}, []bool{true, true}},
	}
	for _, tt := range tests {
		var items []*item
		var uses, defs []varSet
		for _, r := range tt.body {
			u, d := newVarSet(2), newVarSet(2)
			for _, c := range r.uses {
				u.add(c)
			}
			for _, c := range r.defs {
				d.add(c)
			}
			items, uses, defs = append(items, r.it), append(uses, u), append(defs, d)
		}
		if got := liveAtResume(items, uses, defs, 2); !slices.Equal(got, tt.live) {
			t.Errorf("%s: live %v, want %v", tt.name, got, tt.live)
		}
	}
}

// TestDirectCallModes checks how a caller holds the frame of each kind of
// direct call (see calls.go): embedded in its own frame, from the callee's
// FramePool when the callee is recursive, and a new frame per call when
// the callee's variables may outlive the call or a recursive callee is
// generic; and that a callee which defers nothing is run by rt.BeginCall
// and rt.AfterCall, one that defers by rt.Call.
func TestDirectCallModes(t *testing.T) {
	src := `package p

import "` + rtPath + `"

//async
func leaf(x int) int { rt.Yield(); return x }

//async
func rec(n int) int {
	if n == 0 {
		return 0
	}
	return rec(n-1) + 1
}

//async
func ping(n int) int {
	if n == 0 {
		return 0
	}
	return pong(n - 1)
}

//async
func pong(n int) int { rt.Yield(); return ping(n) }

//async
func captured(x int) func() int { rt.Yield(); return func() int { return x } }

//async
func recCaptured(n int) *int {
	if n > 0 {
		recCaptured(n - 1)
	}
	return &n
}

//async
func gen[T any](xs []T) int {
	if len(xs) == 0 {
		return 0
	}
	return gen(xs[1:]) + 1
}

//async
func withDefer(x int) int { defer func() {}(); rt.Yield(); return x }

//async
func F() {
	leaf(1)
	leaf(2)
	rec(3)
	ping(4)
	captured(5)
	recCaptured(6)
	gen([]int{7})
	withDefer(8)
	rt.Await(rt.Sleep(1))
}
`
	fns, out := lowerSource(t, src)
	var f *Func
	for _, fn := range fns {
		if fn.Name == "F" {
			f = fn
		}
	}
	fields := map[string]string{}
	for _, fl := range f.Fields {
		fields[fl.Type] = fl.Name
	}
	for _, typ := range []string{"leafFrame", "*recFrame", "*pingFrame", "*capturedFrame", "*recCapturedFrame", "*genFrame[int]"} {
		if _, ok := fields[typ]; !ok {
			t.Errorf("F has no field of type %s; its fields: %v", typ, f.Fields)
		}
	}
	for _, want := range []string{
		"f.call1 = leafFrame{x: 1}",
		"if rt.BeginCall(&f.Frame, &f.call1.Frame) && rt.AfterCall(&f.Frame, &f.call1, f.call1.Resume(), 1) {",
		"f.call1 = leafFrame{x: 2}",
		"= withDeferFrame{x: 8}",
		"if rt.Call(&f.Frame, &f.call",
		"var recFramePool rt.FramePool[recFrame]",
		"= rt.TakeFrame(&f.Frame, &recFramePool)",
		"= recFrame{n: 3}",
		"rt.FreeFrame(&f.Frame, &recFramePool, f.call",
		"var pingFramePool rt.FramePool[pingFrame]",
		"var pongFramePool rt.FramePool[pongFrame]",
		"= rt.TakeFrame(&f.Frame, &pongFramePool)",
		"= &capturedFrame{x: 5}",
		"= &recCapturedFrame{n: 6}",
		"= &genFrame[int]{xs: []int{7}}",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	resume := out[strings.Index(out, "func (f *fFrame) Resume"):]
	resume = resume[:strings.Index(resume, "\n}\n")]
	for _, unwanted := range []string{"recCapturedFramePool", "genFramePool", "leafFramePool", "capturedFramePool", "Async(", "BeginTask"} {
		if strings.Contains(resume, unwanted) || strings.Contains(out, "var "+unwanted) {
			t.Errorf("unexpected %q in\n%s", unwanted, out)
		}
	}
}
