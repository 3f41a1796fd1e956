package transform

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
)

// pkgCtx is what lowering needs of the package of an async function.
type pkgCtx struct {
	fset   *token.FileSet
	pkg    *types.Package
	info   *types.Info
	async  map[*types.Func]bool // the package's own async functions
	qual   *qualifier           // of the generated file
	frames *names               // package-level names of the package

	// callees are the async functions of the package (and of the
	// package it tests), by calleeKey: see calls.go.
	callees map[string]*callee

	// yields are the yield parameters of the package's async generators.
	yields map[types.Object]bool

	// deferShapes are the types of deferred calls that the generated
	// file declares, for the shapes rt has no DeferCall function for
	// (see deferShapeType), in the order they were named.
	deferShapes []*DeferShape
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
	if lit, _ := genLit(fd); lit != nil {
		if ctx.yields == nil {
			ctx.yields = map[types.Object]bool{}
		}
		if y := ctx.info.Defs[lit.Type.Params.List[0].Names[0]]; y != nil {
			ctx.yields[y] = true
		}
		return lowerGen(ctx, fd, obj, lit, &diags)
	}
	lits := findLits(ctx, fd, &diags)
	if len(diags) > 0 {
		return nil, diags
	}
	l := newLowerer(ctx, fd, obj, lits, nil)
	fn, diags = l.lower()
	if fn == nil {
		return nil, diags
	}
	return lowerLits(ctx, l, fn, lits)
}

// lowerLits lowers the async literals of fn, which l lowered, each after
// the function or literal it is in, whose moved types it may name.
func lowerLits(ctx *pkgCtx, l *lowerer, fn *Func, lits *litTable) (*Func, Diagnostics) {
	typesOf := map[*ast.FuncLit]map[*types.TypeName]string{}
	for _, a := range lits.lits {
		outer := l.tn.localTypes
		for _, b := range lits.lits {
			if b != a && b.lit.Pos() <= a.lit.Pos() && a.lit.End() <= b.lit.End() && typesOf[b.lit] != nil {
				outer = typesOf[b.lit] // the innermost, as lits is in source order
			}
		}
		m, ds := lowerLit(ctx, lits, a, outer)
		if m == nil {
			return nil, ds
		}
		typesOf[a.lit] = m.localTypes
		fn.Lits = append(fn.Lits, m)
	}
	return fn, nil
}

// newLowerer returns the lowerer of fd, whose object is obj; lits are the
// async literals of the function, a the one fd stands for, if any.
func newLowerer(ctx *pkgCtx, fd *ast.FuncDecl, obj *types.Func, lits *litTable, a *asyncLit) *lowerer {
	sig := obj.Type().(*types.Signature)
	l := &lowerer{
		pkgCtx:    ctx,
		fn:        fd,
		obj:       obj,
		sig:       sig,
		shape:     declShape(obj),
		suspMemo:  map[ast.Node]bool{},
		labels:    newNames(),
		labelUses: map[string]int{},
		used:      newNames(),
		lits:      lits,
		lit:       a,
	}
	l.tn = &typeNamer{fset: ctx.fset, pkg: ctx.pkg, qual: ctx.qual, fn: fd, used: l.used, diags: &l.diags}
	l.vars = newVarTable(ctx.info, l.tn)
	return l
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
	l.self = l.used.generated("f")
	l.bodyFacts = checkBody(l.pkgCtx, l.fn, l.lits, l.labelUses, &l.diags)
	if len(l.diags) > 0 {
		return nil, l.diags
	}
	var typeSpecs []*ast.TypeSpec
	if l.sig.TypeParams().Len() == 0 && l.sig.RecvTypeParams().Len() == 0 && (l.lit == nil || l.lit.tparams == nil) {
		// Types declared in the function move to package level, so that
		// frame fields and Resume locals can name them.
		l.tn.localTypes = map[*types.TypeName]string{}
		for tn, name := range l.outerTypes {
			l.tn.localTypes[tn] = name // a literal's, of the function it is in
		}
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
					l.tn.localTypes[tn] = name
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
	if l.lit != nil {
		m.Lit = true
		m.Name = "a function literal of " + l.lit.owner
	}
	recvName := ""
	var tparams *types.TypeParamList
	if recv := l.sig.Recv(); recv != nil {
		recvName = namedOf(recv.Type()).Obj().Name()
		tparams = l.sig.RecvTypeParams()
	} else {
		tparams = l.sig.TypeParams()
	}
	if l.lit != nil && l.lit.tparams != nil {
		tparams = l.lit.tparams // the generic function's, which the literal's frame has too
	}
	l.tn.renameTypeParams(tparams)
	var targs []ast.Expr
	for i := 0; i < tparams.Len(); i++ {
		tp := tparams.At(i)
		name := l.tn.typeParamName(tp.Obj())
		m.TypeParams = append(m.TypeParams, Field{Name: name, Type: l.tn.typeText(tp.Constraint())})
		targs = append(targs, ast.NewIdent(name))
	}
	m.FrameName = l.callees[calleeKey(l.fset, l.obj.Pos())].frame

	// Result shape.
	res := l.sigResults()
	switch {
	case l.shape.long:
		r := &Result{}
		if l.lit != nil {
			r.Name = l.frames.fresh(fd.Name.Name + "Result")
		} else {
			r.Name = resultTypeName(l.obj, recvName)
		}
		var rnames []string
		for i := 0; i < l.shape.nonError; i++ {
			rnames = append(rnames, res.At(i).Name())
		}
		for i, n := range resultFieldNames(rnames) {
			r.Fields = append(r.Fields, Field{Name: n, Type: l.tn.typeText(res.At(i).Type())})
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
		m.Task = l.tn.typeText(res.At(0).Type())
	default:
		m.Task = "struct{}"
	}
	m.ErrorType = l.tn.typeText(types.Universe.Lookup("error").Type())

	// Receiver, parameters and named results are candidates from the start.
	if recv := l.sig.Recv(); recv != nil {
		f := Field{Name: recv.Name(), Type: l.tn.typeText(recv.Type())}
		m.Recv = &f
		if recv.Name() != "" && recv.Name() != "_" {
			l.vars.declare(recv, true, l.repeats())
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
		m.Params = append(m.Params, Field{Name: name, Type: l.tn.typeText(t)})
		if name != "_" {
			l.vars.declare(p, true, l.repeats())
		}
	}
	if l.lit != nil {
		// What the literal captures: a pointer to each variable, which
		// the caller sets as it sets the parameters.
		for _, v := range l.lit.caps {
			i := l.vars.declare(v, true, false)
			l.vars.cands[i].boxed = true
		}
		if len(l.lit.recovers) > 0 {
			// The frame that defers the literal, whose panic its
			// recover stops; nil when the literal is called.
			l.deferrer = types.NewVar(token.NoPos, l.pkg, "deferrer", types.NewPointer(types.NewStruct(nil, nil)))
			i := l.vars.declare(l.deferrer, true, false)
			l.vars.cands[i].typ = l.qual.ident(rtPath, "rt") + ".Deferrer"
		}
	}
	for i := 0; i < res.Len(); i++ {
		if r := res.At(i); r.Name() != "" && r.Name() != "_" {
			// Declared once, on entry, even in a function with a goto.
			l.vars.declare(r, false, false)
			l.results = append(l.results, r)
		} else if r.Name() == "_" || l.hasRecover && l.returnInFuncRange {
			// A blank result still has a value: give it a variable. So
			// do unnamed results where a return's values must outlive a
			// panic of an iterator's end, which a recover may stop:
			// the function then returns them, as in Go.
			v := types.NewVar(token.NoPos, l.pkg, "_r"+itoa(i), r.Type())
			l.vars.declare(v, false, l.repeats())
			l.vars.cands[len(l.vars.cands)-1].temp = true
			l.vars.cands[len(l.vars.cands)-1].result = true
			l.results = append(l.results, v)
		}
	}

	l.stmts(fd.Body.List)
	if len(l.diags) > 0 {
		return nil, l.diags
	}
	var recovered *ast.ReturnStmt
	if (l.hasRecover || l.hasDeferAwait) && len(l.results) > 0 {
		// After a deferred call stops a panic, or once deferred awaits
		// are over, rt reads the named results through the frame's
		// Recovered method: they live in the frame.
		for _, r := range l.results {
			l.vars.share(l.vars.index[r], fd.Pos(), "returned after a recover")
		}
		alias := l.resultAlias
		l.resultAlias = nil // the alias is Resume's
		ret := l.buildReturn(nil)
		l.resultAlias = alias
		recovered = &ast.ReturnStmt{Results: ret.Results[0].(*ast.CallExpr).Args}
	}
	if !l.terminates() {
		if res.Len() == 0 {
			l.add(l.buildReturn(nil), fd.Body.Rbrace)
		} else {
			l.add(l.unreachable(), fd.Body.Rbrace)
		}
	}
	liveness(l.items, l.vars)
	// The frame's receiver and the package-level names that the
	// generated code refers to: no local of Resume may hide them.
	outer := map[string]bool{l.self: true}
	for _, n := range l.qual.packageNames() {
		outer[n] = true
	}
	for n := range l.pkgRefs {
		outer[n] = true
	}
	nameVars(l.vars, l.fn, outer, l.used)
	if len(l.diags) > 0 {
		return nil, l.diags
	}
	rw := &rewriter{info: l.info, pkg: l.pkg, qual: l.qual, vars: l.vars, tn: l.tn, self: l.self, blockVar: l.blockVar, lits: l.lits, callees: l.callees, fset: l.fset, tasks: &l.tasks}
	if l.deferrer != nil {
		rw.recovers, rw.deferrer = l.lit.recovers, l.vars.finalOf(l.deferrer)
	}
	if l.lit != nil {
		rw.lit, rw.constExpr = l.lit.lit, l.constExpr
	}
	var items []*item
	for _, it := range l.items {
		if it.box > 0 {
			c := l.vars.cands[it.box-1]
			if !c.boxed {
				continue
			}
			it.stmt = l.boxStmt(c, it.rebox)
		} else if it.stmt != nil {
			it.stmt = rw.rewrite(it.stmt).(ast.Stmt)
			fillPos(it.stmt, it.at)
		}
		items = append(items, it)
	}
	l.items = items
	// Drop labels nobody jumps to.
	for _, it := range l.items {
		if it.label != "" && !it.resume && l.labelUses[it.label] == 0 {
			continue
		}
		m.Body = append(m.Body, Item{Label: it.label, Stmt: it.stmt, Pos: l.fset.Position(it.at)})
	}
	for _, ts := range typeSpecs {
		tn := l.info.Defs[ts.Name].(*types.TypeName)
		m.Types = append(m.Types, TypeDecl{Name: l.tn.localTypes[tn], Type: rw.rewrite(ts.Type).(ast.Expr)})
	}
	m.Resumes = l.resumes
	if recovered != nil {
		m.Recovered = rw.rewrite(recovered).(ast.Stmt)
		m.DeferAwaits = l.hasDeferAwait
	}
	isResult := map[types.Object]bool{}
	for _, r := range l.results {
		isResult[r] = true
	}
	for i, c := range l.vars.cands {
		switch {
		case c.boxed:
			m.Fields = append(m.Fields, Field{Name: c.final, Type: "*" + c.typ})
		case c.field:
			m.Fields = append(m.Fields, Field{Name: c.final, Type: c.typ})
		case isResult[c.obj] && !l.vars.referenced[i]:
			// An unused named result: nothing to declare.
		default:
			m.Locals = append(m.Locals, Field{Name: c.final, Type: c.typ})
			if isResult[c.obj] || l.mustUse[i] && !l.vars.read[i] {
				// Go does not require named results to be used; locals must
				// be. So must a variable read only by code left out.
				m.Unused = append(m.Unused, c.final)
			}
		}
	}
	// The constructor sets the receiver and parameter fields.
	if recv := l.sig.Recv(); recv != nil {
		m.Init = append(m.Init, l.vars.finalOf(recv))
	}
	for i := 0; i < l.sig.Params().Len(); i++ {
		m.Init = append(m.Init, l.vars.finalOf(l.sig.Params().At(i)))
	}
	if l.lit != nil {
		for _, v := range l.lit.caps {
			m.Init = append(m.Init, l.vars.finalOf(v))
		}
		if l.deferrer != nil {
			m.Init = append(m.Init, l.vars.finalOf(l.deferrer))
		}
	}
	m.localTypes = l.tn.localTypes
	m.tasks = l.tasks
	constructorNames(m, l.qual.packageNames())
	for _, d := range l.direct {
		d.field = l.vars.cands[d.cand].final
	}
	m.calls = l.direct
	m.key = calleeKey(l.fset, l.obj.Pos())
	l.callees[m.key].model = m
	m.escapes = l.vars.escapes
	m.defers = l.defers
	return m, nil
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

// constExpr returns an expression of the value of constant k, at pos, for
// the frame of a literal that refers to a constant of its function:
// the literal's value, converted to k's type if k is typed, or nil if no
// literal states it (which the lowering of literals reports first).
func (l *lowerer) constExpr(k *types.Const, pos token.Pos) ast.Expr {
	kind, text, ok := constLit(k)
	if !ok {
		return nil
	}
	var e ast.Expr
	if k.Val().Kind() == constant.Bool {
		op := token.EQL // 0 == 0 is true, whatever the package names true
		if !constant.BoolVal(k.Val()) {
			op = token.NEQ
		}
		e = &ast.ParenExpr{Lparen: pos, X: &ast.BinaryExpr{X: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}, OpPos: pos, Op: op, Y: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}}, Rparen: pos}
	} else {
		e = &ast.BasicLit{ValuePos: pos, Kind: kind, Value: text}
		if strings.HasPrefix(text, "-") {
			e = &ast.ParenExpr{Lparen: pos, X: e, Rparen: pos}
		}
	}
	if b, isBasic := k.Type().(*types.Basic); isBasic && b.Info()&types.IsUntyped != 0 {
		return e
	}
	return &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: l.typeExpr(k.Type()), Rparen: pos}, Lparen: pos, Args: []ast.Expr{e}, Rparen: pos}
}
