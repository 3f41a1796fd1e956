package transform

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// An item is one element of the lowered body in the lowering's own form:
// a label, a statement, or the place where a box may be allocated, with
// what the passes after the lowering need to know of it. Liveness, the
// choice of frame fields and naming are passes over the items (as go/ssa's
// lift is a pass over its built form) that read what the lowering recorded
// here, never the shape of the statements. The model handed to emit keeps
// only the label, the statement and its position (see Item).
type item struct {
	label  string   // a label, if not empty
	stmt   ast.Stmt // a statement, if not nil
	at     token.Pos
	labels []string // the user's labels on the statement, which it keeps
	gotos  []string // labels this item may jump to
	term   bool     // control never reaches the next item
	resume bool     // a resume point label
	box    int      // 1 + candidate whose box is allocated here, if boxed
	rebox  bool     // the box starts as a copy of the previous one

	// What the statement does with variables: it reads those named in
	// uses, and assigns those of defs whole before any later item can
	// read them. Recorded by add (see useDef), or by the builder of the
	// statement when it knows better.
	uses []ast.Node
	defs []*ast.Ident
}

// add appends statement s, at the position pos of the source it lowers,
// and records what it uses and defines.
func (l *lowerer) add(s ast.Stmt, pos token.Pos) *item {
	it := &item{stmt: s, at: pos}
	it.uses, it.defs = useDef(s)
	// A statement emitted as written keeps its labels: a goto from
	// elsewhere in Resume may jump to it.
	for ls, ok := s.(*ast.LabeledStmt); ok; ls, ok = ls.Stmt.(*ast.LabeledStmt) {
		it.labels = append(it.labels, ls.Label.Name)
	}
	l.items = append(l.items, it)
	return it
}

// useDef returns what a statement reads and what it assigns whole: an
// assignment with = assigns the identifiers on its left and reads the rest;
// a block of straight-line code that ends in such an assignment reads what
// its statements read and assigns what its last statement assigns; any
// other statement reads every variable it names.
func useDef(s ast.Stmt) (uses []ast.Node, defs []*ast.Ident) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.ASSIGN {
			break
		}
		for _, e := range s.Rhs {
			uses = append(uses, e)
		}
		for _, e := range s.Lhs {
			if id, ok := e.(*ast.Ident); ok {
				defs = append(defs, id)
			} else {
				uses = append(uses, e)
			}
		}
		return uses, defs
	case *ast.BlockStmt:
		n := len(s.List)
		if n == 0 {
			break
		}
		last, ok := s.List[n-1].(*ast.AssignStmt)
		if !ok || last.Tok != token.ASSIGN || branches(s.List[:n-1]) {
			break
		}
		uses, defs = useDef(last)
		for _, st := range s.List[:n-1] {
			uses = append(uses, st)
		}
		return uses, defs
	}
	return []ast.Node{s}, nil
}

// branches reports whether one of list may jump elsewhere, and so skip
// what follows it.
func branches(list []ast.Stmt) bool {
	found := false
	for _, s := range list {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				found = true
			}
			return !found
		})
	}
	return found
}

// label appends a label.
func (l *lowerer) label(name string) *item {
	it := &item{label: name}
	l.items = append(l.items, it)
	return it
}

func (l *lowerer) newLabel(base string) string { return l.labels.generated(base) }

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
		if it.label != "" {
			if it.resume || l.labelUses[it.label] > 0 {
				return false
			}
			continue
		}
		return it.term || l.isTerminating(it.stmt)
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
	if method == "Defer" {
		l.defers = true
	}
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

// boxStmt allocates the box of a per-iteration variable: a new one, or with
// rebox a new one that starts as a copy of the current one.
func (l *lowerer) boxStmt(c *candidate, rebox bool) ast.Stmt {
	field := func() ast.Expr { return &ast.SelectorExpr{X: ast.NewIdent(l.self), Sel: ast.NewIdent(c.final)} }
	texpr, err := parser.ParseExpr(c.typ)
	if err != nil {
		panic(err)
	}
	alloc := &ast.AssignStmt{Lhs: []ast.Expr{field()}, Tok: token.ASSIGN, Rhs: []ast.Expr{l.newOf(texpr)}}
	if !rebox {
		return alloc
	}
	v := l.blockVar("prev")
	return &ast.BlockStmt{List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(v)}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.StarExpr{X: field()}}},
		alloc,
		&ast.AssignStmt{Lhs: []ast.Expr{&ast.StarExpr{X: field()}}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(v)}},
	}}
}
