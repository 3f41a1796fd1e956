package transform

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// Async function literals.
//
// A function literal inside an async function is async when its body
// (outside the literals it holds) awaits: calls rt.Await, rt.Yield,
// rt.Spawn, an async function, or another async literal, or defers one of
// these. It is lowered to a frame of its own, as a function is (with the
// type parameters of a generic function), and used in one of these ways:
//
//   - called where it is written, func() { ... }(), or
//   - bound by v := func() { ... } (or var v = ...) to a variable that is
//     only ever called or deferred, v(x): each call is a direct call of
//     the literal's frame, an implicit await like a call of an async
//     function, and the definition itself goes;
//   - deferred, where it is written or through its variable: an await,
//     pushed onto the defer stack, of a new task of its frame (deferLit);
//   - passed to rt.Go, rt.Go(func() (T, error) { ... }): a new task of
//     the literal's frame, which the function may await, spawn or hand to
//     a Group.
//
// Anywhere else (stored, returned, passed to a plain function, run by a go
// statement) its awaits would run as blocking code, on the loop's thread
// or another: that is an error at the literal.
//
// The literal's frame holds, besides its parameters and its own
// variables, a pointer to each variable it captures from the enclosing
// function, taken when the frame is made (at each call, or at rt.Go):
// &f.x for a variable of the enclosing frame, the box of a per-iteration
// variable (so that it keeps its iteration's), &x for a variable of a
// block copied as it is. Both sides read and write the one variable, as
// with a closure in Go.

// An asyncLit is an async function literal of an async function.
type asyncLit struct {
	lit   *ast.FuncLit
	sig   *types.Signature
	name  string       // the frame type's name
	caps  []*types.Var // the variables it captures, by position
	bound *types.Var   // the variable it is bound to, if any
	task  bool         // passed to rt.Go
	owner string       // the name of the async function it is in, for the generated comments

	// deferred reports that a defer statement defers it (where it is
	// written, or through its variable); recovers are then the calls of
	// recover that its body makes itself, which recover the panic of
	// the frame that deferred it (see deferLit).
	deferred bool
	recovers map[*ast.CallExpr]bool

	// tparams are the type parameters of the generic function it is in
	// (or of its receiver), nil if the function is not generic: the
	// literal's frame has them too, and the function (and its literals)
	// instantiate it with their own.
	tparams *types.TypeParamList
}

// A litTable is what the lowering of an async function (and of its
// literals) needs to know of its async literals.
type litTable struct {
	lits    []*asyncLit                 // in source order
	byLit   map[*ast.FuncLit]*asyncLit  // every async literal
	calls   map[*ast.CallExpr]*asyncLit // calls of an async literal, where written or through its variable
	tasks   map[*ast.CallExpr]*asyncLit // rt.Go(lit)
	defers  map[*ast.CallExpr]*asyncLit // the calls of deferred async literals, where written or through their variables
	defs    map[ast.Node]bool           // the statements that bind an async literal to its variable
	boundTo map[*types.Var]*asyncLit    // the variables bound to async literals
}

// rtFunc reports whether call calls the function of package rt named
// name.
func (ctx *pkgCtx) rtFunc(call *ast.CallExpr, name string) bool {
	fn, _ := ctx.calleeOf(call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == rtPath && fn.Name() == name &&
		fn.Type().(*types.Signature).Recv() == nil
}

// findLits finds the async literals of async function fd, checks how each
// is used, and names their frames. Errors go to diags.
func findLits(ctx *pkgCtx, fd *ast.FuncDecl, diags *Diagnostics) *litTable {
	t := &litTable{
		byLit:   map[*ast.FuncLit]*asyncLit{},
		calls:   map[*ast.CallExpr]*asyncLit{},
		tasks:   map[*ast.CallExpr]*asyncLit{},
		defers:  map[*ast.CallExpr]*asyncLit{},
		defs:    map[ast.Node]bool{},
		boundTo: map[*types.Var]*asyncLit{},
	}
	// The literals, the parent of every node, and the uses of each
	// variable.
	var lits []*ast.FuncLit
	parent := map[ast.Node]ast.Node{}
	uses := map[types.Object][]*ast.Ident{}
	var stack []ast.Node
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, n)
		case *ast.Ident:
			if obj := ctx.info.Uses[n]; obj != nil {
				uses[obj] = append(uses[obj], n)
			}
		}
		return true
	})
	if len(lits) == 0 {
		return t
	}
	up := func(n ast.Node) ast.Node {
		p := parent[n]
		for {
			pe, ok := p.(*ast.ParenExpr)
			if !ok {
				return p
			}
			p = parent[pe]
		}
	}
	// The variable each literal is bound to, if it is bound by a
	// declaration of its own.
	boundOf := map[*ast.FuncLit]*types.Var{}
	litOf := map[types.Object]*ast.FuncLit{}
	for _, lit := range lits {
		var id *ast.Ident
		switch p := up(lit).(type) {
		case *ast.AssignStmt:
			if p.Tok == token.DEFINE && len(p.Lhs) == 1 && len(p.Rhs) == 1 {
				id, _ = p.Lhs[0].(*ast.Ident)
			}
		case *ast.ValueSpec:
			if gd, isDecl := parent[p].(*ast.GenDecl); isDecl && len(gd.Specs) == 1 && len(p.Names) == 1 && len(p.Values) == 1 {
				id = p.Names[0]
			}
		}
		if id == nil {
			continue
		}
		if v, ok := ctx.info.Defs[id].(*types.Var); ok {
			boundOf[lit] = v
			litOf[v] = lit
		}
	}
	calledLit := func(call *ast.CallExpr) *ast.FuncLit {
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.FuncLit:
			return f
		case *ast.Ident:
			return litOf[ctx.info.Uses[f]]
		}
		return nil
	}
	// Which literals are async: those that await, or call an async
	// literal, up to a fixed point.
	async := map[*ast.FuncLit]bool{}
	awaits := func(lit *ast.FuncLit) bool {
		found := false
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.GoStmt:
				// Their calls run later (and are reported if they await):
				// only their operands run here.
				ast.Inspect(n.Call.Fun, func(m ast.Node) bool {
					_, isLit := m.(*ast.FuncLit)
					return !isLit && visit(m)
				})
				for _, a := range n.Call.Args {
					ast.Inspect(a, visit)
				}
				return false
			case *ast.DeferStmt:
				// What it defers runs at the literal's exit: an await
				// there (a deferred call of an async function or literal,
				// rt.Await, rt.Yield) makes the literal async too.
				if k, _ := ctx.suspensionOf(n.Call); k != notSuspension {
					found = true
				} else if l := calledLit(n.Call); l != nil && async[l] {
					found = true
				}
				for _, a := range n.Call.Args {
					ast.Inspect(a, visit)
				}
				return false
			case *ast.CallExpr:
				if k, _ := ctx.suspensionOf(n); k != notSuspension || ctx.rtFunc(n, "Spawn") {
					found = true
				} else if l := calledLit(n); l != nil && async[l] {
					found = true
				}
			}
			return !found
		}
		ast.Inspect(lit.Body, visit)
		return found
	}
	for changed := true; changed; {
		changed = false
		for _, lit := range lits {
			if !async[lit] && awaits(lit) {
				async[lit] = true
				changed = true
			}
		}
	}
	if len(async) == 0 {
		return t
	}
	// The type parameters of a generic function (or of a method's
	// receiver), which its literals' frames carry too.
	var tparams *types.TypeParamList
	if obj, ok := ctx.info.Defs[fd.Name].(*types.Func); ok {
		sig := obj.Type().(*types.Signature)
		if sig.TypeParams().Len() > 0 {
			tparams = sig.TypeParams()
		} else if sig.RecvTypeParams().Len() > 0 {
			tparams = sig.RecvTypeParams()
		}
	}
	owner := fd.Name.Name
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		if n := namedOf(ctx.info.TypeOf(fd.Recv.List[0].Type)); n != nil {
			owner = n.Obj().Name() + "." + owner
		}
	}
	inStmt := func(call *ast.CallExpr) string {
		switch up(call).(type) {
		case *ast.GoStmt:
			return "go"
		case *ast.DeferStmt:
			return "defer"
		}
		return ""
	}
	ok := true
	report := func(pos token.Pos, what, instead string) {
		unsupported(diags, ctx.fset, pos, what, instead)
		ok = false
	}
	for _, lit := range lits {
		if !async[lit] {
			continue
		}
		a := &asyncLit{lit: lit, sig: ctx.info.TypeOf(lit).(*types.Signature), owner: owner, tparams: tparams}
		switch p := up(lit).(type) {
		case *ast.CallExpr:
			if ast.Unparen(p.Fun) == lit {
				switch inStmt(p) {
				case "go":
					report(lit.Pos(), "a function literal that awaits, run by a go statement, would run as blocking code on its goroutine",
						"spawn it as a task on this loop, rt.Spawn(rt.Go(func() (T, error) { ... })), or move the awaits out of it")
					continue
				case "defer":
					a.deferred = true
					t.defers[p] = a
				default:
					t.calls[p] = a
				}
				break
			}
			if ctx.rtFunc(p, "Go") && len(p.Args) == 1 && ast.Unparen(p.Args[0]) == lit {
				a.task = true
				t.tasks[p] = a
				break
			}
			report(lit.Pos(), "a function literal that awaits, passed to "+types.ExprString(p.Fun)+", would run there as blocking code",
				"call it where it is written, bind it with := to a variable that you only call, or make it a task with rt.Go")
			continue
		default:
			v := boundOf[lit]
			if _, isReturn := up(lit).(*ast.ReturnStmt); v == nil && isReturn && iteratorShaped(a.sig) {
				report(lit.Pos(), "an iterator literal that awaits, returned, would run as blocking code",
					"make the function an async generator: a function or method whose body ends in return func(yield func(V) bool) { ... }, with no return or defer before it")
				continue
			}
			if v == nil {
				report(lit.Pos(), "a function literal that awaits, "+valueUse(up(lit))+", would run as blocking code",
					"call it where it is written, bind it with := to a variable that you only call, or make it a task with rt.Go")
				continue
			}
			a.bound = v
			t.boundTo[v] = a
			t.defs[up(lit)] = true
			if vs, isSpec := up(lit).(*ast.ValueSpec); isSpec {
				t.defs[parent[parent[vs]]] = true // the DeclStmt
			}
			for _, id := range uses[v] {
				call, isCall := up(id).(*ast.CallExpr)
				if !isCall || ast.Unparen(call.Fun) != id {
					report(id.Pos(), v.Name()+", a function literal that awaits, is used other than in a call",
						"only call "+v.Name()+", or make the literal a task with rt.Go")
					continue
				}
				switch inStmt(call) {
				case "go":
					report(id.Pos(), v.Name()+", a function literal that awaits, run by a go statement, would run as blocking code on its goroutine",
						"call it, or make the literal a task with rt.Go and spawn it (rt.Spawn)")
					continue
				case "defer":
					a.deferred = true
					t.defers[call] = a
					continue
				}
				t.calls[call] = a
			}
		}
		t.lits = append(t.lits, a)
		t.byLit[lit] = a
	}
	if !ok {
		return t
	}
	for _, a := range t.lits {
		if !a.deferred {
			continue
		}
		ast.Inspect(a.lit.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if isRecover(ctx.info, n) {
					if a.recovers == nil {
						a.recovers = map[*ast.CallExpr]bool{}
					}
					a.recovers[n] = true
				}
			}
			return true
		})
	}
	// What each literal captures: the variables of the function declared
	// outside it, and what the literals it calls through their variables
	// capture from outside it, up to a fixed point.
	inside := func(pos token.Pos, n ast.Node) bool { return n.Pos() <= pos && pos < n.End() }
	capSet := map[*asyncLit]map[*types.Var]bool{}
	for _, a := range t.lits {
		set := map[*types.Var]bool{}
		ast.Inspect(a.lit.Body, func(n ast.Node) bool {
			id, isID := n.(*ast.Ident)
			if !isID {
				return true
			}
			switch obj := ctx.info.Uses[id].(type) {
			case *types.Var:
				if !obj.IsField() && inside(obj.Pos(), fd) && !inside(obj.Pos(), a.lit) && t.boundTo[obj] == nil {
					set[obj] = true
				}
			case *types.Const:
				// Its frame writes the constant's value (constExpr), where
				// a literal states it exactly.
				if _, _, ok := constLit(obj); !ok && inside(obj.Pos(), fd) && !inside(obj.Pos(), a.lit) {
					report(id.Pos(), "the constant "+obj.Name()+" (a complex number, or a float beyond float64), declared outside a function literal that awaits, cannot be referred to inside it",
						"declare "+obj.Name()+" at package level or inside the literal")
				}
			}
			return true
		})
		capSet[a] = set
	}
	for changed := true; changed; {
		changed = false
		for call, callee := range t.calls {
			for _, a := range t.lits {
				if a == callee || !inside(call.Pos(), a.lit) {
					continue
				}
				for v := range capSet[callee] {
					if !inside(v.Pos(), a.lit) && !capSet[a][v] {
						capSet[a][v] = true
						changed = true
					}
				}
			}
		}
	}
	for i, a := range t.lits {
		for v := range capSet[a] {
			a.caps = append(a.caps, v)
		}
		sort.Slice(a.caps, func(i, j int) bool { return a.caps[i].Pos() < a.caps[j].Pos() })
		base := lowerFirst(owner)
		if r, m, isMethod := strings.Cut(owner, "."); isMethod {
			base = lowerFirst(r) + upperFirst(m)
		}
		a.name = ctx.frames.fresh(base + "Lit" + itoa(i+1) + "Frame")
		ctx.callees[calleeKey(ctx.fset, a.lit.Pos())] = &callee{frame: a.name}
	}
	return t
}

// lowerLit lowers async literal a of a function whose async literals are
// lits; outerTypes are the types that the function (or literal) it is in
// moved to package level.
func lowerLit(ctx *pkgCtx, lits *litTable, a *asyncLit, outerTypes map[*types.TypeName]string) (*Func, Diagnostics) {
	// The literal stands as a function of its own, named after its frame,
	// whose parameters and results are the literal's own variables.
	name := strings.TrimSuffix(a.name, "Frame")
	fd := &ast.FuncDecl{Name: &ast.Ident{Name: name, NamePos: a.lit.Pos()}, Type: a.lit.Type, Body: a.lit.Body}
	obj := types.NewFunc(a.lit.Pos(), ctx.pkg, name, a.sig)
	l := newLowerer(ctx, fd, obj, lits, a)
	l.outerTypes = outerTypes
	return l.lower()
}

// litArgs evaluates the arguments of call, a call of async literal a, one
// per parameter, those of a variadic parameter packed into a slice unless
// the call passes one with ....
func (l *lowerer) litArgs(call *ast.CallExpr, a *asyncLit) []ast.Expr {
	tuple := false
	if len(call.Args) == 1 {
		_, tuple = l.info.TypeOf(call.Args[0]).(*types.Tuple)
	}
	args := l.exprArgs(call.Args, tuple)
	params := a.sig.Params()
	n := params.Len()
	if a.sig.Variadic() && !call.Ellipsis.IsValid() {
		var rest ast.Expr
		if len(args) >= n {
			rest = &ast.CompositeLit{Type: l.typeExpr(params.At(n - 1).Type()), Elts: append([]ast.Expr(nil), args[n-1:]...)}
		}
		args = append(args[:n-1:n-1], rest)
	}
	return args
}

// callLit lowers call, a call of async literal a, in the shape of a direct
// call (see callDirect): the literal's frame gets the arguments, and a
// pointer to each variable the literal captures.
func (l *lowerer) callLit(call *ast.CallExpr, a *asyncLit, pos token.Pos) (ast.Expr, func()) {
	c := l.callees[calleeKey(l.fset, a.lit.Pos())]
	var elts []ast.Expr
	var slots []int
	args := l.litArgs(call, a)
	params := a.sig.Params()
	n := params.Len()
	for i, e := range args {
		if e == nil {
			continue
		}
		if name := params.At(i).Name(); name == "" || name == "_" {
			switch ast.Unparen(e).(type) {
			case *ast.Ident, *ast.BasicLit:
			default:
				l.add(&ast.AssignStmt{Lhs: []ast.Expr{blank()}, Tok: token.ASSIGN, Rhs: []ast.Expr{e}}, pos)
			}
			continue
		}
		elts = append(elts, e)
		slots = append(slots, i)
	}
	for j, v := range a.caps {
		elts = append(elts, &ast.UnaryExpr{Op: token.AND, X: l.vars.ref(v)})
		slots = append(slots, n+j)
	}
	l.referTo(c.frame)
	text := l.litFrameText(a)
	d := &directCall{callee: c, text: text, slots: slots}
	field := l.vars.frameField("frame:"+text, text, "call")
	d.cand = l.vars.index[l.vars.objOf(field)]
	d.lit = &ast.CompositeLit{Type: l.typeExprText(text), Elts: elts}
	d.set = &ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(l.vars.objOf(field))}, Tok: token.ASSIGN, Rhs: []ast.Expr{d.lit}}
	l.add(d.set, pos)
	d.cond = l.suspendIf(func(n int) ast.Expr {
		d.run = &ast.CallExpr{Fun: l.rt("Call"), Args: []ast.Expr{l.frameAddr(), &ast.UnaryExpr{Op: token.AND, X: l.vars.ref(l.vars.objOf(field))}, intLit(n)}}
		return d.run
	}, pos)
	l.direct = append(l.direct, d)
	task := &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.SelectorExpr{X: l.vars.ref(l.vars.objOf(field)), Sel: ast.NewIdent("Frame")}, Sel: ast.NewIdent("Task")}}
	return task, func() {}
}

// litShape returns the result shape of async literal a and the names of
// the fields of its result struct.
func litShape(a *asyncLit) (shape, []string) {
	res := a.sig.Results()
	sh := newShape(res.Len(), res.Len() > 0 && isError(res.At(res.Len()-1).Type()))
	var ns []string
	for i := 0; i < sh.nonError; i++ {
		ns = append(ns, res.At(i).Name())
	}
	return sh, resultFieldNames(ns)
}

// A litTask is the frame that rt.Go(lit) makes, a new task of the
// literal's frame, for resolveCalls to name its fields: its elements are
// the pointers to the variables the literal captures, positional until
// resolved.
type litTask struct {
	callee *callee
	lit    *ast.CompositeLit
	slots  []int // the index in the frame's Init of each element
}

// resolve names the fields of t's frame.
func (t *litTask) resolve() error {
	m := t.callee.model
	if m == nil {
		return fmt.Errorf("internal error: the function literal of frame %s was not lowered", t.callee.frame)
	}
	for j, e := range t.lit.Elts {
		i := t.slots[j]
		if i >= len(m.Init) || m.Init[i] == "" {
			return fmt.Errorf("internal error: %s has no field for element %d", m.FrameName, i)
		}
		t.lit.Elts[j] = &ast.KeyValueExpr{Key: ast.NewIdent(m.Init[i]), Value: e}
	}
	return nil
}

// deferLit returns the push onto the frame's defer stack of call, a
// deferred call of async literal a: an await of a new task of the
// literal's frame, rt.DeferAwait(&f.Frame, rt.NewTask(&litFrame{...})),
// made now with the arguments (evaluated now, as defer evaluates them) and
// a pointer to each variable the literal captures. A literal that calls
// recover gets the frame that defers it too, whose panic its recover
// stops (see rt.RecoverFor). In a statement copied as written, where
// nothing suspends, the push adds no items: what it evaluates first goes
// in the block it returns.
func (l *lowerer) deferLit(call *ast.CallExpr, a *asyncLit) ast.Stmt {
	c := l.callees[calleeKey(l.fset, a.lit.Pos())]
	args := l.litArgs(call, a)
	params := a.sig.Params()
	n := params.Len()
	// An argument of a blank parameter has no field to go to: it is
	// evaluated for its effects, in its turn, before the frame is made,
	// and so are the arguments before it, into variables of a block.
	trivial := func(e ast.Expr) bool {
		switch ast.Unparen(e).(type) {
		case *ast.Ident, *ast.BasicLit:
			return true
		}
		tv, ok := l.info.Types[e]
		return ok && tv.Value != nil
	}
	last := -1
	for i, e := range args {
		if name := params.At(i).Name(); (name == "" || name == "_") && e != nil && !trivial(e) {
			last = i
		}
	}
	var pre []ast.Stmt
	var elts []ast.Expr
	var slots []int
	for i, e := range args {
		if e == nil {
			continue
		}
		if name := params.At(i).Name(); name == "" || name == "_" {
			if !trivial(e) {
				pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{blank()}, Tok: token.ASSIGN, Rhs: []ast.Expr{e}})
			}
			continue
		}
		if i < last && !trivial(e) {
			d := ast.NewIdent(l.blockVar("d" + itoa(i)))
			pre = append(pre, &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
				&ast.ValueSpec{Names: []*ast.Ident{d}, Type: l.typeExpr(params.At(i).Type()), Values: []ast.Expr{e}},
			}}})
			e = ast.NewIdent(d.Name)
		}
		elts = append(elts, e)
		slots = append(slots, i)
	}
	for j, v := range a.caps {
		elts = append(elts, &ast.UnaryExpr{Op: token.AND, X: l.vars.ref(v)})
		slots = append(slots, n+j)
	}
	if len(a.recovers) > 0 {
		elts = append(elts, l.frameAddr())
		slots = append(slots, n+len(a.caps))
	}
	l.referTo(c.frame)
	cl := &ast.CompositeLit{Type: l.typeExprText(l.litFrameText(a)), Elts: elts}
	l.tasks = append(l.tasks, &litTask{callee: c, lit: cl, slots: slots})
	task := &ast.CallExpr{Fun: l.rt("NewTask"), Args: []ast.Expr{&ast.UnaryExpr{Op: token.AND, X: cl}}}
	push := &ast.ExprStmt{X: l.deferAwait(task)}
	if len(pre) == 0 {
		return push
	}
	return &ast.BlockStmt{List: append(pre, push)}
}

// litFrameText returns the type of the frame of async literal a, as the
// function (or literal) being lowered names it: instantiated with the type
// parameters of a generic function.
func (l *lowerer) litFrameText(a *asyncLit) string {
	return litFrameText(l.callees[calleeKey(l.fset, a.lit.Pos())], a, l.tn)
}

// litFrameText returns the type of the frame c of async literal a as
// named with tn: instantiated with the type parameters of a generic
// function.
func litFrameText(c *callee, a *asyncLit, tn *typeNamer) string {
	if a.tparams == nil {
		return c.frame
	}
	var args []string
	for i := 0; i < a.tparams.Len(); i++ {
		args = append(args, tn.typeText(a.tparams.At(i)))
	}
	return c.frame + "[" + strings.Join(args, ", ") + "]"
}

// goTask rewrites rt.Go(lit), for async literal a, into
// rt.NewTask(&litFrame{x: &x, ...}).
func (rw *rewriter) goTask(a *asyncLit, pos token.Pos) ast.Expr {
	c := rw.callees[calleeKey(rw.fset, a.lit.Pos())]
	var elts []ast.Expr
	var slots []int
	for j, v := range a.caps {
		elts = append(elts, rw.rewrite(&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: rw.vars.ref(v)}).(ast.Expr))
		slots = append(slots, a.sig.Params().Len()+j)
	}
	typ, err := parser.ParseExpr(litFrameText(c, a, rw.tn))
	if err != nil {
		panic(err)
	}
	fillPos(typ, pos)
	cl := &ast.CompositeLit{Type: typ, Lbrace: pos, Elts: elts, Rbrace: pos}
	*rw.tasks = append(*rw.tasks, &litTask{callee: c, lit: cl, slots: slots})
	rt := rw.qual.ident(rtPath, "rt")
	return &ast.CallExpr{
		Fun:    &ast.SelectorExpr{X: &ast.Ident{Name: rt, NamePos: pos}, Sel: ast.NewIdent("NewTask")},
		Lparen: pos,
		Args:   []ast.Expr{&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: cl}},
		Rparen: pos,
	}
}

// spawnHere rewrites rt.Spawn(t) into rt.SpawnBeside(&f.Frame, t), which
// spawns t on the loop of the frame's task.
func (rw *rewriter) spawnHere(call *ast.CallExpr) ast.Expr {
	rt := rw.qual.ident(rtPath, "rt")
	pos := call.Pos()
	frame := &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: &ast.SelectorExpr{X: &ast.Ident{Name: rw.self, NamePos: pos}, Sel: ast.NewIdent("Frame")}}
	args := []ast.Expr{frame}
	for _, a := range call.Args {
		args = append(args, rw.rewrite(a).(ast.Expr))
	}
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{Name: rt, NamePos: pos}, Sel: ast.NewIdent("SpawnBeside")}, Lparen: call.Lparen, Args: args, Rparen: call.Rparen}
}

// valueUse says where a function literal whose parent is p is used as a
// value.
func valueUse(p ast.Node) string {
	switch p.(type) {
	case *ast.ReturnStmt:
		return "returned"
	case *ast.CompositeLit, *ast.KeyValueExpr:
		return "stored in a composite literal"
	case *ast.AssignStmt, *ast.ValueSpec:
		return "assigned"
	case *ast.SendStmt:
		return "sent on a channel"
	}
	return "used as a value"
}
