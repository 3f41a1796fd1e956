package transform

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/ast/astutil"
)

// nameVars gives every candidate of vs its name in the generated code.
// outer holds names that Resume refers to outside the body of fn, which no
// local may shadow; used is every name of the function, to which it adds
// those it gives.
func nameVars(vs *varTable, fn *ast.FuncDecl, outer map[string]bool, used *names) {
	// Names in the function that refer to something declared outside its
	// body: a local of Resume must not shadow them either.
	ast.Inspect(fn, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := vs.objOf(id)
		switch obj.(type) {
		case nil, *types.Label:
			return true
		case *types.Var:
			if fn.Body.Pos() <= obj.Pos() && obj.Pos() < fn.Body.End() {
				return true
			}
		}
		if _, ok := vs.index[obj]; ok {
			return true
		}
		outer[id.Name] = true
		return true
	})
	// One pool for the variables of Resume, frame fields and locals
	// alike, so that a name is one variable whether it reads f.x or x.
	// Fields must not take the names of the embedded Frame and of
	// Resume; locals must not hide what the function refers to outside
	// its body. The user's variables keep their names, or take x_1, x_2
	// when one is taken (shadowed variables, moved out of their blocks);
	// the lowering's temporaries are named by their role and numbered:
	// v1, cond1, fut1.
	pool := newNames()
	pool.reserve("Frame")
	pool.reserve("Resume")
	free := func(c *candidate, name string) bool {
		return !pool.taken[name] && (c.field || !outer[name])
	}
	isTemp := func(c *candidate) bool { return (c.temp || c.fut) && !c.result }
	for _, temps := range []bool{false, true} {
		for _, c := range vs.cands {
			if isTemp(c) != temps {
				continue
			}
			base := strings.TrimPrefix(c.name, "_")
			if base == "" {
				base = "v"
			}
			name := base
			switch {
			case temps:
				name = base + "1"
				for i := 2; !free(c, name) || used.taken[name]; i++ {
					name = base + itoa(i)
				}
			case !free(c, name):
				for i := 1; !free(c, name) || used.taken[name]; i++ {
					name = base + "_" + itoa(i)
				}
			}
			c.final = name
			pool.reserve(name)
			used.reserve(name)
		}
	}
}

// A rewriter writes the lowered statements of a function in the terms of
// the generated code, once liveness has placed and nameVars named the
// candidates: a candidate becomes its frame field or local, a type that
// the function declares its package-level name, a package its import name
// in the generated file.
type rewriter struct {
	info *types.Info
	pkg  *types.Package
	qual *qualifier // of the generated file
	vars *varTable
	tn   *typeNamer
	self string // the frame's receiver name in Resume

	// blockVar names a variable of a generated block: see lowerer.blockVar.
	blockVar  func(base string) string
	boxParams map[int]string // inside a closure: boxed candidate -> parameter

	lits    *litTable          // the function's async literals
	callees map[string]*callee // for the frames of async literals
	fset    *token.FileSet
	tasks   *[]*litTask // the frames rt.Go makes, for resolveCalls

	// recovers, in a deferred async literal, are the calls of recover
	// that it makes itself: each becomes rt.RecoverFor(f.deferrer), where
	// deferrer names the field of the frame that deferred it.
	recovers map[*ast.CallExpr]bool
	deferrer string

	// lit is the literal whose frame this is, if it is one, and constExpr
	// writes the value of a constant that the function declares outside
	// it, which the frame, declared at package level, cannot name.
	lit       *ast.FuncLit
	constExpr func(k *types.Const, pos token.Pos) ast.Expr
}

// rewrite replaces references to candidates by their fields or renamed
// locals, and references to other packages by placeholders.
func (rw *rewriter) rewrite(n ast.Node) ast.Node {
	return astutil.Apply(n, func(c *astutil.Cursor) bool {
		switch x := c.Node().(type) {
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok {
				if pn, ok := rw.vars.objOf(id).(*types.PkgName); ok {
					c.Replace(&ast.SelectorExpr{X: &ast.Ident{Name: rw.qual.ident(pn.Imported().Path(), pn.Imported().Name()), NamePos: id.NamePos}, Sel: x.Sel})
					return false
				}
			}
			// Field and method names are not variables.
			sel := x.Sel
			if s, ok := rw.info.Selections[x]; ok {
				if name, ok := rw.movedField(s.Obj()); ok {
					sel = &ast.Ident{Name: name, NamePos: x.Sel.NamePos}
				}
			}
			c.Replace(&ast.SelectorExpr{X: rw.rewrite(x.X).(ast.Expr), Sel: sel})
			return false
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				if _, isField := rw.vars.objOf(id).(*types.Var); isField && rw.vars.objOf(id).(*types.Var).IsField() {
					key := x.Key
					if name, ok := rw.movedField(rw.vars.objOf(id)); ok {
						key = &ast.Ident{Name: name, NamePos: id.NamePos}
					}
					c.Replace(&ast.KeyValueExpr{Key: key, Value: rw.rewrite(x.Value).(ast.Expr)})
					return false
				}
			}
		case *ast.DeclStmt:
			if rw.lits.defs[x] {
				c.Replace(&ast.EmptyStmt{Semicolon: x.Pos(), Implicit: true})
				return false
			}
			if gd, ok := x.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				moved := true
				for _, sp := range gd.Specs {
					tn, _ := rw.info.Defs[sp.(*ast.TypeSpec).Name].(*types.TypeName)
					if _, ok := rw.tn.localTypes[tn]; !ok {
						moved = false
					}
				}
				if moved {
					c.Replace(&ast.EmptyStmt{Implicit: true})
					return false
				}
			}
		case *ast.FuncLit:
			if w := rw.bindBoxes(x); w != nil {
				c.Replace(w)
				return false
			}
		case *ast.AssignStmt:
			if rw.lits.defs[x] {
				// The definition of an async literal that is only called:
				// its calls run its frame.
				c.Replace(&ast.EmptyStmt{Semicolon: x.Pos(), Implicit: true})
				return false
			}
		case *ast.UnaryExpr:
			if id, ok := x.X.(*ast.Ident); ok && x.Op == token.AND {
				if i, ok := rw.vars.index[rw.vars.objOf(id)]; ok && rw.vars.cands[i].boxed {
					c.Replace(rw.boxRef(i, x.OpPos)) // &*p is p
					return false
				}
			}
		case *ast.CallExpr:
			if rw.recovers[x] {
				pos := x.Pos()
				field := &ast.SelectorExpr{X: &ast.Ident{Name: rw.self, NamePos: pos}, Sel: &ast.Ident{Name: rw.deferrer, NamePos: pos}}
				rt := rw.qual.ident(rtPath, "rt")
				c.Replace(&ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{Name: rt, NamePos: pos}, Sel: ast.NewIdent("RecoverFor")}, Lparen: x.Lparen, Args: []ast.Expr{field}, Rparen: x.Rparen})
				return false
			}
			if a := rw.lits.tasks[x]; a != nil {
				c.Replace(rw.goTask(a, x.Pos()))
				return false
			}
			if fn, _ := staticCallee(rw.info, x); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == rtPath && fn.Name() == "Spawn" && fn.Type().(*types.Signature).Recv() == nil {
				c.Replace(rw.spawnHere(x))
				return false
			}
			// vet takes a call of a "panic" it cannot resolve in the file
			// for the builtin's, and the code after it for unreachable: a
			// package's own panic, declared in the user's file, is called
			// through parentheses in the generated one.
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "panic" {
				if obj := rw.vars.objOf(id); obj != nil && obj.Parent() == rw.pkg.Scope() {
					nc := *x
					nc.Fun = &ast.ParenExpr{Lparen: id.NamePos, X: id, Rparen: id.End()}
					nc.Args = make([]ast.Expr, len(x.Args))
					for i, a := range x.Args {
						nc.Args[i] = rw.rewrite(a).(ast.Expr)
					}
					c.Replace(&nc)
					return false
				}
			}
		case *ast.BranchStmt, *ast.LabeledStmt:
			if ls, ok := x.(*ast.LabeledStmt); ok {
				ls.Stmt = rw.rewrite(ls.Stmt).(ast.Stmt)
			}
			return false
		case *ast.Ident:
			obj := rw.vars.objOf(x)
			if obj == nil {
				return false
			}
			if v, ok := obj.(*types.Var); ok && v.Embedded() {
				// An embedded field names its type.
				if tn, ok := rw.info.Uses[x].(*types.TypeName); ok {
					obj = tn
				}
			}
			if tn, ok := obj.(*types.TypeName); ok {
				if name, ok := rw.tn.localTypes[tn]; ok {
					c.Replace(&ast.Ident{Name: name, NamePos: x.NamePos})
					return false
				}
				if name, ok := rw.tn.tparamNames[tn]; ok {
					c.Replace(&ast.Ident{Name: name, NamePos: x.NamePos})
					return false
				}
			}
			if k, ok := obj.(*types.Const); ok && rw.lit != nil && outerConst(k, rw.pkg, rw.lit) {
				if e := rw.constExpr(k, x.NamePos); e != nil {
					c.Replace(e)
				}
				return false
			}
			if i, ok := rw.vars.index[obj]; ok {
				cd := rw.vars.cands[i]
				if cd.boxed {
					c.Replace(&ast.ParenExpr{X: &ast.StarExpr{X: rw.boxRef(i, x.NamePos)}})
					return false
				}
				if cd.field {
					c.Replace(&ast.SelectorExpr{X: &ast.Ident{Name: rw.self, NamePos: x.NamePos}, Sel: &ast.Ident{Name: cd.final, NamePos: x.NamePos}})
				} else {
					c.Replace(&ast.Ident{Name: cd.final, NamePos: x.NamePos})
				}
				return false
			}
			if obj.Pkg() != nil && obj.Pkg() != rw.pkg && obj.Parent() == obj.Pkg().Scope() {
				// dot-imported
				c.Replace(&ast.SelectorExpr{X: &ast.Ident{Name: rw.qual.ident(obj.Pkg().Path(), obj.Pkg().Name()), NamePos: x.NamePos}, Sel: &ast.Ident{Name: x.Name, NamePos: x.NamePos}})
			}
			return false
		}
		return true
	}, nil)
}

// movedField returns the new name of an embedded field whose type was
// declared in the function and moved to package level: the field is named
// after its type.
func (rw *rewriter) movedField(obj types.Object) (string, bool) {
	v, ok := obj.(*types.Var)
	if !ok || !v.IsField() || !v.Embedded() {
		return "", false
	}
	n := namedOf(v.Type())
	if n == nil {
		return "", false
	}
	name, ok := rw.tn.localTypes[n.Obj()]
	return name, ok
}

// boxRef returns the expression that holds the pointer of boxed candidate i:
// its frame field, or inside a closure the parameter that bound it.
func (rw *rewriter) boxRef(i int, pos token.Pos) ast.Expr {
	if p, ok := rw.boxParams[i]; ok {
		return &ast.Ident{Name: p, NamePos: pos}
	}
	return &ast.SelectorExpr{X: &ast.Ident{Name: rw.self, NamePos: pos}, Sel: &ast.Ident{Name: rw.vars.cands[i].final, NamePos: pos}}
}

// bindBoxes wraps a closure that refers to boxed variables in a function
// that binds their current boxes, so that the closure keeps the variables
// of the iteration that made it:
//
//	func(x *T) func() { return func() { use(*x) } }(f.x)
//
// It returns nil if lit refers to no boxed variable.
func (rw *rewriter) bindBoxes(lit *ast.FuncLit) ast.Expr {
	var idx []int
	seen := map[int]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if i, ok := rw.vars.index[rw.vars.objOf(id)]; ok && rw.vars.cands[i].boxed && !seen[i] {
				seen[i] = true
				idx = append(idx, i)
			}
		}
		return true
	})
	if len(idx) == 0 {
		return nil
	}
	saved := rw.boxParams
	inner := map[int]string{}
	for k, v := range saved {
		inner[k] = v
	}
	params := &ast.FieldList{}
	var args []ast.Expr
	for _, i := range idx {
		c := rw.vars.cands[i]
		texpr, err := parser.ParseExpr(c.typ)
		if err != nil {
			panic(err)
		}
		p := rw.blockVar(c.final + "Ptr")
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{ast.NewIdent(p)}, Type: &ast.StarExpr{X: texpr}})
		args = append(args, rw.boxRef(i, lit.Pos()))
		inner[i] = p
	}
	rw.boxParams = inner
	typ := rw.rewrite(lit.Type).(*ast.FuncType)
	body := rw.rewrite(lit.Body).(*ast.BlockStmt)
	rw.boxParams = saved
	wrapper := &ast.FuncLit{
		Type: &ast.FuncType{Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: typ}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{&ast.FuncLit{Type: typ, Body: body}}}}},
	}
	return &ast.CallExpr{Fun: wrapper, Args: args}
}

// outerConst reports whether k is a constant of a function declared
// outside lit.
func outerConst(k *types.Const, pkg *types.Package, lit *ast.FuncLit) bool {
	return k.Pkg() == pkg && k.Parent() != pkg.Scope() && !(lit.Pos() <= k.Pos() && k.Pos() < lit.End())
}

// constLit returns a literal of k's value that has k's kind when
// untyped (an untyped float keeps a point, a rune is a rune literal), or
// false where no literal states it exactly (a complex number, a float
// that is not a float64).
func constLit(k *types.Const) (kind token.Token, text string, ok bool) {
	v := k.Val()
	switch v.Kind() {
	case constant.Bool, constant.String:
		return token.STRING, v.ExactString(), true // a bool is written as a comparison: see constExpr
	case constant.Int:
		if b, isBasic := k.Type().(*types.Basic); isBasic && b.Kind() == types.UntypedRune {
			if r, exact := constant.Int64Val(v); exact && r >= 0 && r <= utf8.MaxRune {
				return token.CHAR, strconv.QuoteRune(rune(r)), true
			}
			return 0, "", false
		}
		return token.INT, v.ExactString(), true
	case constant.Float:
		f, exact := constant.Float64Val(v)
		if !exact {
			return 0, "", false
		}
		text := strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(text, ".eEnN") {
			text += ".0"
		}
		return token.FLOAT, text, true
	}
	return 0, "", false
}
