package transform

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// A rangeLoop is a range loop over hidden variables, taken apart.
type rangeLoop struct {
	head       []ast.Stmt // run at the top of each iteration, before cond
	cond       ast.Expr   // the loop goes on while cond holds
	step       []ast.Stmt // run once cond holds, before the variables are bound
	key, value ast.Expr   // the iteration values; nil when not wanted
	post       ast.Stmt   // run after each iteration, may be nil

	// stop, for a range over a function, makes the statement that ends
	// the iterator, which runs when the loop ends, however it ends.
	stop func() ast.Stmt

	// For a range over an async generator: advance awaits the next values
	// and returns the condition, in place of cond; end awaits the
	// producer's end where the loop ends, and before a jump or a return
	// out of it.
	advance func() ast.Expr
	end     func()
}

// rangeStmt lowers a range loop. One whose body awaits becomes a loop over
// hidden variables, with the iteration variables declared afresh in each
// iteration, as Go 1.22 declares them; the range expression is evaluated
// once, before the loop.
func (l *lowerer) rangeStmt(s *ast.RangeStmt, userLabel string) {
	if !l.susp(s) {
		l.addPlain(l.withLabel(s, userLabel))
		return
	}
	if fn, _ := l.genCallOf(s.X); fn != nil {
		// A range over an async generator: the loop awaits each value.
	} else if !l.susp(s.Body) && !l.susp(s.Key) && !l.susp(s.Value) {
		// Only the range expression awaits: evaluate it, then range over
		// the value as written.
		x := l.expr(s.X, false)
		tmp := l.vars.temp(l.info.TypeOf(s.X), "rangeX")
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{tmp}, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}, s.X.Pos())
		ns := *s
		ns.X = tmp
		l.addPlain(l.withLabel(&ns, userLabel))
		return
	}
	rl, ok := l.rangeParts(s)
	if !ok {
		return
	}
	l.loops++ // the iteration variables are per-iteration
	defer func() { l.loops-- }()
	if rl.end != nil {
		l.genLoops++
		defer func() { l.genLoops-- }()
	}
	t := &target{label: userLabel, stop: rl.stop, end: rl.end, pos: s.Pos(), endPos: s.End()}
	reached := l.loop(t, s.For, func(brk string) {
		for _, st := range rl.head {
			l.add(st, s.For)
		}
		cond := rl.cond
		if rl.advance != nil {
			cond = rl.advance()
		}
		l.branchIf(not(cond), brk, s.For)
		for _, st := range rl.step {
			l.add(st, s.For)
		}
		l.bindRange(s, rl)
	}, s.Body.List, func() {
		if rl.post != nil {
			l.add(rl.post, s.For)
		}
	})
	if !reached && rl.post != nil {
		l.keepUsed(rl.post)
	}
	switch {
	case rl.end != nil:
		rl.end()
		l.genExits(t, rl, s.For)
	case rl.stop != nil:
		l.add(rl.stop(), s.For)
	}
}

// genExits emits the exits of t, a range loop over an async generator
// whose parts are rl, after the loop's own end: for each jump out of the
// loop to an outer statement, a label, an await of the producer's end
// (Gen.Stop, as where the loop ends), and the jump, made again for the
// targets outside the loop, which may go to the exit of an outer
// generator's loop in turn, so that the innermost generator stops first.
func (l *lowerer) genExits(t *target, rl rangeLoop, pos token.Pos) {
	if len(t.exits) == 0 {
		return
	}
	after := l.newLabel("after")
	l.jump(after, pos)
	for _, e := range t.exits {
		l.label(e.label)
		rl.end()
		l.addPlain(e.jump)
	}
	l.label(after)
}

// stopsFrom returns the statements that end the iterators of the range
// loops over functions among l.targets[from:], innermost first: a jump out
// of those loops runs them before it jumps.
func (l *lowerer) stopsFrom(from int) []ast.Stmt {
	var stops []ast.Stmt
	for i := len(l.targets) - 1; i >= from; i-- {
		if t := l.targets[i]; t.stop != nil {
			stops = append(stops, t.stop())
		}
	}
	return stops
}

// withStops returns s preceded by stops, as one statement.
func withStops(stops []ast.Stmt, s ast.Stmt) ast.Stmt {
	if len(stops) == 0 {
		return s
	}
	return &ast.BlockStmt{List: append(stops, s)}
}

// bindRange gives the iteration variables of s their values for this
// iteration: declared here (so a closure captures this iteration's), or
// assigned for "k, v = range x".
func (l *lowerer) bindRange(s *ast.RangeStmt, rl rangeLoop) {
	var lhs, rhs []ast.Expr
	for _, p := range [2]struct{ v, val ast.Expr }{{s.Key, rl.key}, {s.Value, rl.value}} {
		if p.v == nil || p.val == nil || isBlank(p.v) {
			continue
		}
		if s.Tok == token.DEFINE {
			if obj := l.info.Defs[p.v.(*ast.Ident)]; obj != nil {
				l.declareHere(obj)
			}
		}
		lhs, rhs = append(lhs, p.v), append(rhs, p.val)
	}
	if len(lhs) == 0 {
		return
	}
	if (rl.stop != nil || rl.end != nil) && len(lhs) == 2 && !isIdent(lhs[1]) {
		// Over a function (a generator's included), Go assigns the iteration variables one after
		// the other, as the body of the yield function it makes does:
		// "for k, m[k] = range f" indexes m with this iteration's k.
		for i := range lhs {
			l.add(&ast.AssignStmt{Lhs: []ast.Expr{l.expr(lhs[i], false)}, Tok: token.ASSIGN, Rhs: []ast.Expr{rhs[i]}}, s.Key.Pos())
		}
		return
	}
	if l.anySusp(lhs) {
		// "for m[k()], a[i()] = range x", where the operands of the
		// iteration variables await: this iteration's values are read
		// first, then the operands evaluated in order, then assigned,
		// as the assignment "m[k()], a[i()] = key, value" does.
		for i, v := range rhs {
			t := l.vars.temp(l.info.TypeOf(lhs[i]), "iter")
			l.add(&ast.AssignStmt{Lhs: []ast.Expr{t}, Tok: token.ASSIGN, Rhs: []ast.Expr{v}}, s.Key.Pos())
			rhs[i] = l.vars.ref(l.vars.objOf(t))
		}
		for i, e := range lhs {
			lhs[i] = l.expr(e, l.anySusp(lhs[i+1:]))
		}
	}
	l.add(&ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: rhs}, s.Key.Pos())
}

// isIdent reports whether e is an identifier, maybe in parentheses.
func isIdent(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.Ident)
	return ok
}

// callsOrReceives reports whether e has a function call (other than a
// conversion or a constant builtin call) or a channel receive: then len(e)
// of an array is not a constant, and e must be evaluated.
func (l *lowerer) callsOrReceives(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case ast.Expr:
			if tv, ok := l.info.Types[x]; ok && tv.Value != nil {
				return false // a constant, calls and all
			}
			found = found || l.callLike(x)
		}
		return !found
	})
	return found
}

// rangeParts evaluates the range expression of s into hidden variables and
// returns the parts of the loop over them, or reports that it cannot.
func (l *lowerer) rangeParts(s *ast.RangeStmt) (rangeLoop, bool) {
	xt := l.info.TypeOf(s.X)
	wantValue := s.Value != nil && !isBlank(s.Value)
	// evaluate stores the range expression in a hidden variable.
	evaluate := func() *ast.Ident {
		x := l.expr(s.X, false)
		v := l.vars.temp(xt, "ranged")
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{v}, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}, s.X.Pos())
		return v
	}
	counter := func(t types.Type, from ast.Expr) *ast.Ident {
		i := l.vars.temp(t, "i")
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{i}, Tok: token.ASSIGN, Rhs: []ast.Expr{from}}, s.For)
		return i
	}
	under := coreType(xt)
	if p, ok := under.(*types.Pointer); ok {
		if _, ok := p.Elem().Underlying().(*types.Array); ok {
			under = p.Elem().Underlying() // indexed through the pointer
		}
	}
	lenOK := l.predeclared("len")
	lenOf := func(x ast.Expr) ast.Expr {
		if !lenOK {
			// The package hides len: package predeclared's.
			switch u := under.(type) {
			case *types.Array:
				return intLit(int(u.Len()))
			case *types.Basic:
				return &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent(l.qual.predeclaredPkg()), Sel: ast.NewIdent("LenString")}, Args: []ast.Expr{x}}
			}
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent(l.qual.predeclaredPkg()), Sel: ast.NewIdent("Len")}, Args: []ast.Expr{x}}
		}
		return &ast.CallExpr{Fun: ast.NewIdent("len"), Args: []ast.Expr{x}}
	}
	inc := func(i ast.Expr) ast.Stmt { return &ast.IncDecStmt{X: i, Tok: token.INC} }
	intType := types.Typ[types.Int]
	switch u := under.(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			// for i := range n: the counter has the type of i, or of n.
			t := xt
			if s.Key != nil && !isBlank(s.Key) {
				t = l.info.TypeOf(s.Key)
			}
			if u.Info()&types.IsUntyped != 0 && (s.Key == nil || isBlank(s.Key)) {
				t = intType // for range 10
			}
			n := l.vars.temp(t, "n")
			l.add(&ast.AssignStmt{Lhs: []ast.Expr{n}, Tok: token.ASSIGN, Rhs: []ast.Expr{l.expr(s.X, false)}}, s.X.Pos())
			i := counter(t, intLit(0))
			return rangeLoop{cond: &ast.BinaryExpr{X: i, Op: token.LSS, Y: n}, key: i, post: inc(i)}, true
		case u.Info()&types.IsString != 0:
			str := evaluate()
			i := counter(intType, intLit(0))
			var r ast.Expr = blank()
			if wantValue {
				r = l.vars.temp(types.Universe.Lookup("rune").Type(), "r")
			}
			w := l.vars.temp(intType, "w")
			var rest ast.Expr = &ast.SliceExpr{X: str, Low: i}
			if !types.Identical(xt, types.Typ[types.String]) {
				rest = &ast.CallExpr{Fun: ast.NewIdent(l.tn.typeText(types.Typ[types.String])), Args: []ast.Expr{rest}}
			}
			decode := &ast.SelectorExpr{X: ast.NewIdent(l.qual.ident("unicode/utf8", "utf8")), Sel: ast.NewIdent("DecodeRuneInString")}
			decoded := &ast.AssignStmt{Lhs: []ast.Expr{r, w}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.CallExpr{Fun: decode, Args: []ast.Expr{rest}}}}
			rl := rangeLoop{
				cond: &ast.BinaryExpr{X: i, Op: token.LSS, Y: lenOf(str)},
				step: []ast.Stmt{decoded},
				key:  i,
				post: &ast.AssignStmt{Lhs: []ast.Expr{i}, Tok: token.ADD_ASSIGN, Rhs: []ast.Expr{w}},
			}
			if wantValue {
				rl.value = r
			}
			return rl, true
		}
	case *types.Slice, *types.Array:
		var x, n ast.Expr
		if _, isArray := u.(*types.Array); isArray && !wantValue && !l.callsOrReceives(s.X) && lenOK {
			// len(x) is a constant, and so x is not evaluated (but the
			// compiler counts it as used).
			n = lenOf(s.X)
		} else {
			x = evaluate()
			n = l.vars.temp(intType, "n")
			l.add(&ast.AssignStmt{Lhs: []ast.Expr{n}, Tok: token.ASSIGN, Rhs: []ast.Expr{lenOf(x)}}, s.X.Pos())
			if !lenOK && !wantValue {
				l.add(&ast.AssignStmt{Lhs: []ast.Expr{blank()}, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}, s.X.Pos())
			}
		}
		i := counter(intType, intLit(0))
		rl := rangeLoop{cond: &ast.BinaryExpr{X: i, Op: token.LSS, Y: n}, key: i, post: inc(i)}
		if wantValue {
			rl.value = &ast.IndexExpr{X: x, Index: i}
		}
		return rl, true
	case *types.Map:
		m := l.expr(s.X, false)
		text := "*" + l.qual.ident(rtPath, "rt") + ".MapIter[" + l.tn.typeText(u.Key()) + ", " + l.tn.typeText(u.Elem()) + "]"
		it := l.vars.tempOfText(text, "iter")
		start := &ast.CallExpr{Fun: l.rt("RangeMap"), Args: []ast.Expr{m}}
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{it}, Tok: token.ASSIGN, Rhs: []ast.Expr{start}}, s.X.Pos())
		method := func(name string) ast.Expr {
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: it, Sel: ast.NewIdent(name)}}
		}
		rl := rangeLoop{cond: method("Next"), key: method("Key")}
		if wantValue {
			rl.value = method("Value")
		}
		return rl, true
	case *types.Chan:
		ch := evaluate()
		var v ast.Expr = blank()
		if s.Key != nil && !isBlank(s.Key) {
			v = l.vars.temp(u.Elem(), "v")
		}
		ok := l.vars.temp(types.Typ[types.Bool], "ok")
		recv := &ast.AssignStmt{Lhs: []ast.Expr{v, ok}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.UnaryExpr{Op: token.ARROW, X: ch}}}
		return rangeLoop{head: []ast.Stmt{recv}, cond: ok, key: v}, true
	case *types.Signature:
		if fn, gt := l.genCallOf(s.X); fn != nil {
			return l.genRangeParts(s, gt, wantValue), true
		}
		yield, _ := u.Params().At(0).Type().Underlying().(*types.Signature)
		if yield == nil || yield.Params().Len() > 2 {
			break
		}
		n := yield.Params().Len()
		k, v := "struct{}", "struct{}"
		if n > 0 {
			k = l.tn.typeText(yield.Params().At(0).Type())
		}
		if n > 1 {
			v = l.tn.typeText(yield.Params().At(1).Type())
		}
		it := l.vars.tempOfText("*"+l.qual.ident(rtPath, "rt")+".FuncIter["+k+", "+v+"]", "iter")
		itObj := l.vars.objOf(it)
		method := func(name string) ast.Expr {
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: l.vars.ref(itObj), Sel: ast.NewIdent(name)}}
		}
		seq := l.expr(s.X, false)
		if yt := u.Params().At(0).Type(); yt != yt.Underlying() {
			// The yield function's type has a name (type yieldFunc
			// func(K, V) bool), which rt.RangeFuncN cannot infer through:
			// pass an adapter that calls the iterator, kept in a variable.
			x := l.vars.temp(xt, "ranged")
			l.add(&ast.AssignStmt{Lhs: []ast.Expr{x}, Tok: token.ASSIGN, Rhs: []ast.Expr{seq}}, s.X.Pos())
			ytext := "func(" + strings.Join([]string{k, v}[:n], ", ") + ") bool"
			ytype, err := parser.ParseExpr(ytext)
			if err != nil {
				panic(err)
			}
			name := l.blockVar("yield")
			seq = &ast.FuncLit{
				Type: &ast.FuncType{Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent(name)}, Type: ytype}}}},
				Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: l.vars.ref(l.vars.objOf(x)), Args: []ast.Expr{ast.NewIdent(name)}}}}},
			}
		}
		// rt.DeferIter stops the iterator if the frame unwinds (a panic,
		// cancellation) while it runs, before the frame's deferred calls:
		// registered once, on the first entry, it stops whichever iterator
		// the field then holds.
		l.defers = true
		l.add(&ast.IfStmt{
			Cond: &ast.BinaryExpr{X: l.vars.ref(itObj), Op: token.EQL, Y: l.nilOf(itObj.Type())},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: l.rt("DeferIter"),
				Args: []ast.Expr{l.frameAddr(), &ast.UnaryExpr{Op: token.AND, X: l.vars.ref(itObj)}}}}}},
		}, s.X.Pos())
		start := &ast.CallExpr{Fun: l.rt("RangeFunc" + itoa(n)), Args: []ast.Expr{seq}}
		l.add(&ast.AssignStmt{Lhs: []ast.Expr{l.vars.ref(itObj)}, Tok: token.ASSIGN, Rhs: []ast.Expr{start}}, s.X.Pos())
		rl := rangeLoop{cond: method("Next"), stop: func() ast.Stmt { return &ast.ExprStmt{X: method("Stop")} }}
		if n > 0 {
			rl.key = method("Key")
		}
		if n > 1 && wantValue {
			rl.value = method("Value")
		}
		return rl, true
	}
	l.unsupported(s.Pos(), "a range loop over "+types.TypeString(xt, types.RelativeTo(l.pkg))+" is not supported across an await yet",
		"range over a value of a concrete slice, array, string, map, channel, integer or function type")
	return rangeLoop{}, false
}
