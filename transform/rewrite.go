package transform

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// name gives every candidate its name in the generated code.
func (l *lowerer) name() {
	// Names in the function that refer to something declared outside its
	// body: a local of Resume must not shadow them.
	outer := map[string]bool{l.self: true}
	for _, n := range l.qual.packageNames() {
		outer[n] = true
	}
	for n := range l.pkgRefs {
		outer[n] = true
	}
	ast.Inspect(l.fn, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := l.vars.objOf(id)
		switch obj.(type) {
		case nil, *types.Label:
			return true
		case *types.Var:
			if l.fn.Body.Pos() <= obj.Pos() && obj.Pos() < l.fn.Body.End() {
				return true
			}
		}
		if _, ok := l.vars.index[obj]; ok {
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
		for _, c := range l.vars.cands {
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
				for i := 2; !free(c, name) || l.used.taken[name]; i++ {
					name = base + itoa(i)
				}
			case !free(c, name):
				for i := 1; !free(c, name) || l.used.taken[name]; i++ {
					name = base + "_" + itoa(i)
				}
			}
			c.final = name
			pool.reserve(name)
			l.used.reserve(name)
		}
	}
}

// rewrite replaces references to candidates by their fields or renamed
// locals, and references to other packages by placeholders.
func (l *lowerer) rewrite(n ast.Node) ast.Node {
	return astutil.Apply(n, func(c *astutil.Cursor) bool {
		switch x := c.Node().(type) {
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok {
				if pn, ok := l.vars.objOf(id).(*types.PkgName); ok {
					c.Replace(&ast.SelectorExpr{X: ast.NewIdent(l.qual.ident(pn.Imported().Path(), pn.Imported().Name())), Sel: x.Sel})
					return false
				}
			}
			// Field and method names are not variables.
			sel := x.Sel
			if s, ok := l.info.Selections[x]; ok {
				if name, ok := l.movedField(s.Obj()); ok {
					sel = &ast.Ident{Name: name, NamePos: x.Sel.NamePos}
				}
			}
			c.Replace(&ast.SelectorExpr{X: l.rewrite(x.X).(ast.Expr), Sel: sel})
			return false
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				if _, isField := l.vars.objOf(id).(*types.Var); isField && l.vars.objOf(id).(*types.Var).IsField() {
					key := x.Key
					if name, ok := l.movedField(l.vars.objOf(id)); ok {
						key = &ast.Ident{Name: name, NamePos: id.NamePos}
					}
					c.Replace(&ast.KeyValueExpr{Key: key, Value: l.rewrite(x.Value).(ast.Expr)})
					return false
				}
			}
		case *ast.DeclStmt:
			if gd, ok := x.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				moved := true
				for _, sp := range gd.Specs {
					tn, _ := l.info.Defs[sp.(*ast.TypeSpec).Name].(*types.TypeName)
					if _, ok := l.tn.localTypes[tn]; !ok {
						moved = false
					}
				}
				if moved {
					c.Replace(&ast.EmptyStmt{Implicit: true})
					return false
				}
			}
		case *ast.FuncLit:
			if w := l.bindBoxes(x); w != nil {
				c.Replace(w)
				return false
			}
		case *ast.CallExpr:
			// vet takes a call of a "panic" it cannot resolve in the file
			// for the builtin's, and the code after it for unreachable: a
			// package's own panic, declared in the user's file, is called
			// through parentheses in the generated one.
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "panic" {
				if obj := l.vars.objOf(id); obj != nil && obj.Parent() == l.pkg.Scope() {
					nc := *x
					nc.Fun = &ast.ParenExpr{Lparen: id.NamePos, X: id, Rparen: id.End()}
					nc.Args = make([]ast.Expr, len(x.Args))
					for i, a := range x.Args {
						nc.Args[i] = l.rewrite(a).(ast.Expr)
					}
					c.Replace(&nc)
					return false
				}
			}
		case *ast.BranchStmt, *ast.LabeledStmt:
			if ls, ok := x.(*ast.LabeledStmt); ok {
				ls.Stmt = l.rewrite(ls.Stmt).(ast.Stmt)
			}
			return false
		case *ast.Ident:
			obj := l.vars.objOf(x)
			if obj == nil {
				return false
			}
			if v, ok := obj.(*types.Var); ok && v.Embedded() {
				// An embedded field names its type.
				if tn, ok := l.info.Uses[x].(*types.TypeName); ok {
					obj = tn
				}
			}
			if tn, ok := obj.(*types.TypeName); ok {
				if name, ok := l.tn.localTypes[tn]; ok {
					c.Replace(&ast.Ident{Name: name, NamePos: x.NamePos})
					return false
				}
				if name, ok := l.tn.tparamNames[tn]; ok {
					c.Replace(&ast.Ident{Name: name, NamePos: x.NamePos})
					return false
				}
			}
			if i, ok := l.vars.index[obj]; ok {
				cd := l.vars.cands[i]
				if cd.boxed {
					c.Replace(&ast.ParenExpr{X: &ast.StarExpr{X: l.boxRef(i, x.NamePos)}})
					return false
				}
				if cd.field {
					c.Replace(&ast.SelectorExpr{X: &ast.Ident{Name: l.self, NamePos: x.NamePos}, Sel: &ast.Ident{Name: cd.final, NamePos: x.NamePos}})
				} else {
					c.Replace(&ast.Ident{Name: cd.final, NamePos: x.NamePos})
				}
				return false
			}
			if obj.Pkg() != nil && obj.Pkg() != l.pkg && obj.Parent() == obj.Pkg().Scope() {
				// dot-imported
				c.Replace(&ast.SelectorExpr{X: ast.NewIdent(l.qual.ident(obj.Pkg().Path(), obj.Pkg().Name())), Sel: ast.NewIdent(x.Name)})
			}
			return false
		}
		return true
	}, nil)
}

// movedField returns the new name of an embedded field whose type was
// declared in the function and moved to package level: the field is named
// after its type.
func (l *lowerer) movedField(obj types.Object) (string, bool) {
	v, ok := obj.(*types.Var)
	if !ok || !v.IsField() || !v.Embedded() {
		return "", false
	}
	n := namedOf(v.Type())
	if n == nil {
		return "", false
	}
	name, ok := l.tn.localTypes[n.Obj()]
	return name, ok
}

// boxRef returns the expression that holds the pointer of boxed candidate i:
// its frame field, or inside a closure the parameter that bound it.
func (l *lowerer) boxRef(i int, pos token.Pos) ast.Expr {
	if p, ok := l.boxParams[i]; ok {
		return &ast.Ident{Name: p, NamePos: pos}
	}
	return &ast.SelectorExpr{X: &ast.Ident{Name: l.self, NamePos: pos}, Sel: &ast.Ident{Name: l.vars.cands[i].final, NamePos: pos}}
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

// bindBoxes wraps a closure that refers to boxed variables in a function
// that binds their current boxes, so that the closure keeps the variables
// of the iteration that made it:
//
//	func(x *T) func() { return func() { use(*x) } }(f.x)
//
// It returns nil if lit refers to no boxed variable.
func (l *lowerer) bindBoxes(lit *ast.FuncLit) ast.Expr {
	var idx []int
	seen := map[int]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if i, ok := l.vars.index[l.vars.objOf(id)]; ok && l.vars.cands[i].boxed && !seen[i] {
				seen[i] = true
				idx = append(idx, i)
			}
		}
		return true
	})
	if len(idx) == 0 {
		return nil
	}
	saved := l.boxParams
	inner := map[int]string{}
	for k, v := range saved {
		inner[k] = v
	}
	params := &ast.FieldList{}
	var args []ast.Expr
	for _, i := range idx {
		c := l.vars.cands[i]
		texpr, err := parser.ParseExpr(c.typ)
		if err != nil {
			panic(err)
		}
		p := l.blockVar(c.final + "Ptr")
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{ast.NewIdent(p)}, Type: &ast.StarExpr{X: texpr}})
		args = append(args, l.boxRef(i, lit.Pos()))
		inner[i] = p
	}
	l.boxParams = inner
	typ := l.rewrite(lit.Type).(*ast.FuncType)
	body := l.rewrite(lit.Body).(*ast.BlockStmt)
	l.boxParams = saved
	wrapper := &ast.FuncLit{
		Type: &ast.FuncType{Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: typ}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{&ast.FuncLit{Type: typ, Body: body}}}}},
	}
	return &ast.CallExpr{Fun: wrapper, Args: args}
}
