package transform

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

func (l *lowerer) stmts(list []ast.Stmt) {
	for _, s := range list {
		l.stmt(s)
	}
}

// stmt lowers a statement at the top level of Resume (a flattened block).
func (l *lowerer) stmt(s ast.Stmt) {
	userLabel := l.userLabel
	l.userLabel = ""
	if l.lits.defs[s] {
		return // an async literal only called: its calls run its frame
	}
	switch s := s.(type) {
	case *ast.AssignStmt:
		l.assign(s)
	case *ast.DeclStmt:
		l.decl(s)
	case *ast.ExprStmt:
		if !l.susp(s) {
			l.addPlain(s)
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
		l.add(&ast.ExprStmt{X: l.expr(s.X, false)}, s.Pos())
	case *ast.ReturnStmt:
		if !l.susp(s) {
			l.addPlain(s)
			return
		}
		vals := l.exprArgs(s.Results, false)
		it := l.add(l.returnStmt(vals), s.Pos())
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
			l.addPlain(s)
			return
		}
		// The function value and the arguments are evaluated here, awaits
		// included; the call runs on the new goroutine (in blocking mode,
		// if it is of an async function).
		call := s.Call
		fun := l.expr(call.Fun, l.anySusp(call.Args))
		args := l.exprArgs(call.Args, false)
		l.add(&ast.GoStmt{Go: s.Go, Call: &ast.CallExpr{Fun: fun, Args: args, Ellipsis: call.Ellipsis}}, s.Pos())
	case *ast.BlockStmt:
		if !l.susp(s) {
			l.addPlain(s)
			return
		}
		l.stmts(s.List)
	case *ast.LabeledStmt:
		if !l.susp(s) && !declaresVars(s.Stmt) {
			l.addPlain(s)
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
			l.addPlain(s)
			return
		}
		l.add(&ast.IncDecStmt{X: l.expr(s.X, false), Tok: s.Tok}, s.Pos())
	case *ast.SendStmt:
		if !l.susp(s) {
			l.addPlain(s)
			return
		}
		ch := l.expr(s.Chan, l.susp(s.Value))
		l.add(&ast.SendStmt{Chan: ch, Value: l.expr(s.Value, false)}, s.Pos())
	case *ast.BranchStmt:
		if s.Tok == token.FALLTHROUGH {
			// cases takes a case's fallthrough off its body.
			l.errorf(s.Pos(), "internal error: a fallthrough that is not the end of a lowered case")
			return
		}
		l.addPlain(s)
	default:
		if l.susp(s) {
			l.unsupported(s.Pos(), describe(s)+" is not supported across an await yet", "await into a variable before the statement")
			return
		}
		l.addPlain(s)
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
		case *ast.DeferStmt:
			// A push onto the frame's defer stack, as where it is lowered:
			// a defer left as written would run when Resume returns.
			d := l.deferPush(n, true)
			fillPos(d, n.Pos())
			c.Replace(d)
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
		// at the top. If it leaves range loops over functions, it stops
		// their iterators first.
		return l.leave(l.gotoLeaves(b), b, "")
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
			return l.leave(i+1, b, t.cont)
		}
		return l.leave(i+1, b, t.brk)
	}
	if b.Label != nil {
		l.unsupported(b.Pos(), b.Tok.String()+" to label "+b.Label.Name+" is not supported here yet",
			"move the await out of the labelled statement or the jump into it")
	}
	return nil
}

// gotoLeaves returns the index in l.targets of the outermost range loop
// over a function that goto b leaves (its label is outside the loop), or
// len(l.targets) if it leaves none: the loops are nested, so it leaves
// that one and every one inside it.
func (l *lowerer) gotoLeaves(b *ast.BranchStmt) int {
	lab := l.info.Uses[b.Label]
	if lab == nil {
		return len(l.targets) // a label of the lowering's own
	}
	for i, t := range l.targets {
		if (t.stop != nil || t.end != nil) && (lab.Pos() < t.pos || lab.Pos() >= t.endPos) {
			return i
		}
	}
	return len(l.targets)
}

// leave returns the statement for jump b, which leaves l.targets[from:]
// for label to (b's own label, a goto's, when to is empty): a goto to,
// after the statements that stop the iterators of the range loops over
// functions that it leaves, innermost first. When it leaves a range loop
// over an async generator, whose producer's end must be awaited, it stops
// the loops inside the innermost such loop and goes to an exit after
// that loop, which awaits the end and then makes jump b again from there
// (see genExits). It returns nil when b stays as it is.
func (l *lowerer) leave(from int, b *ast.BranchStmt, to string) ast.Stmt {
	for j := len(l.targets) - 1; j >= from; j-- {
		if t := l.targets[j]; t.end != nil {
			e := genExit{label: l.newLabel("exit"), jump: &ast.BranchStmt{TokPos: b.TokPos, Tok: b.Tok, Label: b.Label}}
			t.exits = append(t.exits, e)
			return withStops(l.stopsFrom(j+1), l.gotoStmt(e.label))
		}
	}
	stops := l.stopsFrom(from)
	if to == "" {
		if len(stops) == 0 {
			return nil
		}
		return withStops(stops, b)
	}
	return withStops(stops, l.gotoStmt(to))
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
	return !l.declared[name] && l.tn.predeclaredOutside(name)
}

func (l *lowerer) ifStmt(s *ast.IfStmt) {
	if s.Init != nil {
		l.stmt(s.Init)
	}
	cond := l.expr(s.Cond, false)
	if !l.susp(s.Body) && !l.susp(s.Else) {
		ns := &ast.IfStmt{If: s.If, Cond: cond, Body: s.Body, Else: s.Else}
		l.addPlain(ns)
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
	if !l.susp(s) {
		// Left as written, its variables in it: each iteration has its
		// own, which a closure or a pointer of the body may keep.
		l.addPlain(l.withLabel(&ast.ForStmt{For: s.For, Init: s.Init, Cond: s.Cond, Post: s.Post, Body: s.Body}, userLabel))
		return
	}
	first := len(l.vars.cands)
	if s.Init != nil {
		if l.susp(s.Init) || l.susp(s.Cond) || l.susp(s.Post) || l.susp(s.Body) {
			l.loops++ // per-iteration variables
			l.stmt(s.Init)
			l.loops--
		} else {
			l.stmt(s.Init)
		}
	}
	var perIter []int
	for i := first; i < len(l.vars.cands); i++ {
		if !l.vars.cands[i].temp {
			perIter = append(perIter, i)
		}
	}
	if !l.susp(s.Init) && !l.susp(s.Cond) && !l.susp(s.Post) && !l.susp(s.Body) {
		l.addPlain(l.withLabel(&ast.ForStmt{For: s.For, Cond: s.Cond, Post: s.Post, Body: s.Body}, userLabel))
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
			l.items = append(l.items, &item{box: i + 1, rebox: true})
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
			if i, ok := l.vars.index[l.vars.objOf(id)]; ok {
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
		if f, ok := s.Stmt.(*ast.ForStmt); ok {
			return l.foreverFor(f, s.Label.Name)
		}
		return l.isTerminating(s.Stmt)
	case *ast.ForStmt:
		return l.foreverFor(s, "")
	}
	return false
}

// foreverFor reports whether the for statement s, labelled label (or ""),
// is terminating: it has no condition, and no break refers to it (an
// unlabelled one outside nested loops, switches and selects, or one
// labelled label anywhere in it).
func (l *lowerer) foreverFor(s *ast.ForStmt, label string) bool {
	if s.Cond != nil {
		return false
	}
	brk := false
	var visit func(n ast.Node, nested bool)
	visit = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if !nested {
					visit(n, true)
					return false
				}
			case *ast.BranchStmt:
				if n.Tok == token.BREAK && (n.Label == nil && !nested || n.Label != nil && n.Label.Name == label) {
					brk = true
				}
			}
			return !brk
		})
	}
	visit(s.Body, false)
	return !brk
}

// addPlain emits a statement without suspension points, as it is but for
// its returns and its jumps out of flattened statements.
func (l *lowerer) addPlain(s ast.Stmt) {
	pos := s.Pos()
	s = l.plain(s)
	it := l.add(s, pos)
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
