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

	// end, for a range loop over an async generator, awaits the end of
	// its producer: a return from the loop runs it first (see gen.go).
	end func()
	// exits, for a range loop over an async generator, are the jumps out
	// of it to outer statements: each goes to a label after the loop,
	// where the producer's end is awaited, then jumps on (see leave).
	exits []genExit

	// pos and endPos are the source extent of a range loop over a function:
	// a goto to a label outside it leaves it.
	pos, endPos token.Pos
}

// A genExit is a jump out of a range loop over an async generator, to an
// outer statement: it goes to label, after the loop, which awaits the
// producer's end, then is jump, made again for the targets outside the
// loop.
type genExit struct {
	label string
	jump  *ast.BranchStmt
}

// lowerer lowers one async function.
type lowerer struct {
	// gen, for the frame of an async generator, is the generator; genField
	// refers to the frame's *rt.Gen (see gen.go).
	gen      *genInfo
	genField *ast.Ident
	// genLoops counts the range loops over async generators being
	// lowered: a return inside one awaits their producers' ends, so it
	// is a suspension point.
	genLoops int

	*pkgCtx
	fn    *ast.FuncDecl
	obj   *types.Func
	sig   *types.Signature
	shape shape
	diags Diagnostics

	bodyFacts // what checkBody learned of the body

	self string     // the frame's receiver name in Resume
	tn   *typeNamer // the function's types as generated text
	vars *varTable  // the candidates

	results []types.Object // named results

	suspMemo map[ast.Node]bool
	// suspMemoGen is suspMemo inside range loops over async generators.
	suspMemoGen map[ast.Node]bool

	items     []*item
	labels    *names
	labelUses map[string]int
	targets   []*target
	loops     int // depth of flattened loops
	resumes   int
	direct    []*directCall     // the direct calls, for resolveCalls
	defers    bool              // the frame pushes deferred calls (Frame.Defer)
	blockVars map[string]string // names of variables declared in generated blocks, by base
	used      *names            // every identifier of the function, and generated block names
	userLabel string            // the label of the statement being lowered, if any

	resultType  ast.Expr        // the result struct type, for long result lists
	resultAlias *ast.Ident      // Resume's alias of resultType, if the function hides its name
	declared    map[string]bool // names the function declares, for predeclared

	lits       *litTable                  // the function's async literals
	lit        *asyncLit                  // the literal lowered, if it is one
	outerTypes map[*types.TypeName]string // a literal's: the moved types of the function it is in
	tasks      []*litTask                 // the frames rt.Go makes, and deferred literals, for resolveCalls
	deferrer   *types.Var                 // a deferred literal's that recovers: the frame that deferred it (rt.Deferrer)

	mustUse map[int]bool    // candidates used by code left out as unreachable
	pkgRefs map[string]bool // package-level names that lowered statements refer to

	shapeNames map[callShape]string // the types of deferred calls that the function pushes (deferShapeType)
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

// declareHere declares a variable of the user's at the point where the
// lowered code declares it, and leaves a place to allocate its box there
// should it turn out to be a shared per-iteration variable.
func (l *lowerer) declareHere(obj types.Object) {
	i := l.vars.declare(obj, false, l.repeats())
	if i >= 0 && l.repeats() {
		l.items = append(l.items, &item{box: i + 1})
	}
}

// repeats reports whether a declaration at this point of the lowering may
// run more than once: in a flattened loop, or anywhere in a function with
// a goto.
func (l *lowerer) repeats() bool { return l.loops > 0 || l.hasGoto }

// suspensionOf is pkgCtx.suspensionOf that also knows the calls of the
// function's async literals, which are calls of async functions (with no
// *types.Func).
func (l *lowerer) suspensionOf(call *ast.CallExpr) (suspension, *types.Func) {
	if l.lits.calls[call] != nil {
		return asyncCall, nil
	}
	return l.pkgCtx.suspensionOf(call)
}

// sigResults returns the results of the function being lowered: none for
// an async generator, whose frame runs the iterator's body.
func (l *lowerer) sigResults() *types.Tuple {
	if l.gen != nil {
		return types.NewTuple()
	}
	return l.sig.Results()
}
