package transform

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// A suspension is what kind of suspension point a call is.
type suspension int

const (
	notSuspension suspension = iota
	awaitCall                // rt.Await(op)
	yieldCall                // rt.Yield()
	asyncCall                // a direct call of an async function
	genYieldCall             // yield(v) in an async generator
	genCall                  // a call of an async generator
)

// calleeOf returns the function or method that call calls statically, and
// the identifier naming it.
func (ctx *pkgCtx) calleeOf(call *ast.CallExpr) (*types.Func, *ast.Ident) {
	return staticCallee(ctx.info, call)
}

// staticCallee returns the function or method that call calls statically,
// and the identifier naming it.
func staticCallee(info *types.Info, call *ast.CallExpr) (*types.Func, *ast.Ident) {
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
		if sel, ok := info.Selections[f]; ok {
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
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil, nil
	}
	return fn.Origin(), id
}

func (ctx *pkgCtx) suspensionOf(call *ast.CallExpr) (suspension, *types.Func) {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && ctx.yields[ctx.info.Uses[id]] {
		return genYieldCall, nil
	}
	fn, _ := ctx.calleeOf(call)
	if fn == nil || fn.Pkg() == nil {
		return notSuspension, nil
	}
	if (ctx.async[fn] || fn.Pkg() != ctx.pkg) && genOf(fn) != nil {
		return genCall, fn
	}
	if fn.Pkg().Path() == rtPath && fn.Type().(*types.Signature).Recv() == nil {
		switch fn.Name() {
		case "Await":
			return awaitCall, fn
		case "Yield":
			return yieldCall, fn
		}
	}
	if ctx.async[fn] {
		return asyncCall, fn
	}
	if fn.Pkg() != ctx.pkg && hasAsync(fn) {
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
	memo := l.suspMemo
	if l.genLoops > 0 {
		// Inside a range loop over an async generator a return is a
		// suspension point too: another answer for the same node.
		if l.suspMemoGen == nil {
			l.suspMemoGen = map[ast.Node]bool{}
		}
		memo = l.suspMemoGen
	}
	if v, ok := memo[n]; ok {
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
		case *ast.ReturnStmt:
			if l.genLoops > 0 {
				// It awaits the end of the generators' producers.
				found = true
				return false
			}
		}
		return true
	})
	memo[n] = found
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

// suspendOn emits the two halves of an await of op around a new resume
// point and returns a reference to the future.
//
// begin names the rt function that starts op: Begin for any op, or
// BeginFuture and BeginTask, which make no dynamic call, when the op's
// static type is *rt.Future or *rt.Task.
func (l *lowerer) suspendOn(op ast.Expr, begin string, t types.Type, pos token.Pos) *ast.Ident {
	fut := l.vars.future(t)
	l.add(&ast.AssignStmt{Lhs: []ast.Expr{fut}, Tok: token.ASSIGN,
		Rhs: []ast.Expr{&ast.CallExpr{Fun: l.rt(begin), Args: []ast.Expr{l.frameAddr(), op}}}}, pos)
	l.suspendIf(func(n int) ast.Expr { return l.frameCall("Suspend", l.vars.ref(l.vars.objOf(fut)), intLit(n)) }, pos)
	return l.vars.ref(l.vars.objOf(fut))
}

// awaitResult is rt.AwaitResult(&f.Frame, &fut): the result of the
// future in field fut, which it clears.
func (l *lowerer) awaitResult(fut ast.Expr) ast.Expr {
	return &ast.CallExpr{Fun: l.rt("AwaitResult"), Args: []ast.Expr{l.frameAddr(), &ast.UnaryExpr{Op: token.AND, X: fut}}}
}

// suspendIf adds a new resume point n and the statement
// if cond(n) { return rt.Suspended }, which goes on at once when cond
// reports false and continues at the resume point otherwise.
func (l *lowerer) suspendIf(cond func(n int) ast.Expr, pos token.Pos) *ast.IfStmt {
	l.resumes++
	n := l.resumes
	resume := "resume" + itoa(n)
	l.labels.reserve(resume)
	it := l.add(&ast.IfStmt{
		Cond: cond(n),
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{l.rt("Suspended")}}}},
	}, pos)
	it.gotos = []string{resume}
	l.label(resume).resume = true
	return it.stmt.(*ast.IfStmt)
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
	case genYieldCall:
		return l.genYield(call, targets)
	case genCall:
		l.unsupported(pos, "a call of async generator "+fn.Name()+" in async code other than as the range expression of a for loop is not supported",
			"range over it where you call it: for v := range "+fn.Name()+"(...)")
		return []ast.Expr{ast.NewIdent("nil")}
	case yieldCall:
		l.resumes++
		n := l.resumes
		resume := "resume" + itoa(n)
		l.labels.reserve(resume)
		it := l.add(&ast.ReturnStmt{Results: []ast.Expr{l.frameCall("Reschedule", intLit(n))}}, pos)
		it.gotos = []string{resume}
		it.term = true
		l.label(resume).resume = true
		return nil
	case awaitCall:
		op := l.expr(call.Args[0], false)
		tuple := l.info.TypeOf(call).(*types.Tuple)
		fut := l.suspendOn(op, beginFor(l.info.TypeOf(call.Args[0])), tuple.At(0).Type(), pos)
		if targets == nil {
			targets = []ast.Expr{l.vars.temp(tuple.At(0).Type(), "v"), l.vars.temp(tuple.At(1).Type(), "err")}
		}
		l.add(&ast.AssignStmt{Lhs: targets, Tok: token.ASSIGN,
			Rhs: []ast.Expr{l.awaitResult(fut)}}, pos)
		return targets
	}
	// A call of an async function: run it, then read its result from its
	// task (see rt.Call). The shape of the task is that of the declaration
	// (a result of type T is a value even where T is error), its types
	// those of this instance.
	var (
		res    *types.Tuple
		sh     shape
		get    ast.Expr
		fields []string
	)
	after := func() {}
	if a := l.lits.calls[call]; a != nil {
		res = a.sig.Results()
		sh, fields = litShape(a)
		get, after = l.callLit(call, a, pos)
	} else {
		sig := l.info.TypeOf(call.Fun).(*types.Signature)
		res = sig.Results()
		sh = declShape(fn)
		task := l.taskType(call, fn, sh, res)
		if c := l.directCallee(call, fn); c != nil {
			get, after = l.callDirect(call, fn, c, pos)
		} else {
			get = l.callAsync(call, fn, task, pos)
		}
		if sh.long {
			fields = l.calleeResultFields(fn, sh)
		}
	}
	defer after()
	read := "CallValue"
	if sh.hasErr {
		read = "CallResult"
	}
	get = &ast.CallExpr{Fun: l.rt(read), Args: []ast.Expr{l.frameAddr(), get}}
	if res.Len() == 0 {
		l.add(&ast.ExprStmt{X: get}, pos)
		return nil
	}
	if targets == nil {
		for i := 0; i < res.Len(); i++ {
			targets = append(targets, l.vars.temp(res.At(i).Type(), "v"))
		}
	}
	switch {
	case !sh.long && sh.nonError == 0: // (error)
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{blank(), targets[0]}, Tok: token.ASSIGN, Rhs: []ast.Expr{get}}, pos)
	case !sh.long:
		l.add(&ast.AssignStmt{Lhs: targets, Tok: token.ASSIGN, Rhs: []ast.Expr{get}}, pos)
	case allBlank(targets):
		lhs := []ast.Expr{blank()}
		if sh.hasErr {
			lhs = append(lhs, blank())
		}
		l.add(&ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: []ast.Expr{get}}, pos)
	default:
		// { r, err := rt.CallResult(...); a, b, e = r.A, r.B, err }
		r := ast.NewIdent(l.blockVar("r"))
		lhs := []ast.Expr{r}
		var e *ast.Ident
		if sh.hasErr {
			e = ast.NewIdent(l.blockVar("err"))
			lhs = append(lhs, e)
		}
		var rhs []ast.Expr
		for _, n := range fields {
			rhs = append(rhs, &ast.SelectorExpr{X: ast.NewIdent(r.Name), Sel: ast.NewIdent(n)})
		}
		if sh.hasErr {
			rhs = append(rhs, ast.NewIdent(e.Name))
		}
		l.add(&ast.BlockStmt{List: []ast.Stmt{
			&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []ast.Expr{get}},
			&ast.AssignStmt{Lhs: targets, Tok: token.ASSIGN, Rhs: rhs},
		}}, pos)
	}
	return targets
}

// callAsync runs a call of async function fn, whose task has results of
// type t, up to its end, and returns the expression of its task to read
// the result from: through the constructor FAsync, whose task it awaits.
func (l *lowerer) callAsync(call *ast.CallExpr, fn *types.Func, t types.Type, pos token.Pos) ast.Expr {
	fun := l.asyncFun(call)
	args := l.exprArgs(call.Args, false)
	task := l.vars.callField(t)
	l.add(&ast.AssignStmt{Lhs: []ast.Expr{task}, Tok: token.ASSIGN,
		Rhs: []ast.Expr{&ast.CallExpr{Fun: fun, Args: args, Ellipsis: call.Ellipsis}}}, pos)
	l.suspendIf(func(n int) ast.Expr {
		begin := &ast.CallExpr{Fun: l.rt("BeginTask"), Args: []ast.Expr{l.frameAddr(), l.vars.ref(l.vars.objOf(task))}}
		return l.frameCall("Suspend", begin, intLit(n))
	}, pos)
	return l.vars.ref(l.vars.objOf(task))
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
		return l.vars.objOf(id)
	}
	return nil
}
