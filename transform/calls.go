package transform

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
)

// Direct calls.
//
// A call g(x) of an async function g of the same package runs g's frame
// with rt.Call (see rt/call.go for the shapes and why reusing a frame is
// safe) instead of awaiting the task of gAsync(x). How the caller holds
// the callee's frame depends on the callee:
//
//   - embedded: a field of the caller's frame, of g's frame type, reset
//     by each call. The usual case: no allocation at all.
//   - pool: a *gFrame taken from the package-level rt.FramePool of g and
//     given back once the result is read, when g is recursive (directly or
//     through a cycle of direct calls), since a frame cannot contain
//     itself.
//   - fresh: a new frame per call, never reused, when g's frame holds a
//     variable that may outlive the call (captured by a function literal,
//     or whose address is taken) or g is recursive and generic (a
//     package-level pool cannot have type parameters).
//
// A callee that defers nothing is run with rt.BeginCall and rt.AfterCall
// around a static call of its Resume, which spares the dynamic calls of
// rt.Call and the deferred recover it needs to run the callee's deferred
// calls on a panic.
//
// A callee of another package is called through its constructor gAsync:
// frame types stay unexported, as they are no part of a package's API.
// So is a method called through an embedded field, a method expression,
// or a pointer method of an addressable value whose arguments suspend.
//
// The choice needs to know whether the callee escapes, which only its
// lowering tells, and the callee may come later in the package: the
// lowering writes the embedded shape, records each call (directCall), and
// resolveCalls fixes the shape once every function of the package is
// lowered. Frame and pool names are chosen before any lowering
// (planCallees), so that a caller can keep its locals from hiding them.

// A callee is what a direct call of an async function of the package
// needs to know of it.
type callee struct {
	frame     string // the frame type's name
	pool      string // the FramePool's name, if recursive and not generic
	recursive bool   // reaches itself through direct calls
	model     *Func  // once lowered
}

// calleeKey identifies an async function across the variants of its
// package (the package and its test variant are type-checked apart).
func calleeKey(fset *token.FileSet, pos token.Pos) string {
	return fset.Position(pos).String()
}

// planCallees names the frames (and pools) of the async functions fns,
// declared in files not lowered before, and finds which are recursive.
// async holds every async function of the package.
func planCallees(fset *token.FileSet, info *types.Info, fns []*ast.FuncDecl, async map[*types.Func]bool, frames *names, callees map[string]*callee) {
	calls := map[*types.Func][]*types.Func{}
	var objs []*types.Func
	for _, fd := range fns {
		obj, _ := info.Defs[fd.Name].(*types.Func)
		if obj == nil {
			continue
		}
		objs = append(objs, obj)
		// Every static call of an async function in the body counts, even
		// one that is not a direct call (the call of a go statement), and
		// those of its function literals, whose frames may be fields of
		// its frame: a callee taken for recursive needlessly only costs a
		// pool.
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if g, _ := staticCallee(info, n); g != nil && async[g] {
					calls[obj] = append(calls[obj], g)
				}
			}
			return true
		})
	}
	for _, obj := range objs {
		recvName := ""
		sig := obj.Type().(*types.Signature)
		if recv := sig.Recv(); recv != nil {
			recvName = namedOf(recv.Type()).Obj().Name()
		}
		c := &callee{frame: frames.fresh(frameName(recvName, obj.Name())), recursive: reaches(calls, obj, obj)}
		generic := sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0
		if c.recursive && !generic {
			c.pool = frames.fresh(c.frame + "Pool")
		}
		callees[calleeKey(fset, obj.Pos())] = c
	}
}

// reaches reports whether from calls to, directly or not.
func reaches(calls map[*types.Func][]*types.Func, from, to *types.Func) bool {
	seen := map[*types.Func]bool{}
	var visit func(f *types.Func) bool
	visit = func(f *types.Func) bool {
		for _, g := range calls[f] {
			if g == to {
				return true
			}
			if !seen[g] {
				seen[g] = true
				if visit(g) {
					return true
				}
			}
		}
		return false
	}
	return visit(from)
}

// A callMode is how a caller holds the frame of a direct call.
type callMode int

const (
	embedded callMode = iota
	pooled
	fresh
)

// A directCall is a direct call as the lowering wrote it, in the embedded
// shape, for resolveCalls to fix.
type directCall struct {
	callee *callee
	cand   int               // the caller's candidate that holds the frame
	field  string            // its name, once named
	text   string            // the callee's frame type, instantiated
	lit    *ast.CompositeLit // its elements positional until resolved
	slots  []int             // the index in the callee's Init of each element
	set    *ast.AssignStmt   // f.call = lit
	run    *ast.CallExpr     // rt.Call(&f.Frame, &f.call, n)
	cond   *ast.IfStmt       // if run { return rt.Suspended }
	take   *item             // f.call = rt.TakeFrame(...), for a pool
	free   *item             // rt.FreeFrame(...), for a pool
}

// directCallee returns the callee of call, a call of async function fn,
// if it can be a direct call (see above), or nil.
func (l *lowerer) directCallee(call *ast.CallExpr, fn *types.Func) *callee {
	if fn.Pkg() != l.pkg {
		return nil
	}
	c := l.callees[calleeKey(l.fset, fn.Pos())]
	if c == nil {
		return nil
	}
	sig := l.info.TypeOf(call.Fun).(*types.Signature)
	if len(call.Args) == 1 && sig.Variadic() {
		if _, ok := l.info.TypeOf(call.Args[0]).(*types.Tuple); ok {
			return nil
		}
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return c
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := l.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) != 1 {
		return nil
	}
	if isPointer(recv.Type()) && !isPointer(l.info.TypeOf(sel.X)) && l.anySusp(call.Args) {
		// &x of a copy of x, spilled before the arguments, would not do.
		return nil
	}
	return c
}

// callDirect lowers call, a direct call of async function fn whose frame
// c describes, in the embedded shape (see resolveCalls). It returns the
// expression of the callee's task to read the result from, and a function
// that adds what comes after the read.
func (l *lowerer) callDirect(call *ast.CallExpr, fn *types.Func, c *callee, pos token.Pos) (ast.Expr, func()) {
	sig := l.info.TypeOf(call.Fun).(*types.Signature)
	decl := fn.Type().(*types.Signature)
	var elts []ast.Expr
	var slots []int // the index in the callee's Init of each of elts
	var targs *types.TypeList
	slot := 0
	// keep sets the callee's field name to e; orig is the argument as
	// written, or nil when e has no single source expression.
	keep := func(name string, e, orig ast.Expr) {
		defer func() { slot++ }()
		if e == nil {
			return
		}
		if name == "" || name == "_" {
			// No field to set: evaluate it for its effects alone. An
			// identifier may be a temporary holding an awaited value,
			// which must be used. A constant or an untyped nil has no
			// effects (and `_ = nil` does not build).
			if orig != nil {
				if tv, ok := l.info.Types[orig]; ok && (tv.Value != nil || tv.IsNil()) {
					return
				}
			}
			switch ast.Unparen(e).(type) {
			case *ast.BasicLit:
			default:
				l.add(&ast.AssignStmt{Lhs: []ast.Expr{blank()}, Tok: token.ASSIGN, Rhs: []ast.Expr{e}}, pos)
			}
			return
		}
		elts = append(elts, e)
		slots = append(slots, slot)
	}
	if recv := decl.Recv(); recv != nil {
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		x := l.expr(sel.X, l.anySusp(call.Args))
		xPtr := isPointer(l.info.TypeOf(sel.X))
		switch {
		case isPointer(recv.Type()) && !xPtr:
			x = &ast.UnaryExpr{Op: token.AND, X: x}
		case !isPointer(recv.Type()) && xPtr:
			x = &ast.StarExpr{X: x}
		}
		keep(recv.Name(), x, sel.X)
		if n := namedOf(l.info.Selections[sel].Recv()); n != nil {
			targs = n.TypeArgs()
		}
	} else {
		_, id := l.calleeOf(call)
		if inst, ok := l.info.Instances[id]; ok {
			targs = inst.TypeArgs
		}
	}
	tuple := false
	if len(call.Args) == 1 {
		_, tuple = l.info.TypeOf(call.Args[0]).(*types.Tuple)
	}
	args := l.exprArgs(call.Args, tuple)
	params := decl.Params()
	n := params.Len()
	packed := sig.Variadic() && !call.Ellipsis.IsValid()
	if packed {
		// Pack the variadic arguments as the call would.
		var rest ast.Expr
		if len(args) >= n {
			texpr := l.typeExpr(sig.Params().At(n - 1).Type())
			rest = &ast.CompositeLit{Type: texpr, Elts: append([]ast.Expr(nil), args[n-1:]...)}
		}
		args = append(args[:n-1:n-1], rest)
	}
	for i, a := range args {
		var orig ast.Expr
		if !tuple && i < len(call.Args) && !(packed && i == n-1) {
			orig = call.Args[i]
		}
		keep(params.At(i).Name(), a, orig)
	}

	text := c.frame
	if targs != nil && targs.Len() > 0 {
		text += "["
		for i := 0; i < targs.Len(); i++ {
			if i > 0 {
				text += ", "
			}
			text += l.tn.typeText(targs.At(i))
		}
		text += "]"
	}
	l.referTo(c.frame)
	d := &directCall{callee: c, text: text, slots: slots}
	field := l.vars.frameField("frame:"+text, text, "call")
	d.cand = l.vars.index[l.vars.objOf(field)]
	if c.pool != "" {
		l.referTo(c.pool)
		take := &ast.CallExpr{Fun: l.rt("TakeFrame"), Args: []ast.Expr{l.frameAddr(), l.poolAddr(c.pool)}}
		d.take = l.add(&ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(l.vars.objOf(field))}, Tok: token.ASSIGN, Rhs: []ast.Expr{take}}, pos)
	}
	d.lit = &ast.CompositeLit{Type: l.typeExprText(text), Elts: elts}
	d.set = &ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(l.vars.objOf(field))}, Tok: token.ASSIGN, Rhs: []ast.Expr{d.lit}}
	l.add(d.set, pos)
	d.cond = l.suspendIf(func(n int) ast.Expr {
		d.run = &ast.CallExpr{Fun: l.rt("Call"), Args: []ast.Expr{l.frameAddr(), &ast.UnaryExpr{Op: token.AND, X: l.vars.ref(l.vars.objOf(field))}, intLit(n)}}
		return d.run
	}, pos)
	l.direct = append(l.direct, d)
	// f.call.Frame.Task(): a field of the callee's named Task would hide
	// the promoted method.
	task := &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.SelectorExpr{X: l.vars.ref(l.vars.objOf(field)), Sel: ast.NewIdent("Frame")}, Sel: ast.NewIdent("Task")}}
	after := func() {
		if c.pool != "" {
			free := &ast.CallExpr{Fun: l.rt("FreeFrame"), Args: []ast.Expr{l.frameAddr(), l.poolAddr(c.pool), l.vars.ref(l.vars.objOf(field))}}
			d.free = l.add(&ast.ExprStmt{X: free}, pos)
		}
	}
	return task, after
}

func (l *lowerer) poolAddr(name string) ast.Expr {
	return &ast.UnaryExpr{Op: token.AND, X: ast.NewIdent(name)}
}

// typeExpr returns the type expression of t in generated code.
func (l *lowerer) typeExpr(t types.Type) ast.Expr { return l.typeExprText(l.tn.typeText(t)) }

func (l *lowerer) typeExprText(text string) ast.Expr {
	e, err := parser.ParseExpr(text)
	if err != nil {
		panic(fmt.Sprintf("type %s does not parse: %v", text, err))
	}
	clearPos(e)
	return e
}

// clearPos removes the positions of the nodes of e, which parser.ParseExpr
// gave them in a file set of its own: in the generated file's, they would
// point at the start of one of the user's files, and go/printer would
// break lines between them and the lowering's nodes at the statement's
// position (fillPos).
func clearPos(e ast.Expr) {
	posType := reflect.TypeFor[token.Pos]()
	ast.Inspect(e, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		v := reflect.ValueOf(n).Elem()
		for i := range v.NumField() {
			if f := v.Field(i); f.Type() == posType {
				f.SetInt(0)
			}
		}
		return true
	})
}

// resolveCalls fixes the direct calls of the functions fns, once every
// callee is lowered: it sets the fields of each callee frame's composite
// literal, and turns the embedded shape into the pooled or fresh one where
// the callee needs it.
// It also names each function's FramePool, if its file must declare one.
func resolveCalls(fns []*Func, callees map[string]*callee) error {
	for _, fn := range fns {
		fn.Pool = poolOf(callees[fn.key])
		for _, t := range fn.tasks {
			if err := t.resolve(); err != nil {
				return err
			}
		}
		drop := map[ast.Stmt]bool{}
		for _, d := range fn.calls {
			if err := d.resolve(fn, drop); err != nil {
				return err
			}
		}
		if len(drop) > 0 {
			body := fn.Body[:0]
			for _, it := range fn.Body {
				if it.Stmt == nil || !drop[it.Stmt] {
					body = append(body, it)
				}
			}
			fn.Body = body
		}
	}
	return nil
}

// resolve fixes direct call d of caller fn, adding the statements to
// drop from fn's body to drop.
func (d *directCall) resolve(fn *Func, drop map[ast.Stmt]bool) error {
	m := d.callee.model
	if m == nil {
		return fmt.Errorf("internal error: the callee %s of %s was not lowered", d.callee.frame, fn.Name)
	}
	var elts []ast.Expr
	for j, e := range d.lit.Elts {
		i := d.slots[j]
		if i >= len(m.Init) || m.Init[i] == "" {
			return fmt.Errorf("internal error: %s has no field for argument %d", m.FrameName, i)
		}
		elts = append(elts, &ast.KeyValueExpr{Key: ast.NewIdent(m.Init[i]), Value: e})
	}
	d.lit.Elts = elts
	switch modeOf(d.callee) {
	case pooled:
		d.pointer(fn)
		d.set.Lhs[0] = &ast.StarExpr{X: d.set.Lhs[0]}
	case fresh:
		d.pointer(fn)
		d.set.Rhs[0] = &ast.UnaryExpr{Op: token.AND, X: d.lit}
		if d.take != nil {
			drop[d.take.stmt] = true
			drop[d.free.stmt] = true
		}
	}
	if !m.defers {
		d.split()
	}
	return nil
}

// pointer makes the caller hold the callee's frame by a pointer.
func (d *directCall) pointer(fn *Func) {
	for i := range fn.Fields {
		if fn.Fields[i].Name == d.field {
			fn.Fields[i].Type = "*" + d.text
		}
	}
	d.run.Args[1] = d.run.Args[1].(*ast.UnaryExpr).X
}

// split turns the condition rt.Call(&f.Frame, g, n) of a call of a
// callee that defers nothing into
// rt.BeginCall(&f.Frame, &g.Frame) && rt.AfterCall(&f.Frame, g, g.Resume(), n),
// which calls the callee's Resume statically (see rt.BeginCall).
func (d *directCall) split() {
	rtPkg := d.run.Fun.(*ast.SelectorExpr).X
	frame, g, n := d.run.Args[0], d.run.Args[1], d.run.Args[2]
	x := g
	if u, ok := g.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	rt := func(name string) ast.Expr { return &ast.SelectorExpr{X: rtPkg, Sel: ast.NewIdent(name)} }
	begin := &ast.CallExpr{Fun: rt("BeginCall"), Args: []ast.Expr{frame, &ast.UnaryExpr{Op: token.AND, X: &ast.SelectorExpr{X: x, Sel: ast.NewIdent("Frame")}}}}
	step := &ast.CallExpr{Fun: &ast.SelectorExpr{X: x, Sel: ast.NewIdent("Resume")}}
	after := &ast.CallExpr{Fun: rt("AfterCall"), Args: []ast.Expr{frame, g, step, n}}
	d.cond.Cond = &ast.BinaryExpr{X: begin, Op: token.LAND, Y: after}
}

// modeOf is how callers hold the frame of callee c.
func modeOf(c *callee) callMode {
	switch {
	case c.model.escapes:
		return fresh
	case c.pool != "":
		return pooled
	case c.recursive:
		return fresh
	}
	return embedded
}

// poolOf returns the name of the FramePool that the file of callee c
// declares, or "".
func poolOf(c *callee) string {
	if c != nil && modeOf(c) == pooled {
		return c.pool
	}
	return ""
}
