package transform

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// frameRecover replaces the calls of recover made by the deferred function
// literal lit itself with calls of the frame's Recover, which stops the
// frame's panic as recover stops a goroutine's.
func (l *lowerer) frameRecover(lit *ast.FuncLit) {
	astutil.Apply(lit.Body, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			// "defer recover()" stays Go's: the literal runs as Go's own
			// deferred call under the panic in flight (see rt's
			// Frame.Defer), where Go decides which panic, if any, that
			// recover sees ($GOROOT/test/recover1.go, test6 and test7).
			if isRecover(l.info, n.Call) {
				return false
			}
		case *ast.CallExpr:
			if isRecover(l.info, n) {
				call := l.frameCall("Recover")
				call.Lparen, call.Rparen = n.Lparen, n.Rparen
				c.Replace(call)
			}
		}
		return true
	}, nil)
}

// plainReturn rewrites a return without suspension points.
func (l *lowerer) plainReturn(r *ast.ReturnStmt) ast.Stmt {
	if len(r.Results) == 1 && l.shape.long {
		if tuple, ok := l.info.TypeOf(r.Results[0]).(*types.Tuple); ok {
			// { a, b, c := g(); return f.Frame.Return(FResult{A: a, B: b}, c) }
			var lhs, vals []ast.Expr
			for i := 0; i < tuple.Len(); i++ {
				n := l.blockVar("r" + itoa(i))
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
	if l.genLoops > 0 {
		return l.genReturn(vals)
	}
	stops := l.stopsFrom(0)
	if len(stops) == 0 {
		return l.returnNow(vals)
	}
	// Leaving range loops over functions: their iterators end after the
	// results are evaluated and before the deferred calls run, as in Go.
	if len(vals) == 0 {
		return withStops(stops, l.returnNow(nil))
	}
	// The temporaries have the function's result types, which an untyped
	// constant result (return 1, nil) takes, as it does in a return.
	var list []ast.Stmt
	var lhs, temps []ast.Expr
	res := l.sigResults()
	for i := range res.Len() {
		name := l.blockVar("r" + itoa(i))
		lhs, temps = append(lhs, ast.NewIdent(name)), append(temps, ast.NewIdent(name))
		list = append(list, &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(name)}, Type: l.typeExpr(res.At(i).Type())},
		}}})
	}
	list = append(list, &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: vals})
	if set := l.setResults(temps); set != nil {
		list = append(list, set)
	}
	list = append(list, stops...)
	ret := l.returnNow(temps)
	if b, ok := ret.(*ast.BlockStmt); ok {
		return &ast.BlockStmt{List: append(list, b.List...)}
	}
	return &ast.BlockStmt{List: append(list, ret)}
}

// setResults returns the assignment of a return's values, held in temps,
// to the function's result variables before the return stops the
// iterators of the loops it leaves, or nil if the deferred calls cannot
// see them: as in Go, a recover after an iterator's end panics returns
// them.
func (l *lowerer) setResults(temps []ast.Expr) ast.Stmt {
	if !l.hasDefer || len(l.results) == 0 || len(temps) != len(l.results) {
		return nil
	}
	var lhs, rhs []ast.Expr
	for i, r := range l.results {
		lhs = append(lhs, l.vars.ref(r))
		id := temps[i].(*ast.Ident)
		if o := l.vars.objOf(id); o != nil {
			rhs = append(rhs, l.vars.ref(o)) // a temporary of the frame
		} else {
			rhs = append(rhs, ast.NewIdent(id.Name)) // a block's variable
		}
	}
	return &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: rhs}
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
				if id, ok := vals[i].(*ast.Ident); ok && l.vars.objOf(id) == r {
					continue // "return res, nil": res = res would be a self-assignment
				}
				rhs = append(rhs, vals[i])
			}
			lhs = append(lhs, l.vars.ref(r))
		}
		if len(vals) != len(l.results) {
			rhs = vals // return g()
		}
		if len(lhs) > 0 {
			list = append(list, &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: rhs})
		}
	}
	if l.hasDeferAwait {
		// The deferred calls may await: rt runs them, suspending the
		// frame, and reads the results through Recovered once they are
		// over.
		return &ast.BlockStmt{List: append(list, &ast.ReturnStmt{Results: []ast.Expr{l.frameCall("ReturnResults", ast.NewIdent(l.self))}})}
	}
	perr := ast.NewIdent(l.blockVar("deferred"))
	list = append(list, &ast.IfStmt{
		Init: &ast.AssignStmt{Lhs: []ast.Expr{perr}, Tok: token.DEFINE, Rhs: []ast.Expr{l.frameCall("RunDefers")}},
		Cond: &ast.BinaryExpr{X: ast.NewIdent(perr.Name), Op: token.NEQ, Y: l.nilOf(types.Universe.Lookup("error").Type())},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{l.frameCall("Fail", ast.NewIdent(perr.Name))}}}},
	}, l.buildReturn(nil))
	return &ast.BlockStmt{List: list}
}

// deferStmt lowers a defer statement to a push onto the frame's defer
// stack (see deferPush).
func (l *lowerer) deferStmt(s *ast.DeferStmt) {
	l.add(l.deferPush(s, false), s.Pos())
}

// deferPush returns the push onto the frame's defer stack that a defer
// statement becomes. The function value and the arguments are evaluated
// now, as Go evaluates them. A call of a func() value is pushed as it is,
// and one of a function with arguments by rt's function for its shape
// (deferCall), so that its own recover works as in Go; any other call is
// bound to the parameters of a wrapper that returns the deferred call
// (constants, package-level functions and builtins need no evaluation and
// stay in the call as written), and its function cannot recover. A deferred
// call of an async function pushes an await of its task, made now
// (rt.DeferAwait(&f.Frame, gAsync(x))), and so does rt.Await(op); a
// deferred call of an async literal, an await of a new task of its frame
// (see deferLit); rt.Yield, a yield (rt.DeferYield(&f.Frame)).
//
// In a statement copied as it is (plain), where nothing suspends, the
// push is an expression of its own: deferPush adds no items then.
func (l *lowerer) deferPush(s *ast.DeferStmt, plain bool) ast.Stmt {
	call := s.Call
	if a := l.lits.defers[call]; a != nil {
		return l.deferLit(call, a)
	}
	switch k, _ := l.suspensionOf(call); k {
	case yieldCall:
		l.defers = true
		return &ast.ExprStmt{X: &ast.CallExpr{Fun: l.rt("DeferYield"), Args: []ast.Expr{l.frameAddr()}}}
	case asyncCall:
		fun := l.asyncFun(call)
		args := l.exprArgs(call.Args, false)
		task := &ast.CallExpr{Fun: fun, Args: args, Ellipsis: call.Ellipsis}
		return &ast.ExprStmt{X: l.deferAwait(task)}
	case awaitCall:
		return &ast.ExprStmt{X: l.deferAwait(l.expr(call.Args[0], false))}
	}
	fun := ast.Unparen(call.Fun)
	if lit, ok := fun.(*ast.FuncLit); ok {
		l.frameRecover(lit)
		if len(call.Args) == 0 && lit.Type.Results.NumFields() == 0 {
			return &ast.ExprStmt{X: l.frameCall("Defer", lit)}
		}
	}
	if l.deferredValue(call) {
		// The function value itself is deferred: evaluating it now
		// evaluates a method value's receiver now, as defer does.
		return &ast.ExprStmt{X: l.frameCall("Defer", l.expr(call.Fun, false))}
	}
	if d := l.deferCall(call, plain); d != nil {
		return d
	}
	params := &ast.FieldList{}
	param := func(t types.Type) *ast.Ident {
		name := l.blockVar("d" + itoa(len(params.List)))
		texpr, err := parser.ParseExpr(l.tn.typeText(types.Default(t)))
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
	at := call.Pos()
	args := call.Args
	var multi *ast.CallExpr // defer f(g()) in a plain statement: g's results go to a wrapper of their own
	if len(args) == 1 {
		if tuple, ok := l.info.TypeOf(args[0]).(*types.Tuple); ok {
			if plain {
				multi = args[0].(*ast.CallExpr)
				for i := range tuple.Len() {
					inner.Args = append(inner.Args, param(tuple.At(i).Type()))
				}
				args = nil
			} else {
				// defer f(g()): g's results into temporaries first, after
				// the function value, then passed like any arguments.
				var temps []ast.Expr
				for i := range tuple.Len() {
					temps = append(temps, l.vars.temp(tuple.At(i).Type(), "arg"))
				}
				l.add(&ast.AssignStmt{Lhs: temps, Tok: token.ASSIGN, Rhs: []ast.Expr{l.expr(args[0], false)}}, args[0].Pos())
				args = nil
				for _, t := range temps {
					args = append(args, l.vars.ref(l.vars.objOf(t.(*ast.Ident))))
				}
			}
		}
	}
	var rest []ast.Expr
	for _, a := range args {
		if tv, ok := l.info.Types[a]; ok && (tv.Value != nil || tv.IsNil()) {
			inner.Args = append(inner.Args, a)
			continue
		}
		inner.Args = append(inner.Args, param(l.vars.typeOf(a)))
		rest = append(rest, a)
	}
	evaluated = append(evaluated, l.exprArgs(rest, false)...)
	// The wrapper takes the defer's position, so that it prints on the
	// line of the call it wraps.
	body := &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{&ast.ExprStmt{X: inner}}, Rbrace: at}
	var deferred ast.Expr = &ast.FuncLit{Type: &ast.FuncType{Func: at, Params: &ast.FieldList{}}, Body: body}
	wrap := func(params *ast.FieldList, args []ast.Expr) {
		wrapper := &ast.FuncLit{
			Type: &ast.FuncType{Func: at, Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: funcType(deferred)}}}},
			Body: &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{&ast.ReturnStmt{Return: at, Results: []ast.Expr{deferred}}}, Rbrace: at},
		}
		deferred = &ast.CallExpr{Fun: wrapper, Args: args}
	}
	if multi != nil {
		// func(fn F) func(A, B) func() { return func(d1 A, d2 B) func() {
		// return func() { fn(d1, d2) } } }(f)(g()): the function value is
		// evaluated before g is called, as Go evaluates them.
		n := len(params.List) - len(inner.Args)
		outer, results := &ast.FieldList{List: params.List[:n]}, &ast.FieldList{List: params.List[n:]}
		wrap(results, nil)
		lit := deferred.(*ast.CallExpr).Fun.(*ast.FuncLit)
		deferred = lit
		if n > 0 {
			wrap(outer, evaluated)
		}
		deferred = &ast.CallExpr{Fun: deferred, Args: []ast.Expr{multi}}
	} else if len(evaluated) > 0 {
		wrap(params, evaluated)
	}
	return &ast.ExprStmt{X: l.frameCall("Defer", deferred)}
}

// deferCall returns the push of a deferred call of a function, with its
// arguments, or nil when the call has no shape (see deferCallShape), or
// is "defer f(g())" of a multi-valued g in a plain statement (a wrapper
// binds them). A shape that rt has a function for is pushed by it, such
// as rt.DeferCall1(&f.Frame, handlePanic, &f.err); any other by
// rt.DeferCallOf, with a value of the type that the generated file
// declares for the shape (deferShapeType): rt.DeferCallOf(&f.Frame,
// &asyncgenDefer4R2[A, B, C, D, Y, Z]{fn: g, a1: a, ...}). The function
// value (unless it is fixed) and then the arguments are evaluated now,
// as Go evaluates them at the defer statement; rt calls the function
// with them as Go's own defer would, so that a recover in it stops the
// frame's panic. For rt's functions, the arguments' types are given as
// type arguments where an argument's type is not the parameter's, or the
// function is generic, so that they are assigned to the parameters as in
// the call written; a shape type always has them.
func (l *lowerer) deferCall(call *ast.CallExpr, plain bool) ast.Stmt {
	shape, ok := deferCallShape(l.info, call)
	if !ok {
		return nil
	}
	sig := l.info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if shape.rtFunc() == "" && !l.namable(sig) {
		return nil // the shape's type arguments cannot be written: a wrapper
	}
	args := call.Args
	var tuple *types.Tuple
	if len(args) == 1 {
		tuple, _ = l.info.TypeOf(args[0]).(*types.Tuple)
		if tuple != nil && plain {
			return nil
		}
	}
	fun := call.Fun
	if !l.fixedFunc(call.Fun) {
		fun = l.expr(call.Fun, l.anySusp(call.Args))
	}
	explicit := funcIdent(l.info, call.Fun) != nil
	ellipsis := call.Ellipsis.IsValid()
	if tuple != nil {
		// defer f(g()): g's results into temporaries first, after the
		// function value, then passed like any arguments.
		var temps []ast.Expr
		for i := range tuple.Len() {
			temps = append(temps, l.vars.temp(tuple.At(i).Type(), "arg"))
			explicit = explicit || !types.Identical(tuple.At(i).Type(), paramType(sig, i, false))
		}
		l.add(&ast.AssignStmt{Lhs: temps, Tok: token.ASSIGN, Rhs: []ast.Expr{l.expr(args[0], false)}}, args[0].Pos())
		args = nil
		for _, t := range temps {
			args = append(args, l.vars.ref(l.vars.objOf(t.(*ast.Ident))))
		}
	} else {
		for i, a := range args {
			tv := l.info.Types[a]
			if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
				continue // an untyped constant or nil takes the parameter's type
			}
			explicit = explicit || !types.Identical(tv.Type, paramType(sig, i, ellipsis))
		}
		args = l.exprArgs(args, false)
	}
	l.defers = true
	name := shape.rtFunc()
	if name == "" {
		if id := funcIdent(l.info, call.Fun); id != nil {
			// A field takes no generic function: its instance, with
			// every type argument, inferred or not.
			fun = l.instantiated(call.Fun, l.info.Instances[id].TypeArgs)
		}
		return &ast.ExprStmt{X: &ast.CallExpr{Fun: l.rt("DeferCallOf"), Args: []ast.Expr{l.frameAddr(), l.deferShapeValue(shape, sig, fun, args, ellipsis)}}}
	}
	var push ast.Expr = l.rt(name)
	if explicit {
		push = instExpr(push, l.sigTypeArgs(sig))
	}
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: push, Args: append([]ast.Expr{l.frameAddr(), fun}, args...), Ellipsis: call.Ellipsis}}
}

// sigTypeArgs returns the type arguments of a deferred call's push for
// signature sig: the types of its parameters (the element type of a
// variadic one), then of its results.
func (l *lowerer) sigTypeArgs(sig *types.Signature) []ast.Expr {
	var targs []ast.Expr
	for i := range sig.Params().Len() {
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			t = t.(*types.Slice).Elem()
		}
		targs = append(targs, l.typeExpr(t))
	}
	for i := range sig.Results().Len() {
		targs = append(targs, l.typeExpr(sig.Results().At(i).Type()))
	}
	return targs
}

// namable reports whether generated code can name the types of the
// parameters and results of sig (those of an instance, for a generic
// function).
func (l *lowerer) namable(sig *types.Signature) bool {
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := range tuple.Len() {
			if l.tn.unnamable(tuple.At(i).Type()) != "" {
				return false
			}
		}
	}
	return true
}

// instantiated returns the generic function that fun names (its type
// arguments, if any, left out) instantiated with targs.
func (l *lowerer) instantiated(fun ast.Expr, targs *types.TypeList) ast.Expr {
	base := ast.Unparen(fun)
	switch x := base.(type) {
	case *ast.IndexExpr:
		base = ast.Unparen(x.X)
	case *ast.IndexListExpr:
		base = ast.Unparen(x.X)
	}
	var args []ast.Expr
	for i := range targs.Len() {
		args = append(args, l.typeExpr(targs.At(i)))
	}
	return instExpr(base, args)
}

// deferShapeValue returns the value that a deferred call of shape s, of
// the function fun of signature sig with the arguments args (evaluated),
// is pushed as: &asyncgenDefer4R2[A, B, C, D, Y, Z]{fn: fun, a1: a, a2:
// b, ...}, of the type that the generated file declares for s. A variadic
// parameter's field is the slice passed with "..." (ellipsis), or one of
// the arguments listed for it, made now as Go makes it at the defer
// statement, or nil for none.
func (l *lowerer) deferShapeValue(s callShape, sig *types.Signature, fun ast.Expr, args []ast.Expr, ellipsis bool) ast.Expr {
	elts := []ast.Expr{&ast.KeyValueExpr{Key: ast.NewIdent("fn"), Value: fun}}
	for i := range s.params {
		field := ast.NewIdent("a" + itoa(i+1))
		switch {
		case !s.variadic || i < s.params-1 || ellipsis:
			elts = append(elts, &ast.KeyValueExpr{Key: field, Value: args[i]})
		case len(args) > i:
			slice := &ast.CompositeLit{Type: l.typeExpr(sig.Params().At(i).Type()), Elts: args[i:]}
			elts = append(elts, &ast.KeyValueExpr{Key: field, Value: slice})
		}
	}
	typ := instExpr(ast.NewIdent(l.deferShapeType(s)), l.sigTypeArgs(sig))
	return &ast.UnaryExpr{Op: token.AND, X: &ast.CompositeLit{Type: typ, Elts: elts}}
}

// deferShapeType returns the name of the type that the generated file
// declares for deferred calls of shape s (emitted by emitDeferShape),
// asyncgenDefer4R2 for four parameters and two results: one per shape
// for the file, named as the generator names the types it declares,
// free of the package's names and of the function's, so that nothing of
// the user's hides it where the function refers to it.
func (l *lowerer) deferShapeType(s callShape) string {
	if name, ok := l.shapeNames[s]; ok {
		return name
	}
	var d *DeferShape
	for _, sd := range l.deferShapes {
		if (callShape{sd.Params, sd.Results, sd.Variadic}) == s && !l.used.taken[sd.Name] {
			d = sd
			break
		}
	}
	if d == nil {
		base := "asyncgenDefer" + s.key()
		name := l.frames.fresh(base)
		for l.used.taken[name] {
			name = l.frames.fresh(base)
		}
		d = &DeferShape{Name: name, Params: s.params, Results: s.results, Variadic: s.variadic, Any: "any", Panic: "panic"}
		// The type is declared at package level: only the package's
		// own any or panic hides Go's there.
		if l.pkg.Scope().Lookup("any") != nil {
			d.Any = l.qual.predeclaredPkg() + ".Any"
		}
		if l.pkg.Scope().Lookup("panic") != nil {
			d.Panic = l.qual.predeclaredPkg() + ".Panic"
		}
		l.deferShapes = append(l.deferShapes, d)
	}
	if l.shapeNames == nil {
		l.shapeNames = map[callShape]string{}
	}
	l.shapeNames[s] = d.Name
	l.used.reserve(d.Name)
	l.referTo(d.Name)
	return d.Name
}

// paramType returns the type of the parameter of sig that the call's
// argument i is assigned to: the element type of a variadic parameter
// for the arguments listed for it, the slice type for one passed with
// ... (ellipsis).
func paramType(sig *types.Signature, i int, ellipsis bool) types.Type {
	n := sig.Params().Len()
	if !sig.Variadic() || i < n-1 {
		return sig.Params().At(i).Type()
	}
	t := sig.Params().At(n - 1).Type()
	if ellipsis {
		return t
	}
	return t.(*types.Slice).Elem()
}

// funcType returns the type of the function literal, or of the call of a
// function literal, e.
func funcType(e ast.Expr) *ast.FuncType {
	switch e := e.(type) {
	case *ast.FuncLit:
		return &ast.FuncType{Func: e.Type.Func, Params: e.Type.Params, Results: e.Type.Results}
	case *ast.CallExpr:
		return funcType(e.Fun).Results.List[0].Type.(*ast.FuncType)
	}
	panic("internal error: funcType of a deferred wrapper")
}

// deferAwait returns the push of an await of op onto the defer stack.
func (l *lowerer) deferAwait(op ast.Expr) ast.Expr {
	l.defers = true
	return &ast.CallExpr{Fun: l.rt("DeferAwait"), Args: []ast.Expr{l.frameAddr(), op}}
}

// deferredValue reports whether the deferred call is a call of a func()
// value without arguments, which the frame can defer as it is: a function,
// a method value, a variable or a field, but not a builtin.
func (l *lowerer) deferredValue(call *ast.CallExpr) bool {
	if len(call.Args) > 0 {
		return false
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := l.info.Uses[id].(*types.Builtin); ok {
			return false
		}
	}
	sig, ok := l.info.TypeOf(call.Fun).Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 0 && sig.TypeParams().Len() == 0
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
			vals = append(vals, l.vars.ref(r))
		}
	}
	empty := &ast.CompositeLit{Type: &ast.StructType{Fields: &ast.FieldList{}}}
	errType := types.Universe.Lookup("error").Type()
	nilErr := l.zero(errType, l.typeExpr(errType))
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
		ns = append(ns, l.sigResults().At(i).Name())
	}
	return resultFieldNames(ns)
}
