package transform

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// An outFile is what emit needs to write one generated file.
type outFile struct {
	pkgPath, pkgName string
	name             string   // base name of the generated file
	build            []string // //go:build lines to copy
	fns              []*Func
	qual             *qualifier
	fset             *token.FileSet
	comments         []*ast.CommentGroup // the source file's, for the statements copied as they are
	shapes           []*DeferShape       // the types of deferred calls that the file declares
}

// emit renders a generated file: jennifer for the declarations and the
// imports, go/printer for the statements of the Resume bodies, then gofmt.
func emit(o *outFile) ([]byte, error) {
	f := jen.NewFilePathName(o.pkgPath, o.pkgName)
	f.NoFormat = true
	f.HeaderComment(header)
	for _, b := range o.build {
		f.HeaderComment(b)
	}
	for _, p := range o.qual.paths {
		if name := o.qual.imports[p]; name == o.qual.names[p] {
			f.ImportName(p, name)
		} else {
			f.ImportAlias(p, name)
		}
	}
	f.Comment("Generated code refers to the frame protocol it was written for: with another")
	f.Comment("runtime it fails to build here. Run asyncgen again.")
	f.Const().Id("_").Op("=").Qual(rtPath, "FrameProtocolV3")
	for _, fn := range o.fns {
		f.Line()
		emitFunc(f, o, fn)
	}
	for _, d := range o.shapes {
		f.Line()
		emitDeferShape(f, o.qual, d)
	}
	var raw bytes.Buffer
	if err := f.Render(&raw); err != nil {
		return nil, err
	}
	src, err := format.Source(raw.Bytes())
	if err != nil {
		return nil, fmt.Errorf("internal error: generated code for %s does not parse: %v\n%s", o.name, err, numbered(raw.Bytes()))
	}
	return fixLineResets(groupImports(src), o.name), nil
}

// groupImports puts the standard library's imports apart from the others,
// as goimports does: jennifer writes them in one group.
func groupImports(src []byte) []byte {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly)
	if err != nil {
		return src
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT || !gd.Lparen.IsValid() {
			continue
		}
		var std, other []string
		for _, sp := range gd.Specs {
			is := sp.(*ast.ImportSpec)
			text := string(src[fset.Position(is.Pos()).Offset:fset.Position(is.End()).Offset])
			path, _ := strconv.Unquote(is.Path.Value)
			if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
				other = append(other, text)
			} else {
				std = append(std, text)
			}
		}
		if len(std) == 0 || len(other) == 0 {
			return src
		}
		group := "(\n\t" + strings.Join(std, "\n\t") + "\n\n\t" + strings.Join(other, "\n\t") + "\n)"
		start, end := fset.Position(gd.Lparen).Offset, fset.Position(gd.Rparen).Offset+1
		return slices.Concat(src[:start], []byte(group), src[end:])
	}
	return src
}

// numbered prefixes each line of src with its number, to show bad output.
func numbered(src []byte) string {
	var b strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for i := 1; sc.Scan(); i++ {
		fmt.Fprintf(&b, "%5d\t%s\n", i, sc.Text())
	}
	return b.String()
}

// commentsIn returns the comment groups that lie inside n, if n has a
// position: none of its doc comment, which is outside it.
func commentsIn(groups []*ast.CommentGroup, n ast.Node) []*ast.CommentGroup {
	if !n.Pos().IsValid() || !n.End().IsValid() {
		return nil
	}
	var in []*ast.CommentGroup
	for _, g := range groups {
		if n.Pos() < g.Pos() && g.End() < n.End() {
			in = append(in, g)
		}
	}
	return in
}

// resetMarker is a //line directive that points back at the generated file;
// fixLineResets writes its line number once the file is formatted.
func resetMarker(name string) string { return "//line " + name + ":1:1" }

func fixLineResets(src []byte, name string) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	marker := resetMarker(name)
	for i, ln := range lines {
		if strings.TrimRight(ln, "\n") == marker {
			lines[i] = "//line " + name + ":" + strconv.Itoa(i+2) + ":1\n"
		}
	}
	return []byte(strings.Join(lines, ""))
}

// nextLine is the source line of the line n lines after one at line
// line, or 0 if line is 0 (unknown).
func nextLine(line, n int) int {
	if line == 0 {
		return 0
	}
	return line + n
}

// code turns a text with qualifier placeholders into jennifer code.
func code(q *qualifier, text string) jen.Code {
	var st jen.Statement
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > last {
			st = append(st, jen.Op(text[last:m[0]]))
		}
		i, _ := strconv.Atoi(text[m[2]:m[3]])
		st = append(st, jen.Qual(q.paths[i], text[m[4]:m[5]]))
		last = m[1]
	}
	if last < len(text) {
		st = append(st, jen.Op(text[last:]))
	}
	return &st
}

func typeParams(q *qualifier, tps []Field) []jen.Code {
	var cs []jen.Code
	for _, tp := range tps {
		cs = append(cs, jen.Id(tp.Name).Add(code(q, tp.Type)))
	}
	return cs
}

func typeArgs(tps []Field) []jen.Code {
	var cs []jen.Code
	for _, tp := range tps {
		cs = append(cs, jen.Id(tp.Name))
	}
	return cs
}

func emitFunc(f *jen.File, o *outFile, fn *Func) {
	q := o.qual
	what := fn.Name
	if fn.Recv != nil {
		what = strings.TrimPrefix(fn.Recv.Type, "*")
		if i := strings.Index(what, "["); i >= 0 {
			what = what[:i]
		}
		what += "." + fn.Name
	}
	for _, td := range fn.Types {
		var b bytes.Buffer
		if err := printer.Fprint(&b, o.fset, td.Type); err != nil {
			panic(err)
		}
		f.Commentf("%s is declared inside %s.", td.Name, what)
		f.Type().Id(td.Name).Add(code(q, b.String()))
		f.Line()
	}
	if r := fn.Result; r != nil {
		f.Commentf("%s holds the results of %s.", r.Name, what)
		var fields []jen.Code
		for _, fl := range r.Fields {
			fields = append(fields, jen.Id(fl.Name).Add(code(q, fl.Type)))
		}
		f.Type().Id(r.Name).Types(typeParams(q, fn.TypeParams)...).Struct(fields...)
		f.Line()
	}

	f.Commentf("%s is the frame of %s: its parameters and the variables", fn.FrameName, what)
	f.Comment("that live across its suspension points.")
	fields := []jen.Code{jen.Qual(rtPath, "Frame").Types(code(q, fn.Task))}
	for _, fl := range fn.Fields {
		fields = append(fields, jen.Id(fl.Name).Add(code(q, fl.Type)))
	}
	f.Type().Id(fn.FrameName).Types(typeParams(q, fn.TypeParams)...).Struct(fields...)
	f.Line()
	if fn.Pool != "" {
		f.Commentf("%s holds the frames of the direct calls of %s, which is", fn.Pool, what)
		f.Comment("recursive: its frame cannot be a field of its caller's.")
		f.Var().Id(fn.Pool).Qual(rtPath, "FramePool").Types(jen.Id(fn.FrameName))
		f.Line()
	}

	var body []jen.Code
	for _, a := range fn.Aliases {
		body = append(body, jen.Type().Id(a.Name).Op("=").Add(code(q, a.Type)))
	}
	for _, lc := range fn.Locals {
		body = append(body, jen.Var().Id(lc.Name).Add(code(q, lc.Type)))
	}
	for _, u := range fn.Unused {
		body = append(body, jen.Id("_").Op("=").Id(u))
	}
	var text strings.Builder
	if fn.Resumes > 0 {
		fmt.Fprintf(&text, "switch %s.Frame.PC() {\n", fn.Self)
		for i := 1; i <= fn.Resumes; i++ {
			fmt.Fprintf(&text, "case %d:\ngoto resume%d\n", i, i)
		}
		text.WriteString("}\n")
	}
	// next is the source line that the next line of text has without a
	// directive of its own: after a //line directive, lines count on from
	// it, and a line's column is its own (2 for a statement of Resume's
	// body, after its tab). 0 before the first directive.
	next := 0
	for _, it := range fn.Body {
		if it.Label != "" {
			fmt.Fprintf(&text, "%s:\n", it.Label)
			next = nextLine(next, 1)
			continue
		}
		// A label goes on a line of its own, before the //line of its
		// statement, which then keeps its own line.
		st, pos := it.Stmt, it.Pos
		for ls, ok := st.(*ast.LabeledStmt); ok; ls, ok = st.(*ast.LabeledStmt) {
			fmt.Fprintf(&text, "%s:\n", ls.Label.Name)
			next = nextLine(next, 1)
			st = ls.Stmt
			if st.Pos().IsValid() {
				pos = o.fset.Position(st.Pos())
			}
		}
		// A directive only where the position changes from the one the
		// line already has.
		if pos.IsValid() && (pos.Line != next || pos.Column != 2) {
			// The directive gives the position of the next line's first
			// character, the tab that indents the statement.
			if pos.Column > 1 {
				fmt.Fprintf(&text, "//line %s:%d:%d\n", fn.File, pos.Line, pos.Column-1)
			} else {
				fmt.Fprintf(&text, "//line %s:%d\n", fn.File, pos.Line)
			}
			next = pos.Line
		}
		var b bytes.Buffer
		cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
		// The comments inside a statement keep its lines where they were
		// (the printer would close the gap a comment line leaves), so that
		// the lines after them keep their positions.
		var node any = st
		if inside := commentsIn(o.comments, st); inside != nil {
			node = &printer.CommentedNode{Node: st, Comments: inside}
		}
		if err := cfg.Fprint(&b, o.fset, node); err != nil {
			panic(err)
		}
		text.Write(b.Bytes())
		text.WriteString("\n")
		next = nextLine(next, bytes.Count(b.Bytes(), []byte("\n"))+1)
	}
	text.WriteString(resetMarker(o.name))
	body = append(body, code(q, text.String()))
	f.Func().Params(jen.Id(fn.Self).Op("*").Id(fn.FrameName).Types(typeArgs(fn.TypeParams)...)).
		Id("Resume").Params().Qual(rtPath, "Step").Block(body...)
	f.Line()

	if fn.Recovered != nil {
		var b bytes.Buffer
		if err := printer.Fprint(&b, o.fset, fn.Recovered); err != nil {
			panic(err)
		}
		if fn.DeferAwaits {
			f.Commentf("Recovered returns the results of %s as its deferred calls left", what)
			f.Comment("them: once its deferred awaits are over, or after a deferred call")
			f.Comment("has stopped its panic with recover.")
		} else {
			f.Commentf("Recovered returns the results of %s after a deferred call has", what)
			f.Comment("stopped its panic with recover.")
		}
		f.Func().Params(jen.Id(fn.Self).Op("*").Id(fn.FrameName).Types(typeArgs(fn.TypeParams)...)).
			Id("Recovered").Params().Params(code(q, fn.Task), code(q, fn.ErrorType)).Block(code(q, b.String()))
		f.Line()
	}

	if fn.Lit {
		return // made by its function's Resume, which has no constructor
	}
	var params []jen.Code
	for i, p := range fn.Params {
		if fn.Variadic && i == len(fn.Params)-1 {
			params = append(params, jen.Id(p.Name).Op("...").Add(code(q, p.Type)))
		} else {
			params = append(params, jen.Id(p.Name).Add(code(q, p.Type)))
		}
	}
	init := jen.Dict{}
	args := fn.Params
	if fn.Recv != nil {
		args = append([]Field{*fn.Recv}, args...)
	}
	for i, fl := range fn.Init {
		if fl != "" {
			init[jen.Id(fl)] = jen.Id(args[i].Name)
		}
	}
	if fn.Gen != nil {
		genConstructor(f, q, fn, params, init)
		return
	}
	start := jen.Qual(rtPath, "NewTask")
	if len(fn.TypeParams) > 0 {
		start = start.Types(code(q, fn.Task))
	}
	f.Commentf("%s returns a task that runs %s: the task starts when it is", fn.AsyncName, what)
	f.Comment("spawned or awaited.")
	constructorDecl(f, q, fn).Params(params...).Op("*").Qual(rtPath, "Task").Types(code(q, fn.Task)).Block(
		jen.Return(start.Call(jen.Op("&").Id(fn.FrameName).Types(typeArgs(fn.TypeParams)...).Values(init))),
	)
}

// constructorDecl starts the declaration of fn's constructor: func, the
// receiver of a method, the name, the type parameters of a function.
func constructorDecl(f *jen.File, q *qualifier, fn *Func) *jen.Statement {
	decl := f.Func()
	if fn.Recv == nil {
		return decl.Id(fn.AsyncName).Types(typeParams(q, fn.TypeParams)...)
	}
	if fn.Recv.Name != "" {
		decl = decl.Params(jen.Id(fn.Recv.Name).Add(code(q, fn.Recv.Type)))
	} else {
		decl = decl.Params(code(q, fn.Recv.Type))
	}
	return decl.Id(fn.AsyncName)
}

// genConstructor writes the constructor of async generator fn: it
// returns an *rt.Gen whose producer is a task of the frame.
func genConstructor(f *jen.File, q *qualifier, fn *Func, params []jen.Code, init jen.Dict) {
	taken := map[string]bool{fn.FrameName: true}
	for _, p := range fn.Params {
		taken[p.Name] = true
	}
	if fn.Recv != nil {
		taken[fn.Recv.Name] = true
	}
	g := "gen"
	for taken[g] {
		g += "_"
	}
	init[jen.Id(fn.GenField)] = jen.Id(g)
	kv := []jen.Code{code(q, fn.Gen[0]), code(q, fn.Gen[1])}
	f.Commentf("%s returns the generator of async generator %s, for a range loop", fn.AsyncName, fn.Name)
	f.Comment("in async code: its producer, a task, starts when the loop asks for the first")
	f.Comment("value.")
	constructorDecl(f, q, fn).Params(params...).Op("*").Qual(rtPath, "Gen").Types(kv...).Block(
		jen.Id(g).Op(":=").Qual(rtPath, "NewGen").Types(kv...).Call(),
		jen.Return(jen.Id(g).Dot("Produce").Call(jen.Qual(rtPath, "NewTask").Call(jen.Op("&").Id(fn.FrameName).Types(typeArgs(fn.TypeParams)...).Values(init)))),
	)
}

// emitDeferShape writes the type that a generated file declares for a
// shape of deferred calls (see DeferShape), generic in the types of the
// function's parameters (P1, P2, ...) and results (R1, ...), and its
// methods Call and CallUnder, which make it an rt.DeferredCall. CallUnder
// defers the function itself, so that a recover that it calls stops the
// panic in flight.
func emitDeferShape(f *jen.File, q *qualifier, d *DeferShape) {
	var tparams, targs, params, results, fields, args []jen.Code
	for i := range d.Params {
		p := "P" + itoa(i+1)
		targs = append(targs, jen.Id(p))
		field, arg := "a"+itoa(i+1), jen.Id("c").Dot("a"+itoa(i+1))
		if d.Variadic && i == d.Params-1 {
			params = append(params, jen.Op("...").Id(p))
			fields = append(fields, jen.Id(field).Index().Id(p))
			arg = arg.Op("...")
		} else {
			params = append(params, jen.Id(p))
			fields = append(fields, jen.Id(field).Id(p))
		}
		args = append(args, arg)
	}
	for i := range d.Results {
		r := "R" + itoa(i+1)
		targs = append(targs, jen.Id(r))
		results = append(results, jen.Id(r))
	}
	for i, t := range targs {
		if i == len(targs)-1 {
			tparams = append(tparams, jen.Add(t).Add(code(q, d.Any)))
		} else {
			tparams = append(tparams, t)
		}
	}
	fields = append([]jen.Code{jen.Id("fn").Func().Params(params...).Params(results...)}, fields...)
	what := "a function of " + countOf(d.Params, "parameter")
	if d.Variadic {
		what = "a variadic function of " + countOf(d.Params, "parameter")
	}
	if d.Results > 0 {
		what += " and " + countOf(d.Results, "result")
	}
	f.Commentf("%s is an rt.DeferredCall, pushed by rt.DeferCallOf:", d.Name)
	f.Commentf("%s, with its arguments.", what)
	f.Comment("A recover that the function calls itself stops the panic in flight, as")
	f.Comment("in Go.")
	f.Type().Id(d.Name).Types(tparams...).Struct(fields...)
	f.Line()
	recv := func() *jen.Statement {
		return jen.Params(jen.Id("c").Op("*").Id(d.Name).Types(targs...))
	}
	call := func() *jen.Statement { return jen.Id("c").Dot("fn").Call(args...) }
	f.Commentf("Call calls the function with its arguments.")
	f.Func().Add(recv()).Id("Call").Params().Block(call())
	f.Line()
	f.Comment("CallUnder defers the call of the function itself, then panics with v.")
	f.Func().Add(recv()).Id("CallUnder").Params(jen.Id("v").Add(code(q, d.Any))).Block(
		jen.Defer().Add(call()),
		jen.Add(code(q, d.Panic)).Call(jen.Id("v")),
	)
}

// countOf returns "no parameters", "one parameter", "two parameters" and
// so on.
func countOf(n int, noun string) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	count := itoa(n)
	if n < len(words) {
		count = words[n]
	}
	if n != 1 {
		noun += "s"
	}
	return count + " " + noun
}
