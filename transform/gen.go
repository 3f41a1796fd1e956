package transform

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Async generators.
//
// An async generator is an async function whose body is one statement,
// the return of an iterator literal:
//
//	//async
//	func Lines(src *Source) iter.Seq[string] {
//		return func(yield func(string) bool) {
//			...awaits, and yield(line)...
//		}
//	}
//
// In blocking mode it is a plain Go iterator. In async code the literal's
// body is the frame of the function (its parameters are the frame's, as
// the literal captures them), FAsync returns an *rt.Gen that runs the
// frame as the producer's task, and each yield(v) is an await of
// Gen.Yield. A range loop over a call of the generator awaits Gen.Next
// for each iteration and Gen.Stop where Go stops an iterator (see
// range.go).

// genLit returns the iterator literal of fd if fd is shaped as an async
// generator, with the yield function's parameter types: a function or
// method with one result whose body ends in "return func(yield func(K[,
// V]) bool) { ... }", after statements (the prelude) with no return or
// defer of their own. The shape is syntactic, so that the stubs (which
// see no types) and the lowering agree.
func genLit(fd *ast.FuncDecl) (lit *ast.FuncLit, kv []ast.Expr) {
	if fd.Body == nil || len(fd.Body.List) == 0 {
		return nil, nil
	}
	if fd.Type.Results == nil || len(fd.Type.Results.List) != 1 || len(fd.Type.Results.List[0].Names) > 1 {
		return nil, nil
	}
	last := len(fd.Body.List) - 1
	ret, ok := fd.Body.List[last].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, nil
	}
	for _, st := range fd.Body.List[:last] {
		if !genPrelude(st) {
			return nil, nil
		}
	}
	lit, ok = ast.Unparen(ret.Results[0]).(*ast.FuncLit)
	if !ok || lit.Type.Results != nil && len(lit.Type.Results.List) > 0 {
		return nil, nil
	}
	ps := lit.Type.Params.List
	if len(ps) != 1 || len(ps[0].Names) != 1 {
		return nil, nil
	}
	yt, ok := ps[0].Type.(*ast.FuncType)
	if !ok || yt.Results == nil || len(yt.Results.List) != 1 || len(yt.Results.List[0].Names) > 0 {
		return nil, nil
	}
	switch r := yt.Results.List[0].Type.(type) {
	case *ast.Ident:
		if r.Name != "bool" {
			return nil, nil
		}
	case *ast.SelectorExpr: // predeclared.Bool, where the package hides bool
		if r.Sel.Name != "Bool" {
			return nil, nil
		}
	default:
		return nil, nil
	}
	for _, f := range yt.Params.List {
		n := max(len(f.Names), 1)
		for range n {
			kv = append(kv, f.Type)
		}
	}
	if len(kv) > 2 {
		return nil, nil
	}
	return lit, kv
}

// genPrelude reports whether st may come before the iterator literal's
// return in an async generator: the prelude runs when the producer
// starts, at the consumer's first Next, which is where Go runs it only if
// nothing in it returns or defers.
func genPrelude(st ast.Stmt) bool {
	ok := true
	ast.Inspect(st, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.DeferStmt:
			ok = false
		}
		return ok
	})
	return ok
}

// genOf returns the type *rt.Gen[K, V] that the FAsync constructor of fn
// (generated, or declared by a stub) returns if fn is an async generator,
// or nil.
func genOf(fn *types.Func) *types.Named {
	var af *types.Func
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		m, _, _ := types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), fn.Name()+"Async")
		af, _ = m.(*types.Func)
	} else {
		af, _ = fn.Pkg().Scope().Lookup(fn.Name() + "Async").(*types.Func)
	}
	if af == nil {
		return nil
	}
	res := af.Type().(*types.Signature).Results()
	if res.Len() != 1 {
		return nil
	}
	p, ok := types.Unalias(res.At(0).Type()).(*types.Pointer)
	if !ok {
		return nil
	}
	n := namedOf(p.Elem())
	if n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == rtPath && n.Obj().Name() == "Gen" {
		return n
	}
	return nil
}

// genCallOf returns the async generator that e calls, and the type of
// its Gen, if it calls one.
func (ctx *pkgCtx) genCallOf(e ast.Expr) (*types.Func, *types.Named) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	fn, _ := ctx.calleeOf(call)
	if fn == nil || fn.Pkg() == nil {
		return nil, nil
	}
	if g := genOf(fn); g != nil {
		return fn, g
	}
	return nil, nil
}

// genKV returns the type arguments of the rt.Gen of a generator whose
// yield function has signature yield: its parameters' types, struct{}
// for each it lacks.
func genKV(yield *types.Signature) (k, v types.Type) {
	k, v = types.NewStruct(nil, nil), types.NewStruct(nil, nil)
	if yield.Params().Len() > 0 {
		k = yield.Params().At(0).Type()
	}
	if yield.Params().Len() > 1 {
		v = yield.Params().At(1).Type()
	}
	return k, v
}

// genInfo is what the lowering of an async generator's frame knows of
// the generator.
type genInfo struct {
	yield *types.Var // the literal's yield parameter
	n     int        // the number of values yield takes
	gen   *types.Named
}

// lowerGen lowers async generator fd, whose iterator literal is lit: the
// frame runs the literal's body with the function's parameters.
func lowerGen(ctx *pkgCtx, fd *ast.FuncDecl, obj *types.Func, lit *ast.FuncLit, diags *Diagnostics) (*Func, Diagnostics) {
	gen := genOf(obj)
	yield, _ := ctx.info.Defs[lit.Type.Params.List[0].Names[0]].(*types.Var)
	if gen == nil || yield == nil {
		return nil, Diagnostics{diagf(ctx.fset, fd.Pos(), "internal error: no generator type for %s", fd.Name.Name)}
	}
	// The frame runs the prelude, then the literal's body as a block of
	// its own (the literal's scope). It has no results (sigResults).
	prelude := fd.Body.List[:len(fd.Body.List)-1]
	body := &ast.FuncDecl{Doc: fd.Doc, Recv: fd.Recv, Name: fd.Name,
		Type: &ast.FuncType{Func: fd.Type.Func, TypeParams: fd.Type.TypeParams, Params: fd.Type.Params},
		Body: &ast.BlockStmt{Lbrace: fd.Body.Lbrace, List: append(append([]ast.Stmt(nil), prelude...), lit.Body), Rbrace: lit.Body.Rbrace}}
	// yield is only called, and by the literal's own body.
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && ctx.info.Uses[id] == yield {
					*diags = append(*diags, diagf(ctx.fset, id.Pos(), "%s, the yield function of async generator %s, is used in a function literal: call it in the generator's own body", id.Name, fd.Name.Name))
				}
				return true
			})
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && ctx.info.Uses[id] == yield {
				for _, a := range n.Args {
					ast.Inspect(a, func(m ast.Node) bool { return checkYieldUse(ctx, m, yield, fd, diags) })
				}
				return false
			}
		case *ast.Ident:
			checkYieldUse(ctx, n, yield, fd, diags)
		}
		return true
	})
	if len(*diags) > 0 {
		return nil, *diags
	}
	lits := findLits(ctx, body, diags)
	if len(*diags) > 0 {
		return nil, *diags
	}
	l := newLowerer(ctx, body, obj, lits, nil)
	l.shape = shape{}
	l.gen = &genInfo{yield: yield, n: yield.Type().Underlying().(*types.Signature).Params().Len(), gen: gen}
	// The Gen, a field that the constructor sets. Its type arguments are
	// read from yield, in the terms of the function's own type parameters.
	k, v := genKV(yield.Type().Underlying().(*types.Signature))
	l.genField = l.vars.frameField("gen", "*"+ctx.qual.ident(rtPath, "rt")+".Gen["+l.tn.typeText(k)+", "+l.tn.typeText(v)+"]", "gen")
	fn, ds := l.lower()
	if fn == nil {
		return nil, ds
	}
	fn.Gen = []string{l.tn.typeText(k), l.tn.typeText(v)}
	fn.GenField = l.vars.finalOf(l.vars.objOf(l.genField).(*types.Var))
	return lowerLits(ctx, l, fn, lits)
}

func checkYieldUse(ctx *pkgCtx, n ast.Node, yield *types.Var, fd *ast.FuncDecl, diags *Diagnostics) bool {
	if id, ok := n.(*ast.Ident); ok && ctx.info.Uses[id] == yield {
		*diags = append(*diags, diagf(ctx.fset, id.Pos(), "%s, the yield function of async generator %s, is used other than in a call: only call it, %s(v)", id.Name, fd.Name.Name, id.Name))
	}
	return true
}

// genYield lowers call, a call of the yield function of the generator
// being lowered: an await of Gen.Yield. It returns the bool yield
// returns.
func (l *lowerer) genYield(call *ast.CallExpr, targets []ast.Expr) []ast.Expr {
	pos := call.Pos()
	args := l.exprArgs(call.Args, false)
	unit := func() ast.Expr { return &ast.CompositeLit{Type: &ast.StructType{Fields: &ast.FieldList{}}} }
	for len(args) < 2 {
		args = append(args, unit())
	}
	op := &ast.CallExpr{Fun: &ast.SelectorExpr{X: l.vars.ref(l.vars.objOf(l.genField)), Sel: ast.NewIdent("Yield")}, Args: args}
	fut := l.suspendOn(op, "Begin", types.Typ[types.Bool], pos)
	var ok ast.Expr
	if len(targets) > 0 {
		ok = targets[0]
	} else {
		ok = l.vars.temp(types.Typ[types.Bool], "ok")
	}
	yr := &ast.CallExpr{Fun: &ast.SelectorExpr{X: l.vars.ref(l.vars.objOf(l.genField)), Sel: ast.NewIdent("YieldResult")},
		Args: []ast.Expr{l.awaitResult(fut)}}
	l.add(&ast.AssignStmt{Lhs: []ast.Expr{ok}, Tok: token.ASSIGN, Rhs: []ast.Expr{yr}}, pos)
	return []ast.Expr{ok}
}

// genRangeParts returns the parts of range loop s over a call of async
// generator, whose rt.Gen type is gt: the loop keeps the Gen in a
// field, awaits Next for each iteration and Stop where it ends, and the
// frame closes the generator if it unwinds (rt.DeferGen).
func (l *lowerer) genRangeParts(s *ast.RangeStmt, gt *types.Named, wantValue bool) rangeLoop {
	call := ast.Unparen(s.X).(*ast.CallExpr)
	pos := s.X.Pos()
	k, v := genKV(coreType(l.info.TypeOf(s.X)).(*types.Signature).Params().At(0).Type().Underlying().(*types.Signature))
	text := "*" + l.qual.ident(rtPath, "rt") + ".Gen[" + l.tn.typeText(k) + ", " + l.tn.typeText(v) + "]"
	g := l.vars.objOf(l.vars.tempOfText(text, "gen"))
	method := func(name string, args ...ast.Expr) *ast.CallExpr {
		return &ast.CallExpr{Fun: &ast.SelectorExpr{X: l.vars.ref(g), Sel: ast.NewIdent(name)}, Args: args}
	}
	fun := l.asyncFun(call)
	args := l.exprArgs(call.Args, false)
	// Registered once, on the first entry, rt.DeferGen closes whichever
	// generator the field then holds if the frame unwinds, before the
	// frame's deferred calls run.
	l.defers = true
	var none ast.Expr = ast.NewIdent("nil")
	if !l.predeclared("nil") { // the package hides nil: *new(*rt.Gen[K, V])
		none = &ast.StarExpr{X: l.newOf(l.typeExprText(text))}
	}
	l.add(&ast.IfStmt{
		Cond: &ast.BinaryExpr{X: l.vars.ref(g), Op: token.EQL, Y: none},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: l.rt("DeferGen"),
			Args: []ast.Expr{l.frameAddr(), &ast.UnaryExpr{Op: token.AND, X: l.vars.ref(g)}}}}}},
	}, pos)
	l.add(&ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(g)}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.CallExpr{Fun: fun, Args: args, Ellipsis: call.Ellipsis}}}, pos)
	yield := coreType(l.info.TypeOf(s.X)).(*types.Signature).Params().At(0).Type().Underlying().(*types.Signature)
	n := yield.Params().Len()
	rl := rangeLoop{
		advance: func() ast.Expr {
			fut := l.suspendOn(method("Next"), "Begin", types.Typ[types.Bool], s.For)
			ok := l.vars.temp(types.Typ[types.Bool], "ok")
			l.add(&ast.AssignStmt{Lhs: []ast.Expr{ok}, Tok: token.ASSIGN,
				Rhs: []ast.Expr{method("NextResult", l.awaitResult(fut))}}, s.For)
			return ok
		},
		end: func() {
			fut := l.suspendOn(method("Stop"), "Begin", types.NewStruct(nil, nil), s.For)
			l.add(&ast.ExprStmt{X: method("StopResult", l.awaitResult(fut))}, s.For)
		},
	}
	if n > 0 {
		rl.key = method("Key")
	}
	if n > 1 && wantValue {
		rl.value = method("Value")
	}
	return rl
}

// genReturn lowers a return from inside range loops over async
// generators: the results are evaluated, then each loop's iterator ends,
// innermost first, the generators' producers awaited to their ends, and
// then the function returns, as in Go.
func (l *lowerer) genReturn(vals []ast.Expr) ast.Stmt {
	var temps []ast.Expr
	if len(vals) > 0 {
		res := l.sigResults()
		for i := range res.Len() {
			temps = append(temps, l.vars.temp(res.At(i).Type(), "r"))
		}
		l.add(&ast.AssignStmt{Lhs: temps, Tok: token.ASSIGN, Rhs: vals}, token.NoPos)
		if set := l.setResults(temps); set != nil {
			l.add(set, token.NoPos)
		}
	}
	for i := len(l.targets) - 1; i >= 0; i-- {
		switch t := l.targets[i]; {
		case t.end != nil:
			t.end()
		case t.stop != nil:
			l.add(t.stop(), token.NoPos)
		}
	}
	return l.returnNow(temps)
}

// iteratorShaped reports whether sig is that of a range-over-func
// iterator: func(yield func(...) bool), with no results.
func iteratorShaped(sig *types.Signature) bool {
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return false
	}
	y, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	return ok && y.Params().Len() <= 2 && y.Results().Len() == 1 && types.Identical(y.Results().At(0).Type(), types.Typ[types.Bool])
}
