package transform

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ast/astutil"
)

// pkgCtx is what lowering needs of the package of an async function.
type pkgCtx struct {
	fset   *token.FileSet
	pkg    *types.Package
	info   *types.Info
	async  map[*types.Func]bool // the package's own async functions
	qual   *qualifier           // of the generated file
	frames *names               // package-level names of the package
}

// A suspension is what kind of suspension point a call is.
type suspension int

const (
	notSuspension suspension = iota
	awaitCall                // rt.Await(op)
	yieldCall                // rt.Yield()
	asyncCall                // a direct call of an async function
)

// A candidate is a variable that the lowering moves out of its block: to a
// frame field when it lives across a suspension point (or is captured or
// addressed), else to a local declared at the top of Resume.
type candidate struct {
	obj   types.Object
	name  string // preferred name
	param bool   // a parameter or receiver: always a field, set by the constructor
	temp  bool   // created by the lowering
	fut   bool   // a future field
	field bool   // decided: frame field
	final string // decided: the name in the generated code
	typ   string // type text
	loop  bool   // declared inside a flattened loop
	boxed bool   // a per-iteration variable that is shared: the field points to it
}

// A target is a flattened statement that break or continue may leave.
type target struct {
	label string // the user's label, if any
	brk   string
	cont  string // empty for a switch

	// stop, for a range loop over a function, makes the statement that
	// ends its iterator: a jump out of the loop runs it first.
	stop func() ast.Stmt
}

// lowerer lowers one async function.
type lowerer struct {
	*pkgCtx
	fn    *ast.FuncDecl
	obj   *types.Func
	sig   *types.Signature
	shape shape
	diags Diagnostics

	self string // the frame's receiver name in Resume

	cands   []*candidate
	candIdx map[types.Object]int
	refs    map[*ast.Ident]types.Object // identifiers made by the lowering
	results []types.Object              // named results

	suspMemo map[ast.Node]bool

	items     []*Item
	labels    *names
	labelUses map[string]int
	targets   []*target
	loops     int // depth of flattened loops
	resumes   int
	futs      map[string]types.Object
	used      *names // every identifier of the function, and generated block names
	userLabel string // the label of the statement being lowered, if any

	resultType  ast.Expr                   // the result struct type, for long result lists
	resultAlias *ast.Ident                 // Resume's alias of resultType, if the function hides its name
	referenced  []bool                     // candidates that some item refers to
	boxParams   map[int]string             // inside a closure: boxed candidate -> parameter
	localTypes  map[*types.TypeName]string // types declared in the function, moved to package level
	declared    map[string]bool            // names the function declares, for predeclared
	hidden      map[string]bool            // predeclared type names the package hides
	hasDefer    bool                       // the function has a defer statement (outside closures)
	hasRecover  bool                       // a function it defers calls recover
	hasGoto     bool                       // the function has a goto (outside closures): a declaration may run more than once

	mustUse     map[int]bool               // candidates used by code left out as unreachable
	read        []bool                     // candidates that some item reads
	tparamNames map[*types.TypeName]string // type parameters renamed in the generated code
	pkgRefs     map[string]bool            // package-level names that lowered statements refer to
}

func (l *lowerer) errorf(pos token.Pos, format string, args ...any) {
	l.diags = append(l.diags, diagf(l.fset, pos, format, args...))
}

// unsupported reports a construct the lowering does not support yet (what
// says which and where) and what to write instead.
func (l *lowerer) unsupported(pos token.Pos, what, instead string) {
	l.errorf(pos, "%s: %s", what, instead)
}

// lowerFunc lowers fd into the model of its frame.
func lowerFunc(ctx *pkgCtx, fd *ast.FuncDecl) (fn *Func, diags Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			if os.Getenv("ASYNCGEN_PANIC") != "" {
				panic(r)
			}
			fn = nil
			diags = append(diags, diagf(ctx.fset, fd.Pos(), "internal error lowering %s: %v", fd.Name.Name, r))
		}
	}()
	// The runtime's import name first: the package may declare rt.
	ctx.qual.avoid(ctx.frames)
	ctx.qual.ident(rtPath, "rt")
	obj, _ := ctx.info.Defs[fd.Name].(*types.Func)
	if obj == nil {
		return nil, Diagnostics{diagf(ctx.fset, fd.Name.Pos(), "internal error: no type information for %s", fd.Name.Name)}
	}
	sig := obj.Type().(*types.Signature)
	l := &lowerer{
		pkgCtx:    ctx,
		fn:        fd,
		obj:       obj,
		sig:       sig,
		shape:     declShape(obj),
		candIdx:   map[types.Object]int{},
		refs:      map[*ast.Ident]types.Object{},
		suspMemo:  map[ast.Node]bool{},
		labels:    newNames(),
		labelUses: map[string]int{},
		futs:      map[string]types.Object{},
		used:      newNames(),
	}
	return l.lower()
}

// declShape is the result shape of async function fn as declared: fn is
// the generic function or method itself, not an instance, so that a type
// parameter instantiated with error is not taken for the error result.
func declShape(fn *types.Func) shape {
	res := fn.Origin().Type().(*types.Signature).Results()
	return newShape(res.Len(), res.Len() > 0 && isError(res.At(res.Len()-1).Type()))
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func (l *lowerer) lower() (*Func, Diagnostics) {
	fd := l.fn
	// Every name in the function, so that generated names shadow none;
	// and the packages it refers to, whose import names in the generated
	// file (not always the user's) no local may shadow either.
	ast.Inspect(fd, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			l.used.reserve(n.Name)
			switch obj := l.info.Uses[n].(type) {
			case nil:
			case *types.PkgName:
				l.qual.ident(obj.Imported().Path(), obj.Imported().Name())
			default:
				if p := obj.Pkg(); p != nil && p != l.pkg && obj.Parent() == p.Scope() {
					l.qual.ident(p.Path(), p.Name()) // dot-imported
				}
			}
		case *ast.LabeledStmt:
			l.labels.reserve(n.Label.Name)
		}
		return true
	})
	for _, n := range l.qual.packageNames() {
		l.used.reserve(n)
	}
	l.used.reserve(l.rtName())
	l.self = l.used.fresh("f")
	l.check()
	if len(l.diags) > 0 {
		return nil, l.diags
	}
	var typeSpecs []*ast.TypeSpec
	if l.sig.TypeParams().Len() == 0 && l.sig.RecvTypeParams().Len() == 0 {
		// Types declared in the function move to package level, so that
		// frame fields and Resume locals can name them.
		l.localTypes = map[*types.TypeName]string{}
		prefix := lowerFirst(fd.Name.Name)
		if recv := l.sig.Recv(); recv != nil {
			prefix = lowerFirst(namedOf(recv.Type()).Obj().Name()) + upperFirst(fd.Name.Name)
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.TypeSpec:
				if tn, ok := l.info.Defs[n.Name].(*types.TypeName); ok && !n.Assign.IsValid() && n.TypeParams == nil {
					// Free of the function's own names too, which
					// would hide it in the function's statements.
					name := l.frames.fresh(prefix + upperFirst(n.Name.Name))
					for l.used.taken[name] {
						name = l.frames.fresh(prefix + upperFirst(n.Name.Name))
					}
					l.localTypes[tn] = name
					typeSpecs = append(typeSpecs, n)
				}
			}
			return true
		})
	}

	m := &Func{
		Name:     fd.Name.Name,
		Exported: fd.Name.IsExported(),
		Self:     l.self,
		File:     filepath.Base(l.fset.Position(fd.Pos()).Filename),
	}
	m.AsyncName = fd.Name.Name + "Async"
	recvName := ""
	var tparams *types.TypeParamList
	if recv := l.sig.Recv(); recv != nil {
		recvName = namedOf(recv.Type()).Obj().Name()
		tparams = l.sig.RecvTypeParams()
	} else {
		tparams = l.sig.TypeParams()
	}
	l.renameTypeParams(tparams)
	var targs []ast.Expr
	for i := 0; i < tparams.Len(); i++ {
		tp := tparams.At(i)
		name := l.typeParamName(tp.Obj())
		m.TypeParams = append(m.TypeParams, Field{Name: name, Type: l.typeText(tp.Constraint())})
		targs = append(targs, ast.NewIdent(name))
	}
	m.FrameName = l.frames.fresh(frameName(recvName, fd.Name.Name))

	// Result shape.
	res := l.sig.Results()
	switch {
	case l.shape.long:
		r := &Result{Name: resultTypeName(l.obj, recvName)}
		var rnames []string
		for i := 0; i < l.shape.nonError; i++ {
			rnames = append(rnames, res.At(i).Name())
		}
		for i, n := range resultFieldNames(rnames) {
			r.Fields = append(r.Fields, Field{Name: n, Type: l.typeText(res.At(i).Type())})
		}
		m.Result = r
		m.Task = r.Name + typeArgsText(m.TypeParams)
		l.resultType = instExpr(ast.NewIdent(r.Name), targs)
		if l.used.taken[r.Name] {
			// The function declares the name too, which would hide the
			// struct from a return in its scope: Resume names the struct
			// by an alias of its own.
			alias := l.used.fresh(r.Name)
			m.Aliases = append(m.Aliases, Field{Name: alias, Type: m.Task})
			l.resultAlias = ast.NewIdent(alias)
		}
	case l.shape.nonError == 1:
		m.Task = l.typeText(res.At(0).Type())
	default:
		m.Task = "struct{}"
	}

	// Receiver, parameters and named results are candidates from the start.
	if recv := l.sig.Recv(); recv != nil {
		f := Field{Name: recv.Name(), Type: l.typeText(recv.Type())}
		m.Recv = &f
		if recv.Name() != "" && recv.Name() != "_" {
			l.declare(recv, true)
		}
	}
	for i := 0; i < l.sig.Params().Len(); i++ {
		p := l.sig.Params().At(i)
		t := p.Type()
		if l.sig.Variadic() && i == l.sig.Params().Len()-1 {
			t = t.(*types.Slice).Elem()
			m.Variadic = true
		}
		name := p.Name()
		if name == "" {
			name = "_"
		}
		m.Params = append(m.Params, Field{Name: name, Type: l.typeText(t)})
		if name != "_" {
			l.declare(p, true)
		}
	}
	for i := 0; i < res.Len(); i++ {
		if r := res.At(i); r.Name() != "" && r.Name() != "_" {
			// Declared once, on entry, even in a function with a goto.
			l.cands[l.declare(r, false)].loop = false
			l.results = append(l.results, r)
		} else if r.Name() == "_" {
			// A blank result still has a value: give it a variable.
			v := types.NewVar(token.NoPos, l.pkg, "_r"+itoa(i), r.Type())
			l.declare(v, false)
			l.cands[len(l.cands)-1].temp = true
			l.results = append(l.results, v)
		}
	}

	l.stmts(fd.Body.List)
	if len(l.diags) > 0 {
		return nil, l.diags
	}
	var recovered *ast.ReturnStmt
	if l.hasRecover && len(l.results) > 0 {
		// After a deferred call stops a panic, rt reads the named results
		// through the frame's Recovered method: they live in the frame.
		for _, r := range l.results {
			l.share(l.candIdx[r], fd.Pos(), "returned after a recover")
		}
		alias := l.resultAlias
		l.resultAlias = nil // the alias is Resume's
		ret := l.buildReturn(nil)
		l.resultAlias = alias
		recovered = &ast.ReturnStmt{Results: ret.Results[0].(*ast.CallExpr).Args}
	}
	if !l.terminates() {
		if res.Len() == 0 {
			l.emit(l.buildReturn(nil), fd.Body.Rbrace)
		} else {
			l.emit(l.unreachable(), fd.Body.Rbrace)
		}
	}
	l.liveness()
	l.name()
	if len(l.diags) > 0 {
		return nil, l.diags
	}
	var items []*Item
	for _, it := range l.items {
		if it.box > 0 {
			c := l.cands[it.box-1]
			if !c.boxed {
				continue
			}
			it.Stmt = l.boxStmt(c, it.rebox)
		} else if it.Stmt != nil {
			it.Stmt = l.rewrite(it.Stmt).(ast.Stmt)
			fillPos(it.Stmt, it.at)
		}
		items = append(items, it)
	}
	l.items = items
	// Drop labels nobody jumps to.
	for _, it := range l.items {
		if it.Label != "" && (it.resume || l.labelUses[it.Label] > 0) {
			m.Body = append(m.Body, *it)
		} else if it.Label == "" {
			m.Body = append(m.Body, *it)
		}
	}
	for _, ts := range typeSpecs {
		tn := l.info.Defs[ts.Name].(*types.TypeName)
		m.Types = append(m.Types, TypeDecl{Name: l.localTypes[tn], Type: l.rewrite(ts.Type).(ast.Expr)})
	}
	m.Resumes = l.resumes
	if recovered != nil {
		m.Recovered = l.rewrite(recovered).(ast.Stmt)
	}
	isResult := map[types.Object]bool{}
	for _, r := range l.results {
		isResult[r] = true
	}
	for i, c := range l.cands {
		switch {
		case c.boxed:
			m.Fields = append(m.Fields, Field{Name: c.final, Type: "*" + c.typ})
		case c.field:
			m.Fields = append(m.Fields, Field{Name: c.final, Type: c.typ})
		case isResult[c.obj] && !l.referenced[i]:
			// An unused named result: nothing to declare.
		default:
			m.Locals = append(m.Locals, Field{Name: c.final, Type: c.typ})
			if isResult[c.obj] || l.mustUse[i] && !l.read[i] {
				// Go does not require named results to be used; locals must
				// be. So must a variable read only by code left out.
				m.Unused = append(m.Unused, c.final)
			}
		}
	}
	// The constructor sets the receiver and parameter fields.
	if recv := l.sig.Recv(); recv != nil {
		m.Init = append(m.Init, l.finalOf(recv))
	}
	for i := 0; i < l.sig.Params().Len(); i++ {
		m.Init = append(m.Init, l.finalOf(l.sig.Params().At(i)))
	}
	constructorNames(m, l.qual.packageNames())
	return m, nil
}

// renameTypeParams gives a new name to each type parameter named like a
// package that generated code may refer to in its scope: the runtime, a
// package it adds itself (utf8, for a range over a string), or any
// package whose types the function's values may have.
func (l *lowerer) renameTypeParams(tparams *types.TypeParamList) {
	if tparams.Len() == 0 {
		return
	}
	pkgs := map[string]bool{l.rtName(): true, "utf8": true}
	for _, n := range l.qual.packageNames() {
		pkgs[n] = true
	}
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		pkgs[p.Name()] = true
		for _, q := range p.Imports() {
			visit(q)
		}
	}
	visit(l.pkg)
	for i := 0; i < tparams.Len(); i++ {
		tn := tparams.At(i).Obj()
		if pkgs[tn.Name()] {
			if l.tparamNames == nil {
				l.tparamNames = map[*types.TypeName]string{}
			}
			l.tparamNames[tn] = l.used.fresh(tn.Name())
		}
	}
}

// typeParamName is the name of a type parameter in the generated code.
func (l *lowerer) typeParamName(tn *types.TypeName) string {
	if name, ok := l.tparamNames[tn]; ok {
		return name
	}
	return tn.Name()
}

// constructorNames renames the constructor's parameters (and receiver)
// that would hide a name its body refers to: the runtime's package and
// the others of the file, the frame type, the type parameters.
func constructorNames(m *Func, pkgNames []string) {
	taken := newNames()
	for _, n := range pkgNames {
		taken.reserve(n)
	}
	taken.reserve(m.FrameName)
	for _, tp := range m.TypeParams {
		taken.reserve(tp.Name)
	}
	hidden := map[string]bool{}
	for n := range taken.taken {
		hidden[n] = true
	}
	fields := m.Params
	if m.Recv != nil {
		fields = append([]Field{*m.Recv}, m.Params...)
	}
	for _, f := range fields {
		taken.reserve(f.Name)
	}
	rename := func(f *Field) {
		if hidden[f.Name] {
			f.Name = taken.fresh(f.Name)
		}
	}
	if m.Recv != nil {
		rename(m.Recv)
	}
	for i := range m.Params {
		rename(&m.Params[i])
	}
}

// referTo notes that a lowered statement refers to the package-level name,
// which no local of Resume may then hide.
func (l *lowerer) referTo(name string) {
	if l.pkgRefs == nil {
		l.pkgRefs = map[string]bool{}
	}
	l.pkgRefs[name] = true
}

// finalOf is the field name of a parameter, or "" if it has none.
func (l *lowerer) finalOf(v *types.Var) string {
	if i, ok := l.candIdx[v]; ok {
		return l.cands[i].final
	}
	return ""
}

func namedOf(t types.Type) *types.Named {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if a, ok := t.(*types.Alias); ok {
		t = types.Unalias(a)
	}
	n, _ := t.(*types.Named)
	return n
}

func typeArgsText(tps []Field) string {
	if len(tps) == 0 {
		return ""
	}
	var ns []string
	for _, tp := range tps {
		ns = append(ns, tp.Name)
	}
	return "[" + strings.Join(ns, ", ") + "]"
}

func instExpr(x ast.Expr, targs []ast.Expr) ast.Expr {
	switch len(targs) {
	case 0:
		return x
	case 1:
		return &ast.IndexExpr{X: x, Index: targs[0]}
	}
	return &ast.IndexListExpr{X: x, Indices: targs}
}

// typeText writes t as Go source with placeholders for other packages. A
// type that generated code cannot name is reported.
func (l *lowerer) typeText(t types.Type) string {
	bad := ""
	var visit func(t types.Type, depth int)
	visit = func(t types.Type, depth int) {
		if depth > 20 || bad != "" {
			return
		}
		switch t := t.(type) {
		case *types.Named:
			obj := t.Obj()
			if _, moved := l.localTypes[obj]; moved {
				// moved to package level
			} else if obj.Pkg() != nil && obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
				bad = "a type declared inside the function"
			} else if obj.Pkg() != nil && obj.Pkg() != l.pkg && !obj.Exported() {
				bad = "an unexported type of package " + obj.Pkg().Name()
			}
			for i := 0; i < t.TypeArgs().Len(); i++ {
				visit(t.TypeArgs().At(i), depth+1)
			}
		case *types.Pointer:
			visit(t.Elem(), depth+1)
		case *types.Slice:
			visit(t.Elem(), depth+1)
		case *types.Array:
			visit(t.Elem(), depth+1)
		case *types.Map:
			visit(t.Key(), depth+1)
			visit(t.Elem(), depth+1)
		case *types.Chan:
			visit(t.Elem(), depth+1)
		case *types.Basic:
			if t.Kind() == types.Invalid {
				bad = "an invalid type"
			}
		}
	}
	visit(t, 0)
	if bad != "" {
		l.errorf(l.fn.Pos(), "a variable of type %s (%s) cannot be kept in a frame yet", types.TypeString(t, types.RelativeTo(l.pkg)), bad)
	}
	if len(l.localTypes) > 0 || len(l.tparamNames) > 0 {
		// Rename the moved types (and renamed type parameters) by object,
		// not by text: a package-level type may have the same name as one
		// declared in the function.
		t = l.moved(t, 0)
	}
	text := types.TypeString(t, l.qual.typeQualifier)
	if name := l.hiddenTypeIn(text); name != "" {
		l.errorf(l.fn.Pos(), "the package declares its own %s, which hides the predeclared type %s that the frame of %s must name: rename the package's %s", name, name, l.fn.Name.Name, name)
	}
	return text
}

// hiddenTypeIn returns a predeclared type name that the type text refers
// to although the package or the file hides it, or "".
func (l *lowerer) hiddenTypeIn(text string) string {
	if l.hidden == nil {
		l.hidden = map[string]bool{}
		for _, name := range types.Universe.Names() {
			if _, ok := types.Universe.Lookup(name).(*types.TypeName); ok && !l.predeclaredOutside(name) {
				l.hidden[name] = true
			}
		}
	}
	if len(l.hidden) == 0 {
		return ""
	}
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", -1, len(text)), []byte(text), nil, 0)
	prev := token.ILLEGAL
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return ""
		}
		if tok == token.IDENT && prev != token.PERIOD && l.hidden[lit] {
			return lit
		}
		prev = tok
	}
}

// moved returns t with the types declared in the function replaced by
// types of their package-level names. The result is only for printing.
func (l *lowerer) moved(t types.Type, depth int) types.Type {
	if depth > 20 {
		return t
	}
	sub := func(t types.Type) types.Type { return l.moved(t, depth+1) }
	tuple := func(tp *types.Tuple) (*types.Tuple, bool) {
		var vs []*types.Var
		changed := false
		for i := 0; i < tp.Len(); i++ {
			v := tp.At(i)
			nt := sub(v.Type())
			changed = changed || nt != v.Type()
			vs = append(vs, types.NewParam(v.Pos(), v.Pkg(), v.Name(), nt))
		}
		return types.NewTuple(vs...), changed
	}
	switch x := t.(type) {
	case *types.TypeParam:
		if name, ok := l.tparamNames[x.Obj()]; ok {
			return types.NewTypeParam(types.NewTypeName(token.NoPos, l.pkg, name, nil), x.Constraint())
		}
	case *types.Union:
		var terms []*types.Term
		changed := false
		for i := 0; i < x.Len(); i++ {
			tm := x.Term(i)
			nt := sub(tm.Type())
			changed = changed || nt != tm.Type()
			terms = append(terms, types.NewTerm(tm.Tilde(), nt))
		}
		if changed {
			return types.NewUnion(terms)
		}
	case *types.Named:
		if name, ok := l.localTypes[x.Obj()]; ok {
			return types.NewNamed(types.NewTypeName(token.NoPos, l.pkg, name, nil), types.Typ[types.Int], nil)
		}
		if x.TypeArgs().Len() == 0 {
			return t
		}
		var args []types.Type
		changed := false
		for i := 0; i < x.TypeArgs().Len(); i++ {
			a := x.TypeArgs().At(i)
			args = append(args, sub(a))
			changed = changed || args[i] != a
		}
		if !changed {
			return t
		}
		inst, err := types.Instantiate(nil, x.Origin(), args, false)
		if err != nil {
			return t
		}
		return inst
	case *types.Pointer:
		if e := sub(x.Elem()); e != x.Elem() {
			return types.NewPointer(e)
		}
	case *types.Slice:
		if e := sub(x.Elem()); e != x.Elem() {
			return types.NewSlice(e)
		}
	case *types.Array:
		if e := sub(x.Elem()); e != x.Elem() {
			return types.NewArray(e, x.Len())
		}
	case *types.Map:
		k, e := sub(x.Key()), sub(x.Elem())
		if k != x.Key() || e != x.Elem() {
			return types.NewMap(k, e)
		}
	case *types.Chan:
		if e := sub(x.Elem()); e != x.Elem() {
			return types.NewChan(x.Dir(), e)
		}
	case *types.Struct:
		var fs []*types.Var
		var tags []string
		changed := false
		for i := 0; i < x.NumFields(); i++ {
			f := x.Field(i)
			ft := sub(f.Type())
			changed = changed || ft != f.Type()
			fs = append(fs, types.NewField(f.Pos(), f.Pkg(), f.Name(), ft, f.Embedded()))
			tags = append(tags, x.Tag(i))
		}
		if changed {
			return types.NewStruct(fs, tags)
		}
	case *types.Signature:
		ps, c1 := tuple(x.Params())
		rs, c2 := tuple(x.Results())
		if c1 || c2 {
			return types.NewSignatureType(nil, nil, nil, ps, rs, x.Variadic())
		}
	case *types.Interface:
		var ms []*types.Func
		changed := false
		for i := 0; i < x.NumExplicitMethods(); i++ {
			m := x.ExplicitMethod(i)
			mt := sub(m.Type())
			changed = changed || mt != m.Type()
			ms = append(ms, types.NewFunc(m.Pos(), m.Pkg(), m.Name(), mt.(*types.Signature)))
		}
		var es []types.Type
		for i := 0; i < x.NumEmbeddeds(); i++ {
			e := x.EmbeddedType(i)
			es = append(es, sub(e))
			changed = changed || es[i] != e
		}
		if changed {
			return types.NewInterfaceType(ms, es).Complete()
		}
	}
	return t
}

// declare makes obj a candidate.
func (l *lowerer) declare(obj types.Object, param bool) int {
	if obj.Name() == "_" && !param {
		return -1
	}
	if i, ok := l.candIdx[obj]; ok {
		return i
	}
	c := &candidate{obj: obj, name: obj.Name(), param: param, field: param, loop: l.loops > 0 || l.hasGoto}
	l.cands = append(l.cands, c)
	l.candIdx[obj] = len(l.cands) - 1
	c.typ = l.typeText(obj.Type())
	return len(l.cands) - 1
}

// declareHere declares a variable of the user's at the point where the
// lowered code declares it, and leaves a place to allocate its box there
// should it turn out to be a shared per-iteration variable.
func (l *lowerer) declareHere(obj types.Object) {
	i := l.declare(obj, false)
	if i >= 0 && (l.loops > 0 || l.hasGoto) {
		l.items = append(l.items, &Item{box: i + 1})
	}
}

// temp makes a new temporary variable of type t and returns a reference.
func (l *lowerer) temp(t types.Type, base string) *ast.Ident {
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	v := types.NewVar(token.NoPos, l.pkg, base, t)
	i := l.declare(v, false)
	l.cands[i].temp = true
	return l.ref(v)
}

// tempOfText makes a new temporary variable of a pointer type that exists
// only as generated text (such as *rt.MapIter[K, V]).
func (l *lowerer) tempOfText(text, base string) *ast.Ident {
	v := types.NewVar(token.NoPos, l.pkg, base, types.NewPointer(types.NewStruct(nil, nil)))
	i := l.declare(v, false)
	l.cands[i].temp = true
	l.cands[i].typ = text
	return l.ref(v)
}

// ref returns a new identifier that refers to obj.
func (l *lowerer) ref(obj types.Object) *ast.Ident {
	id := ast.NewIdent(obj.Name())
	l.refs[id] = obj
	return id
}

// future returns a reference to the frame's future field for results of
// type t.
func (l *lowerer) future(t types.Type) *ast.Ident {
	text := l.typeText(t)
	v, ok := l.futs[text]
	if !ok {
		v = types.NewVar(token.NoPos, l.pkg, "fut"+itoa(len(l.futs)+1), t)
		l.futs[text] = v
		i := l.declare(v, false)
		l.cands[i].fut = true
		l.cands[i].field = true
		l.cands[i].typ = "*" + l.qual.ident(rtPath, "rt") + ".Future[" + text + "]"
	}
	return l.ref(v)
}

func (l *lowerer) objOf(id *ast.Ident) types.Object {
	if o, ok := l.refs[id]; ok {
		return o
	}
	if o := l.info.Defs[id]; o != nil {
		return o
	}
	return l.info.Uses[id]
}

// --- suspension points -------------------------------------------------

// calleeOf returns the function or method that call calls statically, and
// the identifier naming it.
func (l *lowerer) calleeOf(call *ast.CallExpr) (*types.Func, *ast.Ident) {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	var id *ast.Ident
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		if sel, ok := l.info.Selections[f]; ok {
			if sel.Kind() == types.FieldVal {
				return nil, nil
			}
			if types.IsInterface(sel.Recv()) || types.IsInterface(sel.Obj().Type().(*types.Signature).Recv().Type()) {
				return nil, nil
			}
		}
		id = f.Sel
	default:
		return nil, nil
	}
	fn, _ := l.info.Uses[id].(*types.Func)
	if fn == nil {
		return nil, nil
	}
	return fn.Origin(), id
}

func (l *lowerer) suspensionOf(call *ast.CallExpr) (suspension, *types.Func) {
	fn, _ := l.calleeOf(call)
	if fn == nil || fn.Pkg() == nil {
		return notSuspension, nil
	}
	if fn.Pkg().Path() == rtPath && fn.Type().(*types.Signature).Recv() == nil {
		switch fn.Name() {
		case "Await":
			return awaitCall, fn
		case "Yield":
			return yieldCall, fn
		}
	}
	if l.async[fn] {
		return asyncCall, fn
	}
	if fn.Pkg() != l.pkg && hasAsync(fn) {
		return asyncCall, fn
	}
	return notSuspension, nil
}

// hasAsync reports whether fn, from another package, has a generated FAsync
// returning a task.
func hasAsync(fn *types.Func) bool {
	return asyncTask(fn) != nil
}

// asyncTask returns the type *rt.Task[T] that the FAsync constructor of fn
// (generated, or declared by a stub) returns, or nil if there is none.
func asyncTask(fn *types.Func) *types.Named {
	name := fn.Name() + "Async"
	var obj types.Object
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		obj, _, _ = types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), name)
	} else {
		obj = fn.Pkg().Scope().Lookup(name)
	}
	af, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	res := af.Type().(*types.Signature).Results()
	if res.Len() != 1 {
		return nil
	}
	n := namedOf(res.At(0).Type())
	if n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == rtPath && n.Obj().Name() == "Task" {
		return n
	}
	return nil
}

// resultTypeName returns the name of the result struct of fn, a function
// with a long result list: the one its FAsync constructor returns, which
// the stubs chose free of the package's other names (see resultNames).
func resultTypeName(fn *types.Func, recvName string) string {
	if t := asyncTask(fn); t != nil && t.TypeArgs().Len() == 1 {
		if r := namedOf(t.TypeArgs().At(0)); r != nil && r.Obj().Pkg() == fn.Pkg() {
			return r.Obj().Name()
		}
	}
	return resultName(recvName, fn.Name())
}

// susp reports whether n contains a suspension point outside function
// literals.
func (l *lowerer) susp(n ast.Node) bool {
	if n == nil {
		return false
	}
	if v, ok := l.suspMemo[n]; ok {
		return v
	}
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			// The call of a go or defer statement runs later, in blocking
			// mode if it is async: only its operands are evaluated here.
			found = l.operandsSusp(m.Call)
			return false
		case *ast.DeferStmt:
			found = l.operandsSusp(m.Call)
			return false
		case *ast.CallExpr:
			if k, _ := l.suspensionOf(m); k != notSuspension {
				found = true
				return false
			}
		}
		return true
	})
	l.suspMemo[n] = found
	return found
}

// operandsSusp reports whether the function value or the arguments of call
// (not the call itself) contain a suspension point.
func (l *lowerer) operandsSusp(call *ast.CallExpr) bool {
	fun := ast.Unparen(call.Fun)
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		fun = sel.X
	} else if _, ok := fun.(*ast.Ident); ok {
		fun = nil
	}
	return l.susp(fun) || l.anySusp(call.Args)
}

func (l *lowerer) anySusp(es []ast.Expr) bool {
	for _, e := range es {
		if l.susp(e) {
			return true
		}
	}
	return false
}

// check reports what the lowering does not support, before it starts.
func (l *lowerer) check() {
	var walk func(n ast.Node, inLit bool)
	walk = func(n ast.Node, inLit bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				if !inLit {
					walk(m.Body, true)
					return false
				}
			case *ast.CallExpr:
				if inLit {
					if k, fn := l.suspensionOf(m); k == awaitCall || k == yieldCall {
						l.unsupported(m.Pos(), "rt."+fn.Name()+" in a function literal is not supported across an await yet",
							"move the code into an //async function and call it")
					}
				}
			case *ast.DeferStmt:
				if !inLit {
					l.hasDefer = true
					l.checkDefer(m)
				}
			case *ast.BranchStmt:
				if !inLit && m.Tok == token.GOTO {
					l.labelUses[m.Label.Name]++
					l.hasGoto = true
				}
			}
			return true
		})
	}
	walk(l.fn.Body, false)
	l.checkCgo()
}

// checkDefer reports a defer statement of the function itself that defers
// an async call (it would block the loop), and notes a deferred function
// literal that calls recover (the frame then needs Recovered).
func (l *lowerer) checkDefer(d *ast.DeferStmt) {
	if k, _ := l.suspensionOf(d.Call); k != notSuspension {
		l.unsupported(d.Pos(), "deferring a call of an async function, rt.Await or rt.Yield is not supported",
			"call it before each return instead")
		return
	}
	if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok && l.recoversIn(lit) {
		l.hasRecover = true
	}
}

// recoversIn reports whether the deferred function literal lit calls
// recover itself (not in a function literal of its own), and so may stop a
// panic of the frame.
func (l *lowerer) recoversIn(lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = found || l.isRecover(n)
		}
		return !found
	})
	return found
}

func (l *lowerer) isRecover(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := l.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "recover"
}

// frameRecover replaces the calls of recover made by the deferred function
// literal lit itself with calls of the frame's Recover, which stops the
// frame's panic as recover stops a goroutine's.
func (l *lowerer) frameRecover(lit *ast.FuncLit) {
	astutil.Apply(lit.Body, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if l.isRecover(n) {
				call := l.frameCall("Recover")
				call.Lparen, call.Rparen = n.Lparen, n.Rparen
				c.Replace(call)
			}
		}
		return true
	}, nil)
}

// cgoPrefixes are the prefixes of the names that cgo gives C.x in the Go
// files it writes, which go/packages type-checks in place of the user's.
var cgoPrefixes = []string{"_Cfunc_", "_Ctype_", "_Cvar_", "_Cmacro_", "_Ciconst_", "_Cfconst_", "_Csconst_"}

// checkCgo reports the references to C of the function: its syntax is
// cgo's rewrite of the user's (C.add is _Cfunc_add), which generated code
// cannot name, and the generated file has no cgo preamble.
func (l *lowerer) checkCgo() {
	ast.Inspect(l.fn, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if id.Name == "_cgoCheckPointer" {
			l.unsupported(id.Pos(), "passing a pointer to C is not supported in an async function yet",
				"make the call of C from a plain function")
			return true
		}
		for _, p := range cgoPrefixes {
			if name, ok := strings.CutPrefix(id.Name, p); ok {
				l.unsupported(id.Pos(), "C."+name+" is not supported in an async function yet",
					"use C from a plain function and call that")
				break
			}
		}
		return true
	})
}

// --- items ---------------------------------------------------------------

func (l *lowerer) emit(s ast.Stmt, pos token.Pos) *Item {
	it := &Item{Stmt: s, at: pos}
	if pos.IsValid() {
		it.Pos = l.fset.Position(pos)
	}
	l.items = append(l.items, it)
	return it
}

func (l *lowerer) label(name string) *Item {
	it := &Item{Label: name}
	l.items = append(l.items, it)
	return it
}

func (l *lowerer) newLabel(base string) string { return l.labels.fresh(base) }

func (l *lowerer) gotoStmt(label string) *ast.BranchStmt {
	l.labelUses[label]++
	return &ast.BranchStmt{Tok: token.GOTO, Label: ast.NewIdent(label)}
}

// jump emits "goto label".
func (l *lowerer) jump(label string, pos token.Pos) {
	it := l.emit(l.gotoStmt(label), pos)
	it.gotos = []string{label}
	it.term = true
}

// branchIf emits "if cond { goto label }".
func (l *lowerer) branchIf(cond ast.Expr, label string, pos token.Pos) {
	s := &ast.IfStmt{Cond: cond, Body: &ast.BlockStmt{List: []ast.Stmt{l.gotoStmt(label)}}}
	it := l.emit(s, pos)
	it.gotos = []string{label}
}

func not(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return x.X
		}
	case *ast.Ident, *ast.CallExpr, *ast.ParenExpr, *ast.SelectorExpr:
		return &ast.UnaryExpr{Op: token.NOT, X: e}
	case *ast.BinaryExpr:
		if inv, ok := map[token.Token]token.Token{token.EQL: token.NEQ, token.NEQ: token.EQL}[x.Op]; ok {
			return &ast.BinaryExpr{X: x.X, Op: inv, Y: x.Y}
		}
	}
	return &ast.UnaryExpr{Op: token.NOT, X: &ast.ParenExpr{X: e}}
}

// terminates reports whether control cannot run past the last item.
func (l *lowerer) terminates() bool {
	for i := len(l.items) - 1; i >= 0; i-- {
		it := l.items[i]
		if it.box > 0 {
			continue
		}
		if it.Label != "" {
			if it.resume || l.labelUses[it.Label] > 0 {
				return false
			}
			continue
		}
		return it.term || l.isTerminating(it.Stmt)
	}
	return false
}

// --- runtime calls ---------------------------------------------------------

// rtName is the name the generated file imports the runtime as.
func (l *lowerer) rtName() string { return l.qual.importName(rtPath, "rt") }

func (l *lowerer) rt(name string) ast.Expr {
	return &ast.SelectorExpr{X: ast.NewIdent(l.qual.ident(rtPath, "rt")), Sel: ast.NewIdent(name)}
}

func (l *lowerer) frame() ast.Expr {
	return &ast.SelectorExpr{X: ast.NewIdent(l.self), Sel: ast.NewIdent("Frame")}
}

func (l *lowerer) frameAddr() ast.Expr { return &ast.UnaryExpr{Op: token.AND, X: l.frame()} }

func (l *lowerer) frameCall(method string, args ...ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: l.frame(), Sel: ast.NewIdent(method)}, Args: args}
}

func intLit(i int) ast.Expr { return &ast.BasicLit{Kind: token.INT, Value: itoa(i)} }

func blank() *ast.Ident { return ast.NewIdent("_") }

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func allBlank(es []ast.Expr) bool {
	for _, e := range es {
		if !isBlank(e) {
			return false
		}
	}
	return len(es) > 0
}

// suspendOn emits the two halves of an await of op around a new resume
// point and returns a reference to the future.
//
// begin names the rt function that starts op: Begin for any op, or
// BeginFuture and BeginTask, which make no dynamic call, when the op's
// static type is *rt.Future or *rt.Task.
func (l *lowerer) suspendOn(op ast.Expr, begin string, t types.Type, pos token.Pos) *ast.Ident {
	fut := l.future(t)
	l.emit(&ast.AssignStmt{Lhs: []ast.Expr{fut}, Tok: token.ASSIGN,
		Rhs: []ast.Expr{&ast.CallExpr{Fun: l.rt(begin), Args: []ast.Expr{l.frameAddr(), op}}}}, pos)
	l.resumes++
	n := l.resumes
	resume := "resume" + itoa(n)
	l.labels.reserve(resume)
	it := l.emit(&ast.IfStmt{
		Cond: l.frameCall("Await", l.ref(l.objOf(fut)), intLit(n)),
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{l.rt("Suspend")}}}},
	}, pos)
	it.gotos = []string{resume}
	l.label(resume).resume = true
	return l.ref(l.objOf(fut))
}

// beginFor returns the rt function that starts an op of type t.
func beginFor(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		if n, ok := types.Unalias(p.Elem()).(*types.Named); ok {
			if obj := n.Obj(); obj.Pkg() != nil && obj.Pkg().Path() == rtPath {
				switch obj.Name() {
				case "Future":
					return "BeginFuture"
				case "Task":
					return "BeginTask"
				}
			}
		}
	}
	return "Begin"
}

// suspend lowers a suspension point. With targets, its results are
// assigned to them; otherwise to new temporaries. It returns the
// expressions that hold the results.
func (l *lowerer) suspend(call *ast.CallExpr, targets []ast.Expr) []ast.Expr {
	kind, fn := l.suspensionOf(call)
	pos := call.Pos()
	switch kind {
	case yieldCall:
		l.resumes++
		n := l.resumes
		resume := "resume" + itoa(n)
		l.labels.reserve(resume)
		it := l.emit(&ast.ReturnStmt{Results: []ast.Expr{l.frameCall("Yield", intLit(n))}}, pos)
		it.gotos = []string{resume}
		it.term = true
		l.label(resume).resume = true
		return nil
	case awaitCall:
		op := l.expr(call.Args[0], false)
		tuple := l.info.TypeOf(call).(*types.Tuple)
		fut := l.suspendOn(op, beginFor(l.info.TypeOf(call.Args[0])), tuple.At(0).Type(), pos)
		if targets == nil {
			targets = []ast.Expr{l.temp(tuple.At(0).Type(), "v"), l.temp(tuple.At(1).Type(), "err")}
		}
		l.emit(&ast.AssignStmt{Lhs: targets, Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.CallExpr{Fun: l.rt("Result"), Args: []ast.Expr{l.frameAddr(), fut}}}}, pos)
		return targets
	}
	// A call of an async function: await its task. The shape of the task
	// is that of the declaration (a result of type T is a value even where
	// T is error), its types those of this instance.
	sig := l.info.TypeOf(call.Fun).(*types.Signature)
	res := sig.Results()
	sh := declShape(fn)
	task := l.taskType(call, fn, sh, res)
	fun := l.asyncFun(call)
	args := l.exprArgs(call.Args, false)
	async := &ast.CallExpr{Fun: fun, Args: args, Ellipsis: call.Ellipsis}
	fut := l.suspendOn(async, "BeginTask", task, pos)
	read := "Value"
	if sh.hasErr {
		read = "Returned"
	}
	get := &ast.CallExpr{Fun: l.rt(read), Args: []ast.Expr{l.frameAddr(), fut}}
	if res.Len() == 0 {
		l.emit(&ast.ExprStmt{X: get}, pos)
		return nil
	}
	if targets == nil {
		for i := 0; i < res.Len(); i++ {
			targets = append(targets, l.temp(res.At(i).Type(), "v"))
		}
	}
	switch {
	case !sh.long && sh.nonError == 0: // (error)
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{blank(), targets[0]}, Tok: token.ASSIGN, Rhs: []ast.Expr{get}}, pos)
	case !sh.long:
		l.emit(&ast.AssignStmt{Lhs: targets, Tok: token.ASSIGN, Rhs: []ast.Expr{get}}, pos)
	case allBlank(targets):
		lhs := []ast.Expr{blank()}
		if sh.hasErr {
			lhs = append(lhs, blank())
		}
		l.emit(&ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: []ast.Expr{get}}, pos)
	default:
		// { r, err := rt.Returned(...); a, b, e = r.A, r.B, err }
		r := ast.NewIdent(l.used.fresh("r"))
		lhs := []ast.Expr{r}
		var e *ast.Ident
		if sh.hasErr {
			e = ast.NewIdent(l.used.fresh("err"))
			lhs = append(lhs, e)
		}
		names := l.calleeResultFields(fn, sh)
		var rhs []ast.Expr
		for _, n := range names {
			rhs = append(rhs, &ast.SelectorExpr{X: ast.NewIdent(r.Name), Sel: ast.NewIdent(n)})
		}
		if sh.hasErr {
			rhs = append(rhs, ast.NewIdent(e.Name))
		}
		l.emit(&ast.BlockStmt{List: []ast.Stmt{
			&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []ast.Expr{get}},
			&ast.AssignStmt{Lhs: targets, Tok: token.ASSIGN, Rhs: rhs},
		}}, pos)
	}
	return targets
}

// calleeResultFields names the fields of the result struct of fn.
func (l *lowerer) calleeResultFields(fn *types.Func, sh shape) []string {
	orig := fn.Origin().Type().(*types.Signature).Results()
	var ns []string
	for i := 0; i < sh.nonError; i++ {
		ns = append(ns, orig.At(i).Name())
	}
	return resultFieldNames(ns)
}

// taskType is the type T of the task of a call of async function fn.
func (l *lowerer) taskType(call *ast.CallExpr, fn *types.Func, sh shape, res *types.Tuple) types.Type {
	switch {
	case sh.long:
		recvName := ""
		var targs *types.TypeList
		if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
			recvName = namedOf(recv.Type()).Obj().Name()
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if s, ok := l.info.Selections[sel]; ok {
					if n := namedOf(s.Recv()); n != nil {
						targs = n.TypeArgs()
					}
				}
			}
		} else {
			_, id := l.calleeOf(call)
			if inst, ok := l.info.Instances[id]; ok {
				targs = inst.TypeArgs
			}
		}
		name := resultTypeName(fn, recvName)
		obj := types.NewTypeName(token.NoPos, fn.Pkg(), name, nil)
		named := types.NewNamed(obj, types.NewStruct(nil, nil), nil)
		if targs == nil || targs.Len() == 0 {
			return named
		}
		// Build the instance by hand: the struct is not type-checked here.
		var tps []*types.TypeParam
		var args []types.Type
		for i := 0; i < targs.Len(); i++ {
			tps = append(tps, types.NewTypeParam(types.NewTypeName(token.NoPos, fn.Pkg(), "T"+itoa(i), nil), types.NewInterfaceType(nil, nil)))
			args = append(args, targs.At(i))
		}
		named.SetTypeParams(tps)
		inst, err := types.Instantiate(nil, named, args, false)
		if err != nil {
			panic(err)
		}
		return inst
	case sh.nonError == 1:
		return res.At(0).Type()
	}
	return types.NewStruct(nil, nil)
}

// asyncFun rewrites the function of a call of an async function into its
// FAsync constructor.
func (l *lowerer) asyncFun(call *ast.CallExpr) ast.Expr {
	var conv func(e ast.Expr) ast.Expr
	conv = func(e ast.Expr) ast.Expr {
		switch f := e.(type) {
		case *ast.ParenExpr:
			return &ast.ParenExpr{X: conv(f.X)}
		case *ast.IndexExpr:
			return &ast.IndexExpr{X: conv(f.X), Index: f.Index}
		case *ast.IndexListExpr:
			return &ast.IndexListExpr{X: conv(f.X), Indices: f.Indices}
		case *ast.Ident:
			obj := l.info.Uses[f]
			id := ast.NewIdent(f.Name + "Async")
			if obj != nil && obj.Pkg() != l.pkg {
				return &ast.SelectorExpr{X: ast.NewIdent(l.qual.ident(obj.Pkg().Path(), obj.Pkg().Name())), Sel: id}
			}
			l.referTo(id.Name)
			return id
		case *ast.SelectorExpr:
			x := f.X
			if _, isPkg := l.objOfExpr(x).(*types.PkgName); !isPkg {
				if _, isMethod := l.info.Selections[f]; isMethod && l.info.Selections[f].Kind() == types.MethodVal {
					x = l.expr(x, l.anySusp(call.Args))
				}
			}
			return &ast.SelectorExpr{X: x, Sel: ast.NewIdent(f.Sel.Name + "Async")}
		}
		panic(fmt.Sprintf("unexpected async callee %T", e))
	}
	return conv(call.Fun)
}

func (l *lowerer) objOfExpr(e ast.Expr) types.Object {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return l.objOf(id)
	}
	return nil
}

// --- expressions ---------------------------------------------------------

// expr lowers an expression that may contain suspension points. It emits
// the statements that must run first, in Go's evaluation order, and returns
// the expression to evaluate afterwards. When later is set, a suspension
// point follows e in evaluation order, so the calls and receives in e are
// evaluated now, into temporaries, as gc evaluates them before the later
// call; plain operands (variables, fields, indexes) are left in place and
// read afterwards, as gc reads them.
func (l *lowerer) expr(e ast.Expr, later bool) ast.Expr {
	if e == nil {
		return nil
	}
	if !l.susp(e) {
		if later {
			return l.spill(e)
		}
		return e
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		return &ast.ParenExpr{X: l.expr(x.X, later)}
	case *ast.CallExpr:
		if k, _ := l.suspensionOf(x); k != notSuspension {
			vals := l.suspend(x, nil)
			if len(vals) != 1 {
				l.errorf(x.Pos(), "internal error: suspension point with %d values used as a value", len(vals))
				return x
			}
			return vals[0]
		}
		if tv, ok := l.info.Types[x.Fun]; ok && tv.IsType() {
			return &ast.CallExpr{Fun: x.Fun, Args: []ast.Expr{l.expr(x.Args[0], later)}, Lparen: x.Lparen, Rparen: x.Rparen}
		}
		fun := l.expr(x.Fun, later || l.anySusp(x.Args))
		args := l.exprArgs(x.Args, later)
		nc := &ast.CallExpr{Fun: fun, Args: args, Ellipsis: x.Ellipsis}
		if later && l.callLike(x) {
			return l.spillTo(nc, x)
		}
		return nc
	case *ast.BinaryExpr:
		if x.Op == token.LAND || x.Op == token.LOR {
			return l.logical(x)
		}
		a := l.expr(x.X, later || l.susp(x.Y))
		b := l.expr(x.Y, later)
		return &ast.BinaryExpr{X: a, Op: x.Op, Y: b}
	case *ast.UnaryExpr:
		v := l.expr(x.X, later)
		nu := &ast.UnaryExpr{Op: x.Op, X: v}
		if x.Op == token.ARROW && later {
			return l.spillTo(nu, x)
		}
		return nu
	case *ast.StarExpr:
		return &ast.StarExpr{X: l.expr(x.X, later)}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: l.expr(x.X, later), Sel: x.Sel}
	case *ast.IndexExpr:
		a := l.expr(x.X, later || l.susp(x.Index))
		return &ast.IndexExpr{X: a, Index: l.expr(x.Index, later)}
	case *ast.SliceExpr:
		parts := []ast.Expr{x.X, x.Low, x.High, x.Max}
		out := l.exprList(parts, later)
		return &ast.SliceExpr{X: out[0], Low: out[1], High: out[2], Max: out[3], Slice3: x.Slice3}
	case *ast.TypeAssertExpr:
		return &ast.TypeAssertExpr{X: l.expr(x.X, later), Type: x.Type}
	case *ast.CompositeLit:
		var parts []ast.Expr
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if _, isStruct := l.info.TypeOf(x).Underlying().(*types.Struct); isStruct {
					parts = append(parts, nil, kv.Value)
				} else {
					parts = append(parts, kv.Key, kv.Value)
				}
			} else {
				parts = append(parts, nil, el)
			}
		}
		out := l.exprList(parts, later)
		nc := &ast.CompositeLit{Type: x.Type, Lbrace: x.Lbrace, Rbrace: x.Rbrace}
		for i, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				k := out[2*i]
				if k == nil {
					k = kv.Key
				}
				nc.Elts = append(nc.Elts, &ast.KeyValueExpr{Key: k, Value: out[2*i+1]})
			} else {
				nc.Elts = append(nc.Elts, out[2*i+1])
			}
		}
		return nc
	case *ast.KeyValueExpr:
		out := l.exprList([]ast.Expr{x.Key, x.Value}, later)
		return &ast.KeyValueExpr{Key: out[0], Value: out[1]}
	}
	l.unsupported(e.Pos(), describe(e)+" is not supported across an await yet", "await into a variable first")
	return e
}

// describe names the kind of a syntax node in words: "a go statement",
// "a slice literal".
func describe(n ast.Node) string {
	kind := strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")
	var words []string
	start := 0
	for i := 1; i <= len(kind); i++ {
		if i == len(kind) || unicode.IsUpper(rune(kind[i])) {
			words = append(words, strings.ToLower(kind[start:i]))
			start = i
		}
	}
	switch words[len(words)-1] {
	case "stmt":
		words[len(words)-1] = "statement"
	case "expr":
		words[len(words)-1] = "expression"
	case "lit":
		words[len(words)-1] = "literal"
	}
	article := "a"
	if strings.ContainsRune("aeiou", rune(words[0][0])) {
		article = "an"
	}
	return article + " " + strings.Join(words, " ")
}

// exprList lowers expressions evaluated left to right (nil entries are
// skipped).
func (l *lowerer) exprList(es []ast.Expr, later bool) []ast.Expr {
	out := make([]ast.Expr, len(es))
	for i, e := range es {
		if e == nil {
			continue
		}
		lt := later || l.anySusp(es[i+1:])
		out[i] = l.expr(e, lt)
	}
	return out
}

// exprArgs lowers call arguments, including a single multi-valued call.
func (l *lowerer) exprArgs(args []ast.Expr, later bool) []ast.Expr {
	if len(args) == 1 {
		if call, ok := ast.Unparen(args[0]).(*ast.CallExpr); ok {
			if tuple, ok := l.info.TypeOf(call).(*types.Tuple); ok && tuple.Len() > 1 {
				if l.susp(call) {
					if k, _ := l.suspensionOf(call); k != notSuspension {
						return l.suspend(call, nil)
					}
					nc := l.expr(call, false).(*ast.CallExpr)
					if later {
						return l.spillMulti(nc, tuple, call.Pos())
					}
					return []ast.Expr{nc}
				}
				if later {
					return l.spillMulti(call, tuple, call.Pos())
				}
				return args
			}
		}
	}
	return l.exprList(args, later)
}

func (l *lowerer) spillMulti(call ast.Expr, tuple *types.Tuple, pos token.Pos) []ast.Expr {
	var ts []ast.Expr
	for i := 0; i < tuple.Len(); i++ {
		ts = append(ts, l.temp(tuple.At(i).Type(), "v"))
	}
	l.emit(&ast.AssignStmt{Lhs: ts, Tok: token.ASSIGN, Rhs: []ast.Expr{call}}, pos)
	var refs []ast.Expr
	for _, t := range ts {
		refs = append(refs, l.ref(l.objOf(t.(*ast.Ident))))
	}
	return refs
}

// spillTo evaluates e now into a new temporary of the type of orig.
func (l *lowerer) spillTo(e, orig ast.Expr) ast.Expr {
	t := l.temp(l.info.TypeOf(orig), "v")
	l.emit(&ast.AssignStmt{Lhs: []ast.Expr{t}, Tok: token.ASSIGN, Rhs: []ast.Expr{e}}, orig.Pos())
	return l.ref(l.objOf(t))
}

// callLike reports whether gc evaluates e ahead of the plain operands of
// its statement: calls (not conversions or pure builtins) and receives.
func (l *lowerer) callLike(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	case *ast.CallExpr:
		if tv, ok := l.info.Types[x.Fun]; ok && tv.IsType() {
			return false
		}
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if _, ok := l.info.Uses[id].(*types.Builtin); ok {
				// gc evaluates builtin calls (len, cap, min, append...)
				// with the other calls, ahead of plain operands.
				return true
			}
		}
		return true
	}
	return false
}

// hasCallLike reports whether e contains a call or receive outside
// function literals.
func (l *lowerer) hasCallLike(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case ast.Expr:
			if l.callLike(n) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// spill evaluates the calls and receives of e (which has no suspension
// point) now, left to right, and returns e with temporaries in their place.
func (l *lowerer) spill(e ast.Expr) ast.Expr {
	if e == nil || !l.hasCallLike(e) {
		return e
	}
	if tv, ok := l.info.Types[e]; ok && tv.Value != nil {
		return e // a constant
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		return &ast.ParenExpr{X: l.spill(x.X)}
	case *ast.CallExpr:
		if l.callLike(x) {
			if tuple, ok := l.info.TypeOf(x).(*types.Tuple); ok {
				if tuple.Len() == 0 {
					return x
				}
				return x // multi-valued: handled by exprArgs
			}
			return l.spillTo(x, x)
		}
		args := make([]ast.Expr, len(x.Args))
		for i, a := range x.Args {
			args[i] = l.spill(a)
		}
		return &ast.CallExpr{Fun: x.Fun, Args: args, Ellipsis: x.Ellipsis}
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			return l.spillTo(x, x)
		}
		return &ast.UnaryExpr{Op: x.Op, X: l.spill(x.X)}
	case *ast.BinaryExpr:
		if x.Op == token.LAND || x.Op == token.LOR {
			return l.spillTo(x, x)
		}
		a := l.spill(x.X)
		return &ast.BinaryExpr{X: a, Op: x.Op, Y: l.spill(x.Y)}
	case *ast.StarExpr:
		return &ast.StarExpr{X: l.spill(x.X)}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: l.spill(x.X), Sel: x.Sel}
	case *ast.IndexExpr:
		a := l.spill(x.X)
		return &ast.IndexExpr{X: a, Index: l.spill(x.Index)}
	case *ast.SliceExpr:
		a := l.spill(x.X)
		lo := l.spill(x.Low)
		hi := l.spill(x.High)
		return &ast.SliceExpr{X: a, Low: lo, High: hi, Max: l.spill(x.Max), Slice3: x.Slice3}
	case *ast.TypeAssertExpr:
		return &ast.TypeAssertExpr{X: l.spill(x.X), Type: x.Type}
	case *ast.CompositeLit:
		nc := &ast.CompositeLit{Type: x.Type, Lbrace: x.Lbrace, Rbrace: x.Rbrace}
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				k := kv.Key
				if _, isStruct := l.info.TypeOf(x).Underlying().(*types.Struct); !isStruct {
					k = l.spill(k)
				}
				nc.Elts = append(nc.Elts, &ast.KeyValueExpr{Key: k, Value: l.spill(kv.Value)})
			} else {
				nc.Elts = append(nc.Elts, l.spill(el))
			}
		}
		return nc
	case *ast.KeyValueExpr:
		k := l.spill(x.Key)
		return &ast.KeyValueExpr{Key: k, Value: l.spill(x.Value)}
	}
	return e
}

// logical lowers a && b or a || b that contains a suspension point: the
// right operand runs only when Go would evaluate it.
func (l *lowerer) logical(x *ast.BinaryExpr) ast.Expr {
	left := l.expr(x.X, false)
	t := l.temp(l.info.TypeOf(x), "cond")
	l.emit(&ast.AssignStmt{Lhs: []ast.Expr{t}, Tok: token.ASSIGN, Rhs: []ast.Expr{left}}, x.Pos())
	if !l.susp(x.Y) {
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{l.ref(l.objOf(t))}, Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.BinaryExpr{X: l.ref(l.objOf(t)), Op: x.Op, Y: x.Y}}}, x.OpPos)
		return l.ref(l.objOf(t))
	}
	skip := l.newLabel("skip")
	var cond ast.Expr = l.ref(l.objOf(t))
	if x.Op == token.LAND {
		cond = not(cond)
	}
	l.branchIf(cond, skip, x.OpPos)
	right := l.expr(x.Y, false)
	l.emit(&ast.AssignStmt{Lhs: []ast.Expr{l.ref(l.objOf(t))}, Tok: token.ASSIGN, Rhs: []ast.Expr{right}}, x.Y.Pos())
	l.label(skip)
	return l.ref(l.objOf(t))
}

// --- statements ----------------------------------------------------------

func (l *lowerer) stmts(list []ast.Stmt) {
	for _, s := range list {
		l.stmt(s)
	}
}

// stmt lowers a statement at the top level of Resume (a flattened block).
func (l *lowerer) stmt(s ast.Stmt) {
	userLabel := l.userLabel
	l.userLabel = ""
	switch s := s.(type) {
	case *ast.AssignStmt:
		l.assign(s)
	case *ast.DeclStmt:
		l.decl(s)
	case *ast.ExprStmt:
		if !l.susp(s) {
			l.emitPlain(s)
			return
		}
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if k, _ := l.suspensionOf(call); k != notSuspension {
				var targets []ast.Expr
				if tuple, ok := l.info.TypeOf(call).(*types.Tuple); ok {
					for i := 0; i < tuple.Len(); i++ {
						targets = append(targets, blank())
					}
				} else if k == asyncCall && l.info.TypeOf(call) != nil {
					targets = []ast.Expr{blank()}
				}
				if k == yieldCall || len(targets) == 0 {
					targets = nil
				}
				l.suspend(call, targets)
				return
			}
		}
		l.emit(&ast.ExprStmt{X: l.expr(s.X, false)}, s.Pos())
	case *ast.ReturnStmt:
		if !l.susp(s) {
			l.emitPlain(s)
			return
		}
		vals := l.exprArgs(s.Results, false)
		it := l.emit(l.returnStmt(vals), s.Pos())
		it.term = true
	case *ast.IfStmt:
		l.ifStmt(s)
	case *ast.ForStmt:
		l.forStmt(s, userLabel)
	case *ast.RangeStmt:
		l.rangeStmt(s, userLabel)
	case *ast.SwitchStmt:
		l.switchStmt(s, userLabel)
	case *ast.TypeSwitchStmt:
		l.typeSwitchStmt(s, userLabel)
	case *ast.SelectStmt:
		l.selectStmt(s, userLabel)
	case *ast.DeferStmt:
		l.deferStmt(s)
	case *ast.GoStmt:
		if !l.susp(s) {
			l.emitPlain(s)
			return
		}
		// The function value and the arguments are evaluated here, awaits
		// included; the call runs on the new goroutine (in blocking mode,
		// if it is of an async function).
		call := s.Call
		fun := l.expr(call.Fun, l.anySusp(call.Args))
		args := l.exprArgs(call.Args, false)
		l.emit(&ast.GoStmt{Go: s.Go, Call: &ast.CallExpr{Fun: fun, Args: args, Ellipsis: call.Ellipsis}}, s.Pos())
	case *ast.BlockStmt:
		if !l.susp(s) {
			l.emitPlain(s)
			return
		}
		l.stmts(s.List)
	case *ast.LabeledStmt:
		if !l.susp(s) && !declaresVars(s.Stmt) {
			l.emitPlain(s)
			return
		}
		// Lowered, so that variables declared here move out of the
		// statement (a resume point's goto may not jump over a
		// declaration).
		if l.labelUses[s.Label.Name] > 0 {
			l.label(s.Label.Name) // a goto's target: the user's label, kept
		}
		l.userLabel = s.Label.Name
		l.stmt(s.Stmt)
	case *ast.IncDecStmt:
		if !l.susp(s) {
			l.emitPlain(s)
			return
		}
		l.emit(&ast.IncDecStmt{X: l.expr(s.X, false), Tok: s.Tok}, s.Pos())
	case *ast.SendStmt:
		if !l.susp(s) {
			l.emitPlain(s)
			return
		}
		ch := l.expr(s.Chan, l.susp(s.Value))
		l.emit(&ast.SendStmt{Chan: ch, Value: l.expr(s.Value, false)}, s.Pos())
	case *ast.BranchStmt:
		if s.Tok == token.FALLTHROUGH {
			l.unsupported(s.Pos(), "fallthrough is not supported across an await yet", "repeat the next case's statements")
			return
		}
		l.emitPlain(s)
	default:
		if l.susp(s) {
			l.unsupported(s.Pos(), describe(s)+" is not supported across an await yet", "await into a variable before the statement")
			return
		}
		l.emitPlain(s)
	}
}

// declaresVars reports whether s, under any labels, is a statement that
// declares variables in the enclosing block.
func declaresVars(s ast.Stmt) bool {
	for {
		ls, ok := s.(*ast.LabeledStmt)
		if !ok {
			break
		}
		s = ls.Stmt
	}
	switch s := s.(type) {
	case *ast.AssignStmt:
		return s.Tok == token.DEFINE
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		return ok && gd.Tok == token.VAR
	}
	return false
}

// emitPlain emits a statement without suspension points, as it is but for
// its returns and its jumps out of flattened statements.
func (l *lowerer) emitPlain(s ast.Stmt) {
	pos := s.Pos()
	s = l.plain(s)
	it := l.emit(s, pos)
	ast.Inspect(s, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO && l.labelUses[b.Label.Name] > 0 {
			it.gotos = append(it.gotos, b.Label.Name)
		}
		return true
	})
	switch s := s.(type) {
	case *ast.ReturnStmt:
		it.term = true
	case *ast.BranchStmt:
		it.term = s.Tok == token.GOTO
	}
}

// plain rewrites, in place, the returns of s and its break, continue and
// goto statements that leave s for a flattened statement.
func (l *lowerer) plain(s ast.Stmt) ast.Stmt {
	inner := map[string]bool{}
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			inner[n.Label.Name] = true
		}
		return true
	})
	loops, breakables := 0, 0
	var stack []ast.Node
	pre := func(c *astutil.Cursor) bool {
		n := c.Node()
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			loops++
			breakables++
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			breakables++
		case *ast.ReturnStmt:
			r := l.plainReturn(n)
			fillPos(r, n.Pos())
			c.Replace(r)
			return false
		case *ast.BranchStmt:
			if r := l.branch(n, inner, loops, breakables); r != nil {
				fillPos(r, n.Pos())
				c.Replace(r)
			}
			return false
		}
		stack = append(stack, n)
		return true
	}
	post := func(c *astutil.Cursor) bool {
		n := c.Node()
		if len(stack) == 0 || stack[len(stack)-1] != n {
			return true
		}
		stack = stack[:len(stack)-1]
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loops--
			breakables--
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			breakables--
		}
		return true
	}
	return astutil.Apply(s, pre, post).(ast.Stmt)
}

// branch rewrites a break, continue or goto that leaves the plain statement
// it is in, or returns nil to leave it as it is.
func (l *lowerer) branch(b *ast.BranchStmt, inner map[string]bool, loops, breakables int) ast.Stmt {
	if b.Label != nil && inner[b.Label.Name] {
		return nil
	}
	switch b.Tok {
	case token.GOTO:
		// The goto stays: its label is the user's, kept in place in the
		// flat Resume (see LabeledStmt), where all variables are declared
		// at the top.
		if len(l.stopsFrom(0)) > 0 {
			l.unsupported(b.Pos(), "goto inside a range loop over a function is not supported across an await yet",
				"use break or continue")
		}
		return nil
	case token.FALLTHROUGH:
		return nil
	case token.BREAK:
		if b.Label == nil && breakables > 0 {
			return nil
		}
	case token.CONTINUE:
		if b.Label == nil && loops > 0 {
			return nil
		}
	}
	for i := len(l.targets) - 1; i >= 0; i-- {
		t := l.targets[i]
		if b.Label != nil && t.label != b.Label.Name {
			continue
		}
		if b.Tok == token.CONTINUE {
			if t.cont == "" {
				continue
			}
			return withStops(l.stopsFrom(i+1), l.gotoStmt(t.cont))
		}
		return withStops(l.stopsFrom(i+1), l.gotoStmt(t.brk))
	}
	if b.Label != nil {
		l.unsupported(b.Pos(), b.Tok.String()+" to label "+b.Label.Name+" is not supported here yet",
			"move the await out of the labelled statement or the jump into it")
	}
	return nil
}

// plainReturn rewrites a return without suspension points.
func (l *lowerer) plainReturn(r *ast.ReturnStmt) ast.Stmt {
	if len(r.Results) == 1 && l.shape.long {
		if tuple, ok := l.info.TypeOf(r.Results[0]).(*types.Tuple); ok {
			// { a, b, c := g(); return f.Frame.Return(FResult{A: a, B: b}, c) }
			var lhs, vals []ast.Expr
			for i := 0; i < tuple.Len(); i++ {
				n := l.used.fresh("r" + itoa(i))
				lhs = append(lhs, ast.NewIdent(n))
				vals = append(vals, ast.NewIdent(n))
			}
			return &ast.BlockStmt{List: []ast.Stmt{
				&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: r.Results},
				l.returnStmt(vals),
			}}
		}
	}
	return l.returnStmt(r.Results)
}

// returnStmt returns the statement for a return of vals (none for a bare
// return). In a function with named results and deferred calls, which may
// change the results, it is a block: assign the results, run the defer
// stack, return the results.
func (l *lowerer) returnStmt(vals []ast.Expr) ast.Stmt {
	stops := l.stopsFrom(0)
	if len(stops) == 0 {
		return l.returnNow(vals)
	}
	// Leaving range loops over functions: their iterators end after the
	// results are evaluated and before the deferred calls run, as in Go.
	if len(vals) == 0 {
		return withStops(stops, l.returnNow(nil))
	}
	n := len(vals)
	if n == 1 {
		n = max(l.sig.Results().Len(), 1) // return g() of a multi-value g
	}
	var lhs, temps []ast.Expr
	for i := range n {
		name := l.used.fresh("r" + itoa(i))
		lhs, temps = append(lhs, ast.NewIdent(name)), append(temps, ast.NewIdent(name))
	}
	list := []ast.Stmt{&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: vals}}
	list = append(list, stops...)
	ret := l.returnNow(temps)
	if b, ok := ret.(*ast.BlockStmt); ok {
		return &ast.BlockStmt{List: append(list, b.List...)}
	}
	return &ast.BlockStmt{List: append(list, ret)}
}

// returnNow is returnStmt with no iterators to stop.
func (l *lowerer) returnNow(vals []ast.Expr) ast.Stmt {
	if !l.hasDefer || len(l.results) == 0 {
		return l.buildReturn(vals)
	}
	var list []ast.Stmt
	if len(vals) > 0 {
		var lhs, rhs []ast.Expr
		for i, r := range l.results {
			if len(vals) == len(l.results) {
				if id, ok := vals[i].(*ast.Ident); ok && l.objOf(id) == r {
					continue // "return res, nil": res = res would be a self-assignment
				}
				rhs = append(rhs, vals[i])
			}
			lhs = append(lhs, l.ref(r))
		}
		if len(vals) != len(l.results) {
			rhs = vals // return g()
		}
		if len(lhs) > 0 {
			list = append(list, &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: rhs})
		}
	}
	perr := ast.NewIdent(l.used.fresh("deferred"))
	list = append(list, &ast.IfStmt{
		Init: &ast.AssignStmt{Lhs: []ast.Expr{perr}, Tok: token.DEFINE, Rhs: []ast.Expr{l.frameCall("RunDefers")}},
		Cond: &ast.BinaryExpr{X: ast.NewIdent(perr.Name), Op: token.NEQ, Y: ast.NewIdent("nil")},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{l.frameCall("Fail", ast.NewIdent(perr.Name))}}}},
	}, l.buildReturn(nil))
	return &ast.BlockStmt{List: list}
}

// deferStmt lowers a defer statement to a push onto the frame's defer
// stack. The function value and the arguments are evaluated now, as Go
// evaluates them, and bound to the parameters of a wrapper that returns
// the deferred call; constants, package-level functions and builtins need
// no evaluation and stay in the call as written.
func (l *lowerer) deferStmt(s *ast.DeferStmt) {
	call := s.Call
	fun := ast.Unparen(call.Fun)
	if lit, ok := fun.(*ast.FuncLit); ok {
		l.frameRecover(lit)
		if len(call.Args) == 0 {
			l.emit(&ast.ExprStmt{X: l.frameCall("Defer", lit)}, s.Pos())
			return
		}
	}
	params := &ast.FieldList{}
	param := func(t types.Type) *ast.Ident {
		name := l.used.fresh("d" + itoa(len(params.List)))
		texpr, err := parser.ParseExpr(l.typeText(types.Default(t)))
		if err != nil {
			panic(err)
		}
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: texpr})
		return ast.NewIdent(name)
	}
	// evaluated are the wrapper's arguments: the function value (lowered
	// here, first) unless it is fixed, then the arguments that are not
	// constants (lowered below, in order).
	var evaluated []ast.Expr
	inner := &ast.CallExpr{Fun: call.Fun, Ellipsis: call.Ellipsis}
	if !l.fixedFunc(fun) {
		inner.Fun = param(l.info.TypeOf(call.Fun))
		evaluated = append(evaluated, l.expr(call.Fun, l.anySusp(call.Args)))
	}
	args := call.Args
	if len(args) == 1 {
		if tuple, ok := l.info.TypeOf(args[0]).(*types.Tuple); ok {
			// defer f(g()): g's results into temporaries first, after the
			// function value, then passed like any arguments.
			var temps []ast.Expr
			for i := range tuple.Len() {
				temps = append(temps, l.temp(tuple.At(i).Type(), "arg"))
			}
			l.emit(&ast.AssignStmt{Lhs: temps, Tok: token.ASSIGN, Rhs: []ast.Expr{l.expr(args[0], false)}}, args[0].Pos())
			args = nil
			for _, t := range temps {
				args = append(args, l.ref(l.objOf(t.(*ast.Ident))))
			}
		}
	}
	var rest []ast.Expr
	for _, a := range args {
		if tv, ok := l.info.Types[a]; ok && (tv.Value != nil || tv.IsNil()) {
			inner.Args = append(inner.Args, a)
			continue
		}
		inner.Args = append(inner.Args, param(l.typeOf(a)))
		rest = append(rest, a)
	}
	evaluated = append(evaluated, l.exprArgs(rest, false)...)
	// The wrapper takes the defer's position, so that it prints on the
	// line of the call it wraps.
	at := call.Pos()
	body := &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{&ast.ExprStmt{X: inner}}, Rbrace: at}
	var deferred ast.Expr = &ast.FuncLit{Type: &ast.FuncType{Func: at, Params: &ast.FieldList{}}, Body: body}
	if len(evaluated) > 0 {
		wrapper := &ast.FuncLit{
			Type: &ast.FuncType{Func: at, Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.FuncType{Func: at, Params: &ast.FieldList{}}}}}},
			Body: &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{&ast.ReturnStmt{Return: at, Results: []ast.Expr{deferred}}}, Rbrace: at},
		}
		deferred = &ast.CallExpr{Fun: wrapper, Args: evaluated}
	}
	l.emit(&ast.ExprStmt{X: l.frameCall("Defer", deferred)}, s.Pos())
}

// fixedFunc reports whether the function of a call is the same whenever
// it is evaluated: a builtin, a function declared at package level (maybe
// instantiated), a method expression, or a function literal.
func (l *lowerer) fixedFunc(fun ast.Expr) bool {
	switch x := ast.Unparen(fun).(type) {
	case *ast.FuncLit:
		return true
	case *ast.Ident:
		switch l.info.Uses[x].(type) {
		case *types.Builtin, *types.Func:
			return true
		}
	case *ast.IndexExpr:
		return l.fixedFunc(x.X)
	case *ast.IndexListExpr:
		return l.fixedFunc(x.X)
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if _, ok := l.info.Uses[id].(*types.PkgName); ok {
				return true
			}
		}
		if sel, ok := l.info.Selections[x]; ok && sel.Kind() == types.MethodExpr {
			return true
		}
	}
	return false
}

// buildReturn returns "return f.Frame.Return(v, err)" for the values of a
// return statement (none for a bare return).
func (l *lowerer) buildReturn(vals []ast.Expr) *ast.ReturnStmt {
	if len(vals) == 0 {
		for _, r := range l.results {
			vals = append(vals, l.ref(r))
		}
	}
	empty := &ast.CompositeLit{Type: &ast.StructType{Fields: &ast.FieldList{}}}
	nilErr := l.zero(types.Universe.Lookup("error").Type(), ast.NewIdent("error"))
	var v, e ast.Expr
	sh := l.shape
	switch {
	case sh.n == 0:
		v, e = empty, nilErr
	case sh.nonError == 0:
		v, e = empty, vals[0]
	case !sh.long && len(vals) == 1 && sh.hasErr:
		// return g() with g returning (V, error)
		return &ast.ReturnStmt{Results: []ast.Expr{l.frameCall("Return", vals[0])}}
	case !sh.long:
		v, e = vals[0], nilErr
		if sh.hasErr {
			e = vals[1]
		}
	default:
		lit := &ast.CompositeLit{Type: l.resultType}
		if l.resultAlias != nil {
			lit.Type = ast.NewIdent(l.resultAlias.Name)
		}
		m := l.fnResultFields()
		for i := 0; i < sh.nonError; i++ {
			lit.Elts = append(lit.Elts, &ast.KeyValueExpr{Key: ast.NewIdent(m[i]), Value: vals[i]})
		}
		v, e = lit, nilErr
		if sh.hasErr {
			e = vals[len(vals)-1]
		}
	}
	return &ast.ReturnStmt{Results: []ast.Expr{l.frameCall("Return", v, e)}}
}

func (l *lowerer) fnResultFields() []string {
	var ns []string
	for i := 0; i < l.shape.nonError; i++ {
		ns = append(ns, l.sig.Results().At(i).Name())
	}
	return resultFieldNames(ns)
}

// assign lowers an assignment or short variable declaration.
func (l *lowerer) assign(s *ast.AssignStmt) {
	if s.Tok == token.DEFINE {
		for _, e := range s.Lhs {
			if id, ok := e.(*ast.Ident); ok {
				if obj := l.info.Defs[id]; obj != nil {
					l.declareHere(obj)
				}
			}
		}
	}
	tok := s.Tok
	if tok == token.DEFINE {
		tok = token.ASSIGN
	}
	if !l.susp(s) {
		ns := &ast.AssignStmt{Lhs: s.Lhs, TokPos: s.TokPos, Tok: tok, Rhs: s.Rhs}
		it := l.emit(l.plain(ns), s.Pos())
		_ = it
		return
	}
	rhsSusp := l.anySusp(s.Rhs)
	lhs := make([]ast.Expr, len(s.Lhs))
	for i, e := range s.Lhs {
		lhs[i] = l.expr(e, rhsSusp || l.anySusp(s.Lhs[i+1:]))
	}
	if len(s.Rhs) == 1 && (tok == token.ASSIGN) {
		if call, ok := ast.Unparen(s.Rhs[0]).(*ast.CallExpr); ok {
			if k, _ := l.suspensionOf(call); k == awaitCall || k == asyncCall {
				l.suspend(call, lhs)
				return
			}
		}
	}
	var rhs []ast.Expr
	if len(s.Rhs) == 1 && len(s.Lhs) > 1 {
		rhs = []ast.Expr{l.expr(s.Rhs[0], false)}
	} else {
		rhs = l.exprList(s.Rhs, false)
	}
	l.emit(&ast.AssignStmt{Lhs: lhs, Tok: tok, Rhs: rhs}, s.Pos())
}

// decl lowers a declaration statement: variables become assignments.
func (l *lowerer) decl(s *ast.DeclStmt) {
	gd, ok := s.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		l.emitPlain(s)
		return
	}
	for _, spec := range gd.Specs {
		vs := spec.(*ast.ValueSpec)
		var lhs []ast.Expr
		for _, n := range vs.Names {
			if obj := l.info.Defs[n]; obj != nil {
				l.declareHere(obj)
			}
			lhs = append(lhs, n)
		}
		if len(vs.Values) > 0 {
			l.assign(&ast.AssignStmt{Lhs: lhs, TokPos: vs.Pos(), Tok: token.ASSIGN, Rhs: vs.Values})
			continue
		}
		for _, n := range vs.Names {
			if n.Name == "_" {
				continue
			}
			obj := l.info.Defs[n]
			l.emit(&ast.AssignStmt{Lhs: []ast.Expr{n}, Tok: token.ASSIGN, Rhs: []ast.Expr{l.zero(obj.Type(), vs.Type)}}, n.Pos())
		}
	}
}

// zero returns the zero value of t, whose type expression is texpr.
func (l *lowerer) zero(t types.Type, texpr ast.Expr) ast.Expr {
	nilOK := l.predeclared("nil")
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			if l.predeclared("false") {
				return ast.NewIdent("false")
			}
			return &ast.ParenExpr{X: &ast.BinaryExpr{X: intLit(0), Op: token.NEQ, Y: intLit(0)}}
		case u.Info()&types.IsString != 0:
			return &ast.BasicLit{Kind: token.STRING, Value: `""`}
		case u.Info()&types.IsNumeric != 0:
			return intLit(0)
		case u.Kind() == types.UnsafePointer && nilOK:
			return ast.NewIdent("nil")
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		if _, isParam := t.(*types.TypeParam); !isParam && nilOK {
			return ast.NewIdent("nil")
		}
	case *types.Struct, *types.Array:
		if _, isParam := t.(*types.TypeParam); !isParam {
			return &ast.CompositeLit{Type: texpr}
		}
	}
	return &ast.StarExpr{X: l.newOf(texpr)}
}

// newOf returns new(T) for the type expression texpr, or rt.New[T]() where
// the user has declared another new.
func (l *lowerer) newOf(texpr ast.Expr) ast.Expr {
	if l.predeclared("new") {
		return &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{texpr}}
	}
	return &ast.CallExpr{Fun: &ast.IndexExpr{X: l.rt("New"), Index: texpr}}
}

// unreachable returns the statement that ends a Resume whose last
// statement the lowering cannot show to be terminating: a panic, or where
// the user has declared another panic an empty for loop, which is
// terminating too. The user's own body is terminating (it compiled), so
// neither is reached.
func (l *lowerer) unreachable() ast.Stmt {
	if l.predeclared("panic") {
		return &ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent("panic"), Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: `"unreachable"`}}}}
	}
	return &ast.ForStmt{Body: &ast.BlockStmt{}}
}

// predeclared reports whether generated code in the function can use the
// predeclared identifier name: neither the package, nor the file's imports,
// nor the function declares another object of that name.
func (l *lowerer) predeclared(name string) bool {
	if l.declared == nil {
		l.declared = map[string]bool{}
		ast.Inspect(l.fn, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && l.info.Defs[id] != nil {
				l.declared[id.Name] = true
			}
			return true
		})
	}
	return !l.declared[name] && l.predeclaredOutside(name)
}

// predeclaredOutside reports whether neither the package nor the file's
// imports declare another object named name.
func (l *lowerer) predeclaredOutside(name string) bool {
	sc := l.pkg.Scope().Innermost(l.fn.Pos())
	for sc != nil && sc.Parent() != l.pkg.Scope() {
		sc = sc.Parent() // up to the file's scope
	}
	if sc == nil {
		sc = l.pkg.Scope()
	}
	_, obj := sc.LookupParent(name, token.NoPos)
	return obj == types.Universe.Lookup(name)
}

func (l *lowerer) ifStmt(s *ast.IfStmt) {
	if s.Init != nil {
		l.stmt(s.Init)
	}
	cond := l.expr(s.Cond, false)
	if !l.susp(s.Body) && !l.susp(s.Else) {
		ns := &ast.IfStmt{If: s.If, Cond: cond, Body: s.Body, Else: s.Else}
		l.emitPlain(ns)
		return
	}
	end := l.newLabel("end")
	next := end
	if s.Else != nil {
		next = l.newLabel("orElse")
	}
	l.branchIf(not(cond), next, s.Cond.Pos())
	l.stmts(s.Body.List)
	if s.Else != nil {
		if !l.terminates() {
			l.jump(end, s.Body.Rbrace)
		}
		l.label(next)
		l.stmt(s.Else)
	}
	l.label(end)
}

func (l *lowerer) forStmt(s *ast.ForStmt, userLabel string) {
	first := len(l.cands)
	if s.Init != nil {
		if l.susp(s.Cond) || l.susp(s.Post) || l.susp(s.Body) {
			l.loops++ // per-iteration variables
			l.stmt(s.Init)
			l.loops--
		} else {
			l.stmt(s.Init)
		}
	}
	var perIter []int
	for i := first; i < len(l.cands); i++ {
		if !l.cands[i].temp {
			perIter = append(perIter, i)
		}
	}
	if !l.susp(s.Cond) && !l.susp(s.Post) && !l.susp(s.Body) {
		l.emitPlain(l.withLabel(&ast.ForStmt{For: s.For, Cond: s.Cond, Post: s.Post, Body: s.Body}, userLabel))
		return
	}
	// Closures and pointers that capture a per-iteration variable would
	// share one frame field across iterations.
	l.loops++
	defer func() { l.loops-- }()
	reached := l.loop(&target{label: userLabel}, s.For, func(brk string) {
		if s.Cond != nil {
			c := l.expr(s.Cond, false)
			l.branchIf(not(c), brk, s.Cond.Pos())
		}
	}, s.Body.List, func() {
		for _, i := range perIter {
			// The next iteration's variable starts as a copy of this one's.
			l.items = append(l.items, &Item{box: i + 1, rebox: true})
		}
		if s.Post != nil {
			l.stmt(s.Post)
		}
	})
	if !reached && s.Post != nil {
		// The post statement is left out; a variable it alone reads must
		// still count as used.
		l.keepUsed(s.Post)
	}
}

// keepUsed notes the variables that n refers to, which are used in the
// function although no lowered statement may read them: a local of Resume
// that nothing reads is then marked used.
func (l *lowerer) keepUsed(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if i, ok := l.candIdx[l.objOf(id)]; ok {
				if l.mustUse == nil {
					l.mustUse = map[int]bool{}
				}
				l.mustUse[i] = true
			}
		}
		return true
	})
}

// loop emits a flattened loop: top at its head (given the label to leave
// by), then body, with break and continue going to t's labels, then
// bottom, and a jump back to the head. t has the user's label and, for a
// range over a function, stop; loop names its labels. When no iteration
// can reach the bottom (the body ends in a return or a break and nothing
// continues), bottom and the jump back are left out, as unreachable code,
// and loop returns false.
func (l *lowerer) loop(t *target, pos token.Pos, top func(brk string), body []ast.Stmt, bottom func()) bool {
	head := l.newLabel("loop")
	t.cont = l.newLabel("next")
	t.brk = l.newLabel("done")
	l.label(head)
	top(t.brk)
	l.targets = append(l.targets, t)
	l.stmts(body)
	l.targets = l.targets[:len(l.targets)-1]
	l.label(t.cont)
	reached := !l.terminates()
	if reached {
		bottom()
		l.jump(head, pos)
	}
	l.label(t.brk)
	return reached
}

// typeSwitchStmt lowers a type switch. One whose cases await becomes a
// chain of type assertions on the switch's subject, evaluated once, each
// jumping to its case's body; in a body the bound variable has the case's
// type when the case names one type, and the subject's type otherwise.
func (l *lowerer) typeSwitchStmt(s *ast.TypeSwitchStmt, userLabel string) {
	if !l.susp(s) {
		l.emitPlain(l.withLabel(s, userLabel))
		return
	}
	if s.Init != nil {
		l.stmt(s.Init)
	}
	var guard *ast.TypeAssertExpr
	switch a := s.Assign.(type) {
	case *ast.AssignStmt:
		guard = ast.Unparen(a.Rhs[0]).(*ast.TypeAssertExpr)
	case *ast.ExprStmt:
		guard = ast.Unparen(a.X).(*ast.TypeAssertExpr)
	}
	x := l.expr(guard.X, false)
	subject := l.temp(l.info.TypeOf(guard.X), "subject")
	l.emit(&ast.AssignStmt{Lhs: []ast.Expr{subject}, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}, guard.X.Pos())
	if !l.susp(s.Body) {
		// Only the subject awaits: switch on its value as written.
		ns := *s
		ng := *guard
		ng.X = subject
		switch a := s.Assign.(type) {
		case *ast.AssignStmt:
			na := *a
			na.Rhs = []ast.Expr{&ng}
			ns.Assign = &na
		case *ast.ExprStmt:
			ns.Assign = &ast.ExprStmt{X: &ng}
		}
		ns.Init = nil
		l.emitPlain(l.withLabel(&ns, userLabel))
		return
	}
	if !l.predeclared("nil") {
		for _, c := range s.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				if l.info.Types[e].IsNil() {
					l.unsupported(e.Pos(), "case nil in a type switch across an await, where nil is redeclared, is not supported",
						"rename the other nil")
					return
				}
			}
		}
	}
	l.cases(s.Body, userLabel, func(e ast.Expr, body string) {
		var cond ast.Expr
		var init ast.Stmt
		if l.info.Types[e].IsNil() {
			cond = &ast.BinaryExpr{X: l.ref(l.objOf(subject)), Op: token.EQL, Y: ast.NewIdent("nil")}
		} else {
			// if _, ok := subject.(T); ok { goto caseBody }: ok is scoped
			// to the if, whose body is only the goto.
			ok := ast.NewIdent("ok")
			init = &ast.AssignStmt{Lhs: []ast.Expr{blank(), ok}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: l.ref(l.objOf(subject)), Type: e}}}
			cond = ok
		}
		it := l.emit(&ast.IfStmt{Init: init, Cond: cond, Body: &ast.BlockStmt{List: []ast.Stmt{l.gotoStmt(body)}}}, e.Pos())
		it.gotos = []string{body}
	}, func(cc *ast.CaseClause) {
		if obj, ok := l.info.Implicits[cc].(*types.Var); ok && l.usedIn(obj, cc.Body) {
			var val ast.Expr = l.ref(l.objOf(subject))
			if len(cc.List) == 1 && !l.info.Types[cc.List[0]].IsNil() {
				val = &ast.TypeAssertExpr{X: val, Type: cc.List[0]}
			}
			l.declareHere(obj)
			l.emit(&ast.AssignStmt{Lhs: []ast.Expr{l.ref(obj)}, Tok: token.ASSIGN, Rhs: []ast.Expr{val}}, cc.Colon)
		}
	})
}

// selectStmt lowers a select statement whose case bodies await: the select
// itself stays, with each case only recording that it was chosen (and what
// it received, for a case that declares variables), and the bodies run
// after it, lowered, chosen by that record.
func (l *lowerer) selectStmt(s *ast.SelectStmt, userLabel string) {
	if !l.susp(s) {
		l.emitPlain(l.withLabel(s, userLabel))
		return
	}
	// Go evaluates the channels and the values sent once, in source order,
	// on entering the select; when one awaits, all are evaluated so first.
	early := false
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		if a, ok := cc.Comm.(*ast.AssignStmt); ok && l.anySusp(a.Lhs) {
			l.unsupported(cc.Comm.Pos(), "an await in the variables a select case assigns is not supported",
				"assign to plain variables, then copy")
			return
		}
		early = early || (cc.Comm != nil && l.susp(cc.Comm))
	}
	operand := func(e ast.Expr) ast.Expr {
		if !early {
			return e
		}
		v := l.expr(e, false)
		t := l.temp(l.info.TypeOf(e), "operand")
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{t}, Tok: token.ASSIGN, Rhs: []ast.Expr{v}}, e.Pos())
		return l.ref(l.objOf(t))
	}
	// recv returns the receive e with its channel evaluated.
	recv := func(e ast.Expr) ast.Expr {
		u := ast.Unparen(e).(*ast.UnaryExpr)
		return &ast.UnaryExpr{OpPos: u.OpPos, Op: token.ARROW, X: operand(u.X)}
	}
	chosen := l.temp(types.Typ[types.Int], "chosen")
	sel := &ast.SelectStmt{Select: s.Select, Body: &ast.BlockStmt{}}
	// received[i] binds the variables case i declares, from temporaries.
	received := make([]*ast.AssignStmt, len(s.Body.List))
	for i, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		var comm ast.Stmt
		switch x := cc.Comm.(type) {
		case *ast.SendStmt:
			ch := operand(x.Chan)
			comm = &ast.SendStmt{Chan: ch, Arrow: x.Arrow, Value: operand(x.Value)}
		case *ast.ExprStmt:
			comm = &ast.ExprStmt{X: recv(x.X)}
		case *ast.AssignStmt:
			comm = &ast.AssignStmt{Lhs: x.Lhs, TokPos: x.TokPos, Tok: x.Tok, Rhs: []ast.Expr{recv(x.Rhs[0])}}
		}
		if a, ok := comm.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			bind := &ast.AssignStmt{Tok: token.ASSIGN}
			var lhs []ast.Expr
			for _, e := range a.Lhs {
				if isBlank(e) {
					lhs = append(lhs, blank())
					continue
				}
				obj := l.info.Defs[e.(*ast.Ident)]
				t := l.temp(obj.Type(), "received")
				lhs = append(lhs, t)
				bind.Lhs = append(bind.Lhs, l.ref(obj))
				bind.Rhs = append(bind.Rhs, l.ref(l.objOf(t)))
			}
			comm = &ast.AssignStmt{Lhs: lhs, TokPos: a.TokPos, Tok: token.ASSIGN, Rhs: a.Rhs}
			if len(bind.Lhs) > 0 {
				received[i] = bind
			}
		}
		record := &ast.AssignStmt{Lhs: []ast.Expr{l.ref(l.objOf(chosen))}, Tok: token.ASSIGN, Rhs: []ast.Expr{intLit(i + 1)}}
		sel.Body.List = append(sel.Body.List, &ast.CommClause{Comm: comm, Body: []ast.Stmt{record}})
	}
	l.emitPlain(sel)
	// The bodies, chosen by the record as the cases of a switch on it.
	clauses := &ast.BlockStmt{Lbrace: s.Select} // the position of the jump past them
	bindOf := map[*ast.CaseClause]*ast.AssignStmt{}
	for i, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		clause := &ast.CaseClause{Case: cc.Case, List: []ast.Expr{intLit(i + 1)}, Colon: cc.Colon, Body: cc.Body}
		clauses.List = append(clauses.List, clause)
		bindOf[clause] = received[i]
	}
	l.cases(clauses, userLabel, func(e ast.Expr, body string) {
		l.branchIf(&ast.BinaryExpr{X: l.ref(l.objOf(chosen)), Op: token.EQL, Y: e}, body, s.Select)
	}, func(cc *ast.CaseClause) {
		if bind := bindOf[cc]; bind != nil {
			for _, e := range bind.Lhs {
				l.declareHere(l.objOf(e.(*ast.Ident)))
			}
			l.emit(bind, cc.Colon)
		}
	})
}

// usedIn reports whether obj is used in stmts.
func (l *lowerer) usedIn(obj types.Object, stmts []ast.Stmt) bool {
	used := false
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && l.info.Uses[id] == obj {
				used = true
			}
			return !used
		})
	}
	return used
}

// withLabel returns s, the part of a labelled statement that is emitted as
// written, labelled with the user's label if there is one. When the label
// is a goto's target, it is already in place before the lowered part of
// the statement (its init, its range expression), where a goto must go:
// s then gets a label of its own, which its break and continue statements
// name instead, or none if they name none.
func (l *lowerer) withLabel(s ast.Stmt, userLabel string) ast.Stmt {
	if userLabel == "" {
		return s
	}
	if l.labelUses[userLabel] == 0 {
		return &ast.LabeledStmt{Label: &ast.Ident{NamePos: s.Pos(), Name: userLabel}, Stmt: s}
	}
	own := ""
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Label != nil && n.Label.Name == userLabel && n.Tok != token.GOTO {
				if own == "" {
					own = l.newLabel(userLabel)
				}
				n.Label = &ast.Ident{NamePos: n.Label.NamePos, Name: own}
			}
		}
		return true
	})
	if own == "" {
		return s
	}
	return &ast.LabeledStmt{Label: &ast.Ident{NamePos: s.Pos(), Name: own}, Stmt: s}
}

// A rangeLoop is a range loop over hidden variables, taken apart.
type rangeLoop struct {
	head       []ast.Stmt // run at the top of each iteration, before cond
	cond       ast.Expr   // the loop goes on while cond holds
	step       []ast.Stmt // run once cond holds, before the variables are bound
	key, value ast.Expr   // the iteration values; nil when not wanted
	post       ast.Stmt   // run after each iteration, may be nil

	// stop, for a range over a function, makes the statement that ends
	// the iterator, which runs when the loop ends, however it ends.
	stop func() ast.Stmt
}

// rangeStmt lowers a range loop. One whose body awaits becomes a loop over
// hidden variables, with the iteration variables declared afresh in each
// iteration, as Go 1.22 declares them; the range expression is evaluated
// once, before the loop.
func (l *lowerer) rangeStmt(s *ast.RangeStmt, userLabel string) {
	if !l.susp(s) {
		l.emitPlain(l.withLabel(s, userLabel))
		return
	}
	if l.susp(s.Key) || l.susp(s.Value) {
		l.unsupported(s.Pos(), "an await in the iteration variables of a range loop is not supported",
			"await into a variable before the loop")
		return
	}
	if !l.susp(s.Body) {
		// Only the range expression awaits: evaluate it, then range over
		// the value as written.
		x := l.expr(s.X, false)
		tmp := l.temp(l.info.TypeOf(s.X), "rangeX")
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{tmp}, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}, s.X.Pos())
		ns := *s
		ns.X = tmp
		l.emitPlain(l.withLabel(&ns, userLabel))
		return
	}
	rl, ok := l.rangeParts(s)
	if !ok {
		return
	}
	l.loops++ // the iteration variables are per-iteration
	defer func() { l.loops-- }()
	reached := l.loop(&target{label: userLabel, stop: rl.stop}, s.For, func(brk string) {
		for _, st := range rl.head {
			l.emit(st, s.For)
		}
		l.branchIf(not(rl.cond), brk, s.For)
		for _, st := range rl.step {
			l.emit(st, s.For)
		}
		l.bindRange(s, rl)
	}, s.Body.List, func() {
		if rl.post != nil {
			l.emit(rl.post, s.For)
		}
	})
	if !reached && rl.post != nil {
		l.keepUsed(rl.post)
	}
	if rl.stop != nil {
		l.emit(rl.stop(), s.For)
	}
}

// stopsFrom returns the statements that end the iterators of the range
// loops over functions among l.targets[from:], innermost first: a jump out
// of those loops runs them before it jumps.
func (l *lowerer) stopsFrom(from int) []ast.Stmt {
	var stops []ast.Stmt
	for i := len(l.targets) - 1; i >= from; i-- {
		if t := l.targets[i]; t.stop != nil {
			stops = append(stops, t.stop())
		}
	}
	return stops
}

// withStops returns s preceded by stops, as one statement.
func withStops(stops []ast.Stmt, s ast.Stmt) ast.Stmt {
	if len(stops) == 0 {
		return s
	}
	return &ast.BlockStmt{List: append(stops, s)}
}

// bindRange gives the iteration variables of s their values for this
// iteration: declared here (so a closure captures this iteration's), or
// assigned for "k, v = range x".
func (l *lowerer) bindRange(s *ast.RangeStmt, rl rangeLoop) {
	var lhs, rhs []ast.Expr
	for _, p := range [2]struct{ v, val ast.Expr }{{s.Key, rl.key}, {s.Value, rl.value}} {
		if p.v == nil || p.val == nil || isBlank(p.v) {
			continue
		}
		if s.Tok == token.DEFINE {
			if obj := l.info.Defs[p.v.(*ast.Ident)]; obj != nil {
				l.declareHere(obj)
			}
		}
		lhs, rhs = append(lhs, p.v), append(rhs, p.val)
	}
	if len(lhs) > 0 {
		l.emit(&ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: rhs}, s.Key.Pos())
	}
}

// coreType returns the underlying type of t, or for a type parameter the
// one underlying type of every type in its type set (Go's core type,
// without the channel direction rule), or nil if there is none.
func coreType(t types.Type) types.Type {
	tp, ok := t.(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	var core types.Type
	var visit func(t types.Type) bool
	visit = func(t types.Type) bool {
		switch t := t.(type) {
		case *types.Interface:
			for i := range t.NumEmbeddeds() {
				if !visit(t.EmbeddedType(i)) {
					return false
				}
			}
			return true
		case *types.Union:
			for i := range t.Len() {
				if !visit(t.Term(i).Type()) {
					return false
				}
			}
			return true
		case *types.TypeParam:
			return visit(t.Constraint().Underlying())
		}
		u := t.Underlying()
		if _, ok := u.(*types.Interface); ok {
			return visit(u)
		}
		if core != nil && !types.Identical(core, u) {
			return false
		}
		core = u
		return true
	}
	if !visit(tp.Constraint().Underlying()) {
		return nil
	}
	return core
}

// callsOrReceives reports whether e has a function call (other than a
// conversion or a constant builtin call) or a channel receive: then len(e)
// of an array is not a constant, and e must be evaluated.
func (l *lowerer) callsOrReceives(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case ast.Expr:
			if tv, ok := l.info.Types[x]; ok && tv.Value != nil {
				return false // a constant, calls and all
			}
			found = found || l.callLike(x)
		}
		return !found
	})
	return found
}

// rangeParts evaluates the range expression of s into hidden variables and
// returns the parts of the loop over them, or reports that it cannot.
func (l *lowerer) rangeParts(s *ast.RangeStmt) (rangeLoop, bool) {
	xt := l.info.TypeOf(s.X)
	wantValue := s.Value != nil && !isBlank(s.Value)
	// evaluate stores the range expression in a hidden variable.
	evaluate := func() *ast.Ident {
		x := l.expr(s.X, false)
		v := l.temp(xt, "ranged")
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{v}, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}, s.X.Pos())
		return v
	}
	counter := func(t types.Type, from ast.Expr) *ast.Ident {
		i := l.temp(t, "i")
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{i}, Tok: token.ASSIGN, Rhs: []ast.Expr{from}}, s.For)
		return i
	}
	lenOf := func(x ast.Expr) ast.Expr {
		return &ast.CallExpr{Fun: ast.NewIdent("len"), Args: []ast.Expr{x}}
	}
	inc := func(i ast.Expr) ast.Stmt { return &ast.IncDecStmt{X: i, Tok: token.INC} }
	intType := types.Typ[types.Int]
	if !l.predeclared("len") {
		l.unsupported(s.Pos(), "a range loop across an await where len is redeclared is not supported",
			"rename the other len")
		return rangeLoop{}, false
	}

	under := coreType(xt)
	if p, ok := under.(*types.Pointer); ok {
		if _, ok := p.Elem().Underlying().(*types.Array); ok {
			under = p.Elem().Underlying() // indexed through the pointer
		}
	}
	switch u := under.(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			// for i := range n: the counter has the type of i, or of n.
			t := xt
			if s.Key != nil && !isBlank(s.Key) {
				t = l.info.TypeOf(s.Key)
			}
			if u.Info()&types.IsUntyped != 0 && (s.Key == nil || isBlank(s.Key)) {
				t = intType // for range 10
			}
			n := l.temp(t, "n")
			l.emit(&ast.AssignStmt{Lhs: []ast.Expr{n}, Tok: token.ASSIGN, Rhs: []ast.Expr{l.expr(s.X, false)}}, s.X.Pos())
			i := counter(t, intLit(0))
			return rangeLoop{cond: &ast.BinaryExpr{X: i, Op: token.LSS, Y: n}, key: i, post: inc(i)}, true
		case u.Info()&types.IsString != 0:
			str := evaluate()
			i := counter(intType, intLit(0))
			var r ast.Expr = blank()
			if wantValue {
				r = l.temp(types.Universe.Lookup("rune").Type(), "r")
			}
			w := l.temp(intType, "w")
			var rest ast.Expr = &ast.SliceExpr{X: str, Low: i}
			if !types.Identical(xt, types.Typ[types.String]) {
				rest = &ast.CallExpr{Fun: ast.NewIdent(l.typeText(types.Typ[types.String])), Args: []ast.Expr{rest}}
			}
			decode := &ast.SelectorExpr{X: ast.NewIdent(l.qual.ident("unicode/utf8", "utf8")), Sel: ast.NewIdent("DecodeRuneInString")}
			decoded := &ast.AssignStmt{Lhs: []ast.Expr{r, w}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.CallExpr{Fun: decode, Args: []ast.Expr{rest}}}}
			rl := rangeLoop{
				cond: &ast.BinaryExpr{X: i, Op: token.LSS, Y: lenOf(str)},
				step: []ast.Stmt{decoded},
				key:  i,
				post: &ast.AssignStmt{Lhs: []ast.Expr{i}, Tok: token.ADD_ASSIGN, Rhs: []ast.Expr{w}},
			}
			if wantValue {
				rl.value = r
			}
			return rl, true
		}
	case *types.Slice, *types.Array:
		var x, n ast.Expr
		if _, isArray := u.(*types.Array); isArray && !wantValue && !l.callsOrReceives(s.X) {
			// len(x) is a constant, and so x is not evaluated (but the
			// compiler counts it as used).
			n = lenOf(s.X)
		} else {
			x = evaluate()
			n = l.temp(intType, "n")
			l.emit(&ast.AssignStmt{Lhs: []ast.Expr{n}, Tok: token.ASSIGN, Rhs: []ast.Expr{lenOf(x)}}, s.X.Pos())
		}
		i := counter(intType, intLit(0))
		rl := rangeLoop{cond: &ast.BinaryExpr{X: i, Op: token.LSS, Y: n}, key: i, post: inc(i)}
		if wantValue {
			rl.value = &ast.IndexExpr{X: x, Index: i}
		}
		return rl, true
	case *types.Map:
		m := l.expr(s.X, false)
		text := "*" + l.qual.ident(rtPath, "rt") + ".MapIter[" + l.typeText(u.Key()) + ", " + l.typeText(u.Elem()) + "]"
		it := l.tempOfText(text, "iter")
		start := &ast.CallExpr{Fun: l.rt("RangeMap"), Args: []ast.Expr{m}}
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{it}, Tok: token.ASSIGN, Rhs: []ast.Expr{start}}, s.X.Pos())
		method := func(name string) ast.Expr {
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: it, Sel: ast.NewIdent(name)}}
		}
		rl := rangeLoop{cond: method("Next"), key: method("Key")}
		if wantValue {
			rl.value = method("Value")
		}
		return rl, true
	case *types.Chan:
		ch := evaluate()
		var v ast.Expr = blank()
		if s.Key != nil && !isBlank(s.Key) {
			v = l.temp(u.Elem(), "v")
		}
		ok := l.temp(types.Typ[types.Bool], "ok")
		recv := &ast.AssignStmt{Lhs: []ast.Expr{v, ok}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.UnaryExpr{Op: token.ARROW, X: ch}}}
		return rangeLoop{head: []ast.Stmt{recv}, cond: ok, key: v}, true
	case *types.Signature:
		yield, _ := u.Params().At(0).Type().Underlying().(*types.Signature)
		if yield == nil || yield.Params().Len() > 2 {
			break
		}
		n := yield.Params().Len()
		k, v := "struct{}", "struct{}"
		if n > 0 {
			k = l.typeText(yield.Params().At(0).Type())
		}
		if n > 1 {
			v = l.typeText(yield.Params().At(1).Type())
		}
		it := l.tempOfText("*"+l.qual.ident(rtPath, "rt")+".FuncIter["+k+", "+v+"]", "iter")
		itObj := l.objOf(it)
		method := func(name string) ast.Expr {
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: l.ref(itObj), Sel: ast.NewIdent(name)}}
		}
		seq := l.expr(s.X, false)
		if yt := u.Params().At(0).Type(); yt != yt.Underlying() {
			// The yield function's type has a name (type yieldFunc
			// func(K, V) bool), which rt.RangeFuncN cannot infer through:
			// pass an adapter that calls the iterator, kept in a variable.
			x := l.temp(xt, "ranged")
			l.emit(&ast.AssignStmt{Lhs: []ast.Expr{x}, Tok: token.ASSIGN, Rhs: []ast.Expr{seq}}, s.X.Pos())
			ytext := "func(" + strings.Join([]string{k, v}[:n], ", ") + ") bool"
			ytype, err := parser.ParseExpr(ytext)
			if err != nil {
				panic(err)
			}
			name := l.used.fresh("yield")
			seq = &ast.FuncLit{
				Type: &ast.FuncType{Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent(name)}, Type: ytype}}}},
				Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: l.ref(l.objOf(x)), Args: []ast.Expr{ast.NewIdent(name)}}}}},
			}
		}
		// The frame's defer stack stops the iterator if the frame unwinds
		// (a panic, cancellation) while it runs: registered once, on the
		// first entry, it stops whichever iterator the field then holds.
		at := s.X.Pos() // one line
		stopLater := &ast.FuncLit{Type: &ast.FuncType{Func: at, Params: &ast.FieldList{}}, Body: &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{&ast.ExprStmt{X: method("Stop")}}, Rbrace: at}}
		l.emit(&ast.IfStmt{
			Cond: &ast.BinaryExpr{X: l.ref(itObj), Op: token.EQL, Y: ast.NewIdent("nil")},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: l.frameCall("Defer", stopLater)}}},
		}, s.X.Pos())
		start := &ast.CallExpr{Fun: l.rt("RangeFunc" + itoa(n)), Args: []ast.Expr{seq}}
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{l.ref(itObj)}, Tok: token.ASSIGN, Rhs: []ast.Expr{start}}, s.X.Pos())
		rl := rangeLoop{cond: method("Next"), stop: func() ast.Stmt { return &ast.ExprStmt{X: method("Stop")} }}
		if n > 0 {
			rl.key = method("Key")
		}
		if n > 1 && wantValue {
			rl.value = method("Value")
		}
		return rl, true
	}
	l.unsupported(s.Pos(), "a range loop over "+types.TypeString(xt, types.RelativeTo(l.pkg))+" is not supported across an await yet",
		"range over a value of a concrete slice, array, string, map, channel, integer or function type")
	return rangeLoop{}, false
}

func (l *lowerer) switchStmt(s *ast.SwitchStmt, userLabel string) {
	if s.Init != nil {
		l.stmt(s.Init)
	}
	bodySusp := false
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		if l.anySusp(cc.List) || l.susp(&ast.BlockStmt{List: cc.Body}) {
			bodySusp = true
		}
	}
	if !bodySusp {
		tag := l.expr(s.Tag, false)
		l.emitPlain(l.withLabel(&ast.SwitchStmt{Switch: s.Switch, Tag: tag, Body: s.Body}, userLabel))
		return
	}
	var tag ast.Expr
	if s.Tag != nil {
		t := l.expr(s.Tag, false)
		tag = l.temp(l.info.TypeOf(s.Tag), "tag")
		l.emit(&ast.AssignStmt{Lhs: []ast.Expr{tag}, Tok: token.ASSIGN, Rhs: []ast.Expr{t}}, s.Tag.Pos())
	}
	l.cases(s.Body, userLabel, func(e ast.Expr, body string) {
		v := l.expr(e, false)
		cond := v
		if tag != nil {
			cond = &ast.BinaryExpr{X: l.ref(l.objOf(tag.(*ast.Ident))), Op: token.EQL, Y: v}
		} else if !isBoolean(l.info.TypeOf(e)) {
			// A missing tag is the bool true: a case may be an
			// interface, which an if statement does not take.
			cond = &ast.BinaryExpr{X: v, Op: token.EQL, Y: l.trueAt(e.Pos())}
		}
		l.branchIf(cond, body, e.Pos())
	}, nil)
}

// cases lowers the clauses of a switch or type switch whose cases await:
// branch emits the test of case expression e that jumps to its body, in
// order, and enter (if not nil) runs at the top of a body. The bodies
// follow, with break leaving the switch and fallthrough going on to the
// next body.
func (l *lowerer) cases(clauses *ast.BlockStmt, userLabel string, branch func(e ast.Expr, body string), enter func(cc *ast.CaseClause)) {
	end := l.newLabel("end")
	bodies := make([]string, len(clauses.List))
	def := -1
	for i, c := range clauses.List {
		cc := c.(*ast.CaseClause)
		bodies[i] = l.newLabel("caseBody")
		if cc.List == nil {
			def = i
			continue
		}
		for _, e := range cc.List {
			branch(e, bodies[i])
		}
	}
	if def >= 0 {
		l.jump(bodies[def], clauses.Lbrace)
	} else {
		l.jump(end, clauses.Lbrace)
	}
	l.targets = append(l.targets, &target{label: userLabel, brk: end})
	for i, c := range clauses.List {
		cc := c.(*ast.CaseClause)
		l.label(bodies[i])
		if enter != nil {
			enter(cc)
		}
		body := cc.Body
		fall := false
		if n := len(body); n > 0 {
			if b, ok := body[n-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
				fall = true
				body = body[:n-1]
			}
		}
		l.stmts(body)
		switch {
		case fall:
			l.jump(bodies[i+1], cc.Colon)
		case !l.terminates():
			l.jump(end, cc.Colon)
		}
	}
	l.targets = l.targets[:len(l.targets)-1]
	l.label(end)
}

// isBoolean reports whether t is a boolean type.
func isBoolean(t types.Type) bool {
	b, ok := underlying(t).(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// trueAt returns an expression for the constant true: true, or (0 == 0)
// where the user has declared another true.
func (l *lowerer) trueAt(pos token.Pos) ast.Expr {
	if !l.predeclared("true") {
		return &ast.ParenExpr{X: &ast.BinaryExpr{X: intLit(0), Op: token.EQL, Y: intLit(0)}}
	}
	return &ast.Ident{Name: "true", NamePos: pos}
}

// isTerminating reports whether s is a terminating statement in the sense
// of the Go specification (conservatively: false when unsure).
func (l *lowerer) isTerminating(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO
	case *ast.ExprStmt:
		if c, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "panic" {
				// The builtin, or a panic the lowering made (not in Uses).
				obj, user := l.info.Uses[id]
				_, builtin := obj.(*types.Builtin)
				return !user || builtin
			}
		}
	case *ast.BlockStmt:
		return len(s.List) > 0 && l.isTerminating(s.List[len(s.List)-1])
	case *ast.IfStmt:
		return s.Else != nil && l.isTerminating(s.Body) && l.isTerminating(s.Else)
	case *ast.LabeledStmt:
		return l.isTerminating(s.Stmt)
	case *ast.ForStmt:
		if s.Cond != nil {
			return false
		}
		brk := false
		ast.Inspect(s.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				return false
			case *ast.BranchStmt:
				if n.Tok == token.BREAK {
					brk = true
				}
			}
			return true
		})
		return !brk
	}
	return false
}

// --- liveness --------------------------------------------------------------

// liveness decides which candidates become frame fields: those live at a
// resume point, and those captured by a closure or whose address is taken.
func (l *lowerer) liveness() {
	n := len(l.cands)
	words := (n + 63) / 64
	type set []uint64
	newSet := func() set { return make(set, words) }
	labelAt := map[string]int{}
	for i, it := range l.items {
		if it.Label != "" {
			labelAt[it.Label] = i
		}
		// A statement emitted as written keeps its labels: a goto from
		// elsewhere in Resume may jump to it.
		for ls, ok := it.Stmt.(*ast.LabeledStmt); ok; ls, ok = ls.Stmt.(*ast.LabeledStmt) {
			labelAt[ls.Label.Name] = i
		}
	}
	uses := make([]set, len(l.items))
	defs := make([]set, len(l.items))
	for i, it := range l.items {
		uses[i], defs[i] = newSet(), newSet()
		if it.Stmt == nil {
			continue
		}
		var lhsDefs []int
		st := it.Stmt
		if b, ok := st.(*ast.BlockStmt); ok && len(b.List) == 2 {
			// { r, err := rt.Returned(...); a, b, e = r.A, r.B, err }
			if _, ok := b.List[1].(*ast.AssignStmt); ok {
				l.collect(b.List[0], uses[i])
				st = b.List[1]
			}
		}
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN {
			for _, e := range as.Lhs {
				if id, ok := e.(*ast.Ident); ok {
					if c, ok := l.candIdx[l.objOf(id)]; ok {
						lhsDefs = append(lhsDefs, c)
					}
				}
			}
			for _, e := range as.Rhs {
				l.collect(e, uses[i])
			}
			for _, e := range as.Lhs {
				if _, ok := e.(*ast.Ident); !ok {
					l.collect(e, uses[i])
				}
			}
			for _, c := range lhsDefs {
				defs[i][c/64] |= 1 << (c % 64)
			}
		} else {
			l.collect(it.Stmt, uses[i])
		}
	}
	l.referenced = make([]bool, n)
	l.read = make([]bool, n)
	for i := range l.items {
		for c := 0; c < n; c++ {
			if (uses[i][c/64]|defs[i][c/64])&(1<<(c%64)) != 0 {
				l.referenced[c] = true
			}
			if uses[i][c/64]&(1<<(c%64)) != 0 {
				l.read[c] = true
			}
		}
	}
	in := make([]set, len(l.items))
	for i := range in {
		in[i] = newSet()
	}
	for changed := true; changed; {
		changed = false
		for i := len(l.items) - 1; i >= 0; i-- {
			it := l.items[i]
			out := newSet()
			or := func(s set) {
				for w := range out {
					out[w] |= s[w]
				}
			}
			if !it.term && i+1 < len(l.items) {
				or(in[i+1])
			}
			for _, g := range it.gotos {
				if j, ok := labelAt[g]; ok {
					or(in[j])
				}
			}
			for w := range out {
				v := uses[i][w] | (out[w] &^ defs[i][w])
				if v != in[i][w] {
					in[i][w] = v
					changed = true
				}
			}
		}
	}
	for i, it := range l.items {
		if !it.resume {
			continue
		}
		for c := 0; c < n; c++ {
			if in[i][c/64]&(1<<(c%64)) != 0 {
				l.cands[c].field = true
			}
		}
	}
	// Captured or addressed variables are shared: keep them in the frame.
	for _, it := range l.items {
		if it.Stmt == nil {
			continue
		}
		l.markShared(it.Stmt)
	}
}

// collect adds the candidates that n refers to to s.
func (l *lowerer) collect(n ast.Node, s []uint64) {
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok {
			if c, ok := l.candIdx[l.objOf(id)]; ok {
				s[c/64] |= 1 << (c % 64)
			}
		}
		return true
	})
}

// markShared hoists candidates that closures capture or whose address is
// taken.
func (l *lowerer) markShared(n ast.Node) {
	hoist := func(e ast.Expr, pos token.Pos, why string) {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
				continue
			case *ast.SelectorExpr:
				if _, ok := l.info.Selections[x]; ok && !isPointer(l.typeOf(x.X)) {
					e = x.X
					continue
				}
			case *ast.IndexExpr:
				if _, ok := underlying(l.typeOf(x.X)).(*types.Array); ok {
					e = x.X
					continue
				}
			case *ast.Ident:
				if c, ok := l.candIdx[l.objOf(x)]; ok {
					l.share(c, pos, why)
				}
			}
			return
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.FuncLit:
			ast.Inspect(x.Body, func(k ast.Node) bool {
				if id, ok := k.(*ast.Ident); ok {
					if c, ok := l.candIdx[l.objOf(id)]; ok {
						l.share(c, id.Pos(), "captured by a closure")
					}
				}
				return true
			})
			return false
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				hoist(x.X, x.Pos(), "whose address is taken")
			}
		case *ast.SliceExpr:
			if _, ok := underlying(l.typeOf(x.X)).(*types.Array); ok {
				hoist(x.X, x.Pos(), "whose address is taken")
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				if s, ok := l.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
					if isPointer(s.Obj().Type().(*types.Signature).Recv().Type()) && !isPointer(l.typeOf(sel.X)) {
						hoist(sel.X, sel.Pos(), "whose address is taken")
					}
				}
			}
		}
		return true
	})
}

func (l *lowerer) share(c int, pos token.Pos, why string) {
	cd := l.cands[c]
	if cd.loop && !cd.param && !cd.temp {
		// Each iteration has its own variable: keep a pointer to it.
		cd.boxed = true
	}
	cd.field = true
}

// typeOf is info.TypeOf that also knows the identifiers made by the
// lowering.
func (l *lowerer) typeOf(e ast.Expr) types.Type {
	if t := l.info.TypeOf(e); t != nil {
		return t
	}
	switch x := e.(type) {
	case *ast.Ident:
		if o := l.objOf(x); o != nil {
			return o.Type()
		}
	case *ast.ParenExpr:
		return l.typeOf(x.X)
	}
	return nil
}

func underlying(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

func isPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// --- naming and rewriting --------------------------------------------------

// name gives every candidate its name in the generated code.
func (l *lowerer) name() {
	fields := newNames()
	fields.reserve("Frame")
	fields.reserve("Resume")
	// Names in the function that refer to something declared outside its
	// body: a local of Resume must not shadow them.
	outer := map[string]bool{l.self: true}
	for _, n := range l.qual.packageNames() {
		outer[n] = true
	}
	for n := range l.pkgRefs {
		outer[n] = true
	}
	ast.Inspect(l.fn, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := l.objOf(id)
		switch obj.(type) {
		case nil, *types.Label:
			return true
		case *types.Var:
			if l.fn.Body.Pos() <= obj.Pos() && obj.Pos() < l.fn.Body.End() {
				return true
			}
		}
		if _, ok := l.candIdx[obj]; ok {
			return true
		}
		outer[id.Name] = true
		return true
	})
	locals := map[string]bool{}
	order := func(pass func(c *candidate) bool) []*candidate {
		var out []*candidate
		for _, c := range l.cands {
			if pass(c) {
				out = append(out, c)
			}
		}
		return out
	}
	// The user's variables choose their field names before the lowering's
	// temporaries, so that they keep their own names.
	for _, temps := range []bool{false, true} {
		for _, c := range order(func(c *candidate) bool { return c.field && !c.fut && c.temp == temps }) {
			c.final = fields.fresh(strings.TrimPrefix(c.name, "_"))
			if c.name == "_" || c.final == "" {
				c.final = fields.fresh("v")
			}
		}
	}
	for _, c := range order(func(c *candidate) bool { return c.fut }) {
		c.final = fields.fresh(c.name)
	}
	for _, c := range order(func(c *candidate) bool { return !c.field }) {
		base := c.name
		if !c.temp && !outer[base] && !locals[base] {
			c.final = base
		} else {
			c.final = l.used.fresh(base)
		}
		locals[c.final] = true
		l.used.reserve(c.final)
	}
}

// rewrite replaces references to candidates by their fields or renamed
// locals, and references to other packages by placeholders.
func (l *lowerer) rewrite(n ast.Node) ast.Node {
	return astutil.Apply(n, func(c *astutil.Cursor) bool {
		switch x := c.Node().(type) {
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok {
				if pn, ok := l.objOf(id).(*types.PkgName); ok {
					c.Replace(&ast.SelectorExpr{X: ast.NewIdent(l.qual.ident(pn.Imported().Path(), pn.Imported().Name())), Sel: x.Sel})
					return false
				}
			}
			// Field and method names are not variables.
			sel := x.Sel
			if s, ok := l.info.Selections[x]; ok {
				if name, ok := l.movedField(s.Obj()); ok {
					sel = &ast.Ident{Name: name, NamePos: x.Sel.NamePos}
				}
			}
			c.Replace(&ast.SelectorExpr{X: l.rewrite(x.X).(ast.Expr), Sel: sel})
			return false
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				if _, isField := l.objOf(id).(*types.Var); isField && l.objOf(id).(*types.Var).IsField() {
					key := x.Key
					if name, ok := l.movedField(l.objOf(id)); ok {
						key = &ast.Ident{Name: name, NamePos: id.NamePos}
					}
					c.Replace(&ast.KeyValueExpr{Key: key, Value: l.rewrite(x.Value).(ast.Expr)})
					return false
				}
			}
		case *ast.DeclStmt:
			if gd, ok := x.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				moved := true
				for _, sp := range gd.Specs {
					tn, _ := l.info.Defs[sp.(*ast.TypeSpec).Name].(*types.TypeName)
					if _, ok := l.localTypes[tn]; !ok {
						moved = false
					}
				}
				if moved {
					c.Replace(&ast.EmptyStmt{Implicit: true})
					return false
				}
			}
		case *ast.FuncLit:
			if w := l.bindBoxes(x); w != nil {
				c.Replace(w)
				return false
			}
		case *ast.CallExpr:
			// vet takes a call of a "panic" it cannot resolve in the file
			// for the builtin's, and the code after it for unreachable: a
			// package's own panic, declared in the user's file, is called
			// through parentheses in the generated one.
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "panic" {
				if obj := l.objOf(id); obj != nil && obj.Parent() == l.pkg.Scope() {
					nc := *x
					nc.Fun = &ast.ParenExpr{Lparen: id.NamePos, X: id, Rparen: id.End()}
					nc.Args = make([]ast.Expr, len(x.Args))
					for i, a := range x.Args {
						nc.Args[i] = l.rewrite(a).(ast.Expr)
					}
					c.Replace(&nc)
					return false
				}
			}
		case *ast.BranchStmt, *ast.LabeledStmt:
			if ls, ok := x.(*ast.LabeledStmt); ok {
				ls.Stmt = l.rewrite(ls.Stmt).(ast.Stmt)
			}
			return false
		case *ast.Ident:
			obj := l.objOf(x)
			if obj == nil {
				return false
			}
			if v, ok := obj.(*types.Var); ok && v.Embedded() {
				// An embedded field names its type.
				if tn, ok := l.info.Uses[x].(*types.TypeName); ok {
					obj = tn
				}
			}
			if tn, ok := obj.(*types.TypeName); ok {
				if name, ok := l.localTypes[tn]; ok {
					c.Replace(&ast.Ident{Name: name, NamePos: x.NamePos})
					return false
				}
				if name, ok := l.tparamNames[tn]; ok {
					c.Replace(&ast.Ident{Name: name, NamePos: x.NamePos})
					return false
				}
			}
			if i, ok := l.candIdx[obj]; ok {
				cd := l.cands[i]
				if cd.boxed {
					c.Replace(&ast.ParenExpr{X: &ast.StarExpr{X: l.boxRef(i, x.NamePos)}})
					return false
				}
				if cd.field {
					c.Replace(&ast.SelectorExpr{X: &ast.Ident{Name: l.self, NamePos: x.NamePos}, Sel: &ast.Ident{Name: cd.final, NamePos: x.NamePos}})
				} else {
					c.Replace(&ast.Ident{Name: cd.final, NamePos: x.NamePos})
				}
				return false
			}
			if obj.Pkg() != nil && obj.Pkg() != l.pkg && obj.Parent() == obj.Pkg().Scope() {
				// dot-imported
				c.Replace(&ast.SelectorExpr{X: ast.NewIdent(l.qual.ident(obj.Pkg().Path(), obj.Pkg().Name())), Sel: ast.NewIdent(x.Name)})
			}
			return false
		}
		return true
	}, nil)
}

// movedField returns the new name of an embedded field whose type was
// declared in the function and moved to package level: the field is named
// after its type.
func (l *lowerer) movedField(obj types.Object) (string, bool) {
	v, ok := obj.(*types.Var)
	if !ok || !v.IsField() || !v.Embedded() {
		return "", false
	}
	n := namedOf(v.Type())
	if n == nil {
		return "", false
	}
	name, ok := l.localTypes[n.Obj()]
	return name, ok
}

// boxRef returns the expression that holds the pointer of boxed candidate i:
// its frame field, or inside a closure the parameter that bound it.
func (l *lowerer) boxRef(i int, pos token.Pos) ast.Expr {
	if p, ok := l.boxParams[i]; ok {
		return &ast.Ident{Name: p, NamePos: pos}
	}
	return &ast.SelectorExpr{X: &ast.Ident{Name: l.self, NamePos: pos}, Sel: &ast.Ident{Name: l.cands[i].final, NamePos: pos}}
}

// boxStmt allocates the box of a per-iteration variable: a new one, or with
// rebox a new one that starts as a copy of the current one.
func (l *lowerer) boxStmt(c *candidate, rebox bool) ast.Stmt {
	field := func() ast.Expr { return &ast.SelectorExpr{X: ast.NewIdent(l.self), Sel: ast.NewIdent(c.final)} }
	texpr, err := parser.ParseExpr(c.typ)
	if err != nil {
		panic(err)
	}
	alloc := &ast.AssignStmt{Lhs: []ast.Expr{field()}, Tok: token.ASSIGN, Rhs: []ast.Expr{l.newOf(texpr)}}
	if !rebox {
		return alloc
	}
	v := l.used.fresh("prev")
	return &ast.BlockStmt{List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(v)}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.StarExpr{X: field()}}},
		alloc,
		&ast.AssignStmt{Lhs: []ast.Expr{&ast.StarExpr{X: field()}}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(v)}},
	}}
}

// bindBoxes wraps a closure that refers to boxed variables in a function
// that binds their current boxes, so that the closure keeps the variables
// of the iteration that made it:
//
//	func(x *T) func() { return func() { use(*x) } }(f.x)
//
// It returns nil if lit refers to no boxed variable.
func (l *lowerer) bindBoxes(lit *ast.FuncLit) ast.Expr {
	var idx []int
	seen := map[int]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if i, ok := l.candIdx[l.objOf(id)]; ok && l.cands[i].boxed && !seen[i] {
				seen[i] = true
				idx = append(idx, i)
			}
		}
		return true
	})
	if len(idx) == 0 {
		return nil
	}
	saved := l.boxParams
	inner := map[int]string{}
	for k, v := range saved {
		inner[k] = v
	}
	params := &ast.FieldList{}
	var args []ast.Expr
	for _, i := range idx {
		c := l.cands[i]
		texpr, err := parser.ParseExpr(c.typ)
		if err != nil {
			panic(err)
		}
		p := l.used.fresh(c.final + "Ptr")
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{ast.NewIdent(p)}, Type: &ast.StarExpr{X: texpr}})
		args = append(args, l.boxRef(i, lit.Pos()))
		inner[i] = p
	}
	l.boxParams = inner
	typ := l.rewrite(lit.Type).(*ast.FuncType)
	body := l.rewrite(lit.Body).(*ast.BlockStmt)
	l.boxParams = saved
	wrapper := &ast.FuncLit{
		Type: &ast.FuncType{Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: typ}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{&ast.FuncLit{Type: typ, Body: body}}}}},
	}
	return &ast.CallExpr{Fun: wrapper, Args: args}
}

// fillPos gives the nodes that the lowering made, which have no position,
// the position pos, so that go/printer lays them out on one line with the
// user's code around them.
func fillPos(n ast.Node, pos token.Pos) {
	if !pos.IsValid() {
		return
	}
	set := func(p *token.Pos) {
		if !p.IsValid() {
			*p = pos
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			set(&x.NamePos)
		case *ast.BasicLit:
			set(&x.ValuePos)
		case *ast.BinaryExpr:
			set(&x.OpPos)
		case *ast.UnaryExpr:
			set(&x.OpPos)
		case *ast.StarExpr:
			set(&x.Star)
		case *ast.CompositeLit:
			set(&x.Lbrace)
			set(&x.Rbrace)
		case *ast.ParenExpr:
			set(&x.Lparen)
			set(&x.Rparen)
		case *ast.CallExpr:
			set(&x.Lparen)
			set(&x.Rparen)
		case *ast.StructType:
			set(&x.Struct)
		case *ast.FieldList:
			set(&x.Opening)
			set(&x.Closing)
		case *ast.IndexExpr:
			set(&x.Lbrack)
			set(&x.Rbrack)
		case *ast.IndexListExpr:
			set(&x.Lbrack)
			set(&x.Rbrack)
		case *ast.KeyValueExpr:
			set(&x.Colon)
		case *ast.AssignStmt:
			set(&x.TokPos)
		case *ast.ReturnStmt:
			set(&x.Return)
		case *ast.IfStmt:
			set(&x.If)
		case *ast.BlockStmt:
			set(&x.Lbrace)
			set(&x.Rbrace)
		case *ast.BranchStmt:
			set(&x.TokPos)
		case *ast.IncDecStmt:
			set(&x.TokPos)
		case *ast.SendStmt:
			set(&x.Arrow)
		}
		return true
	})
}
