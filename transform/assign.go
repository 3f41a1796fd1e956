package transform

import (
	"go/ast"
	"go/token"
)

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
		it := l.add(l.plain(ns), s.Pos())
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
	l.add(&ast.AssignStmt{Lhs: lhs, Tok: tok, Rhs: rhs}, s.Pos())
}

// decl lowers a declaration statement: variables become assignments.
func (l *lowerer) decl(s *ast.DeclStmt) {
	gd, ok := s.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		l.addPlain(s)
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
			l.add(&ast.AssignStmt{Lhs: []ast.Expr{n}, Tok: token.ASSIGN, Rhs: []ast.Expr{l.zero(obj.Type(), vs.Type)}}, n.Pos())
		}
	}
}
