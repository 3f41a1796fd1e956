package transform

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// bodyFacts is what checkBody learns of the body of a function that the
// lowering needs before it starts.
type bodyFacts struct {
	hasDefer      bool // the function has a defer statement (outside closures)
	hasRecover    bool // a function it defers calls recover
	hasDeferAwait bool // it defers an await (an async call or literal, rt.Await, rt.Yield): it returns with ReturnResults
	hasGoto       bool // the function has a goto (outside closures): a declaration may run more than once
	// returnInFuncRange: the function returns from inside a range loop
	// over a function, whose iterator's end (a deferred call that
	// panics) may come between the return's results and the frame's
	// Return: see lowerFunc's results.
	returnInFuncRange bool
}

// checkBody reports to diags what the lowering of fn does not support,
// before it starts, and counts in labelUses the goto statements of fn by
// label.
func checkBody(ctx *pkgCtx, fn *ast.FuncDecl, lits *litTable, labelUses map[string]int, diags *Diagnostics) bodyFacts {
	var facts bodyFacts
	var walk func(n ast.Node, inLit bool)
	walk = func(n ast.Node, inLit bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				if !inLit {
					walk(m.Body, true)
					return false
				}
			case *ast.DeferStmt:
				if !inLit {
					facts.hasDefer = true
					recovers, awaits := checkDefer(ctx, m, lits)
					facts.hasRecover = facts.hasRecover || recovers
					facts.hasDeferAwait = facts.hasDeferAwait || awaits
				}
			case *ast.RangeStmt:
				if !inLit && !facts.returnInFuncRange {
					if _, ok := coreType(ctx.info.TypeOf(m.X)).(*types.Signature); ok {
						facts.returnInFuncRange = returnsIn(m.Body)
					}
				}
			case *ast.BranchStmt:
				if !inLit && m.Tok == token.GOTO {
					labelUses[m.Label.Name]++
					facts.hasGoto = true
				}
			}
			return true
		})
	}
	walk(fn.Body, false)
	checkCgo(ctx.fset, fn, diags)
	return facts
}

// returnsIn reports whether body has a return statement outside the
// function literals in it.
func returnsIn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// unsupported reports to diags a construct that the lowering does not
// support yet (what says which and where) and what to write instead.
func unsupported(diags *Diagnostics, fset *token.FileSet, pos token.Pos, what, instead string) {
	*diags = append(*diags, diagf(fset, pos, "%s: %s", what, instead))
}

// checkDefer reports whether a defer statement of the function itself
// defers a function literal that calls recover (the frame then needs
// Recovered) and whether it defers an await (a call of an async function
// or async literal, rt.Await or rt.Yield: the function then returns with
// ReturnResults).
func checkDefer(ctx *pkgCtx, d *ast.DeferStmt, lits *litTable) (recovers, awaits bool) {
	if a := lits.defers[d.Call]; a != nil {
		return len(a.recovers) > 0, true
	}
	switch k, _ := ctx.suspensionOf(d.Call); k {
	case yieldCall, awaitCall, asyncCall:
		return false, true
	}
	lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if ok {
		return recoversIn(ctx.info, lit), false
	}
	return mayRecoverDeferred(ctx, d.Call), false
}

// mayRecoverDeferred reports whether the deferred call, not of a function
// literal, may stop the frame's panic with a recover of its own: a func()
// value deferred without arguments, other than a builtin, is pushed as it
// is, and a call of a function with arguments or results is pushed with
// its arguments (see deferCall), so that its recover works as in Go.
func mayRecoverDeferred(ctx *pkgCtx, call *ast.CallExpr) bool {
	if _, ok := deferCallShape(ctx.info, call); ok {
		return true
	}
	if len(call.Args) > 0 {
		return false
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := ctx.info.Uses[id].(*types.Builtin); ok {
			return false
		}
	}
	sig, ok := ctx.info.TypeOf(call.Fun).Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 0 && sig.TypeParams().Len() == 0
}

// A callShape is the shape of the function of a deferred call: its
// numbers of parameters and of results, and whether it is variadic.
type callShape struct {
	params, results int
	variadic        bool
}

// deferCallShape returns the shape of the function of a deferred call
// that is pushed with its arguments, as Go's defer would defer it (see
// deferCall): a call of a function other than a builtin, with parameters
// or results (a func() is pushed as it is), not a generic function
// without its instance. ok is false for any other call, which goes
// through a wrapper.
func deferCallShape(info *types.Info, call *ast.CallExpr) (s callShape, ok bool) {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := info.Uses[id].(*types.Builtin); ok {
			return s, false
		}
	}
	sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok || sig.TypeParams().Len() > 0 && funcIdent(info, call.Fun) == nil {
		return s, false
	}
	s = callShape{params: sig.Params().Len(), results: sig.Results().Len(), variadic: sig.Variadic()}
	return s, s.params > 0 || s.results > 0
}

// rtFunc returns the name of the function of rt that pushes a deferred
// call of shape s with its arguments, or "" where rt has none and the
// generated file declares an rt.DeferredCall of its own for the shape
// (see deferShapeType): up to three parameters and no result (DeferCall1
// to DeferCall3) or one (DeferCall0R to DeferCall3R), or up to three of
// which the last is variadic and no result (DeferCallV1 to DeferCallV3).
func (s callShape) rtFunc() string {
	switch {
	case s.params > 3, s.results > 1:
		return ""
	case s.variadic:
		if s.results > 0 {
			return ""
		}
		return "DeferCallV" + itoa(s.params)
	case s.results == 1:
		return "DeferCall" + itoa(s.params) + "R"
	}
	return "DeferCall" + itoa(s.params)
}

// key names shape s in the name of the type that the generated file
// declares for it: "4" for four parameters and no result, "4R2" for two
// results, "V2R1" for two parameters, the last variadic, and a result.
func (s callShape) key() string {
	k := itoa(s.params)
	if s.variadic {
		k = "V" + k
	}
	if s.results > 0 {
		k += "R" + itoa(s.results)
	}
	return k
}

// funcIdent returns the identifier of the generic function that fun names
// and that the call instantiates (info.Instances has it), or nil.
func funcIdent(info *types.Info, fun ast.Expr) *ast.Ident {
	var id *ast.Ident
	switch x := ast.Unparen(fun).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	case *ast.IndexExpr:
		return funcIdent(info, x.X)
	case *ast.IndexListExpr:
		return funcIdent(info, x.X)
	}
	if id == nil {
		return nil
	}
	if _, ok := info.Instances[id]; ok {
		return id
	}
	return nil
}

// recoversIn reports whether the deferred function literal lit calls
// recover itself (not in a function literal of its own), and so may stop a
// panic of the frame.
func recoversIn(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = found || isRecover(info, n)
		}
		return !found
	})
	return found
}

// isRecover reports whether call calls the builtin recover.
func isRecover(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "recover"
}

// cgoPrefixes are the prefixes of the names that cgo gives C.x in the Go
// files it writes, which go/packages type-checks in place of the user's.
var cgoPrefixes = []string{"_Cfunc_", "_Ctype_", "_Cvar_", "_Cmacro_", "_Ciconst_", "_Cfconst_", "_Csconst_"}

// checkCgo reports the references to C of the function: its syntax is
// cgo's rewrite of the user's (C.add is _Cfunc_add), which generated code
// cannot name, and the generated file has no cgo preamble.
func checkCgo(fset *token.FileSet, fn *ast.FuncDecl, diags *Diagnostics) {
	ast.Inspect(fn, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if id.Name == "_cgoCheckPointer" {
			unsupported(diags, fset, id.Pos(), "passing a pointer to C is not supported in an async function yet",
				"make the call of C from a plain function")
			return true
		}
		for _, p := range cgoPrefixes {
			if name, ok := strings.CutPrefix(id.Name, p); ok {
				unsupported(diags, fset, id.Pos(), "C."+name+" is not supported in an async function yet",
					"use C from a plain function and call that")
				break
			}
		}
		return true
	})
}
