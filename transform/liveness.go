package transform

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A varSet is a set of candidates, by index.
type varSet []uint64

func newVarSet(n int) varSet { return make(varSet, (n+63)/64) }

func (s varSet) add(c int)      { s[c/64] |= 1 << (c % 64) }
func (s varSet) has(c int) bool { return s[c/64]&(1<<(c%64)) != 0 }
func (s varSet) or(t varSet) {
	for w := range s {
		s[w] |= t[w]
	}
}

// liveness decides which candidates of vs become frame fields: those live
// at a resume point, and those captured by a closure or whose address is
// taken. It is a pass over the lowered items: it reads what the lowering
// recorded of each (see item), as candidates, hands it to liveAtResume,
// and writes its decisions to vs.
func liveness(items []*item, vs *varTable) {
	n := len(vs.cands)
	uses := make([]varSet, len(items))
	defs := make([]varSet, len(items))
	vs.referenced = make([]bool, n)
	vs.read = make([]bool, n)
	for i, it := range items {
		uses[i], defs[i] = newVarSet(n), newVarSet(n)
		for _, u := range it.uses {
			vs.collect(u, uses[i])
		}
		for _, id := range it.defs {
			if c, ok := vs.index[vs.objOf(id)]; ok {
				defs[i].add(c)
			}
		}
		for c := 0; c < n; c++ {
			if uses[i].has(c) {
				vs.read[c] = true
				vs.referenced[c] = true
			}
			if defs[i].has(c) {
				vs.referenced[c] = true
			}
		}
	}
	for c, live := range liveAtResume(items, uses, defs, n) {
		if live {
			vs.cands[c].field = true
		}
	}
	// Captured or addressed variables are shared: keep them in the frame.
	for _, it := range items {
		if it.stmt != nil {
			vs.markShared(it.stmt)
		}
	}
}

// liveAtResume returns which of the n candidates are live at a resume
// point of items, item i reading uses[i] and assigning defs[i] whole: the
// backward dataflow of liveness over the items' flow (the next item,
// unless the item terminates, and the labels it may jump to).
func liveAtResume(items []*item, uses, defs []varSet, n int) []bool {
	labelAt := map[string]int{}
	for i, it := range items {
		if it.label != "" {
			labelAt[it.label] = i
		}
		for _, name := range it.labels {
			labelAt[name] = i
		}
	}
	in := make([]varSet, len(items))
	for i := range in {
		in[i] = newVarSet(n)
	}
	for changed := true; changed; {
		changed = false
		for i := len(items) - 1; i >= 0; i-- {
			it := items[i]
			out := newVarSet(n)
			if !it.term && i+1 < len(items) {
				out.or(in[i+1])
			}
			for _, g := range it.gotos {
				if j, ok := labelAt[g]; ok {
					out.or(in[j])
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
	live := make([]bool, n)
	for i, it := range items {
		if it.resume {
			for c := 0; c < n; c++ {
				live[c] = live[c] || in[i].has(c)
			}
		}
	}
	return live
}

// collect adds the candidates that n refers to to s.
func (vs *varTable) collect(n ast.Node, s varSet) {
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok {
			if c, ok := vs.index[vs.objOf(id)]; ok {
				s.add(c)
			}
		}
		return true
	})
}

// markShared hoists candidates that closures capture or whose address is
// taken.
func (vs *varTable) markShared(n ast.Node) {
	hoist := func(e ast.Expr, pos token.Pos, why string) {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
				continue
			case *ast.SelectorExpr:
				if _, ok := vs.info.Selections[x]; ok && !isPointer(vs.typeOf(x.X)) {
					e = x.X
					continue
				}
			case *ast.IndexExpr:
				if _, ok := underlying(vs.typeOf(x.X)).(*types.Array); ok {
					e = x.X
					continue
				}
			case *ast.Ident:
				if c, ok := vs.index[vs.objOf(x)]; ok {
					vs.share(c, pos, why)
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
					if c, ok := vs.index[vs.objOf(id)]; ok {
						vs.share(c, id.Pos(), "captured by a closure")
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
			if _, ok := underlying(vs.typeOf(x.X)).(*types.Array); ok {
				hoist(x.X, x.Pos(), "whose address is taken")
			}
		case *ast.SelectorExpr:
			// A method with a pointer receiver, called or taken as a
			// value (a deferred method value is), takes the address of
			// its variable.
			if s, ok := vs.info.Selections[x]; ok && s.Kind() == types.MethodVal {
				if isPointer(s.Obj().Type().(*types.Signature).Recv().Type()) && !isPointer(vs.typeOf(x.X)) {
					hoist(x.X, x.Pos(), "whose address is taken")
				}
			}
		}
		return true
	})
}

func (vs *varTable) share(c int, pos token.Pos, why string) {
	cd := vs.cands[c]
	if cd.loop && !cd.param && !cd.temp && !cd.fut {
		// Each iteration has its own variable: keep a pointer to it.
		cd.boxed = true
	}
	cd.field = true
	if why != "returned after a recover" && !cd.boxed && !cd.temp && !cd.fut {
		// A pointer into the frame may outlive the call: see calls.go.
		vs.escapes = true
	}
}
