package transform

import (
	"go/ast"
	"go/token"
	"go/types"
)

// typeSwitchStmt lowers a type switch. One whose cases await becomes a
// chain of type assertions on the switch's subject, evaluated once, each
// jumping to its case's body; in a body the bound variable has the case's
// type when the case names one type, and the subject's type otherwise.
func (l *lowerer) typeSwitchStmt(s *ast.TypeSwitchStmt, userLabel string) {
	if !l.susp(s) {
		l.addPlain(l.withLabel(s, userLabel))
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
	subject := l.vars.temp(l.info.TypeOf(guard.X), "subject")
	l.add(&ast.AssignStmt{Lhs: []ast.Expr{subject}, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}, guard.X.Pos())
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
		l.addPlain(l.withLabel(&ns, userLabel))
		return
	}
	l.cases(s.Body, userLabel, func(e ast.Expr, body string) {
		var cond ast.Expr
		var init ast.Stmt
		if l.info.Types[e].IsNil() {
			cond = &ast.BinaryExpr{X: l.vars.ref(l.vars.objOf(subject)), Op: token.EQL, Y: l.nilOf(l.info.TypeOf(guard.X))}
		} else {
			// if _, ok := subject.(T); ok { goto caseBody }: ok is scoped
			// to the if, whose body is only the goto.
			ok := ast.NewIdent("ok")
			init = &ast.AssignStmt{Lhs: []ast.Expr{blank(), ok}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: l.vars.ref(l.vars.objOf(subject)), Type: e}}}
			cond = ok
		}
		it := l.add(&ast.IfStmt{Init: init, Cond: cond, Body: &ast.BlockStmt{List: []ast.Stmt{l.gotoStmt(body)}}}, e.Pos())
		it.gotos = []string{body}
	}, func(cc *ast.CaseClause) {
		if obj, ok := l.info.Implicits[cc].(*types.Var); ok && l.usedIn(obj, cc.Body) {
			var val ast.Expr = l.vars.ref(l.vars.objOf(subject))
			if len(cc.List) == 1 && !l.info.Types[cc.List[0]].IsNil() {
				val = &ast.TypeAssertExpr{X: val, Type: cc.List[0]}
			}
			l.declareHere(obj)
			l.add(&ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(obj)}, Tok: token.ASSIGN, Rhs: []ast.Expr{val}}, cc.Colon)
		}
	})
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
		l.addPlain(l.withLabel(&ast.SwitchStmt{Switch: s.Switch, Tag: tag, Body: s.Body}, userLabel))
		return
	}
	var tag ast.Expr
	if s.Tag != nil {
		t := l.expr(s.Tag, false)
		tag = l.vars.temp(l.info.TypeOf(s.Tag), "tag")
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{tag}, Tok: token.ASSIGN, Rhs: []ast.Expr{t}}, s.Tag.Pos())
	}
	l.cases(s.Body, userLabel, func(e ast.Expr, body string) {
		v := l.expr(e, false)
		cond := v
		if tag != nil {
			cond = &ast.BinaryExpr{X: l.vars.ref(l.vars.objOf(tag.(*ast.Ident))), Op: token.EQL, Y: v}
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
		body, fall := withoutFallthrough(cc.Body)
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

// withoutFallthrough returns the statements of a case's body without its
// fallthrough, and whether it had one: the last statement that is not
// empty ("fallthrough;;"), maybe under labels ("L: fallthrough", which
// stays as "L: ;", a goto's target).
func withoutFallthrough(body []ast.Stmt) ([]ast.Stmt, bool) {
	n := len(body)
	for n > 0 {
		if _, ok := body[n-1].(*ast.EmptyStmt); !ok {
			break
		}
		n--
	}
	if n == 0 {
		return body, false
	}
	var labels []*ast.LabeledStmt
	last := body[n-1]
	for {
		ls, ok := last.(*ast.LabeledStmt)
		if !ok {
			break
		}
		labels = append(labels, ls)
		last = ls.Stmt
	}
	if b, ok := last.(*ast.BranchStmt); !ok || b.Tok != token.FALLTHROUGH {
		return body, false
	}
	out := append([]ast.Stmt(nil), body[:n-1]...)
	if len(labels) > 0 {
		// The labels stay, on an empty statement; copies, so that the
		// function's syntax is left as it is.
		var s ast.Stmt = &ast.EmptyStmt{Semicolon: last.Pos(), Implicit: true}
		for i := len(labels) - 1; i >= 0; i-- {
			s = &ast.LabeledStmt{Label: labels[i].Label, Colon: labels[i].Colon, Stmt: s}
		}
		out = append(out, s)
	}
	return out, true
}
