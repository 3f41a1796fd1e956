package transform

import (
	"go/ast"
	"go/token"
	"go/types"
)

// liveness decides which candidates become frame fields: those live at a
// resume point, and those captured by a closure or whose address is taken.
func (l *lowerer) liveness() {
	n := len(l.cands)
	words := (n + 63) / 64
	type set []uint64
	newSet := func() set { return make(set, words) }
	labelAt := map[string]int{}
	for i, it := range l.items {
		if it.Label != "" {
			labelAt[it.Label] = i
		}
		// A statement emitted as written keeps its labels: a goto from
		// elsewhere in Resume may jump to it.
		for ls, ok := it.Stmt.(*ast.LabeledStmt); ok; ls, ok = ls.Stmt.(*ast.LabeledStmt) {
			labelAt[ls.Label.Name] = i
		}
	}
	uses := make([]set, len(l.items))
	defs := make([]set, len(l.items))
	for i, it := range l.items {
		uses[i], defs[i] = newSet(), newSet()
		if it.Stmt == nil {
			continue
		}
		var lhsDefs []int
		st := it.Stmt
		if b, ok := st.(*ast.BlockStmt); ok && len(b.List) == 2 {
			// { r, err := rt.Returned(...); a, b, e = r.A, r.B, err }
			if _, ok := b.List[1].(*ast.AssignStmt); ok {
				l.collect(b.List[0], uses[i])
				st = b.List[1]
			}
		}
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN {
			for _, e := range as.Lhs {
				if id, ok := e.(*ast.Ident); ok {
					if c, ok := l.candIdx[l.objOf(id)]; ok {
						lhsDefs = append(lhsDefs, c)
					}
				}
			}
			for _, e := range as.Rhs {
				l.collect(e, uses[i])
			}
			for _, e := range as.Lhs {
				if _, ok := e.(*ast.Ident); !ok {
					l.collect(e, uses[i])
				}
			}
			for _, c := range lhsDefs {
				defs[i][c/64] |= 1 << (c % 64)
			}
		} else {
			l.collect(it.Stmt, uses[i])
		}
	}
	l.referenced = make([]bool, n)
	l.read = make([]bool, n)
	for i := range l.items {
		for c := 0; c < n; c++ {
			if (uses[i][c/64]|defs[i][c/64])&(1<<(c%64)) != 0 {
				l.referenced[c] = true
			}
			if uses[i][c/64]&(1<<(c%64)) != 0 {
				l.read[c] = true
			}
		}
	}
	in := make([]set, len(l.items))
	for i := range in {
		in[i] = newSet()
	}
	for changed := true; changed; {
		changed = false
		for i := len(l.items) - 1; i >= 0; i-- {
			it := l.items[i]
			out := newSet()
			or := func(s set) {
				for w := range out {
					out[w] |= s[w]
				}
			}
			if !it.term && i+1 < len(l.items) {
				or(in[i+1])
			}
			for _, g := range it.gotos {
				if j, ok := labelAt[g]; ok {
					or(in[j])
				}
			}
			for w := range out {
				v := uses[i][w] | (out[w] &^ defs[i][w])
				if v != in[i][w] {
					in[i][w] = v
					changed = true
				}
			}
		}
	}
	for i, it := range l.items {
		if !it.resume {
			continue
		}
		for c := 0; c < n; c++ {
			if in[i][c/64]&(1<<(c%64)) != 0 {
				l.cands[c].field = true
			}
		}
	}
	// Captured or addressed variables are shared: keep them in the frame.
	for _, it := range l.items {
		if it.Stmt == nil {
			continue
		}
		l.markShared(it.Stmt)
	}
}

// collect adds the candidates that n refers to to s.
func (l *lowerer) collect(n ast.Node, s []uint64) {
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok {
			if c, ok := l.candIdx[l.objOf(id)]; ok {
				s[c/64] |= 1 << (c % 64)
			}
		}
		return true
	})
}

// markShared hoists candidates that closures capture or whose address is
// taken.
func (l *lowerer) markShared(n ast.Node) {
	hoist := func(e ast.Expr, pos token.Pos, why string) {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
				continue
			case *ast.SelectorExpr:
				if _, ok := l.info.Selections[x]; ok && !isPointer(l.typeOf(x.X)) {
					e = x.X
					continue
				}
			case *ast.IndexExpr:
				if _, ok := underlying(l.typeOf(x.X)).(*types.Array); ok {
					e = x.X
					continue
				}
			case *ast.Ident:
				if c, ok := l.candIdx[l.objOf(x)]; ok {
					l.share(c, pos, why)
				}
			}
			return
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.FuncLit:
			ast.Inspect(x.Body, func(k ast.Node) bool {
				if id, ok := k.(*ast.Ident); ok {
					if c, ok := l.candIdx[l.objOf(id)]; ok {
						l.share(c, id.Pos(), "captured by a closure")
					}
				}
				return true
			})
			return false
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				hoist(x.X, x.Pos(), "whose address is taken")
			}
		case *ast.SliceExpr:
			if _, ok := underlying(l.typeOf(x.X)).(*types.Array); ok {
				hoist(x.X, x.Pos(), "whose address is taken")
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				if s, ok := l.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
					if isPointer(s.Obj().Type().(*types.Signature).Recv().Type()) && !isPointer(l.typeOf(sel.X)) {
						hoist(sel.X, sel.Pos(), "whose address is taken")
					}
				}
			}
		}
		return true
	})
}

func (l *lowerer) share(c int, pos token.Pos, why string) {
	cd := l.cands[c]
	if cd.loop && !cd.param && !cd.temp {
		// Each iteration has its own variable: keep a pointer to it.
		cd.boxed = true
	}
	cd.field = true
}
