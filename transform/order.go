package transform

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"unicode"
)

// expr lowers an expression that may contain suspension points. It emits
// the statements that must run first, in Go's evaluation order, and returns
// the expression to evaluate afterwards. When later is set, a suspension
// point follows e in evaluation order, so the calls and receives in e are
// evaluated now, into temporaries, as gc evaluates them before the later
// call; plain operands (variables, fields, indexes) are left in place and
// read afterwards, as gc reads them.
func (l *lowerer) expr(e ast.Expr, later bool) ast.Expr {
	if e == nil {
		return nil
	}
	if !l.susp(e) {
		if later {
			return l.spill(e)
		}
		return e
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		return &ast.ParenExpr{X: l.expr(x.X, later)}
	case *ast.CallExpr:
		if k, _ := l.suspensionOf(x); k != notSuspension {
			vals := l.suspend(x, nil)
			if len(vals) != 1 {
				l.errorf(x.Pos(), "internal error: suspension point with %d values used as a value", len(vals))
				return x
			}
			return vals[0]
		}
		if tv, ok := l.info.Types[x.Fun]; ok && tv.IsType() {
			return &ast.CallExpr{Fun: x.Fun, Args: []ast.Expr{l.expr(x.Args[0], later)}, Lparen: x.Lparen, Rparen: x.Rparen}
		}
		fun := l.expr(x.Fun, later || l.anySusp(x.Args))
		args := l.exprArgs(x.Args, later)
		nc := &ast.CallExpr{Fun: fun, Args: args, Ellipsis: x.Ellipsis}
		if later && l.callLike(x) {
			return l.spillTo(nc, x)
		}
		return nc
	case *ast.BinaryExpr:
		if x.Op == token.LAND || x.Op == token.LOR {
			return l.logical(x)
		}
		a := l.expr(x.X, later || l.susp(x.Y))
		b := l.expr(x.Y, later)
		return &ast.BinaryExpr{X: a, Op: x.Op, Y: b}
	case *ast.UnaryExpr:
		v := l.expr(x.X, later)
		nu := &ast.UnaryExpr{Op: x.Op, X: v}
		if x.Op == token.ARROW && later {
			return l.spillTo(nu, x)
		}
		return nu
	case *ast.StarExpr:
		return &ast.StarExpr{X: l.expr(x.X, later)}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: l.expr(x.X, later), Sel: x.Sel}
	case *ast.IndexExpr:
		a := l.expr(x.X, later || l.susp(x.Index))
		return &ast.IndexExpr{X: a, Index: l.expr(x.Index, later)}
	case *ast.SliceExpr:
		parts := []ast.Expr{x.X, x.Low, x.High, x.Max}
		out := l.exprList(parts, later)
		return &ast.SliceExpr{X: out[0], Low: out[1], High: out[2], Max: out[3], Slice3: x.Slice3}
	case *ast.TypeAssertExpr:
		return &ast.TypeAssertExpr{X: l.expr(x.X, later), Type: x.Type}
	case *ast.CompositeLit:
		var parts []ast.Expr
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if _, isStruct := l.info.TypeOf(x).Underlying().(*types.Struct); isStruct {
					parts = append(parts, nil, kv.Value)
				} else {
					parts = append(parts, kv.Key, kv.Value)
				}
			} else {
				parts = append(parts, nil, el)
			}
		}
		out := l.exprList(parts, later)
		nc := &ast.CompositeLit{Type: x.Type, Lbrace: x.Lbrace, Rbrace: x.Rbrace}
		for i, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				k := out[2*i]
				if k == nil {
					k = kv.Key
				}
				nc.Elts = append(nc.Elts, &ast.KeyValueExpr{Key: k, Value: out[2*i+1]})
			} else {
				nc.Elts = append(nc.Elts, out[2*i+1])
			}
		}
		return nc
	case *ast.KeyValueExpr:
		out := l.exprList([]ast.Expr{x.Key, x.Value}, later)
		return &ast.KeyValueExpr{Key: out[0], Value: out[1]}
	}
	l.unsupported(e.Pos(), describe(e)+" is not supported across an await yet", "await into a variable first")
	return e
}

// describe names the kind of a syntax node in words: "a go statement",
// "a slice literal".
func describe(n ast.Node) string {
	kind := strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")
	var words []string
	start := 0
	for i := 1; i <= len(kind); i++ {
		if i == len(kind) || unicode.IsUpper(rune(kind[i])) {
			words = append(words, strings.ToLower(kind[start:i]))
			start = i
		}
	}
	switch words[len(words)-1] {
	case "stmt":
		words[len(words)-1] = "statement"
	case "expr":
		words[len(words)-1] = "expression"
	case "lit":
		words[len(words)-1] = "literal"
	}
	article := "a"
	if strings.ContainsRune("aeiou", rune(words[0][0])) {
		article = "an"
	}
	return article + " " + strings.Join(words, " ")
}

// exprList lowers expressions evaluated left to right (nil entries are
// skipped).
func (l *lowerer) exprList(es []ast.Expr, later bool) []ast.Expr {
	out := make([]ast.Expr, len(es))
	for i, e := range es {
		if e == nil {
			continue
		}
		lt := later || l.anySusp(es[i+1:])
		out[i] = l.expr(e, lt)
	}
	return out
}

// exprArgs lowers call arguments, including a single multi-valued call.
func (l *lowerer) exprArgs(args []ast.Expr, later bool) []ast.Expr {
	if len(args) == 1 {
		if call, ok := ast.Unparen(args[0]).(*ast.CallExpr); ok {
			if tuple, ok := l.info.TypeOf(call).(*types.Tuple); ok && tuple.Len() > 1 {
				if l.susp(call) {
					if k, _ := l.suspensionOf(call); k != notSuspension {
						return l.suspend(call, nil)
					}
					nc := l.expr(call, false).(*ast.CallExpr)
					if later {
						return l.spillMulti(nc, tuple, call.Pos())
					}
					return []ast.Expr{nc}
				}
				if later {
					return l.spillMulti(call, tuple, call.Pos())
				}
				return args
			}
		}
	}
	return l.exprList(args, later)
}

func (l *lowerer) spillMulti(call ast.Expr, tuple *types.Tuple, pos token.Pos) []ast.Expr {
	var ts []ast.Expr
	for i := 0; i < tuple.Len(); i++ {
		ts = append(ts, l.vars.temp(tuple.At(i).Type(), "v"))
	}
	l.add(&ast.AssignStmt{Lhs: ts, Tok: token.ASSIGN, Rhs: []ast.Expr{call}}, pos)
	var refs []ast.Expr
	for _, t := range ts {
		refs = append(refs, l.vars.ref(l.vars.objOf(t.(*ast.Ident))))
	}
	return refs
}

// spillTo evaluates e now into a new temporary of the type of orig.
func (l *lowerer) spillTo(e, orig ast.Expr) ast.Expr {
	t := l.vars.temp(l.info.TypeOf(orig), "v")
	l.add(&ast.AssignStmt{Lhs: []ast.Expr{t}, Tok: token.ASSIGN, Rhs: []ast.Expr{e}}, orig.Pos())
	return l.vars.ref(l.vars.objOf(t))
}

// callLike reports whether gc evaluates e ahead of the plain operands of
// its statement: calls (not conversions or pure builtins) and receives.
func (l *lowerer) callLike(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	case *ast.CallExpr:
		if tv, ok := l.info.Types[x.Fun]; ok && tv.IsType() {
			return false
		}
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if _, ok := l.info.Uses[id].(*types.Builtin); ok {
				// gc evaluates builtin calls (len, cap, min, append...)
				// with the other calls, ahead of plain operands.
				return true
			}
		}
		return true
	}
	return false
}

// hasCallLike reports whether e contains a call or receive outside
// function literals.
func (l *lowerer) hasCallLike(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case ast.Expr:
			if l.callLike(n) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// spill evaluates the calls and receives of e (which has no suspension
// point) now, left to right, and returns e with temporaries in their place.
func (l *lowerer) spill(e ast.Expr) ast.Expr {
	if e == nil || !l.hasCallLike(e) {
		return e
	}
	if tv, ok := l.info.Types[e]; ok && tv.Value != nil {
		return e // a constant
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		return &ast.ParenExpr{X: l.spill(x.X)}
	case *ast.CallExpr:
		if l.callLike(x) {
			if tuple, ok := l.info.TypeOf(x).(*types.Tuple); ok {
				if tuple.Len() == 0 {
					return x
				}
				return x // multi-valued: handled by exprArgs
			}
			return l.spillTo(x, x)
		}
		args := make([]ast.Expr, len(x.Args))
		for i, a := range x.Args {
			args[i] = l.spill(a)
		}
		return &ast.CallExpr{Fun: x.Fun, Args: args, Ellipsis: x.Ellipsis}
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			return l.spillTo(x, x)
		}
		return &ast.UnaryExpr{Op: x.Op, X: l.spill(x.X)}
	case *ast.BinaryExpr:
		if x.Op == token.LAND || x.Op == token.LOR {
			return l.spillTo(x, x)
		}
		a := l.spill(x.X)
		return &ast.BinaryExpr{X: a, Op: x.Op, Y: l.spill(x.Y)}
	case *ast.StarExpr:
		return &ast.StarExpr{X: l.spill(x.X)}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: l.spill(x.X), Sel: x.Sel}
	case *ast.IndexExpr:
		a := l.spill(x.X)
		return &ast.IndexExpr{X: a, Index: l.spill(x.Index)}
	case *ast.SliceExpr:
		a := l.spill(x.X)
		lo := l.spill(x.Low)
		hi := l.spill(x.High)
		return &ast.SliceExpr{X: a, Low: lo, High: hi, Max: l.spill(x.Max), Slice3: x.Slice3}
	case *ast.TypeAssertExpr:
		return &ast.TypeAssertExpr{X: l.spill(x.X), Type: x.Type}
	case *ast.CompositeLit:
		nc := &ast.CompositeLit{Type: x.Type, Lbrace: x.Lbrace, Rbrace: x.Rbrace}
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				k := kv.Key
				if _, isStruct := l.info.TypeOf(x).Underlying().(*types.Struct); !isStruct {
					k = l.spill(k)
				}
				nc.Elts = append(nc.Elts, &ast.KeyValueExpr{Key: k, Value: l.spill(kv.Value)})
			} else {
				nc.Elts = append(nc.Elts, l.spill(el))
			}
		}
		return nc
	case *ast.KeyValueExpr:
		k := l.spill(x.Key)
		return &ast.KeyValueExpr{Key: k, Value: l.spill(x.Value)}
	}
	// A call or receive inside an expression of another kind would be
	// evaluated out of Go's order: say so rather than reorder silently.
	l.errorf(e.Pos(), "internal error: the calls in %s are not ordered", describe(e))
	return e
}

// logical lowers a && b or a || b that contains a suspension point: the
// right operand runs only when Go would evaluate it.
func (l *lowerer) logical(x *ast.BinaryExpr) ast.Expr {
	left := l.expr(x.X, false)
	t := l.vars.temp(l.info.TypeOf(x), "cond")
	l.add(&ast.AssignStmt{Lhs: []ast.Expr{t}, Tok: token.ASSIGN, Rhs: []ast.Expr{left}}, x.Pos())
	if !l.susp(x.Y) {
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(l.vars.objOf(t))}, Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.BinaryExpr{X: l.vars.ref(l.vars.objOf(t)), Op: x.Op, Y: x.Y}}}, x.OpPos)
		return l.vars.ref(l.vars.objOf(t))
	}
	skip := l.newLabel("skip")
	var cond ast.Expr = l.vars.ref(l.vars.objOf(t))
	if x.Op == token.LAND {
		cond = not(cond)
	}
	l.branchIf(cond, skip, x.OpPos)
	right := l.expr(x.Y, false)
	l.add(&ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(l.vars.objOf(t))}, Tok: token.ASSIGN, Rhs: []ast.Expr{right}}, x.Y.Pos())
	l.label(skip)
	return l.vars.ref(l.vars.objOf(t))
}
