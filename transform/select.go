package transform

import (
	"go/ast"
	"go/token"
	"go/types"
)

// selectStmt lowers a select statement whose case bodies await: the select
// itself stays, with each case only recording that it was chosen (and what
// it received, for a case that declares variables), and the bodies run
// after it, lowered, chosen by that record.
func (l *lowerer) selectStmt(s *ast.SelectStmt, userLabel string) {
	if !l.susp(s) {
		l.addPlain(l.withLabel(s, userLabel))
		return
	}
	// Go evaluates the channels and the values sent once, in source order,
	// on entering the select; when one awaits, all are evaluated so first.
	early := false
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		if a, ok := cc.Comm.(*ast.AssignStmt); ok && l.anySusp(a.Lhs) {
			// The left-hand side is evaluated once the case is chosen:
			// in its body, below.
			early = early || l.susp(a.Rhs[0])
			continue
		}
		early = early || (cc.Comm != nil && l.susp(cc.Comm))
	}
	operand := func(e ast.Expr) ast.Expr {
		if !early {
			return e
		}
		v := l.expr(e, false)
		t := l.vars.temp(l.info.TypeOf(e), "operand")
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{t}, Tok: token.ASSIGN, Rhs: []ast.Expr{v}}, e.Pos())
		return l.vars.ref(l.vars.objOf(t))
	}
	// recv returns the receive e with its channel evaluated.
	recv := func(e ast.Expr) ast.Expr {
		u := ast.Unparen(e).(*ast.UnaryExpr)
		return &ast.UnaryExpr{OpPos: u.OpPos, Op: token.ARROW, X: operand(u.X)}
	}
	chosen := l.vars.temp(types.Typ[types.Int], "chosen")
	sel := &ast.SelectStmt{Select: s.Select, Body: &ast.BlockStmt{}}
	// received[i] binds the variables case i declares, from temporaries.
	received := make([]*ast.AssignStmt, len(s.Body.List))
	// assigned[i] is the assignment "a[f()] = <-ch" of case i whose
	// left-hand side awaits: the case receives into temporaries, and its
	// body evaluates the left-hand side, then assigns them, as Go does
	// once the case is chosen.
	assigned := make([]*ast.AssignStmt, len(s.Body.List))
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
			if x.Tok == token.ASSIGN && l.anySusp(x.Lhs) {
				late := &ast.AssignStmt{TokPos: x.TokPos, Tok: token.ASSIGN}
				var temps []ast.Expr
				for _, e := range x.Lhs {
					if isBlank(e) {
						temps = append(temps, blank())
						continue
					}
					t := l.vars.temp(l.info.TypeOf(e), "received")
					temps = append(temps, t)
					late.Lhs = append(late.Lhs, e)
					late.Rhs = append(late.Rhs, l.vars.ref(l.vars.objOf(t)))
				}
				comm = &ast.AssignStmt{Lhs: temps, TokPos: x.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{recv(x.Rhs[0])}}
				assigned[i] = late
			}
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
				t := l.vars.temp(obj.Type(), "received")
				lhs = append(lhs, t)
				bind.Lhs = append(bind.Lhs, l.vars.ref(obj))
				bind.Rhs = append(bind.Rhs, l.vars.ref(l.vars.objOf(t)))
			}
			comm = &ast.AssignStmt{Lhs: lhs, TokPos: a.TokPos, Tok: token.ASSIGN, Rhs: a.Rhs}
			if len(bind.Lhs) > 0 {
				received[i] = bind
			}
		}
		record := &ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(l.vars.objOf(chosen))}, Tok: token.ASSIGN, Rhs: []ast.Expr{intLit(i + 1)}}
		sel.Body.List = append(sel.Body.List, &ast.CommClause{Comm: comm, Body: []ast.Stmt{record}})
	}
	l.addPlain(sel)
	// The bodies, chosen by the record as the cases of a switch on it.
	clauses := &ast.BlockStmt{Lbrace: s.Select} // the position of the jump past them
	bindOf := map[*ast.CaseClause]*ast.AssignStmt{}
	assignOf := map[*ast.CaseClause]*ast.AssignStmt{}
	for i, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		clause := &ast.CaseClause{Case: cc.Case, List: []ast.Expr{intLit(i + 1)}, Colon: cc.Colon, Body: cc.Body}
		clauses.List = append(clauses.List, clause)
		bindOf[clause] = received[i]
		assignOf[clause] = assigned[i]
	}
	l.cases(clauses, userLabel, func(e ast.Expr, body string) {
		l.branchIf(&ast.BinaryExpr{X: l.vars.ref(l.vars.objOf(chosen)), Op: token.EQL, Y: e}, body, s.Select)
	}, func(cc *ast.CaseClause) {
		if bind := bindOf[cc]; bind != nil {
			for _, e := range bind.Lhs {
				l.declareHere(l.vars.objOf(e.(*ast.Ident)))
			}
			l.add(bind, cc.Colon)
		}
		if late := assignOf[cc]; late != nil {
			lhs := make([]ast.Expr, len(late.Lhs))
			for i, e := range late.Lhs {
				lhs[i] = l.expr(e, l.anySusp(late.Lhs[i+1:]))
			}
			l.add(&ast.AssignStmt{Lhs: lhs, TokPos: late.TokPos, Tok: token.ASSIGN, Rhs: late.Rhs}, late.Pos())
		}
	})
}
