package transform

import (
	"go/ast"
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
	loop   bool   // declared inside a flattened loop
	boxed  bool   // a per-iteration variable that is shared: the field points to it
}

// A varTable is the candidates of one function, and the identifiers that
// the lowering makes to refer to them. Liveness decides which are frame
// fields (see liveness.go), and the rewrite gives them their names in the
// generated code (see rewrite.go).
type varTable struct {
	info  *types.Info
	cands []*candidate
	index map[types.Object]int        // of each candidate in cands
	refs  map[*ast.Ident]types.Object // identifiers made by the lowering

	// Decided by liveness.
	referenced []bool // candidates that some item refers to
	read       []bool // candidates that some item reads
	escapes    bool   // a variable of the frame may outlive a call
}

func newVarTable(info *types.Info) *varTable {
	return &varTable{info: info, index: map[types.Object]int{}, refs: map[*ast.Ident]types.Object{}}
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
