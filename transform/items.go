package transform

import (
	"go/ast"
	"go/token"
)

func (l *lowerer) add(s ast.Stmt, pos token.Pos) *Item {
	it := &Item{Stmt: s, at: pos}
	if pos.IsValid() {
		it.Pos = l.fset.Position(pos)
	}
	l.items = append(l.items, it)
	return it
}

func (l *lowerer) label(name string) *Item {
	it := &Item{Label: name}
	l.items = append(l.items, it)
	return it
}

func (l *lowerer) newLabel(base string) string { return l.labels.fresh(base) }

func (l *lowerer) gotoStmt(label string) *ast.BranchStmt {
	l.labelUses[label]++
	return &ast.BranchStmt{Tok: token.GOTO, Label: ast.NewIdent(label)}
}

// jump emits "goto label".
func (l *lowerer) jump(label string, pos token.Pos) {
	it := l.add(l.gotoStmt(label), pos)
	it.gotos = []string{label}
	it.term = true
}

// branchIf emits "if cond { goto label }".
func (l *lowerer) branchIf(cond ast.Expr, label string, pos token.Pos) {
	s := &ast.IfStmt{Cond: cond, Body: &ast.BlockStmt{List: []ast.Stmt{l.gotoStmt(label)}}}
	it := l.add(s, pos)
	it.gotos = []string{label}
}

func not(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return x.X
		}
	case *ast.Ident, *ast.CallExpr, *ast.ParenExpr, *ast.SelectorExpr:
		return &ast.UnaryExpr{Op: token.NOT, X: e}
	case *ast.BinaryExpr:
		if inv, ok := map[token.Token]token.Token{token.EQL: token.NEQ, token.NEQ: token.EQL}[x.Op]; ok {
			return &ast.BinaryExpr{X: x.X, Op: inv, Y: x.Y}
		}
	}
	return &ast.UnaryExpr{Op: token.NOT, X: &ast.ParenExpr{X: e}}
}

// terminates reports whether control cannot run past the last item.
func (l *lowerer) terminates() bool {
	for i := len(l.items) - 1; i >= 0; i-- {
		it := l.items[i]
		if it.box > 0 {
			continue
		}
		if it.Label != "" {
			if it.resume || l.labelUses[it.Label] > 0 {
				return false
			}
			continue
		}
		return it.term || l.isTerminating(it.Stmt)
	}
	return false
}

// rtName is the name the generated file imports the runtime as.
func (l *lowerer) rtName() string { return l.qual.importName(rtPath, "rt") }

func (l *lowerer) rt(name string) ast.Expr {
	return &ast.SelectorExpr{X: ast.NewIdent(l.qual.ident(rtPath, "rt")), Sel: ast.NewIdent(name)}
}

func (l *lowerer) frame() ast.Expr {
	return &ast.SelectorExpr{X: ast.NewIdent(l.self), Sel: ast.NewIdent("Frame")}
}

func (l *lowerer) frameAddr() ast.Expr { return &ast.UnaryExpr{Op: token.AND, X: l.frame()} }

func (l *lowerer) frameCall(method string, args ...ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: l.frame(), Sel: ast.NewIdent(method)}, Args: args}
}

func intLit(i int) ast.Expr { return &ast.BasicLit{Kind: token.INT, Value: itoa(i)} }

func blank() *ast.Ident { return ast.NewIdent("_") }

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func allBlank(es []ast.Expr) bool {
	for _, e := range es {
		if !isBlank(e) {
			return false
		}
	}
	return len(es) > 0
}

// fillPos gives the nodes that the lowering made, which have no position,
// the position pos, so that go/printer lays them out on one line with the
// user's code around them.
func fillPos(n ast.Node, pos token.Pos) {
	if !pos.IsValid() {
		return
	}
	set := func(p *token.Pos) {
		if !p.IsValid() {
			*p = pos
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			set(&x.NamePos)
		case *ast.BasicLit:
			set(&x.ValuePos)
		case *ast.BinaryExpr:
			set(&x.OpPos)
		case *ast.UnaryExpr:
			set(&x.OpPos)
		case *ast.StarExpr:
			set(&x.Star)
		case *ast.CompositeLit:
			set(&x.Lbrace)
			set(&x.Rbrace)
		case *ast.ParenExpr:
			set(&x.Lparen)
			set(&x.Rparen)
		case *ast.CallExpr:
			set(&x.Lparen)
			set(&x.Rparen)
		case *ast.StructType:
			set(&x.Struct)
		case *ast.FieldList:
			set(&x.Opening)
			set(&x.Closing)
		case *ast.IndexExpr:
			set(&x.Lbrack)
			set(&x.Rbrack)
		case *ast.IndexListExpr:
			set(&x.Lbrack)
			set(&x.Rbrack)
		case *ast.KeyValueExpr:
			set(&x.Colon)
		case *ast.AssignStmt:
			set(&x.TokPos)
		case *ast.ReturnStmt:
			set(&x.Return)
		case *ast.IfStmt:
			set(&x.If)
		case *ast.BlockStmt:
			set(&x.Lbrace)
			set(&x.Rbrace)
		case *ast.BranchStmt:
			set(&x.TokPos)
		case *ast.IncDecStmt:
			set(&x.TokPos)
		case *ast.SendStmt:
			set(&x.Arrow)
		}
		return true
	})
}
