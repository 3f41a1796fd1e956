package transform

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A target is a flattened statement that break or continue may leave.
type target struct {
	label string // the user's label, if any
	brk   string
	cont  string // empty for a switch

	// stop, for a range loop over a function, makes the statement that
	// ends its iterator: a jump out of the loop runs it first.
	stop func() ast.Stmt
}

// lowerer lowers one async function.
type lowerer struct {
	*pkgCtx
	fn    *ast.FuncDecl
	obj   *types.Func
	sig   *types.Signature
	shape shape
	diags Diagnostics
	bodyFacts
	tn *typeNamer // the function's types as generated text

	self string // the frame's receiver name in Resume

	vars *varTable // the candidates

	results []types.Object // named results

	suspMemo map[ast.Node]bool

	items     []*item
	labels    *names
	labelUses map[string]int
	targets   []*target
	loops     int // depth of flattened loops
	resumes   int
	futs      map[string]types.Object
	calls     map[string]types.Object // the call fields, by key: see frameField
	direct    []*directCall           // the direct calls, for resolveCalls
	defers    bool                    // the frame pushes deferred calls (Frame.Defer)
	blockVars map[string]string       // names of variables declared in generated blocks, by base
	used      *names                  // every identifier of the function, and generated block names
	userLabel string                  // the label of the statement being lowered, if any

	resultType  ast.Expr        // the result struct type, for long result lists
	resultAlias *ast.Ident      // Resume's alias of resultType, if the function hides its name
	declared    map[string]bool // names the function declares, for predeclared

	mustUse map[int]bool    // candidates used by code left out as unreachable
	pkgRefs map[string]bool // package-level names that lowered statements refer to
}

// blockVar is the name that the blocks the lowering generates give a
// variable of their own (the r and err of { r, err := ...; a, b = r.A,
// r.B }): free of every name of the function, and the same in every such
// block, each its own scope.
func (l *lowerer) blockVar(base string) string {
	if l.blockVars == nil {
		l.blockVars = map[string]string{}
	}
	name, ok := l.blockVars[base]
	if !ok {
		name = l.used.generated(base)
		l.blockVars[base] = name
	}
	return name
}

func (l *lowerer) errorf(pos token.Pos, format string, args ...any) {
	l.diags = append(l.diags, diagf(l.fset, pos, format, args...))
}

// unsupported reports a construct the lowering does not support yet (what
// says which and where) and what to write instead.
func (l *lowerer) unsupported(pos token.Pos, what, instead string) {
	unsupported(&l.diags, l.fset, pos, what, instead)
}

// referTo notes that a lowered statement refers to the package-level name,
// which no local of Resume may then hide.
func (l *lowerer) referTo(name string) {
	if l.pkgRefs == nil {
		l.pkgRefs = map[string]bool{}
	}
	l.pkgRefs[name] = true
}

// declare makes obj a candidate.
func (l *lowerer) declare(obj types.Object, param bool) int {
	if obj.Name() == "_" && !param {
		return -1
	}
	if i, ok := l.vars.index[obj]; ok {
		return i
	}
	c := &candidate{obj: obj, name: obj.Name(), param: param, field: param, loop: l.loops > 0 || l.hasGoto}
	l.vars.cands = append(l.vars.cands, c)
	l.vars.index[obj] = len(l.vars.cands) - 1
	c.typ = l.tn.typeText(obj.Type())
	return len(l.vars.cands) - 1
}

// declareHere declares a variable of the user's at the point where the
// lowered code declares it, and leaves a place to allocate its box there
// should it turn out to be a shared per-iteration variable.
func (l *lowerer) declareHere(obj types.Object) {
	i := l.declare(obj, false)
	if i >= 0 && (l.loops > 0 || l.hasGoto) {
		l.items = append(l.items, &item{box: i + 1})
	}
}

// temp makes a new temporary variable of type t and returns a reference.
func (l *lowerer) temp(t types.Type, base string) *ast.Ident {
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	v := types.NewVar(token.NoPos, l.pkg, base, t)
	i := l.declare(v, false)
	l.vars.cands[i].temp = true
	return l.vars.ref(v)
}

// tempOfText makes a new temporary variable of a pointer type that exists
// only as generated text (such as *rt.MapIter[K, V]).
func (l *lowerer) tempOfText(text, base string) *ast.Ident {
	v := types.NewVar(token.NoPos, l.pkg, base, types.NewPointer(types.NewStruct(nil, nil)))
	i := l.declare(v, false)
	l.vars.cands[i].temp = true
	l.vars.cands[i].typ = text
	return l.vars.ref(v)
}

// future returns a reference to the frame's future field for results of
// type t.
func (l *lowerer) future(t types.Type) *ast.Ident {
	text := l.tn.typeText(t)
	v, ok := l.futs[text]
	if !ok {
		v = types.NewVar(token.NoPos, l.pkg, "fut", t)
		l.futs[text] = v
		i := l.declare(v, false)
		l.vars.cands[i].fut = true
		l.vars.cands[i].field = true
		l.vars.cands[i].typ = "*" + l.qual.ident(rtPath, "rt") + ".Future[" + text + "]"
	}
	return l.vars.ref(v)
}

// callField returns a reference to the frame's field for the tasks of
// calls of async functions with results of type t: one per type, as a
// frame makes one call at a time.
func (l *lowerer) callField(t types.Type) *ast.Ident {
	text := l.tn.typeText(t)
	return l.frameField("task:"+text, "*"+l.qual.ident(rtPath, "rt")+".Task["+text+"]", "call")
}

// frameField returns a reference to the frame field of the lowering's
// own that key names, of type typ (a type text), made on first use.
func (l *lowerer) frameField(key, typ, base string) *ast.Ident {
	v, ok := l.calls[key]
	if !ok {
		v = types.NewVar(token.NoPos, l.pkg, base, types.NewPointer(types.NewStruct(nil, nil)))
		l.calls[key] = v
		i := l.declare(v, false)
		l.vars.cands[i].fut = true
		l.vars.cands[i].field = true
		l.vars.cands[i].typ = typ
	}
	return l.vars.ref(v)
}
