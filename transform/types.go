package transform

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A typeNamer writes the types of one async function as Go source for
// the generated file: the types that the function declares are moved to
// package level, type parameters that would hide a package renamed, and a
// type that a frame cannot name is reported.
type typeNamer struct {
	fset  *token.FileSet
	pkg   *types.Package
	qual  *qualifier    // of the generated file
	fn    *ast.FuncDecl // the function
	used  *names        // the function's names, for renamed type parameters
	diags *Diagnostics  // where to report

	localTypes  map[*types.TypeName]string // types declared in the function, moved to package level
	tparamNames map[*types.TypeName]string // type parameters renamed in the generated code
	hidden      map[string]bool            // predeclared type names the package hides
	predecl     *types.Package             // package predeclared, once a hidden type is named
}

// errorf reports a type of the function that generated code cannot name.
func (nm *typeNamer) errorf(format string, args ...any) {
	*nm.diags = append(*nm.diags, diagf(nm.fset, nm.fn.Pos(), format, args...))
}

// renameTypeParams gives a new name to each type parameter named like a
// package that generated code may refer to in its scope: the runtime, a
// package it adds itself (utf8, for a range over a string), or any
// package whose types the function's values may have.
func (nm *typeNamer) renameTypeParams(tparams *types.TypeParamList) {
	if tparams.Len() == 0 {
		return
	}
	pkgs := map[string]bool{nm.qual.importName(rtPath, "rt"): true, "utf8": true}
	for _, n := range nm.qual.packageNames() {
		pkgs[n] = true
	}
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		pkgs[p.Name()] = true
		for _, q := range p.Imports() {
			visit(q)
		}
	}
	visit(nm.pkg)
	for i := 0; i < tparams.Len(); i++ {
		tn := tparams.At(i).Obj()
		if pkgs[tn.Name()] {
			if nm.tparamNames == nil {
				nm.tparamNames = map[*types.TypeName]string{}
			}
			nm.tparamNames[tn] = nm.used.fresh(tn.Name())
		}
	}
}

// typeParamName is the name of a type parameter in the generated code.
func (nm *typeNamer) typeParamName(tn *types.TypeName) string {
	if name, ok := nm.tparamNames[tn]; ok {
		return name
	}
	return tn.Name()
}

// predeclaredOutside reports whether neither the package nor the file's
// imports declare another object named name.
func (nm *typeNamer) predeclaredOutside(name string) bool {
	sc := nm.pkg.Scope().Innermost(nm.fn.Pos())
	for sc != nil && sc.Parent() != nm.pkg.Scope() {
		sc = sc.Parent() // up to the file's scope
	}
	if sc == nil {
		sc = nm.pkg.Scope()
	}
	_, obj := sc.LookupParent(name, token.NoPos)
	return obj == types.Universe.Lookup(name)
}

func namedOf(t types.Type) *types.Named {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if a, ok := t.(*types.Alias); ok {
		t = types.Unalias(a)
	}
	n, _ := t.(*types.Named)
	return n
}

func typeArgsText(tps []Field) string {
	if len(tps) == 0 {
		return ""
	}
	var ns []string
	for _, tp := range tps {
		ns = append(ns, tp.Name)
	}
	return "[" + strings.Join(ns, ", ") + "]"
}

func instExpr(x ast.Expr, targs []ast.Expr) ast.Expr {
	switch len(targs) {
	case 0:
		return x
	case 1:
		return &ast.IndexExpr{X: x, Index: targs[0]}
	}
	return &ast.IndexListExpr{X: x, Indices: targs}
}

// typeText writes t as Go source with placeholders for other packages. A
// type that generated code cannot name is reported.
func (nm *typeNamer) typeText(t types.Type) string {
	if bad := nm.unnamable(t); bad != "" {
		nm.errorf("a variable of type %s (%s) cannot be kept in a frame yet", types.TypeString(t, types.RelativeTo(nm.pkg)), bad)
	}
	if len(nm.localTypes) > 0 || len(nm.tparamNames) > 0 || len(nm.hiddenTypes()) > 0 {
		// Rename the moved types (and renamed type parameters) by object,
		// not by text: a package-level type may have the same name as one
		// declared in the function.
		t = nm.moved(t, 0)
	}
	return types.TypeString(t, nm.qual.typeQualifier)
}

// unnamable returns what in t generated code cannot name (a type declared
// inside the function and not moved out of it, an unexported type of
// another package), or "".
func (nm *typeNamer) unnamable(t types.Type) string {
	bad := ""
	var visit func(t types.Type, depth int)
	visit = func(t types.Type, depth int) {
		if depth > 20 || bad != "" {
			return
		}
		switch t := t.(type) {
		case *types.Named:
			obj := t.Obj()
			if _, moved := nm.localTypes[obj]; moved {
				// moved to package level
			} else if obj.Pkg() != nil && obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
				bad = "a type declared inside the function"
			} else if obj.Pkg() != nil && obj.Pkg() != nm.pkg && !obj.Exported() {
				bad = "an unexported type of package " + obj.Pkg().Name()
			}
			for i := 0; i < t.TypeArgs().Len(); i++ {
				visit(t.TypeArgs().At(i), depth+1)
			}
		case *types.Pointer:
			visit(t.Elem(), depth+1)
		case *types.Slice:
			visit(t.Elem(), depth+1)
		case *types.Array:
			visit(t.Elem(), depth+1)
		case *types.Map:
			visit(t.Key(), depth+1)
			visit(t.Elem(), depth+1)
		case *types.Chan:
			visit(t.Elem(), depth+1)
		case *types.Basic:
			if t.Kind() == types.Invalid {
				bad = "an invalid type"
			}
		}
	}
	visit(t, 0)
	return bad
}

// hiddenTypes returns the predeclared type names that the package or the
// file hides.
func (nm *typeNamer) hiddenTypes() map[string]bool {
	if nm.hidden == nil {
		nm.hidden = map[string]bool{}
		for _, name := range types.Universe.Names() {
			if _, ok := types.Universe.Lookup(name).(*types.TypeName); ok && !nm.predeclaredOutside(name) {
				nm.hidden[name] = true
			}
		}
	}
	return nm.hidden
}

// predeclaredAlias returns, for printing, the alias in package predeclared
// of the predeclared type t named name, if the package hides name; or nil.
func (nm *typeNamer) predeclaredAlias(name string, t types.Type) types.Type {
	if !nm.hiddenTypes()[name] {
		return nil
	}
	if nm.predecl == nil {
		nm.predecl = types.NewPackage(predeclaredPath, "predeclared")
	}
	exported := strings.ToUpper(name[:1]) + name[1:]
	return types.NewNamed(types.NewTypeName(token.NoPos, nm.predecl, exported, nil), t.Underlying(), nil)
}

// moved returns t with the types declared in the function replaced by
// types of their package-level names. The result is only for printing.
func (nm *typeNamer) moved(t types.Type, depth int) types.Type {
	if depth > 20 {
		return t
	}
	sub := func(t types.Type) types.Type { return nm.moved(t, depth+1) }
	tuple := func(tp *types.Tuple) (*types.Tuple, bool) {
		var vs []*types.Var
		changed := false
		for i := 0; i < tp.Len(); i++ {
			v := tp.At(i)
			nt := sub(v.Type())
			changed = changed || nt != v.Type()
			vs = append(vs, types.NewParam(v.Pos(), v.Pkg(), v.Name(), nt))
		}
		return types.NewTuple(vs...), changed
	}
	switch x := t.(type) {
	case *types.Basic:
		if a := nm.predeclaredAlias(x.Name(), x); a != nil {
			return a
		}
	case *types.Alias:
		if x.Obj().Pkg() == nil {
			if a := nm.predeclaredAlias(x.Obj().Name(), x); a != nil {
				return a
			}
		}
	case *types.TypeParam:
		if name, ok := nm.tparamNames[x.Obj()]; ok {
			return types.NewTypeParam(types.NewTypeName(token.NoPos, nm.pkg, name, nil), x.Constraint())
		}
	case *types.Union:
		var terms []*types.Term
		changed := false
		for i := 0; i < x.Len(); i++ {
			tm := x.Term(i)
			nt := sub(tm.Type())
			changed = changed || nt != tm.Type()
			terms = append(terms, types.NewTerm(tm.Tilde(), nt))
		}
		if changed {
			return types.NewUnion(terms)
		}
	case *types.Named:
		if x.Obj().Pkg() == nil {
			if a := nm.predeclaredAlias(x.Obj().Name(), x); a != nil {
				return a // error, comparable
			}
		}
		if name, ok := nm.localTypes[x.Obj()]; ok {
			return types.NewNamed(types.NewTypeName(token.NoPos, nm.pkg, name, nil), types.Typ[types.Int], nil)
		}
		if x.TypeArgs().Len() == 0 {
			return t
		}
		var args []types.Type
		changed := false
		for i := 0; i < x.TypeArgs().Len(); i++ {
			a := x.TypeArgs().At(i)
			args = append(args, sub(a))
			changed = changed || args[i] != a
		}
		if !changed {
			return t
		}
		inst, err := types.Instantiate(nil, x.Origin(), args, false)
		if err != nil {
			return t
		}
		return inst
	case *types.Pointer:
		if e := sub(x.Elem()); e != x.Elem() {
			return types.NewPointer(e)
		}
	case *types.Slice:
		if e := sub(x.Elem()); e != x.Elem() {
			return types.NewSlice(e)
		}
	case *types.Array:
		if e := sub(x.Elem()); e != x.Elem() {
			return types.NewArray(e, x.Len())
		}
	case *types.Map:
		k, e := sub(x.Key()), sub(x.Elem())
		if k != x.Key() || e != x.Elem() {
			return types.NewMap(k, e)
		}
	case *types.Chan:
		if e := sub(x.Elem()); e != x.Elem() {
			return types.NewChan(x.Dir(), e)
		}
	case *types.Struct:
		var fs []*types.Var
		var tags []string
		changed := false
		for i := 0; i < x.NumFields(); i++ {
			f := x.Field(i)
			ft := sub(f.Type())
			changed = changed || ft != f.Type()
			if f.Embedded() && nm.hiddenTypes()[f.Name()] && types.Universe.Lookup(f.Name()) != nil && types.Identical(f.Type(), types.Universe.Lookup(f.Name()).Type()) {
				nm.errorf("the package declares its own %s, which hides the predeclared type %s that a struct of %s embeds: rename the package's %s", f.Name(), f.Name(), nm.fn.Name.Name, f.Name())
			}
			fs = append(fs, types.NewField(f.Pos(), f.Pkg(), f.Name(), ft, f.Embedded()))
			tags = append(tags, x.Tag(i))
		}
		if changed {
			return types.NewStruct(fs, tags)
		}
	case *types.Signature:
		ps, c1 := tuple(x.Params())
		rs, c2 := tuple(x.Results())
		if c1 || c2 {
			return types.NewSignatureType(nil, nil, nil, ps, rs, x.Variadic())
		}
	case *types.Interface:
		var ms []*types.Func
		changed := false
		for i := 0; i < x.NumExplicitMethods(); i++ {
			m := x.ExplicitMethod(i)
			mt := sub(m.Type())
			changed = changed || mt != m.Type()
			ms = append(ms, types.NewFunc(m.Pos(), m.Pkg(), m.Name(), mt.(*types.Signature)))
		}
		var es []types.Type
		for i := 0; i < x.NumEmbeddeds(); i++ {
			e := x.EmbeddedType(i)
			es = append(es, sub(e))
			changed = changed || es[i] != e
		}
		if changed {
			return types.NewInterfaceType(ms, es).Complete()
		}
	}
	return t
}

// nilOf returns nil, for a comparison with a value of type t, or t's zero
// value where the function or the package hides nil.
func (l *lowerer) nilOf(t types.Type) ast.Expr {
	if l.predeclared("nil") {
		return ast.NewIdent("nil")
	}
	return l.zero(t, l.typeExpr(t))
}

// zero returns the zero value of t, whose type expression is texpr.
func (l *lowerer) zero(t types.Type, texpr ast.Expr) ast.Expr {
	nilOK := l.predeclared("nil")
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			if l.predeclared("false") {
				return ast.NewIdent("false")
			}
			return &ast.ParenExpr{X: &ast.BinaryExpr{X: intLit(0), Op: token.NEQ, Y: intLit(0)}}
		case u.Info()&types.IsString != 0:
			return &ast.BasicLit{Kind: token.STRING, Value: `""`}
		case u.Info()&types.IsNumeric != 0:
			return intLit(0)
		case u.Kind() == types.UnsafePointer && nilOK:
			return ast.NewIdent("nil")
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		if _, isParam := t.(*types.TypeParam); !isParam && nilOK {
			return ast.NewIdent("nil")
		}
	case *types.Struct, *types.Array:
		if _, isParam := t.(*types.TypeParam); !isParam {
			return &ast.CompositeLit{Type: texpr}
		}
	}
	return &ast.StarExpr{X: l.newOf(texpr)}
}

// newOf returns new(T) for the type expression texpr, or rt.New[T]() where
// the user has declared another new.
func (l *lowerer) newOf(texpr ast.Expr) ast.Expr {
	if l.predeclared("new") {
		return &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{texpr}}
	}
	return &ast.CallExpr{Fun: &ast.IndexExpr{X: l.rt("New"), Index: texpr}}
}

// coreType returns the underlying type of t, or for a type parameter the
// one underlying type of every type in its type set (Go's core type,
// without the channel direction rule), or nil if there is none.
func coreType(t types.Type) types.Type {
	tp, ok := t.(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	var core types.Type
	var visit func(t types.Type) bool
	visit = func(t types.Type) bool {
		switch t := t.(type) {
		case *types.Interface:
			for i := range t.NumEmbeddeds() {
				if !visit(t.EmbeddedType(i)) {
					return false
				}
			}
			return true
		case *types.Union:
			for i := range t.Len() {
				if !visit(t.Term(i).Type()) {
					return false
				}
			}
			return true
		case *types.TypeParam:
			return visit(t.Constraint().Underlying())
		}
		u := t.Underlying()
		if _, ok := u.(*types.Interface); ok {
			return visit(u)
		}
		if core != nil && !types.Identical(core, u) {
			return false
		}
		core = u
		return true
	}
	if !visit(tp.Constraint().Underlying()) {
		return nil
	}
	return core
}

// isBoolean reports whether t is a boolean type.
func isBoolean(t types.Type) bool {
	b, ok := underlying(t).(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

func underlying(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

func isPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}
