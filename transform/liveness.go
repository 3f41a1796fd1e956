package transform

import (
	"go/ast"
	"go/token"
	"go/types"
)

// liveness decides which candidates become frame fields: those live at a
// resume point, and those captured by a closure or whose address is taken.
// It is a pass over the items and what the lowering recorded of them (see
// item).
func (l *lowerer) liveness() {
	n := len(l.cands)
	words := (n + 63) / 64
	type set []uint64
	newSet := func() set { return make(set, words) }
	labelAt := map[string]int{}
	for i, it := range l.items {
		if it.label != "" {
			labelAt[it.label] = i
		}
		for _, name := range it.labels {
			labelAt[name] = i
		}
	}
	// The uses and definitions that the lowering recorded, as candidates.
	uses := make([]set, len(l.items))
	defs := make([]set, len(l.items))
	for i, it := range l.items {
		uses[i], defs[i] = newSet(), newSet()
		for _, u := range it.uses {
			l.collect(u, uses[i])
		}
		for _, id := range it.defs {
			if c, ok := l.candIdx[l.objOf(id)]; ok {
				defs[i][c/64] |= 1 << (c % 64)
			}
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
		if it.stmt == nil {
			continue
		}
		l.markShared(it.stmt)
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
		case *ast.SelectorExpr:
			// A method with a pointer receiver, called or taken as a
			// value (a deferred method value is), takes the address of
			// its variable.
			if s, ok := l.info.Selections[x]; ok && s.Kind() == types.MethodVal {
				if isPointer(s.Obj().Type().(*types.Signature).Recv().Type()) && !isPointer(l.typeOf(x.X)) {
					hoist(x.X, x.Pos(), "whose address is taken")
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
