package transform

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A candidate is a variable that the lowering moves out of its block: to a
// frame field when it lives across a suspension point (or is captured or
// addressed), else to a local declared at the top of Resume.
type candidate struct {
	obj    types.Object
	name   string // preferred name
	param  bool   // a parameter or receiver: always a field, set by the constructor
	temp   bool   // created by the lowering
	result bool   // a blank result, which the lowering names r0, r1...
	fut    bool   // a future field
	field  bool   // decided: frame field
	final  string // decided: the name in the generated code
	typ    string // type text
	loop   bool   // a variable of the user's declared where its declaration may run again (see repeats)
	boxed  bool   // a per-iteration variable that is shared: the field points to it
}

// A varTable is the candidates of one function, and the identifiers that
// the lowering makes to refer to them. Liveness decides which are frame
// fields (see liveness.go), and the rewrite gives them their names in the
// generated code (see rewrite.go).
type varTable struct {
	info  *types.Info
	tn    *typeNamer // for the candidates' type texts
	cands []*candidate
	index map[types.Object]int        // of each candidate in cands
	refs  map[*ast.Ident]types.Object // identifiers made by the lowering
	futs  map[string]types.Object     // the future fields, by type text
	calls map[string]types.Object     // the call fields, by key: see frameField

	// Decided by liveness.
	referenced []bool // candidates that some item refers to
	read       []bool // candidates that some item reads
	escapes    bool   // a variable of the frame may outlive a call
}

func newVarTable(info *types.Info, tn *typeNamer) *varTable {
	return &varTable{
		info:  info,
		tn:    tn,
		index: map[types.Object]int{},
		refs:  map[*ast.Ident]types.Object{},
		futs:  map[string]types.Object{},
		calls: map[string]types.Object{},
	}
}

// ref returns a new identifier that refers to obj.
func (vs *varTable) ref(obj types.Object) *ast.Ident {
	id := ast.NewIdent(obj.Name())
	vs.refs[id] = obj
	return id
}

func (vs *varTable) objOf(id *ast.Ident) types.Object {
	if o, ok := vs.refs[id]; ok {
		return o
	}
	if o := vs.info.Defs[id]; o != nil {
		return o
	}
	return vs.info.Uses[id]
}

// typeOf is info.TypeOf that also knows the identifiers made by the
// lowering.
func (vs *varTable) typeOf(e ast.Expr) types.Type {
	if t := vs.info.TypeOf(e); t != nil {
		return t
	}
	switch x := e.(type) {
	case *ast.Ident:
		if o := vs.objOf(x); o != nil {
			return o.Type()
		}
	case *ast.ParenExpr:
		return vs.typeOf(x.X)
	}
	return nil
}

// finalOf is the field name of a parameter, or "" if it has none.
func (vs *varTable) finalOf(v *types.Var) string {
	if i, ok := vs.index[v]; ok {
		return vs.cands[i].final
	}
	return ""
}

// declare makes obj a candidate, declared in a loop (or where a goto may
// run its declaration again) if loop.
func (vs *varTable) declare(obj types.Object, param, loop bool) int {
	if obj.Name() == "_" && !param {
		return -1
	}
	if i, ok := vs.index[obj]; ok {
		return i
	}
	c := &candidate{obj: obj, name: obj.Name(), param: param, field: param, loop: loop}
	vs.cands = append(vs.cands, c)
	vs.index[obj] = len(vs.cands) - 1
	c.typ = vs.tn.typeText(obj.Type())
	return len(vs.cands) - 1
}

// temp makes a new temporary variable of type t and returns a reference.
func (vs *varTable) temp(t types.Type, base string) *ast.Ident {
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	v := types.NewVar(token.NoPos, vs.tn.pkg, base, t)
	i := vs.declare(v, false, false)
	vs.cands[i].temp = true
	return vs.ref(v)
}

// tempOfText makes a new temporary variable of a pointer type that exists
// only as generated text (such as *rt.MapIter[K, V]).
func (vs *varTable) tempOfText(text, base string) *ast.Ident {
	v := types.NewVar(token.NoPos, vs.tn.pkg, base, types.NewPointer(types.NewStruct(nil, nil)))
	i := vs.declare(v, false, false)
	vs.cands[i].temp = true
	vs.cands[i].typ = text
	return vs.ref(v)
}

// future returns a reference to the frame's future field for results of
// type t.
func (vs *varTable) future(t types.Type) *ast.Ident {
	text := vs.tn.typeText(t)
	v, ok := vs.futs[text]
	if !ok {
		v = types.NewVar(token.NoPos, vs.tn.pkg, "fut", t)
		vs.futs[text] = v
		i := vs.declare(v, false, false)
		vs.cands[i].fut = true
		vs.cands[i].field = true
		vs.cands[i].typ = "*" + vs.tn.qual.ident(rtPath, "rt") + ".Future[" + text + "]"
	}
	return vs.ref(v)
}

// callField returns a reference to the frame's field for the tasks of
// calls of async functions with results of type t: one per type, as a
// frame makes one call at a time.
func (vs *varTable) callField(t types.Type) *ast.Ident {
	text := vs.tn.typeText(t)
	return vs.frameField("task:"+text, "*"+vs.tn.qual.ident(rtPath, "rt")+".Task["+text+"]", "call")
}

// frameField returns a reference to the frame field of the lowering's
// own that key names, of type typ (a type text), made on first use.
func (vs *varTable) frameField(key, typ, base string) *ast.Ident {
	v, ok := vs.calls[key]
	if !ok {
		v = types.NewVar(token.NoPos, vs.tn.pkg, base, types.NewPointer(types.NewStruct(nil, nil)))
		vs.calls[key] = v
		i := vs.declare(v, false, false)
		vs.cands[i].fut = true
		vs.cands[i].field = true
		vs.cands[i].typ = typ
	}
	return vs.ref(v)
}
